package io.stowage.testkit;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.connect.Secret;
import io.stowage.core.connect.SslMode;
import io.stowage.core.options.RestoreOptions;
import io.stowage.core.progress.ProgressListener;
import io.stowage.postgres.restore.NativeRestorer;
import io.stowage.postgres.restore.RestoreResult;
import io.stowage.postgres.sql.SqlText;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running embedded PostgreSQL server, reached over TCP on 127.0.0.1 as the superuser
 * {@code postgres} without a password.
 *
 * <p>Get one from {@link PgServers}: {@link PgServers#get(int)} hands out a server shared by every
 * test of the JVM (its {@link #close()} does nothing; a shutdown hook stops it and removes its data
 * directory), {@link PgServers#start(int)} a private one the caller closes.
 *
 * <p>Tests share servers, so each test works in its own database: {@link #createDatabase()}.
 */
public final class PgServer implements AutoCloseable {
    /** The superuser every server is created with. */
    public static final String SUPERUSER = "postgres";
    /** The maintenance database, always present. */
    public static final String MAINTENANCE_DB = "postgres";

    private static final AtomicInteger DATABASE_COUNTER = new AtomicInteger();

    private final EmbeddedPostgres postgres;
    private final int major;
    private final String version;
    private final boolean shared;
    private final SslFiles ssl;

    PgServer(EmbeddedPostgres postgres, int major, boolean shared) {
        this(postgres, major, shared, null);
    }

    PgServer(EmbeddedPostgres postgres, int major, boolean shared, SslFiles ssl) {
        this.postgres = postgres;
        this.shared = shared;
        this.ssl = ssl;
        this.major = major;
        try (Connection c = connect(MAINTENANCE_DB); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version'), current_setting('server_version_num')::int")) {
            rs.next();
            this.version = rs.getString(1);
            int actualMajor = rs.getInt(2) / 10000;
            if (actualMajor != major) {
                throw new IllegalStateException("asked for PostgreSQL " + major + " but the binaries started " + version
                        + "; the binaries on the classpath must be PostgreSQL " + PgServers.DEFAULT_MAJOR);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL " + major + " started but does not answer: " + e.getMessage(), e);
        }
    }

    /** The server's major version, 12 to 18. */
    public int major() {
        return major;
    }

    /** The server's TCP port on 127.0.0.1. */
    public int port() {
        return postgres.getPort();
    }

    /** The server's {@code server_version}, for example {@code 17.6}. */
    public String version() {
        return version;
    }

    /** True for a server shared by the whole JVM, whose {@link #close()} does nothing. */
    public boolean isShared() {
        return shared;
    }

    /**
     * The certificates of a server started by {@link PgServers#startWithSsl(int)}: {@link SslFiles#rootCert()}
     * is what a client gives as {@code sslrootcert}. Empty for a server without SSL.
     */
    public java.util.Optional<SslFiles> ssl() {
        return java.util.Optional.ofNullable(ssl);
    }

    /** Connection settings for {@code database} as the superuser: 127.0.0.1, no password, sslmode disable. */
    public ConnectionSettings settings(String database) {
        return settings(database, SUPERUSER, null);
    }

    /** Connection settings for {@code database} as {@code user} with {@code password} (may be null). */
    public ConnectionSettings settings(String database, String user, String password) {
        return new ConnectionSettings("127.0.0.1", port(), user, Secret.of(password), database, SslMode.DISABLE, 10,
                "stowage-testkit", Map.of());
    }

    /** A JDBC URL for {@code database}, without credentials. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** Opens a JDBC connection to {@code database} as the superuser; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", SUPERUSER);
        props.setProperty("sslmode", "disable");
        props.setProperty("ApplicationName", "stowage-testkit");
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** Creates an empty database with a fresh unique name (from template0, UTF8) and returns the name. */
    public String createDatabase() {
        String name = uniqueName();
        createDatabase(name);
        return name;
    }

    private static String uniqueName() {
        return "t" + DATABASE_COUNTER.incrementAndGet() + "_" + Long.toString(System.nanoTime() & 0xffffffL, 36);
    }

    /** Creates the empty database {@code name} from template0 with UTF8 encoding. */
    public void createDatabase(String name) {
        execute(MAINTENANCE_DB, "CREATE DATABASE " + SqlText.ident(name) + " TEMPLATE template0 ENCODING 'UTF8'");
    }

    /**
     * Creates a database with a fresh unique name as a copy of {@code template} (CREATE DATABASE ...
     * TEMPLATE), which must have no open connections, and returns the new name.
     */
    public String copyDatabase(String template) {
        String name = uniqueName();
        execute(MAINTENANCE_DB, "CREATE DATABASE " + SqlText.ident(name) + " TEMPLATE " + SqlText.ident(template));
        return name;
    }

    /** Drops {@code name} if it exists, first ending any session still connected to it. */
    public void dropDatabase(String name) {
        // WITH (FORCE) needs 13; ending the sessions first works on every major.
        execute(MAINTENANCE_DB,
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = " + SqlText.literal(name)
                        + " AND pid <> pg_backend_pid()",
                "DROP DATABASE IF EXISTS " + SqlText.ident(name));
    }

    /** Runs each statement in its own autocommit transaction as the superuser. */
    public void execute(String database, String... sql) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String statement : sql) {
                try {
                    s.execute(statement);
                } catch (SQLException e) {
                    throw new IllegalStateException("on PostgreSQL " + major + " database " + database + ": " + e.getMessage()
                            + " [SQLSTATE " + e.getSQLState() + "] in: " + statement, e);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to database " + database + " on PostgreSQL " + major + ": "
                    + e.getMessage(), e);
        }
    }

    /** Runs one query and returns its first column, one string per row. */
    public List<String> queryColumn(String database, String sql) {
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException("on PostgreSQL " + major + " database " + database + ": " + e.getMessage()
                    + " [SQLSTATE " + e.getSQLState() + "] in: " + sql, e);
        }
    }

    /**
     * Creates the login role {@code name} (a superuser) with {@code password}, and makes the server
     * demand scram-sha-256 password authentication from that role over TCP, so a wrong password is
     * rejected while the kit's own superuser keeps connecting without one.
     */
    public synchronized void createPasswordRole(String name, String password) {
        execute(MAINTENANCE_DB,
                "SET password_encryption = 'scram-sha-256'",
                "CREATE ROLE " + SqlText.ident(name) + " LOGIN SUPERUSER PASSWORD " + SqlText.literal(password));
        Path hba = Path.of(queryColumn(MAINTENANCE_DB, "SHOW hba_file").get(0));
        String role = SqlText.ident(name);
        String lines = "host all " + role + " 127.0.0.1/32 scram-sha-256\n"
                + "host all " + role + " ::1/128 scram-sha-256\n";
        try {
            // pg_hba.conf is read top down and the first matching line wins, so these go first.
            Files.writeString(hba, lines + Files.readString(hba, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + hba, e);
        }
        execute(MAINTENANCE_DB, "SELECT pg_reload_conf()");
        awaitPasswordRequired(name);
    }

    /** The postmaster reloads pg_hba.conf asynchronously after SIGHUP; wait until the rule bites. */
    private void awaitPasswordRequired(String role) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            Properties props = new Properties();
            props.setProperty("user", role);
            props.setProperty("password", "\u0001not-the-password");
            props.setProperty("sslmode", "disable");
            try (Connection ignored = DriverManager.getConnection(jdbcUrl(MAINTENANCE_DB), props)) {
                // still trusted: the reload has not happened yet
            } catch (SQLException e) {
                if ("28P01".equals(e.getSQLState())) {
                    return;
                }
                throw new IllegalStateException("unexpected failure while waiting for the pg_hba.conf reload: " + e.getMessage(), e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL " + major + " still accepts role " + role
                        + " without its password 10 s after reloading pg_hba.conf");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /**
     * Loads every script of {@code corpus}, in order, into {@code database} with the product's restore
     * engine, stopping at the first error.
     */
    public void load(String database, Corpus corpus) {
        for (Corpus.Script script : corpus.scripts()) {
            try (InputStream in = script.open()) {
                load(database, in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + script.name(), e);
            }
        }
    }

    /**
     * Executes a plain SQL script in {@code database} with the product's restore engine
     * ({@link NativeRestorer}, exit on error). The caller closes {@code script}.
     */
    public RestoreResult load(String database, InputStream script) {
        RestoreOptions options = RestoreOptions.builder().exitOnError(true).build();
        return new NativeRestorer(settings(database), options, ProgressListener.NONE).run(script);
    }

    /** Stops a private server and removes its data directory; does nothing for a shared server. */
    @Override
    public void close() {
        if (!shared) {
            stop();
        }
    }

    void stop() {
        try {
            postgres.close();
            if (ssl != null) {
                PgServers.deleteTree(ssl.directory());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL " + major, e);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL " + version + " on 127.0.0.1:" + port() + (ssl != null ? " with SSL" : "") + (shared ? " (shared)" : "");
    }
}
