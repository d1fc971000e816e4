package io.stowage.core.storage;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Where a storage is, as a user writes it: a path ({@code /backups}, {@code backups}), a
 * {@code file:///backups} URL, or {@code s3://bucket/prefix}, each optionally followed by options as
 * a query string ({@code s3://b/p?endpoint=http://127.0.0.1:9000&path-style=true}).
 *
 * <p>Options are for settings, never secrets: credentials come from each backend's usual sources
 * (for S3 the AWS default chain), so a location can be printed as it is.
 *
 * @param scheme    {@code "file"}, {@code "s3"} or another provider's scheme, lower case
 * @param authority the bucket or host part ({@code ""} for files)
 * @param path      for files the absolute directory; otherwise the prefix inside the authority,
 *                  without leading or trailing '/' ({@code ""} for none)
 * @param options   the query-string options, in the order given
 */
public record StorageLocation(String scheme, String authority, String path, Map<String, String> options) {
    /** The scheme of local directories. */
    public static final String FILE = "file";

    public StorageLocation {
        options = Map.copyOf(options);
    }

    /**
     * Parses a location.
     *
     * @throws StowageException USAGE when the text is empty or malformed
     */
    public static StorageLocation parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text, "it is empty");
        }
        String body = text;
        Map<String, String> options = new LinkedHashMap<>();
        int q = text.indexOf('?');
        int schemeEnd = text.indexOf("://");
        if (q >= 0 && schemeEnd >= 0 && q > schemeEnd) {
            // only URLs take options: a '?' in a plain path is part of the file name
            body = text.substring(0, q);
            options = parseOptions(text, text.substring(q + 1));
        }
        if (schemeEnd < 0) {
            return new StorageLocation(FILE, "", Path.of(text).toAbsolutePath().normalize().toString(), Map.of());
        }
        String scheme = body.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.matches("[a-z][a-z0-9+.-]*")) {
            throw invalid(text, "\"" + scheme + "\" is not a URL scheme");
        }
        String rest = body.substring(schemeEnd + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        if (scheme.equals(FILE)) {
            if (!authority.isEmpty() && !authority.equals("localhost")) {
                throw invalid(text, "file URLs name a local path (file:///dir)");
            }
            return new StorageLocation(FILE, "", Path.of("/" + path).normalize().toString(), options);
        }
        if (authority.isEmpty()) {
            throw invalid(text, "it names no bucket or host after \"" + scheme + "://\"");
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.isEmpty()) {
            StorageKeys.check(path);
        }
        return new StorageLocation(scheme, authority, path, options);
    }

    /**
     * Parses {@code text} and opens the storage there through the provider of its scheme.
     *
     * @throws StowageException USAGE when no provider serves the scheme
     */
    public static Storage open(String text) {
        return parse(text).open();
    }

    /** Opens the storage here through the provider of {@link #scheme()}. */
    public Storage open() {
        TreeSet<String> known = new TreeSet<>();
        for (StorageProvider provider : ServiceLoader.load(StorageProvider.class, StorageLocation.class.getClassLoader())) {
            if (provider.scheme().equals(scheme)) {
                return provider.open(this);
            }
            known.add(provider.scheme());
        }
        throw new StowageException(ErrorCode.USAGE, "no storage for \"" + scheme + "://\" locations (known: "
                + String.join(", ", known) + ")",
                scheme.equals("s3") ? "put the stowage-s3 module on the class path" : "use a directory or an s3:// location");
    }

    /** The option {@code name}, or {@code fallback} when it is not given. */
    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /** A copy with one more option (replacing any of that name). */
    public StorageLocation withOption(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(options);
        copy.put(name, value);
        return new StorageLocation(scheme, authority, path, copy);
    }

    @Override
    public String toString() {
        if (scheme.equals(FILE)) {
            return path;
        }
        return scheme + "://" + authority + (path.isEmpty() ? "" : "/" + path);
    }

    private static Map<String, String> parseOptions(String text, String query) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw invalid(text, "option \"" + pair + "\" is not name=value");
            }
            options.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return options;
    }

    private static StowageException invalid(String text, String problem) {
        return new StowageException(ErrorCode.USAGE, "invalid storage location \"" + text + "\": " + problem,
                "give a directory, file:///dir or s3://bucket/prefix");
    }
}
