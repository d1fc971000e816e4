package io.stowage.tools.pg;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.tools.process.Command;
import io.stowage.tools.process.ProcessResult;
import io.stowage.tools.process.ProcessRunner;
import io.stowage.tools.process.StdoutSink;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds PostgreSQL client programs and picks the right ones for a server.
 *
 * <p>Where it looks, in this order:
 * <ol>
 *   <li>{@code --pg-bin DIR} when given: that directory and nothing else;</li>
 *   <li>otherwise the {@code STOWAGE_PG_BIN} environment variable when set: that directory and nothing else;</li>
 *   <li>otherwise every directory on the {@code PATH}, then the {@link InstallLocation#defaults usual install
 *       locations}.</li>
 * </ol>
 * An explicit choice is exclusive because an operator who names a directory means exactly those programs.
 * Each directory's version is read from {@code pg_dump --version} (or, without pg_dump, pg_restore's or psql's).
 *
 * <p>For a dump of a server of major version S the engine needs a pg_dump of major S or newer (pg_dump
 * refuses newer servers); {@link #forServer} picks the lowest such major, so the output is as close
 * as possible to what the server's own pg_dump writes, and takes all programs from that one directory.
 * Instances cache what they found and are thread-safe.
 */
public final class PgBinaries {
    /** The environment variable naming the directory of the client programs. */
    public static final String ENV_VARIABLE = "STOWAGE_PG_BIN";

    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(15);

    private final Path pgBin;
    private final Map<String, String> environment;
    private final boolean windows;
    private final List<InstallLocation> locations;
    private final ProcessRunner runner;
    private volatile List<PgInstallation> found;

    /**
     * The usual lookup for this machine: {@code pgBin} (may be {@code null}), then this process's
     * environment, PATH and the usual install locations.
     */
    public static PgBinaries locate(Path pgBin) {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return new PgBinaries(pgBin, System.getenv(), windows, InstallLocation.defaults(windows), new ProcessRunner());
    }

    /**
     * A lookup with every input given (for tests and embedders).
     *
     * @param pgBin       the {@code --pg-bin} directory, or {@code null}
     * @param environment the environment to read {@code STOWAGE_PG_BIN} and {@code PATH} from
     * @param windows     whether programs carry {@code .exe} and PATH is separated by {@code ;}
     * @param locations   the install locations to search after the PATH
     * @param runner      runs {@code --version}
     */
    public PgBinaries(Path pgBin, Map<String, String> environment, boolean windows, List<InstallLocation> locations,
                      ProcessRunner runner) {
        this.pgBin = pgBin;
        this.environment = Map.copyOf(environment);
        this.windows = windows;
        this.locations = List.copyOf(locations);
        this.runner = runner;
    }

    /** Every installation found, in search order, one per directory. */
    public List<PgInstallation> installations() {
        List<PgInstallation> result = found;
        if (result == null) {
            synchronized (this) {
                if (found == null) {
                    found = discover();
                }
                result = found;
            }
        }
        return result;
    }

    /**
     * The installation to use against a server of major version {@code serverMajor}: the lowest major
     * that is at least the server's among the directories holding all of {@code tools}.
     *
     * @throws StowageException ({@link ErrorCode#ENVIRONMENT}) naming the server version, the versions found
     *                          and the client to install, when none fits
     */
    public PgInstallation forServer(int serverMajor, Set<PgTool> tools) {
        List<PgInstallation> complete = complete(tools);
        Optional<PgInstallation> fit = complete.stream()
                .filter(i -> i.version().major() >= serverMajor)
                .min(Comparator.comparingInt((PgInstallation i) -> i.version().major()));
        if (fit.isPresent()) {
            return fit.get();
        }
        String needed = names(tools);
        if (complete.isEmpty()) {
            throw new StowageException(ErrorCode.ENVIRONMENT, "no " + needed + " found (searched " + searched() + ")",
                    fix(serverMajor));
        }
        String versions = complete.stream().map(PgInstallation::describe).collect(Collectors.joining(", "));
        throw new StowageException(ErrorCode.ENVIRONMENT, "server version mismatch: the PostgreSQL server is version " + serverMajor
                + " but the newest " + needed + " found is " + complete.stream().map(i -> i.version().major())
                .max(Integer::compare).orElseThrow() + " (found: " + versions + "); pg_dump cannot dump a newer server",
                fix(serverMajor));
    }

    /**
     * The newest installation holding all of {@code tools}: what a restore uses, since pg_restore reads
     * every archive version up to its own and loads into servers of any version.
     *
     * @throws StowageException ({@link ErrorCode#ENVIRONMENT}) when none holds them
     */
    public PgInstallation newest(Set<PgTool> tools) {
        return complete(tools).stream().max(Comparator.comparing(PgInstallation::version))
                .orElseThrow(() -> new StowageException(ErrorCode.ENVIRONMENT, "no " + names(tools) + " found (searched "
                        + searched() + ")", "install the PostgreSQL client (Debian: apt-get install postgresql-client) or pass --pg-bin DIR"));
    }

    private List<PgInstallation> complete(Set<PgTool> tools) {
        return installations().stream().filter(i -> tools.stream().allMatch(i::has)).toList();
    }

    private static String names(Set<PgTool> tools) {
        return tools.stream().sorted().map(PgTool::command).collect(Collectors.joining("/"));
    }

    private static String fix(int serverMajor) {
        return "install the PostgreSQL " + serverMajor + " client (Debian: apt-get install postgresql-client-" + serverMajor
                + "; RHEL: dnf install postgresql" + serverMajor + ") or pass --pg-bin DIR";
    }

    /** Where the search went, for messages. */
    private String searched() {
        if (pgBin != null) {
            return "--pg-bin " + pgBin;
        }
        String env = environment.get(ENV_VARIABLE);
        if (env != null && !env.isBlank()) {
            return ENV_VARIABLE + "=" + env;
        }
        return "PATH and " + locations.stream().map(l -> l.parent().resolve(l.namePrefix() + "*").resolve(l.below()).toString())
                .collect(Collectors.joining(", "));
    }

    private List<PgInstallation> discover() {
        Map<Path, String> candidates = new LinkedHashMap<>();
        String env = environment.get(ENV_VARIABLE);
        if (pgBin != null) {
            candidates.put(pgBin, "--pg-bin");
        } else if (env != null && !env.isBlank()) {
            candidates.put(Path.of(env.strip()), ENV_VARIABLE);
        } else {
            String path = environment.getOrDefault("PATH", environment.getOrDefault("Path", ""));
            for (String dir : path.split(windows ? ";" : File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.putIfAbsent(Path.of(dir.strip()), "PATH");
                }
            }
            for (InstallLocation location : locations) {
                for (Path dir : location.directories()) {
                    candidates.putIfAbsent(dir, "install location");
                }
            }
        }
        List<PgInstallation> result = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Map.Entry<Path, String> candidate : candidates.entrySet()) {
            probe(candidate.getKey(), candidate.getValue(), seen).ifPresent(result::add);
        }
        return List.copyOf(result);
    }

    private Optional<PgInstallation> probe(Path dir, String origin, Set<Path> seen) {
        for (PgTool tool : PgTool.values()) {
            Path program = dir.resolve(tool.fileName(windows));
            if (!Files.isRegularFile(program) || !Files.isExecutable(program)) {
                continue;
            }
            Path real;
            try {
                real = program.toRealPath();
            } catch (IOException e) {
                continue;
            }
            // Debian's /usr/bin/pg_dump is a link to pg_wrapper, which picks a version per call (by
            // cluster, PGCLUSTER, or the newest installed): never a fixed version. The real programs are
            // in /usr/lib/postgresql/*/bin, which the install locations cover.
            if (!real.getFileName().toString().equals(tool.fileName(windows))) {
                return Optional.empty();
            }
            if (!seen.add(real.getParent())) {
                return Optional.empty();   // the same directory reached twice (/bin and /usr/bin, a symlinked bin)
            }
            return version(program).map(v -> new PgInstallation(dir, v, origin, windows));
        }
        return Optional.empty();
    }

    private Optional<PgVersion> version(Path program) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ProcessResult result = runner.run(Command.of(program, List.of("--version")).withStdout(StdoutSink.stream(out)),
                    null, null, VERSION_TIMEOUT);
            return result.succeeded() ? PgVersion.parse(out.toString(StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
