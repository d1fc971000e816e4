package io.stowage.tools.pg;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.progress.ProgressListener;
import io.stowage.tools.process.Cancellation;
import io.stowage.tools.process.Command;
import io.stowage.tools.process.StdoutSink;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Asks the server its version with psql ({@code SHOW server_version_num}), through the same
 * connection flags, environment and password file as the tool that follows: so that the engine can
 * pick a pg_dump at least as new, and so that a wrong password or a missing database is reported
 * before any output is created.
 */
final class ServerProbe {
    private ServerProbe() {
    }

    /** The server's major version, or empty when no psql is installed (the caller then picks without it). */
    static Optional<Integer> major(ToolsSettings settings, ChildConnection connection, Cancellation cancel) {
        PgInstallation psql;
        try {
            psql = settings.binaries().newest(Set.of(PgTool.PSQL));
        } catch (StowageException none) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(connection.arguments());
        args.addAll(List.of("--no-psqlrc", "--no-align", "--tuples-only", "--quiet", "--command=SHOW server_version_num"));
        Command command = Command.of(psql.path(PgTool.PSQL), args)
                .withUnset(connection.unset()).withEnvironment(connection.environment()).withStdout(StdoutSink.stream(out));
        ToolRun.run(settings, PgTool.PSQL, command, ProgressListener.NONE, cancel);
        String text = out.toString(StandardCharsets.UTF_8).strip();
        try {
            return Optional.of(Integer.parseInt(text) / 10000);
        } catch (NumberFormatException e) {
            throw new StowageException(ErrorCode.INTERNAL, "psql returned \"" + text + "\" for server_version_num",
                    "check that the server is PostgreSQL 10 or newer");
        }
    }
}
