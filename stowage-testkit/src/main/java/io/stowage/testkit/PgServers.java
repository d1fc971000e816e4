package io.stowage.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts embedded PostgreSQL servers (zonky binaries) of majors 12 to 18.
 *
 * <p>Servers are tuned for throwaway data: {@code fsync}, {@code synchronous_commit} and
 * {@code full_page_writes} off, UTF8 encoding with the C locale, TimeZone UTC, 300 connections.
 */
public final class PgServers {
    /** The major whose binaries are on the classpath, used when a caller does not pick one. */
    public static final int DEFAULT_MAJOR = 17;

    private static final Map<Integer, PgServer> SHARED = new ConcurrentHashMap<>();

    private PgServers() {
    }

    /** The majors the kit can start, ascending: 12 to 18. */
    public static List<Integer> supportedMajors() {
        return List.copyOf(PgBinaries.VERSIONS.keySet());
    }

    /** The zonky binaries release used for {@code major}, for example {@code 17.11.0}. */
    public static String binariesVersion(int major) {
        return PgBinaries.version(major);
    }

    /**
     * The JVM-wide server of {@code major}, started on first use and reused by every later caller.
     * A shutdown hook stops it and deletes its data directory; do not close it.
     */
    public static PgServer get(int major) {
        PgBinaries.version(major);
        return SHARED.computeIfAbsent(major, m -> launch(m, true));
    }

    /** The JVM-wide server of the {@link #DEFAULT_MAJOR default major}. */
    public static PgServer getDefault() {
        return get(DEFAULT_MAJOR);
    }

    /** Starts a private server of {@code major}; the caller closes it, which deletes its data. */
    public static PgServer start(int major) {
        return launch(major, false);
    }

    /** Starts a private server of the default major (for {@code stowage demo}); the caller closes it. */
    public static PgServer startDefault() {
        return start(DEFAULT_MAJOR);
    }

    private static PgServer launch(int major, boolean shared) {
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPgBinaryResolver(PgBinaries.resolver(major))
                    // initdb already gets -E UTF-8 from zonky; the C locale sorts the same on every machine.
                    .setLocaleConfig("locale", "C")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("max_wal_size", "1GB")
                    .setServerConfig("shared_buffers", "64MB")
                    .setServerConfig("timezone", "UTC")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // zonky's hook stops the postmaster and deletes the data directory at JVM exit.
                    .setRegisterShutdownHook(true)
                    .setCleanDataDirectory(true)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL " + major + " (binaries "
                    + PgBinaries.version(major) + "): " + e.getMessage(), e);
        }
        try {
            return new PgServer(postgres, major, shared);
        } catch (RuntimeException e) {
            try {
                postgres.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
