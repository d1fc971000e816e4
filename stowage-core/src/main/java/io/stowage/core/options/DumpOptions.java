package io.stowage.core.options;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import io.stowage.core.archive.Section;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What to dump and how, mirroring pg_dump's options.
 *
 * @param format             output format
 * @param output             output file (directory for the directory format), or {@code null} for standard output
 * @param compression        {@code -Z/--compress}, or {@code null} for the format's default (gzip for custom and
 *                           directory archives, none for plain and tar)
 * @param includeSchemas     {@code -n} patterns
 * @param excludeSchemas     {@code -N} patterns
 * @param includeTables      {@code -t} patterns
 * @param excludeTables      {@code -T} patterns
 * @param excludeTableData   {@code --exclude-table-data} patterns
 * @param dataOnly           {@code -a}
 * @param schemaOnly         {@code -s}
 * @param noOwner            {@code -O}
 * @param noPrivileges       {@code -x}
 * @param noComments         {@code --no-comments}
 * @param clean              {@code -c}
 * @param ifExists           {@code --if-exists}
 * @param create             {@code -C}
 * @param sections           {@code --section} choices; empty means all three
 * @param noTablespaces      {@code --no-tablespaces}: no {@code SET default_tablespace}, no TABLESPACE clause
 * @param noSecurityLabels   {@code --no-security-labels}
 * @param statistics         {@code --statistics}: optimizer statistics (PostgreSQL 18 sources), off by default
 * @param noStatistics       {@code --no-statistics}
 * @param statisticsOnly     {@code --statistics-only}: the statistics and nothing else
 * @param jobs               {@code -j/--jobs}: connections reading table data at once (1, the default, reads
 *                           everything on the one catalog connection); archive formats only
 * @param snapshot           {@code --snapshot}: a snapshot exported by another session (pg_export_snapshot)
 *                           to dump from, or {@code null} to take a new one
 * @param lockWaitTimeout    {@code --lock-wait-timeout}: how long to wait for each table's ACCESS SHARE lock
 *                           (milliseconds or a PostgreSQL duration such as {@code 10s}), or {@code null} to wait
 *                           for ever
 * @param noSync             {@code --no-sync}: do not wait for the output to be written safely to disk (by default
 *                           every file written, and the directories holding them, are synced before the dump ends,
 *                           as pg_dump does)
 */
public record DumpOptions(
        ArchiveFormat format,
        Path output,
        CompressionSpec compression,
        List<String> includeSchemas,
        List<String> excludeSchemas,
        List<String> includeTables,
        List<String> excludeTables,
        List<String> excludeTableData,
        boolean dataOnly,
        boolean schemaOnly,
        boolean noOwner,
        boolean noPrivileges,
        boolean noComments,
        boolean clean,
        boolean ifExists,
        boolean create,
        Set<Section> sections,
        boolean noTablespaces,
        boolean noSecurityLabels,
        boolean statistics,
        boolean noStatistics,
        boolean statisticsOnly,
        int jobs,
        String snapshot,
        String lockWaitTimeout,
        boolean noSync) {

    public DumpOptions {
        includeSchemas = List.copyOf(includeSchemas);
        excludeSchemas = List.copyOf(excludeSchemas);
        includeTables = List.copyOf(includeTables);
        excludeTables = List.copyOf(excludeTables);
        excludeTableData = List.copyOf(excludeTableData);
        sections = sections.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(sections));
        if (dataOnly && schemaOnly) {
            throw usage("options -s/--schema-only and -a/--data-only cannot be used together", "choose one of them");
        }
        if (dataOnly && clean) {
            throw usage("options -c/--clean and -a/--data-only cannot be used together", "drop -c, or dump the schema too");
        }
        if (ifExists && !clean) {
            throw usage("option --if-exists requires option -c/--clean", "add -c, or drop --if-exists");
        }
        if (statisticsOnly && (dataOnly || schemaOnly)) {
            throw usage("option --statistics-only cannot be used with -a/--data-only or -s/--schema-only", "choose one of them");
        }
        if (noStatistics && (statistics || statisticsOnly)) {
            throw usage("option --no-statistics cannot be used with --statistics or --statistics-only", "choose one of them");
        }
        if (jobs < 1 || jobs > MAX_JOBS) {
            throw usage("-j/--jobs must be in range 1.." + MAX_JOBS, "give the number of connections to read data with");
        }
        if (jobs > 1 && format == ArchiveFormat.PLAIN) {
            throw usage("parallel dump (-j/--jobs) is not supported for the plain format",
                    "use -F d, -F c or -F t to dump with several jobs, or leave out -j");
        }
        if (format == ArchiveFormat.DIRECTORY && output == null) {
            // pg_dump's own words for this mistake
            throw usage("no output directory specified", "give the directory to create with -f DIRECTORY");
        }
        if (format == ArchiveFormat.TAR && compression != null && !compression.isNone()) {
            throw usage("compression is not supported by tar archive format", "leave out -Z/--compress, or use -F c or -F d");
        }
        if (snapshot != null && snapshot.isBlank()) {
            throw usage("--snapshot needs the name of an exported snapshot", "give the value pg_export_snapshot() returned");
        }
        if (lockWaitTimeout != null && lockWaitTimeout.isBlank()) {
            throw usage("--lock-wait-timeout needs a duration", "give milliseconds or a duration such as 10s");
        }
    }

    /** The most jobs accepted: each job is one more server connection. */
    public static final int MAX_JOBS = 1024;

    /** The compression to use: the chosen one, or pg_dump's default for the format. */
    public CompressionSpec effectiveCompression() {
        if (compression != null) {
            return compression;
        }
        return format == ArchiveFormat.CUSTOM || format == ArchiveFormat.DIRECTORY
                ? CompressionSpec.GZIP_DEFAULT : CompressionSpec.NONE;
    }

    /**
     * Whether optimizer statistics are dumped: pg_dump 18's dumpStatistics, off unless asked for
     * with {@code --statistics} (which combines with {@code -a} and {@code -s}) or {@code --statistics-only}.
     */
    public boolean dumpStatistics() {
        return (statistics || statisticsOnly) && !noStatistics;
    }

    /**
     * Whether this dump covers {@code section}: every section unless {@code --section} chose some.
     * The choice is a mask of its own, independent of {@code -a} and {@code -s} (which select data
     * or schema components, so that large objects count as data wherever their section is), as
     * pg_dump's and pg_restore's {@code dumpSections}; the two combine without an error there too.
     */
    public boolean covers(Section section) {
        return sections.isEmpty() || sections.contains(section);
    }

    /** A builder with pg_dump's defaults: plain format to standard output, everything included. */
    public static Builder builder() {
        return new Builder();
    }

    private static StowageException usage(String message, String fix) {
        return new StowageException(ErrorCode.USAGE, message, fix);
    }

    /** Mutable builder; {@link #build()} validates the combination. */
    public static final class Builder {
        private ArchiveFormat format = ArchiveFormat.PLAIN;
        private Path output;
        private CompressionSpec compression;
        private final List<String> includeSchemas = new ArrayList<>();
        private final List<String> excludeSchemas = new ArrayList<>();
        private final List<String> includeTables = new ArrayList<>();
        private final List<String> excludeTables = new ArrayList<>();
        private final List<String> excludeTableData = new ArrayList<>();
        private boolean dataOnly, schemaOnly, noOwner, noPrivileges, noComments, clean, ifExists, create;
        private final Set<Section> sections = EnumSet.noneOf(Section.class);
        private boolean noTablespaces, noSecurityLabels, statistics, noStatistics, statisticsOnly;
        private int jobs = 1;
        private String snapshot;
        private String lockWaitTimeout;
        private boolean noSync;

        public Builder format(ArchiveFormat v) { format = v; return this; }
        public Builder output(Path v) { output = v; return this; }
        public Builder compression(CompressionSpec v) { compression = v; return this; }
        public Builder includeSchema(String v) { includeSchemas.add(v); return this; }
        public Builder excludeSchema(String v) { excludeSchemas.add(v); return this; }
        public Builder includeTable(String v) { includeTables.add(v); return this; }
        public Builder excludeTable(String v) { excludeTables.add(v); return this; }
        public Builder excludeTableData(String v) { excludeTableData.add(v); return this; }
        public Builder dataOnly(boolean v) { dataOnly = v; return this; }
        public Builder schemaOnly(boolean v) { schemaOnly = v; return this; }
        public Builder noOwner(boolean v) { noOwner = v; return this; }
        public Builder noPrivileges(boolean v) { noPrivileges = v; return this; }
        public Builder noComments(boolean v) { noComments = v; return this; }
        public Builder clean(boolean v) { clean = v; return this; }
        public Builder ifExists(boolean v) { ifExists = v; return this; }
        public Builder create(boolean v) { create = v; return this; }
        public Builder section(Section v) { sections.add(v); return this; }
        public Builder noTablespaces(boolean v) { noTablespaces = v; return this; }
        public Builder noSecurityLabels(boolean v) { noSecurityLabels = v; return this; }
        public Builder statistics(boolean v) { statistics = v; return this; }
        public Builder noStatistics(boolean v) { noStatistics = v; return this; }
        public Builder statisticsOnly(boolean v) { statisticsOnly = v; return this; }
        public Builder jobs(int v) { jobs = v; return this; }
        public Builder snapshot(String v) { snapshot = v; return this; }
        public Builder lockWaitTimeout(String v) { lockWaitTimeout = v; return this; }
        public Builder noSync(boolean v) { noSync = v; return this; }

        public DumpOptions build() {
            return new DumpOptions(format, output, compression, includeSchemas, excludeSchemas, includeTables, excludeTables,
                    excludeTableData, dataOnly, schemaOnly, noOwner, noPrivileges, noComments, clean, ifExists, create, sections,
                    noTablespaces, noSecurityLabels, statistics, noStatistics, statisticsOnly, jobs, snapshot, lockWaitTimeout,
                    noSync);
        }
    }
}
