package io.stowage.postgres.dump;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.io.FileSync;
import io.stowage.core.options.CompressionSpec;
import io.stowage.core.options.DumpOptions;
import io.stowage.core.progress.CopyProgress;
import io.stowage.core.progress.ProgressListener;
import io.stowage.core.archive.Section;
import io.stowage.postgres.archive.ArchiveDirectory;
import io.stowage.postgres.catalog.CatalogSession;
import io.stowage.postgres.catalog.DumpObject;
import io.stowage.postgres.jdbc.CopyOut;
import io.stowage.postgres.jdbc.PgConnector;
import io.stowage.postgres.sql.SqlText;

import java.io.IOException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A parallel directory dump's head starts: the COPY of the biggest tables, one per job, begun on
 * the dump's {@code -j} connections as soon as the leader has exported its snapshot, while the
 * leader reads the catalog. pg_dump's workers wait for the whole catalog; on a database dominated
 * by a few big tables that wait (about 0.2 s for 200 tables here) is added to the longest COPY,
 * which decides the dump's time.
 *
 * <p>A head start copies its table exactly as the plan will ({@code COPY table (columns) TO
 * STDOUT} with every column that is neither dropped nor generated, in the same snapshot) into a
 * file of the archive directory under a provisional name. Once the plan exists, {@link #adopt}
 * checks that the plan copies this table with the same statement: then the file becomes the
 * entry's, else the copy is cancelled and discarded, and the table is dumped as any other. The
 * table's lock is taken with NOWAIT like a worker's: when it fails (an exclusive lock held or
 * queued), there is no head start for that table.
 */
final class HeadStartCopy {
    /**
     * Tables smaller than this (64 MB; the system property {@code stowage.dump.headStartBytes}
     * changes it, for tests) start with the others: the head start pays only for a long COPY.
     */
    static final long MIN_BYTES = 64L << 20;

    static long minBytes() {
        return Long.getLong("stowage.dump.headStartBytes", MIN_BYTES);
    }

    /**
     * The tables whose data a dump without selection options copies whole (no extension members),
     * biggest first, by the planner's page counts of its heap and TOAST (as pg_dump orders its parallel
     * work): read from the catalog alone, as the size functions would lock every table, and wait
     * behind any exclusive lock, in a transaction that stays open for the whole dump.
     */
    private static final String BIGGEST = "SELECT c.oid, n.nspname, c.relname,"
            + " (c.relpages::pg_catalog.int8 + COALESCE(t.relpages, 0)) * pg_catalog.current_setting('block_size')::pg_catalog.int8,"
            + " ARRAY(SELECT a.attname FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0"
            + " AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum)::pg_catalog.text[]"
            + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " LEFT JOIN pg_catalog.pg_class t ON t.oid = c.reltoastrelid"
            + " WHERE c.relkind = 'r' AND c.relpersistence = 'p' AND n.nspname <> 'information_schema'"
            + " AND n.nspname !~ '^pg_' AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d"
            + " WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype = 'e')"
            + " ORDER BY 4 DESC, 1";

    /** Bytes the COPY sent (before compression), once it has ended. */
    private final java.util.concurrent.atomic.AtomicLong copied = new java.util.concurrent.atomic.AtomicLong();

    /** The table copied: its oid, names and the COPY statement. */
    record Table(long oid, String namespace, String name, DumpObject.TableData data, long bytes) {
        /** The COPY statement, as the plan writes it for a table it dumps whole. */
        String copySql() {
            return data.copyToStdout();
        }
    }

    private final Table table;
    /** Completes true once the table is locked (the COPY then runs), false when connecting or locking failed. */
    private final CompletableFuture<Boolean> locked = new CompletableFuture<>();
    private final CompletableFuture<ArchiveDirectory.Prewritten> data = new CompletableFuture<>();
    private volatile CatalogSession session;
    /**
     * Where the copy's progress goes once the dump has adopted it, null before: a copy that may yet
     * be abandoned must not count. Set together with {@link #onCopied} under {@link #reportLock}.
     */
    private volatile ProgressListener progress;
    /** Reports the finished copy (rows, bytes): set on adoption, run by whichever comes second. */
    private java.util.function.BiConsumer<Long, Long> onCopied;
    /** The copy's rows and bytes once it has ended well; null before. */
    private long[] copiedFigures;
    private final Object reportLock = new Object();
    private final java.util.concurrent.atomic.AtomicBoolean abandoned = new java.util.concurrent.atomic.AtomicBoolean();

    private HeadStartCopy(Table table) {
        this.table = table;
    }

    /** Whether a dump with these options may start early: a parallel directory dump of every table's data. */
    static boolean applies(DumpOptions options) {
        return options.jobs() > 1 && options.format() == io.stowage.core.options.ArchiveFormat.DIRECTORY
                && options.includeSchemas().isEmpty() && options.excludeSchemas().isEmpty()
                && options.includeTables().isEmpty() && options.excludeTables().isEmpty()
                && options.excludeTableData().isEmpty() && !options.schemaOnly() && !options.statisticsOnly()
                && options.covers(Section.DATA);
    }

    /**
     * Starts copying the {@code count} biggest tables (of at least {@link #minBytes()}) into
     * {@code dir}, each on a thread and a worker's connection of its own in {@code snapshot}; the
     * tables are found with a catalog query on the leader's {@code session} (in a savepoint, so
     * that its failure leaves the leader's transaction usable). Empty when no table qualifies.
     */
    static List<HeadStartCopy> start(CatalogSession leader, ConnectionSettings source, String snapshot, ArchiveDirectory dir,
                                     CompressionSpec compression, FileSync sync, int count) {
        List<Table> tables;
        try {
            tables = biggest(leader, count);
        } catch (SQLException e) {
            return List.of();
        }
        List<HeadStartCopy> started = new ArrayList<>();
        for (Table table : tables) {
            HeadStartCopy head = new HeadStartCopy(table);
            Thread t = new Thread(() -> head.run(source, snapshot, dir, compression, sync), "stowage-dump-head-start");
            t.setDaemon(true);
            t.start();
            started.add(head);
        }
        return started;
    }

    /** Connects, locks the table with NOWAIT (as a worker does) and copies it. */
    private void run(ConnectionSettings source, String snapshot, ArchiveDirectory dir, CompressionSpec compression,
                     FileSync sync) {
        try {
            session = CatalogSession.begin(PgConnector.open(source), snapshot);
            try (Statement st = session.connection().createStatement()) {
                st.execute(ParallelTableReader.lockTableNowait(SqlText.qualified(table.namespace(), table.name())));
            }
        } catch (SQLException | RuntimeException e) {
            // no head start: the workers copy the table, and meet and report any lasting problem
            locked.complete(false);
            data.completeExceptionally(e);
            return;
        }
        locked.complete(true);
        CopyOut copy = new CopyOut(session.connection());
        ArchiveDirectory.Prewritten written = null;
        Throwable failure = null;
        try {
            ParallelTableReader.BeforeTable hook = ParallelTableReader.beforeTable;
            if (hook != null) {
                hook.reached(SqlText.qualified(table.namespace(), table.name()));
            }
            BinaryCopies binary = BinaryCopies.of(source);
            ProgressListener gate = event -> {
                ProgressListener l = progress;
                if (l != null) {
                    l.onEvent(event);
                }
            };
            written = dir.writeTableData(".head-start-" + table.oid() + ".dat", compression, sync, out -> {
                try {
                    io.stowage.core.io.CountingOutputStream counted = new io.stowage.core.io.CountingOutputStream(out);
                    CopyProgress progress = new CopyProgress(gate, table.namespace(), table.name(), true);
                    long n = binary.copy(copy, session.connection(), table.data(), table.copySql(), table.bytes(), counted, progress);
                    copied.set(counted.count());
                    return n;
                } catch (SQLException e) {
                    throw new IOException(CatalogSession.serverError("copying the data of table "
                            + SqlText.qualified(table.namespace(), table.name()), e));
                }
            });
        } catch (Throwable e) {
            failure = e;
        }
        // the table's lock goes, the transaction and its snapshot stay for the entries that follow;
        // before the future completes, since the connection then passes to a worker
        try (Statement st = session.connection().createStatement()) {
            st.execute(ParallelTableReader.RELEASE_TABLE_LOCK);
        } catch (SQLException e) {
            if (failure == null) {
                failure = new IOException(CatalogSession.serverError("releasing the lock on table "
                        + SqlText.qualified(table.namespace(), table.name()), e));
            }
        }
        if (failure == null) {
            reportCopied(written.rows(), copied.get());
            data.complete(written);
        } else {
            data.completeExceptionally(failure);
        }
    }

    private static List<Table> biggest(CatalogSession leader, int count) throws SQLException {
        List<Table> tables = new ArrayList<>();
        try (Statement st = leader.connection().createStatement()) {
            st.execute("SAVEPOINT stowage_head_start");
            try (ResultSet rs = st.executeQuery(BIGGEST + " LIMIT " + count)) {
                while (rs.next() && rs.getLong(4) >= minBytes()) {
                    List<String> columns = new ArrayList<>();
                    Array array = rs.getArray(5);
                    for (Object name : (Object[]) array.getArray()) {
                        columns.add(SqlText.ident((String) name));
                    }
                    // the statement the plan writes for the table's data, if it dumps it whole
                    DumpObject.TableData data = new DumpObject.TableData(SqlText.qualified(rs.getString(2), rs.getString(3)),
                            DumpObject.TableData.columnList(columns), rs.getLong(1));
                    tables.add(new Table(rs.getLong(1), rs.getString(2), rs.getString(3), data, rs.getLong(4)));
                }
            } catch (SQLException e) {
                st.execute("ROLLBACK TO SAVEPOINT stowage_head_start");
                throw e;
            }
            st.execute("RELEASE SAVEPOINT stowage_head_start");
        }
        return tables;
    }

    Table table() {
        return table;
    }

    /** The head start's session: once {@link #adopt} said true. */
    CatalogSession session() {
        return session;
    }

    CompletableFuture<ArchiveDirectory.Prewritten> data() {
        return data;
    }

    /**
     * Whether the plan copies the head start's table with the head start's statement, the table was
     * locked and the copy has not failed: then the caller takes its data and connection. Otherwise
     * the copy is cancelled, its file deleted and its connection closed.
     */
    boolean adopt(String planCopySql) {
        if (table.copySql().equals(planCopySql) && locked.join() && !data.isCompletedExceptionally()) {
            return true;
        }
        abandon();
        return false;
    }

    /**
     * Once adopted: sends the copy's progress to {@code listener} from here on and calls
     * {@code copied} with its rows and bytes when it ends well. Both come from the copying thread,
     * as the listener contract wants of a copy's DataProgress and TableData, unless the copy has
     * ended already: then {@code copied} runs now, on the caller's thread, and no progress was sent.
     */
    void report(ProgressListener listener, java.util.function.BiConsumer<Long, Long> copied) {
        long[] done;
        synchronized (reportLock) {
            done = copiedFigures;
            if (done == null) {
                onCopied = copied;
                progress = listener;
                return;
            }
        }
        copied.accept(done[0], done[1]);
    }

    /** On the copying thread, when the copy has ended well. */
    private void reportCopied(long rows, long bytes) {
        java.util.function.BiConsumer<Long, Long> report;
        synchronized (reportLock) {
            copiedFigures = new long[] {rows, bytes};
            report = onCopied;
        }
        if (report != null) {
            report.accept(rows, bytes);
        }
    }

    /** Cancels the copy, waits for it to end, deletes its file and closes the connection; once. */
    void abandon() {
        if (!abandoned.compareAndSet(false, true)) {
            return;
        }
        boolean copying = locked.join();
        if (copying) {
            try {
                session.connection().unwrap(org.postgresql.jdbc.PgConnection.class).cancelQuery();
            } catch (SQLException | RuntimeException ignored) {
                // the copy may be over already
            }
        }
        try {
            ArchiveDirectory.Prewritten p = data.join();
            java.nio.file.Files.deleteIfExists(p.file());
        } catch (RuntimeException | IOException ignored) {
            // a failed copy deleted its own file; the directory goes with a failed dump anyway
        }
        CatalogSession s = session;
        if (s != null) {
            s.close();
        }
    }
}
