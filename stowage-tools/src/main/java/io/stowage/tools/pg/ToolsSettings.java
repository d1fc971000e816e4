package io.stowage.tools.pg;

import io.stowage.tools.process.ProcessRunner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the tools engine runs programs.
 *
 * @param binaries    where the client programs are found
 * @param timeout     the longest a dump or restore may take ({@code --timeout}), or {@code null} for no limit
 * @param runner      runs the programs
 * @param environment the parent's environment as the engine sees it: its {@code PG*} variables are removed
 *                    from the children's environments
 */
public record ToolsSettings(PgBinaries binaries, Duration timeout, ProcessRunner runner, Map<String, String> environment) {

    public ToolsSettings {
        Objects.requireNonNull(binaries, "binaries");
        Objects.requireNonNull(runner, "runner");
        environment = Map.copyOf(environment);
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** The usual settings: programs from {@code pgBin} (may be {@code null}) or the usual places, no time limit. */
    public static ToolsSettings defaults(Path pgBin) {
        return new ToolsSettings(PgBinaries.locate(pgBin), null, new ProcessRunner(), System.getenv());
    }

    /** The same settings with a time limit ({@code null} for none). */
    public ToolsSettings withTimeout(Duration limit) {
        return new ToolsSettings(binaries, limit, runner, environment);
    }
}
