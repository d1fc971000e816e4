package io.stowage.postgres.dump;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.progress.CopyProgress;
import io.stowage.core.progress.ProgressEvent;
import io.stowage.core.progress.ProgressListener;
import io.stowage.postgres.archive.ParallelDataSource;
import io.stowage.postgres.archive.TocEntry;
import io.stowage.postgres.catalog.CatalogSession;
import io.stowage.postgres.catalog.DumpObject;
import io.stowage.postgres.jdbc.CopyOut;
import io.stowage.postgres.jdbc.PgConnector;

import io.stowage.core.io.CountingOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workers of a parallel dump (pg_dump -j): each one a connection of its own whose transaction
 * imports the leader's snapshot, so that every table is read as of the same moment as the
 * catalog. Before copying a table a worker takes its own ACCESS SHARE lock with NOWAIT, as
 * pg_dump's lockTableForWorker does: the leader already holds that lock, so the only way it can
 * fail is that someone queued a conflicting (ACCESS EXCLUSIVE) lock after the leader's, and
 * waiting behind that request would deadlock with the leader; the dump fails instead.
 */
final class ParallelTableReader implements ParallelDataSource {

    /**
     * A pause point for tests, called on a worker's thread before it locks and copies a table, and
     * on a head start's thread once it has locked its table, before it copies it.
     */
    @FunctionalInterface
    interface BeforeTable {
        void reached(String qualifiedName) throws InterruptedException;
    }

    /** Set only by tests (from the same package); null in production. */
    static volatile BeforeTable beforeTable;

    /**
     * A worker's ACCESS SHARE lock on a table, taken with NOWAIT in a savepoint that
     * {@link #RELEASE_TABLE_LOCK} rolls back once the table is copied (head starts use the same
     * pair, their connections becoming workers).
     */
    static String lockTableNowait(String qualifiedName) {
        return "SAVEPOINT stowage_table; LOCK TABLE " + qualifiedName + " IN ACCESS SHARE MODE NOWAIT";
    }

    /** Releases the lock {@link #lockTableNowait} took (and COPY's own), keeping the transaction and its snapshot. */
    static final String RELEASE_TABLE_LOCK = "ROLLBACK TO SAVEPOINT stowage_table; RELEASE SAVEPOINT stowage_table";

    private final ConnectionSettings source;
    private final String snapshot;
    private final Map<Integer, DumpObject.TableData> tableData;
    private final Map<Integer, TableSplit.Range> ranges;
    private final Map<Integer, Long> sizes;
    private final ProgressListener listener;
    /** Which tables are read in binary and turned into text here. */
    private final BinaryCopies binary;
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong tables = new AtomicLong();

    /**
     * @param snapshot  the snapshot every worker imports
     * @param tableData the plan's table data by dump id (a split table's parts by their anchor's)
     * @param ranges    the block ranges of split tables' parts and anchors by dump id
     * @param sizes     estimated bytes by dump id (missing: 0)
     * @param listener  receives TableData events from every worker: it must be thread-safe
     */
    ParallelTableReader(ConnectionSettings source, String snapshot, Map<Integer, DumpObject.TableData> tableData,
                        Map<Integer, TableSplit.Range> ranges, Map<Integer, Long> sizes, ProgressListener listener) {
        this.source = source;
        this.snapshot = snapshot;
        this.tableData = tableData;
        this.ranges = ranges;
        this.sizes = sizes;
        this.listener = listener;
        this.binary = BinaryCopies.of(source);
    }

    long rows() {
        return rows.get();
    }

    long tables() {
        return tables.get();
    }

    @Override
    public long sizeOf(TocEntry entry) {
        return sizes.getOrDefault(entry.dumpId(), 0L);
    }

    /** A worker on a session already open in the snapshot: a head start's, once its table is copied. */
    Worker adopt(CatalogSession session) {
        return new TableWorker(session);
    }

    /** Counts and reports a table whose data a head start copied. */
    void copied(String namespace, String table, long n, long bytes) {
        rows.addAndGet(n);
        tables.incrementAndGet();
        listener.onEvent(new ProgressEvent.TableData(namespace, table, n, bytes));
    }

    @Override
    public Worker openWorker() {
        CatalogSession session = CatalogSession.begin(PgConnector.open(source), snapshot);
        return new TableWorker(session);
    }

    private final class TableWorker implements Worker {
        private final CatalogSession session;
        private final CopyOut copy;

        TableWorker(CatalogSession session) {
            this.session = session;
            this.copy = new CopyOut(session.connection());
        }

        @Override
        public long writeTableData(TocEntry entry, OutputStream out) throws IOException {
            TableSplit.Range range = ranges.get(entry.dumpId());
            // a part of a split table depends first on its anchor, the plan's entry for the table
            boolean part = range != null && !range.isAnchor();
            DumpObject.TableData table = tableData.get(part ? entry.dependencies().get(0) : entry.dumpId());
            if (table == null) {
                throw new IOException("entry " + entry.dumpId() + " (" + entry.desc() + " " + entry.tag()
                        + ") has no table data in the plan");
            }
            if (range != null && !part) {
                // a split table's anchor carries no rows (its parts do) and counts as the table
                tables.incrementAndGet();
                listener.onEvent(new ProgressEvent.TableData(entry.namespace(), entry.tag(), 0, 0));
                return 0;
            }
            BeforeTable hook = beforeTable;
            if (hook != null) {
                try {
                    hook.reached(table.qualifiedName());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            lockNowait(table.qualifiedName());
            CountingOutputStream counted = new CountingOutputStream(out);
            long n;
            try {
                // a split table's parts are sized as their share of the table
                n = binary.copy(copy, session.connection(), table, range == null ? table.copyToStdout() : range.copyToStdout(table),
                        sizes.getOrDefault(entry.dumpId(), 0L), counted, new CopyProgress(listener, entry.namespace(), entry.tag(), true));
            } catch (SQLException e) {
                throw new IOException(CatalogSession.serverError("copying the data of table " + table.qualifiedName(), e));
            } finally {
                releaseLock();
            }
            rows.addAndGet(n);
            if (!part) {
                tables.incrementAndGet();
            }
            listener.onEvent(new ProgressEvent.TableData(entry.namespace(), entry.tag(), n, counted.count()));
            return n;
        }

        /** Releases the lock lockNowait took (and COPY's own), keeping the transaction and its snapshot. */
        private void releaseLock() {
            try (Statement st = session.connection().createStatement()) {
                st.execute(RELEASE_TABLE_LOCK);
            } catch (SQLException e) {
                // the COPY's own failure, if any, is the one to report; a failed worker ends its transaction
            }
        }

        /** pg_dump's lockTableForWorker: fail, never wait, when a conflicting lock request is queued. */
        private void lockNowait(String qualifiedName) throws IOException {
            try (Statement st = session.connection().createStatement()) {
                // in a savepoint that releaseLock rolls back once the table is copied: a worker copying
                // thousands of tables would otherwise hold a lock on each until it ends and could
                // exhaust the server's shared lock table (see TableLocks)
                st.execute(lockTableNowait(qualifiedName));
            } catch (SQLException e) {
                if ("55P03".equals(e.getSQLState())) {
                    throw new IOException(new StowageException(ErrorCode.SERVER, "could not obtain lock on relation \""
                            + qualifiedName + "\": this usually means that someone requested an ACCESS EXCLUSIVE lock on the "
                            + "table after the dump's leader had taken the initial ACCESS SHARE lock on it",
                            "rerun when nothing waits for an exclusive lock on the table (see pg_locks), or dump with -j 1, "
                                    + "which needs no second lock", e.getSQLState(), e));
                }
                throw new IOException(CatalogSession.serverError("locking table " + qualifiedName, e));
            }
        }

        @Override
        public long writeLargeObjects(TocEntry entry, LargeObjectSink sink) throws IOException {
            return LargeObjectStreamer.writeRaw(session, sink);
        }

        @Override
        public void cancel() {
            try {
                session.connection().unwrap(org.postgresql.jdbc.PgConnection.class).cancelQuery();
            } catch (SQLException | RuntimeException ignored) {
                // the worker stops at its next entry anyway
            }
        }

        @Override
        public void close() {
            session.close();
        }
    }
}
