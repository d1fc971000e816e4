package io.stowage.postgres.catalog;

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
                throw new StowageException(ErrorCode.SERVER, "server version " + version + " is not supported",
                        "Stowage dumps PostgreSQL 12 and later; use that server's own pg_dump");
            }
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                // pgjdbc opens the transaction itself; this must be its first statement
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
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

    /** Takes ACCESS SHARE locks, as pg_dump does, so no table can be dropped or altered under the dump. */
    public void lockTables(List<String> qualifiedNames) {
        int batch = 100;
        for (int i = 0; i < qualifiedNames.size(); i += batch) {
            List<String> part = qualifiedNames.subList(i, Math.min(qualifiedNames.size(), i + batch));
            execute("locking tables", "LOCK TABLE " + String.join(", ", part) + " IN ACCESS SHARE MODE");
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
