package io.stowage.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The test kit's own security label provider, {@value #PROVIDER}: a tiny server module
 * ({@code stowage_label.c}, a resource next to this class) compiled with gcc against the installed
 * PostgreSQL server headers of a major, once per JVM and major, and loaded into a private server
 * through {@code shared_preload_libraries} ({@link PgServers#startWithLabelProvider(int)}).
 *
 * <p>PostgreSQL ships no provider a test can load (sepgsql needs SELinux, dummy_seclabel is a
 * regression-test module left out of the packages). The provider accepts any label except
 * {@value #REJECTED_LABEL}, which it rejects with SQLSTATE 42602.
 *
 * <p>Building needs gcc and the major's headers: on Debian {@code postgresql-server-dev-<major>},
 * found through {@code /usr/lib/postgresql/<major>/bin/pg_config}. When either is missing,
 * {@link #unavailableReason(int)} says so and what to install; a test skips with that reason.
 */
public final class LabelProvider {
    /** The provider name to write in {@code SECURITY LABEL FOR ...}. */
    public static final String PROVIDER = "stowage";
    /** The one label the provider rejects. */
    public static final String REJECTED_LABEL = "invalid";

    private static final String SOURCE = "stowage_label.c";

    /** Per major: the built module, or why it cannot be built. */
    private static final Map<Integer, Build> BUILDS = new ConcurrentHashMap<>();

    private record Build(Path library, String failure) {
    }

    private LabelProvider() {
    }

    /**
     * Why the provider cannot be loaded into a server of {@code major} here (missing headers or
     * compiler, or a failed build), saying what to install; empty when it can.
     */
    public static Optional<String> unavailableReason(int major) {
        return Optional.ofNullable(build(major).failure());
    }

    /** The compiled module for {@code major}: an absolute path readable by every user. */
    static Path library(int major) {
        Build b = build(major);
        if (b.failure() != null) {
            throw new IllegalStateException(b.failure());
        }
        return b.library();
    }

    private static Build build(int major) {
        PgBinaries.version(major);
        return BUILDS.computeIfAbsent(major, LabelProvider::compile);
    }

    private static Build compile(int major) {
        Path pgConfig = Path.of("/usr/lib/postgresql/" + major + "/bin/pg_config");
        String install = "install gcc and postgresql-server-dev-" + major + " (.ci/run does)";
        if (!Files.isExecutable(pgConfig)) {
            return failed("the security label provider needs the PostgreSQL " + major + " server headers (no " + pgConfig
                    + "); " + install);
        }
        try {
            Result includes = run(List.of(pgConfig.toString(), "--includedir-server"), null);
            Path includeDir = Path.of(includes.out().strip());
            if (includes.exit() != 0 || !Files.isRegularFile(includeDir.resolve("postgres.h"))) {
                return failed("the security label provider needs the PostgreSQL " + major + " server headers ("
                        + pgConfig + " --includedir-server gave '" + includes.out().strip() + "' without postgres.h); " + install);
            }
            // The server may run as another user (an unprivileged one in a user namespace when the
            // tests run as root), so the directory and the module must be readable by everyone.
            Path dir = Files.createTempDirectory("stowage-label-" + major + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // whatever the umask
            Path source = dir.resolve(SOURCE);
            try (InputStream in = LabelProvider.class.getResourceAsStream(SOURCE)) {
                if (in == null) {
                    return failed("no " + SOURCE + " next to " + LabelProvider.class.getName() + " on the classpath");
                }
                Files.copy(in, source);
            }
            Path library = dir.resolve("stowage_label.so");
            Result gcc;
            try {
                gcc = run(List.of("gcc", "-shared", "-fPIC", "-O2", "-Wall", "-Werror", "-I" + includeDir,
                        "-o", library.toString(), source.toString()), dir);
            } catch (IOException e) {
                return failed("the security label provider needs gcc on the PATH (" + e.getMessage() + "); " + install);
            }
            if (gcc.exit() != 0) {
                return failed("gcc could not build " + SOURCE + " against " + includeDir + ": " + gcc.err().strip());
            }
            Files.setPosixFilePermissions(library, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-r--r--"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    PgServers.deleteTree(dir);
                } catch (IOException ignored) {
                    // a temporary directory left behind is harmless
                }
            }));
            return new Build(library.toAbsolutePath(), null);
        } catch (IOException e) {
            return failed("cannot build the security label provider for PostgreSQL " + major + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted while building the security label provider");
        }
    }

    private static Build failed(String reason) {
        return new Build(null, reason);
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(List<String> command, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(false);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        p.getOutputStream().close();
        // both outputs are a few lines at most, far below a pipe's buffer
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish within 2 minutes");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
