package io.stowage.cli;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.error.EngineUnsupportedException;
import io.stowage.core.io.CountingOutputStream;
import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.DumpOptions;
import io.stowage.core.progress.ProgressListener;
import io.stowage.postgres.dump.DumpResult;
import io.stowage.postgres.dump.NativeDumper;
import io.stowage.tools.pg.ToolsDumper;
import io.stowage.tools.pg.ToolsResult;
import io.stowage.tools.pg.ToolsSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code stowage dump}: pg_dump's flags; the native engine, or pg_dump itself with {@code --engine tools}. */
@Command(name = "dump", sortOptions = false,
        description = "Dump a database as an SQL script or a pg_dump archive (pg_dump compatible flags).",
        synopsisHeading = "%nUsage: ", descriptionHeading = "%n", optionListHeading = "%nOptions:%n")
final class DumpCommand implements Callable<Integer> {
    private final Terminal terminal;

    /** What the native engine wrote to standard output, so that --engine auto never falls back after output started. */
    private CountingOutputStream stdout;

    @Mixin
    HelpOptions help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DBNAME", description = "Database to dump (or use -d).")
    String positionalDbname;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Output file, or directory for -F d (default: standard output).")
    Path file;

    @Option(names = {"-F", "--format"}, paramLabel = "c|d|t|p",
            description = "Output format: p plain SQL script (default), c custom archive, d directory archive, "
                    + "t tar archive; archives restore with pg_restore.")
    String format = "p";

    @Mixin
    ArchiveDumpOptions archive;

    // not a backup option: the repository's storage makes every backup durable itself
    @Option(names = "--no-sync", description = "Do not wait for the output to be written safely to disk (by default "
            + "every file written, and its directory, is synced before the dump ends, as pg_dump does).")
    boolean noSync;

    @Option(names = {"-v", "--verbose"}, description = "Verbose mode: report each step on standard error.")
    boolean verbose;

    @Mixin
    EngineOptions engine;

    @Mixin
    ProgressOptions progress;

    @Mixin
    MemoryOptions memory;

    @Mixin
    ConnectionOptions connection;

    DumpCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        memory.check(terminal);
        ArchiveFormat fmt = ArchiveFormat.parse(format);
        DumpOptions built = archive.builder(terminal.in()).format(fmt).output(file).noSync(noSync).build();
        engine.check();
        ToolsSettings tools = engine.engine == Engine.NATIVE ? null : engine.tools();
        if (engine.engine == Engine.TOOLS) {
            // an option pg_dump lacks, or no pg_dump at all, is reported before connecting
            ToolsDumper.check(built, tools);
        }

        ConnectionSettings source = connection.connect(terminal, positionalDbname);
        String summary;
        try (ProgressReporter reporter = progress.start(terminal)) {
            ProgressListener listener = new VerboseListener(reporter.messages(terminal)).andThen(reporter);
            summary = switch (engine.engine) {
                case NATIVE -> dumpNatively(source, built, listener);
                case TOOLS -> dumpWithTools(source, built, tools, listener);
                case AUTO -> dumpAuto(source, built, tools, listener, reporter);
            };
            reporter.done();
        }
        if (terminal.verbose()) {
            terminal.say(summary);
        }
        return 0;
    }

    private String dumpNatively(ConnectionSettings source, DumpOptions built, ProgressListener listener) {
        try (NativeWatchdog ignored = NativeWatchdog.start(terminal, "dump", engine.limit())) {
            NativeDumper dumper = new NativeDumper(source, built, listener);
            DumpResult result;
            if (file == null) {
                // System.out flushes on every write; a large buffer in front keeps COPY streaming fast
                stdout = new CountingOutputStream(new BufferedOutputStream(terminal.out(), 1 << 16));
                result = dumper.run(stdout);
            } else {
                result = dumper.run();
            }
            return String.format("dump complete: %d entries, %d tables, %d rows, %d bytes in %.1f s",
                    result.entries(), result.tables(), result.rows(), result.bytes(), result.elapsed().toMillis() / 1000.0);
        }
    }

    private String dumpWithTools(ConnectionSettings source, DumpOptions built, ToolsSettings tools, ProgressListener listener) {
        ToolsDumper dumper = new ToolsDumper(source, built, tools, listener);
        ToolsResult result;
        try (ToolsCancel cancel = new ToolsCancel()) {
            if (file == null) {
                BufferedOutputStream out = new BufferedOutputStream(terminal.out(), 1 << 16);
                result = dumper.run(out, cancel.token());
            } else {
                result = dumper.run(cancel.token());
            }
        }
        return String.format("dump complete: pg_dump %s (%s) in %.1f s", result.installation().version(),
                result.installation().binDir(), result.elapsed().toMillis() / 1000.0);
    }

    /**
     * Native first; pg_dump only when the native engine refused up front what it cannot carry, and
     * only when nothing was written yet. Every other failure is reported as it is.
     */
    private String dumpAuto(ConnectionSettings source, DumpOptions built, ToolsSettings tools, ProgressListener listener,
                            ProgressReporter reporter) {
        try {
            return dumpNatively(source, built, listener);
        } catch (EngineUnsupportedException e) {
            if (stdout != null && stdout.count() > 0) {
                throw e;
            }
            reporter.messages(terminal).say("the native engine cannot dump this (" + e.oneLine() + "); dumping with pg_dump instead");
            ToolsDumper.check(built, tools);
            return dumpWithTools(source, built, tools, listener);
        }
    }
}
