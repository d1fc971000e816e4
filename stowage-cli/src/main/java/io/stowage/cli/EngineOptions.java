package io.stowage.cli;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.tools.pg.ToolsSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** {@code --engine}, {@code --pg-bin} and {@code --timeout}, shared by dump and restore. */
final class EngineOptions {
    @Option(names = "--engine", paramLabel = "native|tools|auto",
            description = "native: Stowage's own engine (default); tools: run pg_dump, pg_restore or psql with the same "
                    + "options; auto: native, and the tools only where the native engine refuses up front what it "
                    + "cannot carry (a server older than 12, an archive version it cannot read).")
    Engine engine = Engine.NATIVE;

    @Option(names = "--pg-bin", paramLabel = "DIR",
            description = "Directory of pg_dump, pg_restore and psql for the tools engine (default: $STOWAGE_PG_BIN, "
                    + "else PATH and the usual install locations).")
    Path pgBin;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Stop the run, leaving no output, when it takes longer than DURATION (for example 30s, 10m, 2h).")
    String timeout;

    /** The time limit, or {@code null} for none. */
    Duration limit() {
        return timeout == null ? null : Durations.parse("--timeout", timeout);
    }

    /** Rejects what the chosen engine cannot use, before anything runs. */
    void check() {
        limit();
        if (pgBin != null && engine == Engine.NATIVE) {
            throw new StowageException(ErrorCode.USAGE, "--pg-bin names the programs of the tools engine, and the engine is native",
                    "add --engine tools (or auto), or leave out --pg-bin");
        }
    }

    /** How the tools engine runs programs: from --pg-bin (or the usual places), with the time limit. */
    ToolsSettings tools() {
        return ToolsSettings.defaults(pgBin).withTimeout(limit());
    }
}
