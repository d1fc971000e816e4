package io.stowage.cli;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stowage's configuration file: a Java properties file (UTF-8) whose one key, {@code repo}, names the
 * backup repository when neither {@code --repo} nor {@code STOWAGE_REPO} does. It is {@code --config
 * FILE}, else the file {@code $STOWAGE_CONFIG} names, else {@code $XDG_CONFIG_HOME/stowage/config.properties}
 * (XDG_CONFIG_HOME defaulting to {@code ~/.config}) when that exists. A file named by --config or
 * STOWAGE_CONFIG must exist; any file found is read whole, and an unreadable file, an unknown key or
 * an empty {@code repo} is a USAGE error naming the file (and the key).
 *
 * @param file the file read
 * @param repo the repository location it gives, or {@code null}
 */
record ConfigFile(Path file, String repo) {
    /** The environment variable naming the configuration file. */
    static final String ENV = "STOWAGE_CONFIG";
    /** The key naming the repository. */
    static final String REPO = "repo";
    private static final Set<String> KEYS = Set.of(REPO);

    /**
     * The configuration file that applies, read, or empty when none was named and the default file does
     * not exist.
     *
     * @param explicit {@code --config}, or {@code null}
     * @param env      the environment ({@code STOWAGE_CONFIG}, {@code XDG_CONFIG_HOME}, {@code HOME})
     * @param userHome the home directory when {@code HOME} is unset ({@code user.home})
     */
    static Optional<ConfigFile> find(Path explicit, Map<String, String> env, String userHome) {
        if (explicit != null) {
            return Optional.of(read(explicit, "--config"));
        }
        String named = env.get(ENV);
        if (named != null && !named.isBlank()) {
            return Optional.of(read(Path.of(named), ENV));
        }
        Path fallback = defaultFile(env, userHome);
        return fallback != null && Files.exists(fallback) ? Optional.of(read(fallback, null)) : Optional.empty();
    }

    /** {@code $XDG_CONFIG_HOME/stowage/config.properties}, or under {@code ~/.config}; null without a home. */
    static Path defaultFile(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_CONFIG_HOME");
        // the XDG specification: a relative XDG_CONFIG_HOME is invalid and ignored
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "stowage", "config.properties");
        }
        String home = env.get("HOME");
        if (home == null || home.isEmpty()) {
            home = userHome;
        }
        return home == null || home.isEmpty() ? null : Path.of(home, ".config", "stowage", "config.properties");
    }

    /** Reads one file; {@code namedBy} says where its name came from, for the message when it is missing. */
    static ConfigFile read(Path file, String namedBy) {
        if (!Files.exists(file)) {
            throw new StowageException(ErrorCode.USAGE, "the configuration file " + file + " does not exist",
                    "create it (a properties file with repo=LOCATION) or fix " + (namedBy == null ? "its path" : namedBy));
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a malformed \\uXXXX escape
            throw new StowageException(ErrorCode.USAGE, "cannot read the configuration file " + file + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    "make it a readable UTF-8 properties file (repo=LOCATION)", e);
        }
        Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new StowageException(ErrorCode.USAGE, "unknown key \"" + unknown.iterator().next() + "\" in the configuration file "
                    + file, "the only key is repo (repo=LOCATION); remove or fix the line");
        }
        String repo = properties.getProperty(REPO);
        if (repo != null && repo.isBlank()) {
            throw new StowageException(ErrorCode.USAGE, "the key \"repo\" in the configuration file " + file + " is empty",
                    "give a location (repo=/var/backups/stowage or repo=s3://bucket/prefix) or remove the line");
        }
        return new ConfigFile(file, repo == null ? null : repo.strip());
    }
}
