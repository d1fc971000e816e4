package io.stowage.postgres.dump;

import io.stowage.core.archive.ArchiveEntry;
import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.io.AtomicFileOutput;
import io.stowage.core.io.FileSync;
import io.stowage.postgres.archive.ArchiveDirectory;
import io.stowage.postgres.archive.HeadStart;
import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.DumpOptions;
import io.stowage.core.progress.CopyProgress;
import io.stowage.core.progress.ProgressEvent;
import io.stowage.core.progress.ProgressListener;
import io.stowage.core.options.CompressionAlgorithm;
import io.stowage.core.options.CompressionSpec;
import io.stowage.postgres.archive.ArchiveDataSource;
import io.stowage.postgres.archive.ArchiveHeader;
import io.stowage.postgres.archive.ArchiveTimestamp;
import io.stowage.postgres.archive.ArchiveVersion;
import io.stowage.postgres.archive.ArchiveWriters;
import io.stowage.postgres.archive.compress.Codecs;
import io.stowage.postgres.archive.HeaderCompression;
import io.stowage.postgres.archive.TocEntry;
import io.stowage.postgres.catalog.Catalog;
import io.stowage.postgres.catalog.CatalogReader;
import io.stowage.postgres.catalog.CatalogSession;
import io.stowage.postgres.catalog.DumpObject;
import io.stowage.postgres.catalog.ObjectKind;
import io.stowage.postgres.jdbc.CopyOut;
import io.stowage.postgres.jdbc.PgConnector;

import java.io.BufferedOutputStream;
import io.stowage.core.io.CountingOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.stowage.postgres.sql.SqlText.qualified;

/**
 * The native dump engine: reads one database inside a single REPEATABLE READ, READ ONLY snapshot
 * and writes it in pg_dump's plain format, with no pg_dump binary involved.
 */
public final class NativeDumper {
    private final ConnectionSettings source;
    private final DumpOptions options;
    private final ProgressListener listener;
    /** The locks prepare took on the session COPY runs in; set once the catalog is being read. */
    private TableLocks locks;
    private java.sql.Connection copyConnection;
    /** Which tables a serial dump reads in binary. */
    private final BinaryCopies binary;

    public NativeDumper(ConnectionSettings source, DumpOptions options, ProgressListener listener) {
        this.source = source;
        this.options = options;
        this.listener = listener == null ? ProgressListener.NONE : listener;
        this.binary = BinaryCopies.of(source);
    }

    /**
     * Dumps to {@code options.output()} (written atomically; a directory for the directory format)
     * or, when that is null, to standard output.
     */
    public DumpResult run() {
        if (options.output() == null || options.format() != ArchiveFormat.PLAIN) {
            // archive writers create the file or directory themselves, atomically
            if (options.output() != null) {
                return run(OutputStream.nullOutputStream());
            }
            BufferedOutputStream out = new BufferedOutputStream(System.out, 1 << 16);
            DumpResult result = run(out);
            try {
                out.flush();
            } catch (IOException e) {
                throw new StowageException(ErrorCode.OUTPUT, "cannot write to standard output: " + e.getMessage(),
                        "check where the output goes", e);
            }
            return result;
        }
        AtomicFileOutput out = AtomicFileOutput.open(options.output());
        try {
            DumpResult result = run(out);
            // pg_dump syncs a script written to a file too, unless --no-sync
            out.commit(FileSync.of(options.noSync()));
            return result;
        } finally {
            out.close();
        }
    }

    /**
     * Dumps to the given stream, which the caller closes; archives go to {@code options.output()}
     * instead when it is set.
     */
    public DumpResult run(OutputStream target) {
        if (options.format() != ArchiveFormat.PLAIN) {
            return runArchive(target);
        }
        CompressionSpec compression = options.effectiveCompression();
        if (compression.isNone()) {
            return runPlain(target);
        }
        // pg_dump -Fp -Z: the whole script as one compressed file (a gzip file, an LZ4 or a zstd frame)
        try {
            OutputStream compressed = Codecs.compressing(compression, Codecs.Wrapping.GZIP_FILE, new NonClosing(target));
            DumpResult result = runPlain(compressed);
            compressed.close();
            return result;
        } catch (IOException e) {
            throw new StowageException(ErrorCode.OUTPUT, "cannot write the dump: " + e.getMessage(),
                    "check free space and permissions of the output", e);
        }
    }

    /** What the catalog session produced: the plan and the reader's warnings. */
    private record Prepared(DumpPlanner.Plan plan, List<String> warnings, Map<Integer, PlainScriptWriter.Storage> storage) {
    }

    /** Reads the catalog and plans the entries, inside the session's snapshot. */
    private Prepared prepare(CatalogSession session, boolean archive) {
        listener.onEvent(new ProgressEvent.Phase("catalog"));
        ObjectFilter filter = new ObjectFilter(options, visibility(session), session.database());
        lockTables(session, filter);
        CatalogReader reader = new CatalogReader(session);
        Catalog catalog = reader.read();
        if (!options.noSecurityLabels()) {
            io.stowage.postgres.catalog.SecurityLabels.read(session, catalog);
        }
        DumpPlanner planner = new DumpPlanner(catalog, options, filter,
                message -> listener.onEvent(new ProgressEvent.Warning(message)));
        planner.prepare(reader.attrDefaults(), reader.pendingChecks(), reader.viewRules());
        if (options.dumpStatistics()) {
            if (session.atLeast(18)) {
                io.stowage.postgres.catalog.RelationStatistics.read(session, catalog);
            } else {
                listener.onEvent(new ProgressEvent.Warning("optimizer statistics are not dumped: --statistics needs a "
                        + "PostgreSQL 18 or later source (pg_restore_relation_stats), and this one is "
                        + session.serverVersion()));
            }
        }
        planner.select();
        planner.orderDataByForeignKeys(reader.foreignKeyTables());
        reader.readSequenceValues(DumpObject::selected);
        List<ArchiveEntry> leading;
        if (archive) {
            // pg_dump always puts the database's entries into an archive, whatever -C, -a, -t or
            // --section say, so that pg_restore -C can create it; pg_restore decides what to apply
            leading = DatabaseEntries.read(session, options);
        } else {
            leading = options.create() ? DatabaseEntries.read(session, options) : List.of();
            if (!options.covers(io.stowage.core.archive.Section.PRE_DATA)) {
                // pg_restore's _tocEntryRequired: with -C the database itself is created whatever
                // the sections; its comment and ACL belong to pre-data
                List<ArchiveEntry> kept = new ArrayList<>();
                for (ArchiveEntry e : leading) {
                    if (e.section() == io.stowage.core.archive.Section.PRE_DATA) {
                        kept.add(new ArchiveEntry(kept.size() + 1, e.tag(), e.desc(), e.section(), e.namespace(), e.owner(),
                                e.definition(), e.dropStatement(), e.copyStatement(), e.dependencies(), 0, e.objectOid()));
                    }
                }
                leading = kept;
            }
        }
        DumpPlanner.Plan plan = planner.plan(leading);
        Map<Integer, PlainScriptWriter.Storage> storage = plan.storage();
        if (options.noTablespaces()) {
            // --no-tablespaces: pg_dump's outputNoTablespaces, no SET default_tablespace and no header mention
            storage = new HashMap<>();
            for (Map.Entry<Integer, PlainScriptWriter.Storage> e : plan.storage().entrySet()) {
                storage.put(e.getKey(), new PlainScriptWriter.Storage(null, e.getValue().tableAccessMethod()));
            }
        }
        return new Prepared(plan, reader.warnings(), storage);
    }

    /**
     * The table of contents an archive dump of the source would carry, in archive order, special
     * entries included, without reading any table data: what {@code pg_restore -l} would list.
     */
    public List<TocEntry> archiveToc() {
        try (CatalogSession session = CatalogSession.begin(PgConnector.open(source), options.snapshot())) {
            Prepared prepared = prepare(session, true);
            return ArchiveToc.build(prepared.plan().entries(), prepared.plan().catalogs(), archiveStorage(prepared));
        }
    }

    /**
     * Archives keep the tablespace field even with {@code --no-tablespaces} (pg_dump records it
     * and pg_restore's own {@code --no-tablespaces} ignores it), so the plan's storage is used as is.
     */
    private static Map<Integer, PlainScriptWriter.Storage> archiveStorage(Prepared prepared) {
        return prepared.plan().storage();
    }

    private DumpResult runPlain(OutputStream target) {
        long start = System.nanoTime();
        CountingOutputStream out = new CountingOutputStream(target);
        try (CatalogSession session = CatalogSession.begin(PgConnector.open(source), options.snapshot())) {
            Prepared prepared = prepare(session, false);
            DumpPlanner.Plan plan = prepared.plan();
            PlainScriptWriter.Settings settings = new PlainScriptWriter.Settings(options.noOwner(), options.clean(),
                    options.ifExists(), options.create(), session.serverVersion(), "Stowage " + version());
            long[] rows = {0};
            int[] tables = {0};
            CopyOut copy = new CopyOut(session.connection());
            PlainScriptWriter writer = new PlainScriptWriter(out, settings, prepared.storage(), listener);
            listener.onEvent(new ProgressEvent.Phase("pre-data"));
            for (String warning : prepared.warnings()) {
                listener.onEvent(new ProgressEvent.Warning(warning));
            }
            DataEstimate.Estimate estimate = DataEstimate.of(session, plan.tableData().values());
            listener.onEvent(estimate.totals());
            boolean[] inData = {false};
            writer.write(plan.entries(), (entry, stream) -> {
                if ("BLOBS".equals(entry.desc())) {
                    return LargeObjectStreamer.write(session, stream);
                }
                DumpObject.TableData data = plan.tableData().get(entry.dumpId());
                if (!inData[0]) {
                    inData[0] = true;
                    listener.onEvent(new ProgressEvent.Phase("data"));
                }
                long before = out.count();
                long n = copyOut(copy, data, estimate.of(data), stream, new CopyProgress(listener, entry.namespace(), entry.tag(), true));
                rows[0] += n;
                tables[0]++;
                listener.onEvent(new ProgressEvent.TableData(entry.namespace(), entry.tag(), n, out.count() - before));
                return n;
            });
            out.flush();
            return new DumpResult(session.serverVersion(), plan.entries().size(), tables[0], rows[0], out.count(),
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw writeFailure(e);
        }
    }

    /**
     * Writes a custom, directory or tar archive: the plan's TOC with pg_dump's header, the data
     * streamed by COPY and the large objects read in slices, through {@link ArchiveWriters}.
     */
    private DumpResult runArchive(OutputStream stdout) {
        CompressionSpec compression = options.effectiveCompression();
        ArchiveFormat format = options.format();
        long start = System.nanoTime();
        if (options.jobs() > 1) {
            return runParallelArchive(stdout, format, compression, start);
        }
        try (CatalogSession session = CatalogSession.begin(PgConnector.open(source), options.snapshot())) {
            Prepared prepared = prepare(session, true);
            DumpPlanner.Plan plan = prepared.plan();
            List<TocEntry> toc = ArchiveToc.build(plan.entries(), plan.catalogs(), archiveStorage(prepared));
            for (String warning : prepared.warnings()) {
                listener.onEvent(new ProgressEvent.Warning(warning));
            }
            ArchiveHeader header = header(format, compression, session);
            CopyOut copy = new CopyOut(session.connection());
            long[] rows = {0};
            int[] tables = {0};
            DataEstimate.Estimate estimate = DataEstimate.of(session, plan.tableData().values());
            listener.onEvent(estimate.totals());
            listener.onEvent(new ProgressEvent.Phase("data"));
            ArchiveDataSource data = new ArchiveDataSource() {
                @Override
                public long writeTableData(TocEntry entry, OutputStream out) throws IOException {
                    DumpObject.TableData table = plan.tableData().get(entry.dumpId());
                    if (table == null) {
                        throw new IOException("entry " + entry.dumpId() + " (" + entry.desc() + " " + entry.tag()
                                + ") has no table data in the plan");
                    }
                    CountingOutputStream counted = new CountingOutputStream(out);
                    long n = copyOut(copy, table, estimate.of(table), counted,
                            new CopyProgress(listener, entry.namespace(), entry.tag(), true));
                    rows[0] += n;
                    tables[0]++;
                    listener.onEvent(new ProgressEvent.TableData(entry.namespace(), entry.tag(), n, counted.count()));
                    return n;
                }

                @Override
                public long writeLargeObjects(TocEntry entry, LargeObjectSink sink) throws IOException {
                    return LargeObjectStreamer.writeRaw(session, sink);
                }
            };
            long bytes = ArchiveWriters.write(format, options.output(), stdout, header, toc, compression, data,
                    FileSync.of(options.noSync()));
            if (options.output() == null) {
                stdout.flush();
            }
            return new DumpResult(session.serverVersion(), plan.entries().size(), tables[0], rows[0], bytes,
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw writeFailure(e);
        }
    }

    /**
     * {@code -j N}: the leader reads the catalog and keeps its locks and snapshot open while N
     * workers, each in the leader's snapshot (exported here, or the caller's {@code --snapshot}),
     * read the table data and large objects, biggest first, into the archive writer's parallel path.
     */
    private DumpResult runParallelArchive(OutputStream stdout, ArchiveFormat format, CompressionSpec compression, long start) {
        // workers report from their own threads; listeners are written for one caller at a time
        Object lock = new Object();
        ProgressListener serial = event -> {
            synchronized (lock) {
                listener.onEvent(event);
            }
        };
        FileSync sync = FileSync.of(options.noSync());
        List<HeadStartCopy> early = List.of();
        ArchiveDirectory dir = null;
        boolean handedOver = false;
        try (CatalogSession session = CatalogSession.begin(PgConnector.open(source), options.snapshot())) {
            String snapshot = options.snapshot() != null ? options.snapshot() : session.exportSnapshot();
            if (HeadStartCopy.applies(options)) {
                dir = ArchiveDirectory.create(options.output());
                // one per job: every worker starts at once on a database of big tables
                early = HeadStartCopy.start(session, source, snapshot, dir, compression, sync, options.jobs());
                for (HeadStartCopy h : early) {
                    serial.onEvent(new ProgressEvent.Info("head start: copying the data of " + h.table().namespace() + "."
                            + h.table().name() + " while the catalog is read"));
                }
            }
            Prepared prepared = prepare(session, true);
            DumpPlanner.Plan plan = prepared.plan();
            List<TocEntry> toc = ArchiveToc.build(plan.entries(), plan.catalogs(), archiveStorage(prepared));
            for (String warning : prepared.warnings()) {
                serial.onEvent(new ProgressEvent.Warning(warning));
            }
            ArchiveHeader header = header(format, compression, session);
            // big tables become several data entries, read side by side (PostgreSQL 14 and later)
            Map<Integer, Long> sizes = dataSizes(session, toc, plan.tableData());
            TableSplit.Result split = TableSplit.plan(session, toc, plan.tableData(), sizes, options.jobs(),
                    compression.algorithm() != CompressionAlgorithm.NONE,
                    early.stream().map(h -> h.table().oid()).collect(java.util.stream.Collectors.toSet()));
            // every TABLE DATA entry (a split table's empty anchor and parts included) reports once
            long dataEntries = split.toc().stream().filter(e -> "TABLE DATA".equals(e.desc())).count();
            long tableBytes = 0;
            for (Map.Entry<Integer, Long> e : sizes.entrySet()) {
                tableBytes += plan.tableData().containsKey(e.getKey()) ? e.getValue() : 0;
            }
            serial.onEvent(new ProgressEvent.Totals(dataEntries, tableBytes));
            ParallelTableReader workers = new ParallelTableReader(source, snapshot, plan.tableData(), split.ranges(),
                    split.sizes(), serial);
            List<HeadStart> heads = new java.util.ArrayList<>();
            List<HeadStartCopy> adopted = new java.util.ArrayList<>();
            for (HeadStartCopy h : early) {
                HeadStart head = adopt(h, split.toc(), plan.tableData(), workers, serial);
                if (head != null) {
                    heads.add(head);
                    adopted.add(h);
                }
            }
            // the others are abandoned already; until the writer owns these, a failure abandons them
            early = adopted;
            serial.onEvent(new ProgressEvent.Phase("data"));
            long bytes;
            if (!heads.isEmpty()) {
                handedOver = true;
                early = List.of();
                bytes = ArchiveWriters.writeParallel(dir, header, split.toc(), compression, workers, options.jobs(), sync, heads);
            } else {
                if (dir != null) {
                    dir.close();
                }
                bytes = ArchiveWriters.writeParallel(format, options.output(), stdout, header, split.toc(), compression,
                        workers, options.jobs(), sync);
            }
            if (options.output() == null) {
                stdout.flush();
            }
            return new DumpResult(session.serverVersion(), plan.entries().size(), (int) workers.tables(), workers.rows(), bytes,
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw writeFailure(e);
        } finally {
            for (HeadStartCopy h : early) {
                h.abandon();
            }
            if (dir != null && !handedOver) {
                dir.close();
            }
        }
    }

    /**
     * The head start as the writer takes it when the plan copies its table whole with the head
     * start's statement; null (the copy abandoned, the table dumped as any other) otherwise.
     */
    private static HeadStart adopt(HeadStartCopy early, List<TocEntry> toc, Map<Integer, DumpObject.TableData> tableData,
                                   ParallelTableReader workers, ProgressListener listener) {
        TocEntry entry = null;
        for (TocEntry e : toc) {
            DumpObject.TableData t = tableData.get(e.dumpId());
            if ("TABLE DATA".equals(e.desc()) && e.hadDumper() && t != null && t.tableOid() == early.table().oid()) {
                entry = e;
                break;
            }
        }
        if (entry == null || !early.adopt(tableData.get(entry.dumpId()).copyToStdout())) {
            if (entry == null) {
                early.abandon();
            }
            return null;
        }
        TocEntry adopted = entry;
        early.report(listener, (rows, bytes) -> workers.copied(adopted.namespace(), adopted.tag(), rows, bytes));
        return new HeadStart(entry.dumpId(), early.data(), workers.adopt(early.session()));
    }

    /**
     * Each data entry's size for biggest-first scheduling: the table's heap, TOAST and maps
     * (pg_table_size, the bytes COPY has to read), and all large objects' for the BLOBS entry.
     */
    private static Map<Integer, Long> dataSizes(CatalogSession session, List<TocEntry> toc,
                                                Map<Integer, DumpObject.TableData> tableData) {
        Map<Long, Long> byOid = new HashMap<>();
        StringBuilder oids = new StringBuilder("{");
        for (DumpObject.TableData t : tableData.values()) {
            if (oids.length() > 1) {
                oids.append(',');
            }
            oids.append(t.tableOid());
        }
        oids.append('}');
        session.query("the sizes of the tables to dump",
                "SELECT c.oid, pg_catalog.pg_table_size(c.oid) FROM pg_catalog.pg_class c WHERE c.oid = ANY(?::pg_catalog.oid[])",
                rs -> byOid.put(rs.getLong(1), rs.getLong(2)), oids.toString());
        long largeObjects = session.query("the size of the large objects",
                "SELECT pg_catalog.pg_table_size('pg_catalog.pg_largeobject'::pg_catalog.regclass)", rs -> rs.getLong(1)).get(0);
        Map<Integer, Long> sizes = new HashMap<>();
        for (TocEntry e : toc) {
            if (!e.hadDumper()) {
                continue;
            }
            DumpObject.TableData t = tableData.get(e.dumpId());
            sizes.put(e.dumpId(), t != null ? byOid.getOrDefault(t.tableOid(), 0L) : largeObjects);
        }
        return sizes;
    }

    /**
     * pg_dump's WriteHead: archive 1.14 with the zlib level (0 none, −1 default, N) for none and
     * gzip, which pg_restore 12 and later read; 1.15 with the algorithm for lz4 and zstd, which
     * only pg_restore 16 and later read.
     */
    static ArchiveHeader header(ArchiveFormat format, CompressionSpec compression, String database, String serverVersion,
                                String dumpedBy, ZonedDateTime now) {
        ArchiveVersion version = compression.algorithm() == CompressionAlgorithm.NONE
                || compression.algorithm() == CompressionAlgorithm.GZIP ? ArchiveVersion.V1_14 : ArchiveVersion.V1_15;
        HeaderCompression field = ArchiveWriters.headerCompression(version, compression);
        int isDst = now.getZone().getRules().isDaylightSavings(now.toInstant()) ? 1 : 0;
        return new ArchiveHeader(version, 4, 8, format == ArchiveFormat.CUSTOM ? ArchiveHeader.FORMAT_CUSTOM : ArchiveHeader.FORMAT_TAR,
                field, ArchiveTimestamp.of(now.toLocalDateTime(), isDst), database, serverVersion, dumpedBy);
    }

    private ArchiveHeader header(ArchiveFormat format, CompressionSpec compression, CatalogSession session) {
        return header(format, compression, session.database(), session.serverVersion(), "Stowage " + version(),
                ZonedDateTime.now());
    }

    /**
     * Copies a table's data in a serial dump: in binary, turned into text here, when
     * {@link BinaryCopies} says it pays for a table of {@code bytes}.
     */
    private long copyOut(CopyOut copy, DumpObject.TableData data, long bytes, OutputStream stream, CopyProgress progress)
            throws IOException {
        return locks.releasingLock(copyConnection, data.tableOid(), () -> {
            try {
                return binary.copy(copy, copyConnection, data, data.copyToStdout(), bytes, stream, progress);
            } catch (SQLException e) {
                throw new IOException(CatalogSession.serverError("copying the data of table " + data.qualifiedName(), e));
            }
        });
    }

    private static StowageException writeFailure(IOException e) {
        if (e.getCause() instanceof StowageException se) {
            return se;
        }
        return new StowageException(ErrorCode.OUTPUT, "cannot write the dump: " + e.getMessage(),
                "check free space and permissions of the output", e);
    }

    /** pg_table_is_visible of every relation under the server's default search_path, for -t patterns. */
    private Map<Long, Boolean> visibility(CatalogSession session) {
        Map<Long, Boolean> visible = new HashMap<>();
        if (options.includeTables().isEmpty() && options.excludeTables().isEmpty() && options.excludeTableData().isEmpty()) {
            return visible;
        }
        session.execute("resetting search_path", "RESET search_path");
        session.query("relation visibility",
                "SELECT c.oid, pg_catalog.pg_table_is_visible(c.oid) FROM pg_catalog.pg_class c "
                        + "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')",
                rs -> visible.put(rs.getLong(1), rs.getBoolean(2)));
        session.execute("restoring search_path", "SELECT pg_catalog.set_config('search_path', '', false)");
        return visible;
    }

    /** Takes ACCESS SHARE locks on the tables to dump before reading the rest of the catalog, as pg_dump does. */
    private void lockTables(CatalogSession session, ObjectFilter filter) {
        List<TableLocks.Table> names = new ArrayList<>();
        session.query("the tables to lock",
                "SELECT c.oid, n.nspname, c.relname FROM pg_catalog.pg_class c "
                        + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE c.relkind IN ('r', 'p') AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' "
                        + "ORDER BY c.oid",
                rs -> {
                    DumpObject o = new DumpObject(ObjectKind.TABLE,
                            io.stowage.postgres.catalog.CatalogId.of("pg_class", rs.getLong(1)), rs.getString(2), rs.getString(3), null);
                    if (filter.relationIncluded(o)) {
                        names.add(new TableLocks.Table(rs.getLong(1), qualified(rs.getString(2), rs.getString(3))));
                    }
                    return null;
                });
        copyConnection = session.connection();
        locks = TableLocks.lock(session, names, options.lockWaitTimeout(),
                message -> listener.onEvent(new ProgressEvent.Warning(message)));
    }

    private static String version() {
        String v = NativeDumper.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }

    /** Leaves the caller's stream open: the caller closes it (or commits the atomic file). */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
