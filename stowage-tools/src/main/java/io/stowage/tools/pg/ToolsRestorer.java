package io.stowage.tools.pg;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.RestoreOptions;
import io.stowage.core.progress.ProgressListener;
import io.stowage.tools.process.Cancellation;
import io.stowage.tools.process.Command;
import io.stowage.tools.process.StdinSource;
import io.stowage.tools.process.StdoutSink;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The tools engine's restore: an archive (custom, directory or tar) with pg_restore, a plain-text
 * script with psql, arguments built from {@link RestoreOptions}. The newest installed client is used,
 * since pg_restore reads archives of every pg_dump up to its own version and loads into servers of
 * any version. Credentials and errors are handled as in {@link ToolsDumper}; a restore without
 * {@code -e} that went past errors succeeds with {@link ToolsResult#errorsIgnored()} set, as the
 * native engine does.
 *
 * <p>One instance runs one restore.
 */
public final class ToolsRestorer {
    private final ConnectionSettings target;
    private final RestoreOptions options;
    private final ToolsSettings settings;
    private final ProgressListener listener;
    private final int jobs;

    /**
     * @param target   the database to restore into (with {@code -C}: the database to connect to first)
     * @param options  how to restore
     * @param settings where the programs are and the time limit
     * @param listener receives progress events on the thread reading the tool's stderr; may be {@code null}
     */
    public ToolsRestorer(ConnectionSettings target, RestoreOptions options, ToolsSettings settings, ProgressListener listener) {
        this(target, options, settings, listener, 1);
    }

    /**
     * A restorer that passes {@code -j jobs} to pg_restore (custom archive files and directory archives;
     * a plain script, which psql runs on one connection, is rejected with more than one job).
     */
    public ToolsRestorer(ConnectionSettings target, RestoreOptions options, ToolsSettings settings, ProgressListener listener,
                         int jobs) {
        if (jobs < 1) {
            throw new StowageException(ErrorCode.USAGE, "invalid number of parallel jobs: " + jobs, "give -j a number of 1 or more");
        }
        this.jobs = jobs;
        this.target = target;
        this.options = options;
        this.settings = settings;
        this.listener = listener == null ? ProgressListener.NONE : listener;
    }

    /**
     * Checks, without connecting, that the program for the input is installed (pg_restore for an
     * archive, psql for a script) and can carry every option: an option it lacks fails here, before
     * anything is restored. Standard input is only known when it is read, so for it only the options
     * psql could never carry with an archive either are left to {@link #run}.
     *
     * @param options  how the restore will be asked to run
     * @param settings where the programs are
     * @param jobs     the parallel jobs the restore will be given
     *
     * @throws StowageException ({@link ErrorCode#ENVIRONMENT}) without the program, ({@link ErrorCode#USAGE}) for an
     *                          option it lacks, ({@link ErrorCode#INPUT}) for an unreadable input file
     */
    public static void check(RestoreOptions options, ToolsSettings settings, int jobs) {
        if (options.freeze()) {
            // asked for explicitly (the CLI clears it otherwise); said before anything runs, whatever the input turns out to be
            throw ToolFeatures.unsupported(PgTool.PG_RESTORE, "--freeze", "leave out --freeze, or restore with the native engine");
        }
        if (options.fkNotValid()) {
            throw ToolFeatures.unsupported(PgTool.PG_RESTORE, "--fk-not-valid", "leave out --fk-not-valid, or restore with the native engine");
        }
        Path input = options.input();
        if (input == null && jobs > 1) {
            // pg_restore's own rule, said before anything runs
            throw new StowageException(ErrorCode.USAGE, "parallel restore from standard input is not supported",
                    "give the archive as a file or directory to restore with -j");
        }
        if (input == null || !Files.exists(input)) {
            return;   // run() reports the missing file as the native engine does
        }
        boolean archive = Files.isDirectory(input) || isArchive(head(input));
        PgTool tool = archive ? PgTool.PG_RESTORE : PgTool.PSQL;
        PgInstallation installation = settings.binaries().newest(Set.of(tool));
        if (archive) {
            RestoreArguments.pgRestore(options, installation.version(), input, jobs);
        } else {
            RestoreArguments.psql(options, input, jobs);
        }
    }

    /**
     * Restores {@code options.input()} (a file, or a directory archive) or, when that is {@code null},
     * standard input.
     *
     * @param cancel cancels the restore from another thread (an interrupt of the calling thread does too); may be {@code null}
     */
    public ToolsResult run(Cancellation cancel) {
        Path input = options.input();
        if (input == null) {
            return run(System.in, cancel);
        }
        if (!Files.exists(input)) {
            throw new StowageException(ErrorCode.INPUT, "input file \"" + input + "\" does not exist", "check the path");
        }
        boolean archive = Files.isDirectory(input) || isArchive(head(input));
        return restore(archive, input, StdinSource.none(), cancel);
    }

    /** Restores the dump read from {@code input}, which the caller owns and closes. */
    public ToolsResult run(InputStream input, Cancellation cancel) {
        BufferedInputStream in = new BufferedInputStream(input, 1 << 16);
        byte[] head;
        try {
            in.mark(HEAD);
            head = in.readNBytes(HEAD);
            in.reset();
        } catch (IOException e) {
            throw new StowageException(ErrorCode.INPUT, "cannot read the dump: " + e.getMessage(), "check the input", e);
        }
        return restore(isArchive(head), null, StdinSource.stream(in), cancel);
    }

    private ToolsResult restore(boolean archive, Path input, StdinSource stdin, Cancellation cancel) {
        PgTool tool = archive ? PgTool.PG_RESTORE : PgTool.PSQL;
        try (ChildConnection connection = ChildConnection.prepare(target, settings.environment())) {
            PgInstallation installation = settings.binaries().newest(Set.of(tool));
            List<String> args = new ArrayList<>(archive ? RestoreArguments.pgRestore(options, installation.version(), input, jobs)
                    : RestoreArguments.psql(options, input, jobs));
            args.addAll(connection.arguments());
            Command command = Command.of(installation.path(tool), args)
                    .withUnset(connection.unset()).withEnvironment(connection.environment()).withStdin(stdin);
            ToolRun.Outcome outcome = ToolRun.run(settings, tool, command, listener, cancel);
            return new ToolsResult(installation, command.display(), null, outcome.errorsIgnored(), outcome.elapsed());
        }
    }

    /**
     * {@code pg_restore -l} or {@code pg_restore -f -}: the archive's table of contents or its SQL
     * script, written to {@code out}, without connecting to any server. Reads {@code options.input()},
     * or {@code stdin} when that is {@code null}. Without {@code --verbose}, so that the script is the
     * one pg_restore prints by default (its verbose mode adds "Started on" comments to it).
     *
     * @param list {@code true} for the listing, {@code false} for the script
     */
    public static ToolsResult listOrScript(boolean list, RestoreOptions options, ToolsSettings settings, ProgressListener listener,
                                           InputStream stdin, OutputStream out, Cancellation cancel) {
        PgTool tool = PgTool.PG_RESTORE;
        Path input = options.input();
        if (input != null && !Files.exists(input)) {
            throw new StowageException(ErrorCode.INPUT, "input file \"" + input + "\" does not exist", "check the path");
        }
        PgInstallation installation = settings.binaries().newest(Set.of(tool));
        List<String> args = new ArrayList<>(RestoreArguments.pgRestore(options, installation.version(), null, 1));
        args.remove("--verbose");
        args.add(list ? "--list" : "--file=-");
        if (input != null) {
            args.add(input.toString());
        }
        Command command = Command.of(installation.path(tool), args)
                .withStdin(input == null ? StdinSource.stream(stdin) : StdinSource.none())
                .withStdout(StdoutSink.stream(out));
        ToolRun.Outcome outcome = ToolRun.run(settings, tool, command, listener, cancel);
        return new ToolsResult(installation, command.display(), null, outcome.errorsIgnored(), outcome.elapsed());
    }

    /** Enough of the start of a dump to tell an archive from a script: a tar header is 512 bytes. */
    private static final int HEAD = 512;

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(HEAD);
        } catch (IOException e) {
            throw new StowageException(ErrorCode.INPUT, "cannot read \"" + file + "\": " + e.getMessage(), "check the path and permissions", e);
        }
    }

    /** A custom archive starts with {@code PGDMP}; a tar archive has {@code ustar} at offset 257; anything else is a script. */
    static boolean isArchive(byte[] head) {
        if (head.length >= 5 && new String(head, 0, 5, StandardCharsets.US_ASCII).equals("PGDMP")) {
            return true;
        }
        return head.length >= 262 && new String(Arrays.copyOfRange(head, 257, 262), StandardCharsets.US_ASCII).equals("ustar");
    }
}
