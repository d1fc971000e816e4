package io.stowage.core.connect;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * libpq's password file ({@code ~/.pgpass}): lines {@code host:port:database:username:password}, a field of
 * exactly {@code *} matching anything, {@code \:} and {@code \\} escaping, comments starting with {@code #}
 * in the first column, the first matching line winning. Mirrors {@code passwordFromFile()} in libpq's fe-connect.c.
 */
final class PasswordFile {
    private static final Set<PosixFilePermission> GROUP_OR_WORLD = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PasswordFile() {
    }

    /**
     * Whether libpq would read {@code file} at all: it must exist, be a plain file, and (where the file system
     * has POSIX permissions) give no access to group or others. Warns exactly as libpq does otherwise.
     */
    static boolean usable(Path file, Consumer<String> warnings) {
        if (file == null || !Files.exists(file)) {
            return false;
        }
        if (!Files.isRegularFile(file)) {
            warnings.accept("password file \"" + file + "\" is not a plain file");
            return false;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(GROUP_OR_WORLD::contains)) {
                warnings.accept("password file \"" + file
                        + "\" has group or world access; permissions should be u=rw (0600) or less");
                return false;
            }
        } catch (UnsupportedOperationException e) {
            // No POSIX permissions here (Windows): libpq skips the check there too.
        } catch (IOException e) {
            return false;
        }
        return true;
    }

    /**
     * The password of the first line matching the connection, or empty. An unreadable file counts as no match,
     * as in libpq. Callers check {@link #usable} first.
     */
    static Optional<Secret> lookup(Path file, String host, int port, String database, String user) {
        if (file == null || database == null || database.isEmpty() || user == null || user.isEmpty()) {
            return Optional.empty();
        }
        // libpq matches an unset host, or the default socket directory, as "localhost".
        String hostKey = host == null || host.isEmpty() ? "localhost" : host;
        String portKey = Integer.toString(port);
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                Optional<String> password = match(stripCarriageReturn(line), hostKey, portKey, database, user);
                if (password.isPresent()) {
                    return password.map(Secret::of);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The de-escaped password if {@code line} matches the four keys. */
    static Optional<String> match(String line, String host, String port, String database, String user) {
        if (line.isEmpty() || line.charAt(0) == '#') {
            return Optional.empty();
        }
        int pos = 0;
        for (String token : new String[] {host, port, database, user}) {
            pos = matchField(line, pos, token);
            if (pos < 0) {
                return Optional.empty();
            }
        }
        StringBuilder password = new StringBuilder();
        for (int i = pos; i < line.length() && line.charAt(i) != ':'; i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                c = line.charAt(++i);
            }
            password.append(c);
        }
        return Optional.of(password.toString());
    }

    /** libpq's {@code pwdfMatchesString}: the index after the field's colon if the field matches, else -1. */
    private static int matchField(String line, int start, String token) {
        if (line.startsWith("*:", start)) {
            return start + 2;
        }
        int i = start;
        int t = 0;
        while (i < line.length()) {
            boolean escaped = false;
            if (line.charAt(i) == '\\') {
                i++;
                escaped = true;
                if (i >= line.length()) {
                    return -1;
                }
            }
            char c = line.charAt(i);
            if (c == ':' && t == token.length() && !escaped) {
                return i + 1;
            }
            if (t == token.length() || c != token.charAt(t)) {
                return -1;
            }
            i++;
            t++;
        }
        return -1;
    }

    private static String stripCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
