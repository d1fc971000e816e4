package io.stowage.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

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

    /**
     * Starts a private server of {@code major} that accepts SSL ({@code ssl=on}) as well as plain connections,
     * with a server certificate for {@code localhost} and {@code 127.0.0.1} signed by a throwaway CA; the CA
     * certificate is {@link PgServer#ssl()}'s {@link SslFiles#rootCert()}. The caller closes the server, which
     * also deletes the certificates.
     */
    public static PgServer startWithSsl(int major) {
        PgBinaries.version(major);
        Path dir;
        try {
            dir = Files.createTempDirectory("stowage-ssl-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for test certificates", e);
        }
        try {
            return launch(major, false, SslFiles.generate(dir));
        } catch (RuntimeException e) {
            try {
                deleteTree(dir);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Starts a private server of {@code major} with the test kit's security label provider
     * {@value LabelProvider#PROVIDER} loaded ({@code shared_preload_libraries}), so that
     * {@code SECURITY LABEL FOR stowage ON ...} works on it. The caller closes the server.
     *
     * @throws IllegalStateException when the provider cannot be built here; a test checks
     *                               {@link LabelProvider#unavailableReason(int)} first and skips
     */
    public static PgServer startWithLabelProvider(int major) {
        Path library = LabelProvider.library(major);
        return launch(major, false, null, Map.of("shared_preload_libraries", library.toString()));
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static PgServer launch(int major, boolean shared) {
        return launch(major, shared, null);
    }

    private static PgServer launch(int major, boolean shared, SslFiles ssl) {
        return launch(major, shared, ssl, Map.of());
    }

    private static PgServer launch(int major, boolean shared, SslFiles ssl, Map<String, String> extraConfig) {
        EmbeddedPostgres postgres;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            extraConfig.forEach(builder::setServerConfig);
            if (ssl != null) {
                // initdb's pg_hba.conf has "host" lines, which match SSL and plain connections alike.
                builder.setServerConfig("ssl", "on")
                        .setServerConfig("ssl_cert_file", ssl.serverCert().toString())
                        .setServerConfig("ssl_key_file", ssl.serverKey().toString());
            }
            postgres = builder
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
            return new PgServer(postgres, major, shared, ssl);
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
