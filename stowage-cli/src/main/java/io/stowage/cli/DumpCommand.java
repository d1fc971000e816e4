package io.stowage.cli;

import io.stowage.core.archive.Section;
import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.error.EngineUnsupportedException;
import io.stowage.core.io.CountingOutputStream;
import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.CompressionSpec;
import io.stowage.core.options.DumpOptions;
import io.stowage.core.progress.ProgressListener;
import io.stowage.core.select.DumpFilter;
import io.stowage.core.select.FilterFile;
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
import java.util.ArrayList;
import java.util.List;
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

    @Option(names = {"-Z", "--compress"}, paramLabel = "METHOD[:LEVEL]",
            description = "Compression: 0-9 (gzip level, 0 none), or none, gzip[:1-9], lz4[:1-12], zstd[:1-22]. "
                    + "Default gzip for -F c and d, none otherwise; without a level, gzip files (-F d, -F p) are written "
                    + "by libdeflate at its level 1, about as small as zlib's default 6 at a quarter of the CPU time "
                    + "(zlib's 6 when libdeflate is missing, and in -F c). lz4 and zstd archives need pg_restore 16 "
                    + "or later: older pg_restore cannot read them.")
    String compress;

    @Option(names = {"-j", "--jobs"}, paramLabel = "NUM",
            description = "Read table data with NUM connections at once, all in one snapshot (archive formats c, d "
                    + "and t; not plain). Default 1.")
    int jobs = 1;

    @Option(names = "--snapshot", paramLabel = "SNAPSHOT",
            description = "Dump from this snapshot, exported by another session with pg_export_snapshot() and held "
                    + "open until the dump ends.")
    String snapshot;

    @Option(names = "--lock-wait-timeout", paramLabel = "TIMEOUT",
            description = "Fail instead of waiting more than TIMEOUT for a table lock: milliseconds or a PostgreSQL "
                    + "duration such as 10s (set as lock_timeout while locking).")
    String lockWaitTimeout;

    @Option(names = {"-n", "--schema"}, paramLabel = "PATTERN", description = "Dump only the matching schemas.")
    List<String> schemas = new ArrayList<>();

    @Option(names = {"-N", "--exclude-schema"}, paramLabel = "PATTERN", description = "Do not dump the matching schemas.")
    List<String> excludeSchemas = new ArrayList<>();

    @Option(names = {"-t", "--table"}, paramLabel = "PATTERN", description = "Dump only the matching tables.")
    List<String> tables = new ArrayList<>();

    @Option(names = {"-T", "--exclude-table"}, paramLabel = "PATTERN", description = "Do not dump the matching tables.")
    List<String> excludeTables = new ArrayList<>();

    @Option(names = "--exclude-table-data", paramLabel = "PATTERN", description = "Do not dump data of the matching tables.")
    List<String> excludeTableData = new ArrayList<>();

    @Option(names = "--filter", paramLabel = "FILE",
            description = "Read include/exclude items (pg_dump 17 filter-file syntax) from FILE; - for standard input.")
    String filter;

    @Option(names = {"-a", "--data-only"}, description = "Dump only the data, not the schema.")
    boolean dataOnly;

    @Option(names = {"-s", "--schema-only"}, description = "Dump only the schema, no data.")
    boolean schemaOnly;

    @Option(names = "--section", paramLabel = "SECTION",
            description = "Dump the named section (pre-data, data or post-data); repeat for more than one.")
    List<String> sections = new ArrayList<>();

    @Option(names = {"-O", "--no-owner"}, description = "Skip restoration of object ownership.")
    boolean noOwner;

    @Option(names = {"-x", "--no-privileges", "--no-acl"}, description = "Do not dump privileges (GRANT/REVOKE).")
    boolean noPrivileges;

    @Option(names = "--no-comments", description = "Do not dump comments.")
    boolean noComments;

    @Option(names = "--no-tablespaces", description = "Do not dump tablespace assignments.")
    boolean noTablespaces;

    @Option(names = "--no-security-labels", description = "Do not dump security labels.")
    boolean noSecurityLabels;

    @Option(names = "--statistics", description = "Dump optimizer statistics (PostgreSQL 18 or later sources).")
    boolean statistics;

    @Option(names = "--no-statistics", description = "Do not dump optimizer statistics (the default).")
    boolean noStatistics;

    @Option(names = "--statistics-only", description = "Dump only the optimizer statistics, not schema or data.")
    boolean statisticsOnly;

    @Option(names = {"-c", "--clean"}, description = "Clean (drop) database objects before recreating them.")
    boolean clean;

    @Option(names = "--if-exists", description = "Use IF EXISTS when dropping objects.")
    boolean ifExists;

    @Option(names = {"-C", "--create"}, description = "Include commands to create the database in the dump.")
    boolean create;

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
        CompressionSpec compression = compress == null ? null : CompressionSpec.parse(compress);
        DumpOptions.Builder options = DumpOptions.builder().format(fmt).output(file).compression(compression)
                .dataOnly(dataOnly).schemaOnly(schemaOnly).noOwner(noOwner).noPrivileges(noPrivileges)
                .noComments(noComments).clean(clean).ifExists(ifExists).create(create)
                .noTablespaces(noTablespaces).noSecurityLabels(noSecurityLabels)
                .statistics(statistics).noStatistics(noStatistics).statisticsOnly(statisticsOnly)
                .jobs(jobs).snapshot(snapshot).lockWaitTimeout(lockWaitTimeout);
        schemas.forEach(options::includeSchema);
        excludeSchemas.forEach(options::excludeSchema);
        tables.forEach(options::includeTable);
        excludeTables.forEach(options::excludeTable);
        excludeTableData.forEach(options::excludeTableData);
        applyFilter(options);
        sections.forEach(name -> options.section(Section.fromOption(name)));
        DumpOptions built = options.build();
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

    /** {@code --filter FILE}: each item becomes the -n/-N/-t/-T/--exclude-table-data it stands for. */
    private void applyFilter(DumpOptions.Builder options) {
        if (filter != null) {
            DumpFilter.apply(FilterFile.read(filter, terminal.in()), options);
        }
    }
}
