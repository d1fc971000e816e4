package io.stowage.cli;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.repo.Repository;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code --repo LOCATION} and {@code --config FILE}. The repository is --repo, else the STOWAGE_REPO
 * environment variable, else the {@code repo} key of the {@link ConfigFile configuration file}.
 */
final class RepoOptions {
    /** The environment variable that names the repository when --repo is not given. */
    static final String ENV = "STOWAGE_REPO";

    @Option(names = "--repo", paramLabel = "LOCATION",
            description = "The backup repository: a directory, file:///dir or s3://bucket/prefix "
                    + "(default: $STOWAGE_REPO, else repo= in the configuration file).")
    String repo;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (default: $STOWAGE_CONFIG, else ~/.config/stowage/config.properties if it exists).")
    Path config;

    /** Opens the repository; a USAGE error naming --repo, STOWAGE_REPO and the configuration file when none gives it. */
    Repository open() {
        return Repository.open(location(repo, config, System.getenv(), System.getProperty("user.home")));
    }

    /**
     * Whether --repo, STOWAGE_REPO or a configuration file (--config, or the default one) gives a
     * location; for commands whose positional argument is a key only when a repository is meant.
     */
    boolean given() {
        return find(repo, config, System.getenv(), System.getProperty("user.home")) != null;
    }

    /**
     * The repository location without --repo (STOWAGE_REPO, else the configuration file), or {@code null};
     * for commands whose arguments decide whether a repository is meant at all.
     */
    static String fallback() {
        return find(null, null, System.getenv(), System.getProperty("user.home"));
    }

    /**
     * The location: {@code repo}, else STOWAGE_REPO, else the configuration file's {@code repo}. A
     * configuration file that applies is read even when it is not needed, so a broken one is never
     * silently ignored.
     *
     * @throws StowageException USAGE when none gives a location, or the configuration file is broken
     */
    static String location(String repo, Path config, Map<String, String> env, String userHome) {
        String found = find(repo, config, env, userHome);
        if (found != null) {
            return found;
        }
        ConfigFile file = ConfigFile.find(config, env, userHome).orElse(null);
        Path fallback = ConfigFile.defaultFile(env, userHome);
        throw new StowageException(ErrorCode.USAGE, "no backup repository given",
                "give --repo LOCATION (a directory or s3://bucket/prefix), set STOWAGE_REPO, or put repo=LOCATION in "
                        + (file != null ? file.file() : fallback != null ? fallback : "a configuration file (--config FILE)"));
    }

    /**
     * {@code repo}, else STOWAGE_REPO, else the configuration file's {@code repo}, or {@code null}.
     * A configuration file that applies is read even when it is not needed, so a broken one is
     * never silently ignored.
     */
    private static String find(String repo, Path config, Map<String, String> env, String userHome) {
        ConfigFile file = ConfigFile.find(config, env, userHome).orElse(null);
        if (repo != null && !repo.isBlank()) {
            return repo;
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return file == null ? null : file.repo();
    }
}
