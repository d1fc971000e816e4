package io.stowage.cli;

import io.stowage.core.archive.Section;
import io.stowage.core.options.CompressionSpec;
import io.stowage.core.options.DumpOptions;
import io.stowage.core.select.DumpFilter;
import io.stowage.core.select.FilterFile;
import picocli.CommandLine.Option;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The dump options a custom archive carries, shared by {@code stowage dump} and {@code stowage
 * backup} so that a backup takes exactly the dump's flags: compression, jobs, snapshot, lock wait,
 * what to select and what to leave out. The output options ({@code -f}, {@code -F}) and the engine
 * stay with each command, since a backup always writes a custom archive into its repository.
 */
final class ArchiveDumpOptions {
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

    /**
     * A builder holding every option of this group; the caller adds format and output. A
     * {@code --filter -} file is read from {@code stdin}; each of its items becomes the
     * -n/-N/-t/-T/--exclude-table-data it stands for.
     */
    DumpOptions.Builder builder(InputStream stdin) {
        CompressionSpec compression = compress == null ? null : CompressionSpec.parse(compress);
        DumpOptions.Builder options = DumpOptions.builder().compression(compression)
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
        if (filter != null) {
            DumpFilter.apply(FilterFile.read(filter, stdin), options);
        }
        sections.forEach(name -> options.section(Section.fromOption(name)));
        return options;
    }
}
