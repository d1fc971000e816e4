package io.stowage.core.connect;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * libpq's connection service file ({@code parseServiceInfo} in fe-connect.c): the user's file
 * ({@code PGSERVICEFILE} or {@code ~/.pg_service.conf}) is searched first, then
 * {@code PGSYSCONFDIR/pg_service.conf}; the first file holding the service wins, and a missing file is skipped.
 */
final class ServiceFile {
    private ServiceFile() {
    }

    /**
     * The settings of {@code service}, keyword to value.
     *
     * @throws StowageException (USAGE) when no file defines the service or the entry is malformed
     */
    static Map<String, String> lookup(String service, ConnectionEnvironment env) {
        String userFile = env.variable("PGSERVICEFILE");
        Path first = userFile != null ? Path.of(userFile)
                : env.homeDirectory() == null ? null : env.homeDirectory().resolve(".pg_service.conf");
        Optional<Map<String, String>> found = read(first, service);
        if (found.isPresent()) {
            return found.get();
        }
        String sysconf = env.variable("PGSYSCONFDIR");
        if (sysconf != null) {
            found = read(Path.of(sysconf, "pg_service.conf"), service);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new StowageException(ErrorCode.USAGE, "definition of service \"" + service + "\" not found",
                "define [" + service + "] in " + (first == null ? "~/.pg_service.conf" : first)
                        + " (or the file named by PGSERVICEFILE or PGSYSCONFDIR/pg_service.conf), or fix the service name");
    }

    /** The service's entry in {@code file}, or empty when the file does not exist or lacks the service. */
    static Optional<Map<String, String>> read(Path file, String service) {
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StowageException(ErrorCode.USAGE, "service file \"" + file + "\" cannot be read: " + e.getMessage(),
                    "check the file's permissions", e);
        }
        Map<String, String> values = null;
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (values != null) {
                    break;
                }
                if (line.equals("[" + service + "]") || line.startsWith("[" + service + "]")) {
                    values = new LinkedHashMap<>();
                }
                continue;
            }
            if (values == null) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw syntaxError(file, number);
            }
            // Like libpq, no space is allowed around '=': "host = x" names the keyword "host ".
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1);
            if (key.equals("service")) {
                throw new StowageException(ErrorCode.USAGE, "nested service specifications not supported in service file \""
                        + file + "\", line " + number, "remove the service= line from the entry");
            }
            if (!Keywords.known(key)) {
                throw syntaxError(file, number);
            }
            values.putIfAbsent(key, value);
        }
        return Optional.ofNullable(values);
    }

    private static StowageException syntaxError(Path file, int line) {
        return new StowageException(ErrorCode.USAGE, "syntax error in service file \"" + file + "\", line " + line,
                "write keyword=value lines (libpq keywords, no spaces around =) under [service] headers");
    }
}
