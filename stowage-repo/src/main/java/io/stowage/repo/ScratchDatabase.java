package io.stowage.repo;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.postgres.jdbc.PgConnector;
import io.stowage.postgres.restore.RestoreResult;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A database created on a server only to restore an archive into and count its rows: the deep
 * check of {@code stowage verify --deep}. Its name is {@value #PREFIX} and random hex, so it never
 * meets a user's database; {@link #close()} drops it, and until then a shutdown hook does, so that
 * an interrupted verify (Ctrl-C) leaves nothing behind either.
 */
public final class ScratchDatabase implements AutoCloseable {
    /** The start of every scratch database's name. */
    public static final String PREFIX = "stowage_verify_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConnectionSettings server;
    private final String name;
    private final AtomicBoolean dropped = new AtomicBoolean();
    private final Thread hook;

    private ScratchDatabase(ConnectionSettings server, String name) {
        this.server = server;
        this.name = name;
        this.hook = new Thread(this::dropQuietly, "stowage-drop-" + name);
    }

    /**
     * Creates an empty scratch database (from {@code template0}, as {@code pg_restore -C} does) on
     * the server {@code server} connects to; {@code server}'s database is only the one connected
     * to for CREATE and DROP DATABASE.
     *
     * @throws StowageException SERVER with the SQLSTATE when the role may not create databases
     */
    public static ScratchDatabase create(ConnectionSettings server) {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        ScratchDatabase scratch = new ScratchDatabase(server, PREFIX + HexFormat.of().formatHex(random));
        try (Connection c = PgConnector.open(server); Statement s = c.createStatement()) {
            Runtime.getRuntime().addShutdownHook(scratch.hook);
            s.execute("CREATE DATABASE " + scratch.name + " TEMPLATE template0");
        } catch (SQLException e) {
            scratch.unhook();
            throw new StowageException(ErrorCode.SERVER, "cannot create scratch database " + scratch.name + " on "
                    + server.display() + ": " + e.getMessage(), "connect as a role that may create databases (-U), or drop --deep",
                    e.getSQLState(), e);
        }
        return scratch;
    }

    /** The scratch database's name. */
    public String name() {
        return name;
    }

    /** Settings that connect to the scratch database. */
    public ConnectionSettings settings() {
        return server.withDatabase(name);
    }

    /** The server, as {@code ConnectionSettings.display()} shows it, without a database. */
    public String serverDisplay() {
        return server.display();
    }

    /**
     * Counts the rows of each table with {@code SELECT count(*)}.
     *
     * @return rows per table ({@code schema.table}); -1 for a table the database does not have
     */
    public Map<String, Long> countRows(List<ExpectedRows> tables) {
        Map<String, Long> counted = new LinkedHashMap<>();
        try (Connection c = PgConnector.open(settings())) {
            c.setAutoCommit(true);
            for (ExpectedRows t : tables) {
                counted.put(t.qualified(), count(c, t));
            }
        } catch (SQLException e) {
            throw new StowageException(ErrorCode.SERVER, "cannot count rows in scratch database " + name + ": " + e.getMessage(),
                    "check the server " + server.display(), e.getSQLState(), e);
        }
        return counted;
    }

    private static long count(Connection c, ExpectedRows t) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + ident(t.schema()) + "." + ident(t.table()))) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
                return -1; // undefined table or schema: the restore did not create it
            }
            throw e;
        }
    }

    /**
     * Restores into a new scratch database on {@code server}, counts the rows of every table
     * {@code expected} names, compares them, and drops the database again in every case.
     *
     * @param restore    restores into the settings it is given
     * @param subject    what is checked, for messages (such as {@code backup KEY})
     * @param expectedBy who expects the counts, for messages (such as {@code metadata.json records})
     * @throws StowageException VERIFICATION naming the first table whose count differs, with both counts
     */
    public static ScratchCheck restoreAndCount(ConnectionSettings server, Function<ConnectionSettings, RestoreResult> restore,
                                               List<ExpectedRows> expected, String subject, String expectedBy) {
        try (ScratchDatabase scratch = create(server)) {
            RestoreResult result = restore.apply(scratch.settings());
            Map<String, Long> counted = scratch.countRows(expected);
            for (ExpectedRows t : expected) {
                long found = counted.get(t.qualified());
                if (found != t.rows()) {
                    throw new StowageException(ErrorCode.VERIFICATION, subject + " does not restore as it should: "
                            + (found < 0 ? "table " + t.qualified() + " is missing" : "table " + t.qualified() + " has " + found + " rows")
                            + " in scratch database " + scratch.name() + " on " + server.display() + ", " + expectedBy + " "
                            + t.rows(), "restore another backup or archive; run the restore by hand with -e to see the first error");
                }
            }
            return new ScratchCheck(server.display(), scratch.name(), counted, result.errorsIgnored());
        }
    }

    /** Drops the scratch database (terminating any session still in it); safe to call twice. */
    @Override
    public void close() {
        unhook();
        drop();
    }

    private void unhook() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran) the drop itself
        }
    }

    private void dropQuietly() {
        try {
            drop();
        } catch (RuntimeException e) {
            System.err.println("warning: " + e.getMessage());
        }
    }

    private void drop() {
        if (!dropped.compareAndSet(false, true)) {
            return;
        }
        try (Connection c = PgConnector.open(server); Statement s = c.createStatement()) {
            if (c.getMetaData().getDatabaseMajorVersion() >= 13) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                return;
            }
            // before 13 there is no FORCE: end the sessions a cut-short restore left, then drop
            for (int attempt = 0; ; attempt++) {
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    p.setString(1, name);
                    p.executeQuery().close();
                }
                try {
                    s.execute("DROP DATABASE IF EXISTS " + name);
                    return;
                } catch (SQLException e) {
                    if (!"55006".equals(e.getSQLState()) || attempt >= 20) {
                        throw e;
                    }
                    Thread.sleep(100); // object in use: a terminated session is still going away
                }
            }
        } catch (SQLException e) {
            throw new StowageException(ErrorCode.SERVER, "cannot drop scratch database " + name + " on " + server.display()
                    + ": " + e.getMessage(), "drop it by hand: DROP DATABASE " + name, e.getSQLState(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StowageException(ErrorCode.CANCELLED, "interrupted while dropping scratch database " + name,
                    "drop it by hand: DROP DATABASE " + name);
        }
    }

    /** pg_dump's fmtId, always quoting: names come from an archive, so nothing about them is assumed. */
    private static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /**
     * The rows one table should hold after the restore.
     *
     * @param schema the table's schema
     * @param table  the table's name
     * @param rows   the rows expected
     */
    public record ExpectedRows(String schema, String table, long rows) {
        public ExpectedRows {
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(table, "table");
        }

        /** {@code schema.table}, as backup metadata names tables. */
        public String qualified() {
            return schema + "." + table;
        }
    }
}
