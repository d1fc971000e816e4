package io.stowage.postgres.catalog;

import io.stowage.core.error.EngineUnsupportedException;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection prepared the way pg_dump prepares its own (setup_connection in pg_dump.c): an empty
 * search_path so that every name the server prints is schema-qualified, ISO dates, full float
 * precision, standard_conforming_strings on (the script declares it), no timeouts, no row security,
 * and a single REPEATABLE READ, READ ONLY transaction
 * so that everything is read from one snapshot.
 */
public final class CatalogSession implements AutoCloseable {
    /** Rows per round trip of a catalog query. */
    private static final int FETCH_SIZE = 1000;

    private final Connection connection;
    private final int serverVersionNum;
    private final String serverVersion;
    private final String database;

    private CatalogSession(Connection connection, int serverVersionNum, String serverVersion, String database) {
        this.connection = connection;
        this.serverVersionNum = serverVersionNum;
        this.serverVersion = serverVersion;
        this.database = database;
    }

    /** Prepares {@code connection} and opens the snapshot transaction. Takes ownership of the connection. */
    public static CatalogSession begin(Connection connection) {
        return begin(connection, null);
    }

    /**
     * Prepares {@code connection} and opens the transaction in {@code snapshot}, a snapshot another
     * session exported with {@code pg_export_snapshot()} and still holds open (pg_dump's
     * {@code --snapshot}, and how its parallel workers share the leader's snapshot), or in a new
     * snapshot when {@code snapshot} is null. Takes ownership of the connection.
     */
    public static CatalogSession begin(Connection connection, String snapshot) {
        try {
            connection.setAutoCommit(true);
            try (Statement st = connection.createStatement()) {
                st.execute("SELECT pg_catalog.set_config('search_path', '', false)");
                st.execute("SET DateStyle = ISO");
                st.execute("SET IntervalStyle = postgres");
                st.execute("SET extra_float_digits TO 3");
                st.execute("SET statement_timeout = 0");
                st.execute("SET lock_timeout = 0");
                st.execute("SET idle_in_transaction_session_timeout = 0");
                st.execute("SET row_security = off");
                st.execute("SET client_encoding = 'UTF8'");
                // the server prints literals in expressions, view queries and defaults for the
                // session's setting and never with E''; the script declares it on, so read it on
                st.execute("SET standard_conforming_strings = on");
            }
            int num;
            String version;
            String db;
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int, "
                         + "current_setting('server_version'), current_database()")) {
                rs.next();
                num = rs.getInt(1);
                version = rs.getString(2);
                db = rs.getString(3);
            }
            if (num < 120000) {
                // before any output: --engine auto may hand the dump to pg_dump
                throw new EngineUnsupportedException(ErrorCode.SERVER, "server version " + version + " is not supported",
                        "Stowage dumps PostgreSQL 12 and later; use that server's own pg_dump");
            }
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                // pgjdbc opens the transaction itself; this must be its first statement
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            if (snapshot != null) {
                importSnapshot(connection, snapshot);
            }
            return new CatalogSession(connection, num, version, db);
        } catch (SQLException e) {
            close(connection);
            throw serverError("preparing the session", e);
        } catch (RuntimeException e) {
            close(connection);
            throw e;
        }
    }

    /** SET TRANSACTION SNAPSHOT must come before any query of the transaction. */
    private static void importSnapshot(Connection connection, String snapshot) {
        try (Statement st = connection.createStatement()) {
            st.execute("SET TRANSACTION SNAPSHOT " + io.stowage.postgres.sql.SqlText.literal(snapshot));
        } catch (SQLException e) {
            // 22023 invalid_parameter_value: "invalid snapshot identifier" or the exporting transaction has ended
            throw new StowageException(ErrorCode.USAGE, "cannot use snapshot \"" + snapshot + "\": "
                    + (e.getMessage() == null ? e.getSQLState() : e.getMessage().replace('\n', ' ')),
                    "give the name pg_export_snapshot() returned, and keep the exporting transaction open until the dump ends",
                    e.getSQLState(), e);
        }
    }

    /**
     * Exports this session's snapshot (pg_export_snapshot) for other sessions to share; valid as
     * long as this session's transaction stays open.
     */
    public String exportSnapshot() {
        return query("the snapshot to share", "SELECT pg_catalog.pg_export_snapshot()", rs -> rs.getString(1)).get(0);
    }

    public Connection connection() { return connection; }
    /** {@code server_version_num}, e.g. 150004. */
    public int serverVersionNum() { return serverVersionNum; }
    /** {@code server_version}, e.g. {@code 15.4 (Debian 15.4-1)}. */
    public String serverVersion() { return serverVersion; }
    public String database() { return database; }

    /** True when the server is at least the given major (12, 13, ...). */
    public boolean atLeast(int major) {
        return serverVersionNum >= major * 10000;
    }

    /** Reads rows; {@code what} names what is read, for the error message. */
    public <T> List<T> query(String what, String sql, RowMapper<T> mapper, Object... params) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            // pgjdbc reads a whole result into memory unless a fetch size is set (inside a transaction,
            // as here): with it, a catalog of 100,000 tables arrives FETCH_SIZE rows at a time
            ps.setFetchSize(FETCH_SIZE);
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw serverError("reading " + what, e);
        }
    }

    /** Runs a statement that returns no rows. */
    public void execute(String what, String sql) {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw serverError(what, e);
        }
    }

    /**
     * Takes ACCESS SHARE locks as pg_dump does, waiting at most {@code lockWaitTimeout} for each
     * (pg_dump's {@code --lock-wait-timeout}; a value for {@code SET lock_timeout}, null to wait for
     * ever). With a timeout, tables are locked one at a time so that a timeout names its table.
     *
     * @throws StowageException SERVER naming the table when its lock was not granted in time
     */
    public void lockTables(List<String> qualifiedNames, String lockWaitTimeout) {
        if (lockWaitTimeout == null) {
            lockTables(qualifiedNames);
            return;
        }
        try (Statement st = connection.createStatement()) {
            st.execute("SET lock_timeout = " + io.stowage.postgres.sql.SqlText.literal(lockWaitTimeout));
        } catch (SQLException e) {
            throw new StowageException(ErrorCode.USAGE, "invalid --lock-wait-timeout \"" + lockWaitTimeout + "\": "
                    + (e.getMessage() == null ? e.getSQLState() : e.getMessage().replace('\n', ' ')),
                    "give milliseconds or a PostgreSQL duration such as 500ms, 10s or 1min", e.getSQLState(), e);
        }
        for (String name : qualifiedNames) {
            try (Statement st = connection.createStatement()) {
                st.execute("LOCK TABLE " + name + " IN ACCESS SHARE MODE");
            } catch (SQLException e) {
                if ("55P03".equals(e.getSQLState())) {
                    throw new StowageException(ErrorCode.SERVER, "could not obtain lock on table " + name
                            + " within --lock-wait-timeout " + lockWaitTimeout + ": another session holds or awaits a conflicting lock",
                            "retry when the table is free (see pg_locks for who holds it), or give a longer --lock-wait-timeout",
                            e.getSQLState(), e);
                }
                throw serverError("locking table " + name, e);
            }
        }
        execute("resetting lock_timeout", "SET lock_timeout = 0");
    }

    /** Takes ACCESS SHARE locks, as pg_dump does, so no table can be dropped or altered under the dump. */
    public void lockTables(List<String> qualifiedNames) {
        int batch = 100;
        for (int i = 0; i < qualifiedNames.size(); i += batch) {
            List<String> part = qualifiedNames.subList(i, Math.min(qualifiedNames.size(), i + batch));
            execute("locking tables", "LOCK TABLE " + String.join(", ", part) + " IN ACCESS SHARE MODE");
        }
    }

    /**
     * Runs {@code work} in a subtransaction that is rolled back afterwards, which releases the locks it
     * took (reading a sequence locks it until the transaction ends, and the server's lock table is
     * shared and bounded) while the transaction and its snapshot go on. {@code work} must only read.
     */
    public void releasingLocks(String what, Runnable work) {
        java.sql.Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            throw serverError(what, e);
        }
        try {
            work.run();
        } finally {
            try {
                connection.rollback(savepoint);
                connection.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                // work's own failure, if any, is the one to report
            }
        }
    }

    /** A server error as a one-line StowageException carrying the SQLSTATE. */
    public static StowageException serverError(String doing, SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace('\n', ' ');
        String fix = "42501".equals(e.getSQLState())
                ? "connect as the owner of the objects or a superuser"
                : "check the server log; rerun once the server is available";
        return new StowageException(ErrorCode.SERVER, "server error while " + doing + ": " + message, fix, e.getSQLState(), e);
    }

    /** Ends the transaction and closes the connection. */
    @Override
    public void close() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the snapshot was read-only: nothing to lose
        }
        close(connection);
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a failed connection
        }
    }

    /** Maps one row. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }
}
