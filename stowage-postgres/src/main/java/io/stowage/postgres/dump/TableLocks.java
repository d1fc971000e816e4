package io.stowage.postgres.dump;

import io.stowage.postgres.catalog.CatalogSession;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The dump's ACCESS SHARE locks, taken up front as pg_dump's getTables does, within what the server's
 * shared lock table can hold.
 *
 * <p>pg_dump locks every table it dumps (in LOCK TABLE statements of many tables each, up to 100 kB of
 * text) and keeps every lock until its transaction ends. The server's lock table has room for about
 * {@code max_locks_per_transaction * (max_connections + autovacuum workers + 1 + max_worker_processes +
 * max_wal_senders + max_prepared_transactions)} locks shared by all sessions, so a database with more
 * tables than that cannot be dumped by pg_dump without raising max_locks_per_transaction: the LOCK fails
 * with "out of shared memory" (53200). Here the dump locks as many tables as half the free slots allow
 * and leaves the rest unlocked with a warning: those tables are still read in the dump's snapshot, but a
 * concurrent DROP or ALTER of one of them can make the dump fail (or show a definition newer than the
 * snapshot, since functions such as pg_get_indexdef read the current catalog), which is the window the
 * locks close. COPY also locks its table until the transaction ends; for an unlocked table it runs in a
 * subtransaction that is rolled back afterwards, which releases that lock and keeps the snapshot.
 */
final class TableLocks {
    /** Slots left to other sessions and to the catalog relations the dump's own queries lock. */
    private static final long RESERVE = 200;

    private final Set<Long> unlocked;

    private TableLocks(Set<Long> unlocked) {
        this.unlocked = unlocked;
    }

    /** A table to lock: its pg_class oid and its quoted, schema-qualified name. */
    record Table(long oid, String qualifiedName) {
    }

    /**
     * Locks {@code tables} (in order) as far as the lock table allows; warns through {@code warn}
     * when some are left unlocked.
     */
    static TableLocks lock(CatalogSession session, List<Table> tables, String lockWaitTimeout, Consumer<String> warn) {
        List<String> qualifiedNames = tables.stream().map(Table::qualifiedName).toList();
        // a few hundred locks always fit (the default lock table holds thousands); only count for many
        long budget = tables.size() <= 1000 ? tables.size() : budget(session);
        if (budget >= tables.size()) {
            session.lockTables(qualifiedNames, lockWaitTimeout);
            return new TableLocks(Set.of());
        }
        int locked = (int) Math.max(0, budget);
        session.lockTables(qualifiedNames.subList(0, locked), lockWaitTimeout);
        Set<Long> rest = new HashSet<>();
        tables.subList(locked, tables.size()).forEach(t -> rest.add(t.oid()));
        warn.accept(tables.size() + " tables are more than the server's lock table can hold for this dump: "
                + locked + " are locked, " + rest.size() + " are not; a concurrent DROP or ALTER of an unlocked table can "
                + "make the dump fail. Raise max_locks_per_transaction (now " + setting(session, "max_locks_per_transaction")
                + ") to about " + suggested(session, tables.size()) + " for a fully locked dump");
        return new TableLocks(rest);
    }

    /** True when the table of oid {@code tableOid} holds no lock of the dump's. */
    boolean unlocked(long tableOid) {
        return unlocked.contains(tableOid);
    }

    /** How many tables are unlocked. */
    int unlockedCount() {
        return unlocked.size();
    }

    /**
     * Runs {@code work} (a COPY of table {@code tableOid}) so that the lock it takes does not outlive it when
     * the table was left unlocked: inside a savepoint that is rolled back afterwards.
     */
    <T> T releasingLock(Connection connection, long tableOid, IoWork<T> work) throws java.io.IOException {
        if (!unlocked(tableOid)) {
            return work.run();
        }
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            throw new java.io.IOException(CatalogSession.serverError("starting a subtransaction for the COPY of table " + tableOid, e));
        }
        try {
            return work.run();
        } finally {
            try {
                connection.rollback(savepoint);
                connection.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                // the COPY's own failure, if any, is the one to report
            }
        }
    }

    /** Work that may fail with an IOException. */
    @FunctionalInterface
    interface IoWork<T> {
        T run() throws java.io.IOException;
    }

    /** Half of the lock table's free slots, less a reserve; what this dump may hold. */
    static long budget(CatalogSession session) {
        return session.query("the size of the lock table",
                "SELECT " + capacitySql() + ", (SELECT count(*) FROM pg_catalog.pg_locks WHERE NOT fastpath)",
                rs -> (rs.getLong(1) - rs.getLong(2)) / 2 - RESERVE).get(0);
    }

    /**
     * The lock table's size (lock.c: max_locks_per_xact * (MaxBackends + max_prepared_xacts); MaxBackends
     * counts connections, autovacuum workers (autovacuum_worker_slots from PostgreSQL 18), the launcher,
     * background workers and WAL senders).
     */
    private static String capacitySql() {
        return "current_setting('max_locks_per_transaction')::int8 * ("
                + "current_setting('max_connections')::int8 "
                + "+ COALESCE(NULLIF(current_setting('autovacuum_worker_slots', true), ''), current_setting('autovacuum_max_workers'))::int8 + 1 "
                + "+ current_setting('max_worker_processes')::int8 + current_setting('max_wal_senders')::int8 "
                + "+ current_setting('max_prepared_transactions')::int8)";
    }

    private static String setting(CatalogSession session, String name) {
        return session.query("setting " + name, "SELECT current_setting('" + name + "')", rs -> rs.getString(1)).get(0);
    }

    /** max_locks_per_transaction that would fit {@code tables} locks in half the lock table. */
    private static long suggested(CatalogSession session, int tables) {
        long perSlot = session.query("the lock table's backends", "SELECT " + capacitySql()
                + " / current_setting('max_locks_per_transaction')::int8", rs -> rs.getLong(1)).get(0);
        long need = 2L * (tables + RESERVE) / Math.max(1, perSlot) + 1;
        return Math.max(64, ((need + 63) / 64) * 64);
    }
}
