package io.stowage.tools.pg;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.DumpOptions;
import io.stowage.core.progress.ProgressListener;
import io.stowage.tools.process.Cancellation;
import io.stowage.tools.process.Command;
import io.stowage.tools.process.StdoutSink;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The tools engine's dump: runs pg_dump with arguments built from {@link DumpOptions}, the way a
 * careful operator would by hand.
 *
 * <ul>
 *   <li>The server's version is asked first (with psql), and a pg_dump of that major or newer is
 *       picked ({@link PgBinaries#forServer}); without a fitting one the dump fails before it starts,
 *       naming the client to install.</li>
 *   <li>The password travels in a private password file ({@link ChildConnection}), never on a
 *       command line or in the parent's environment; the file is gone when {@code run} returns.</li>
 *   <li>A dump to a file or directory is written under a temporary name and renamed on success;
 *       failure, cancel and timeout delete it.</li>
 *   <li>pg_dump's {@code --verbose} lines become the native engine's {@link io.stowage.core.progress.ProgressEvent}s;
 *       its errors become {@link PgToolException}s.</li>
 * </ul>
 *
 * <p>One instance runs one dump.
 */
public final class ToolsDumper {
    private final ConnectionSettings source;
    private final DumpOptions options;
    private final ToolsSettings settings;
    private final ProgressListener listener;

    /**
     * @param source   the database to dump
     * @param options  what to dump and how
     * @param settings where the programs are and the time limit
     * @param listener receives progress events on the thread reading pg_dump's stderr; may be {@code null}
     */
    public ToolsDumper(ConnectionSettings source, DumpOptions options, ToolsSettings settings, ProgressListener listener) {
        this.source = source;
        this.options = options;
        this.settings = settings;
        this.listener = listener == null ? ProgressListener.NONE : listener;
    }

    /**
     * Checks, without connecting or running anything but {@code --version}, that a pg_dump is installed
     * and that the newest one found can carry every option: an option no installed pg_dump has fails
     * here, before any output exists. (The pg_dump picked for the server may be older; {@link #run}
     * checks again against it before starting it.)
     *
     * @param options  what the dump will be asked to do
     * @param settings where the programs are
     *
     * @throws StowageException ({@link ErrorCode#ENVIRONMENT}) without a pg_dump, ({@link ErrorCode#USAGE}) for an
     *                          option pg_dump lacks
     */
    public static void check(DumpOptions options, ToolsSettings settings) {
        DumpArguments.of(options, settings.binaries().newest(Set.of(PgTool.PG_DUMP)).version(), options.output());
    }

    /**
     * Dumps to {@code options.output()} (atomically: a temporary name renamed on success) or, when that
     * is {@code null}, to standard output.
     *
     * @param cancel cancels the dump from another thread (an interrupt of the calling thread does too); may be {@code null}
     * @throws StowageException on any failure; {@link ErrorCode#CANCELLED} after a cancel or the timeout
     */
    public ToolsResult run(Cancellation cancel) {
        if (options.output() == null) {
            ToolsResult result = run(System.out, cancel);
            System.out.flush();
            return result;
        }
        try (PartialOutput output = PartialOutput.beside(options.output(), options.format() == ArchiveFormat.DIRECTORY)) {
            ToolsResult result = dump(output.temp(), StdoutSink.discard(), cancel);
            output.commit();
            return new ToolsResult(result.installation(), result.command(), options.output(), 0, result.elapsed());
        }
    }

    /**
     * Dumps to {@code target}, which the caller owns and closes ({@code options.output()} is not used).
     * pg_dump writes a custom archive to a stream without data offsets, as {@code pg_dump -Fc > file} does.
     *
     * @throws StowageException ({@link ErrorCode#USAGE}) for the directory format, which needs a path
     */
    public ToolsResult run(OutputStream target, Cancellation cancel) {
        if (options.format() == ArchiveFormat.DIRECTORY) {
            throw new StowageException(ErrorCode.USAGE, "the directory format cannot be written to a stream",
                    "give the directory to create with -f DIRECTORY");
        }
        ToolsResult result = dump(null, StdoutSink.stream(target), cancel);
        try {
            target.flush();
        } catch (IOException e) {
            throw new StowageException(ErrorCode.OUTPUT, "cannot write the dump: " + e.getMessage(), "check where the output goes", e);
        }
        return result;
    }

    private ToolsResult dump(Path file, StdoutSink stdout, Cancellation cancel) {
        try (ChildConnection connection = ChildConnection.prepare(source, settings.environment())) {
            PgInstallation installation = pick(connection, cancel);
            List<String> args = new ArrayList<>(DumpArguments.of(options, installation.version(), file));
            args.addAll(connection.arguments());
            Command command = Command.of(installation.path(PgTool.PG_DUMP), args)
                    .withUnset(connection.unset()).withEnvironment(connection.environment()).withStdout(stdout);
            ToolRun.Outcome outcome = ToolRun.run(settings, PgTool.PG_DUMP, command, listener, cancel);
            return new ToolsResult(installation, command.display(), file, 0, outcome.elapsed());
        }
    }

    private PgInstallation pick(ChildConnection connection, Cancellation cancel) {
        Optional<Integer> serverMajor = ServerProbe.major(settings, connection, cancel);
        if (serverMajor.isPresent()) {
            return settings.binaries().forServer(serverMajor.get(), Set.of(PgTool.PG_DUMP));
        }
        // no psql to ask with: the newest pg_dump, which refuses a newer server itself
        return settings.binaries().newest(Set.of(PgTool.PG_DUMP));
    }
}
