package io.stowage.tools.pg;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL client's version as its {@code --version} prints it.
 *
 * @param major the major version (15 for 15.10; 9 for 9.6, whose tools the engine does not support anyway)
 * @param minor the minor version, 0 when none was printed (a development build such as {@code 18devel})
 * @param text  the version as printed, for example {@code 15.10}
 */
public record PgVersion(int major, int minor, String text) implements Comparable<PgVersion> {
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?(\\S*)");

    /**
     * Reads the output of {@code pg_dump --version} (also pg_restore and psql), for example
     * {@code pg_dump (PostgreSQL) 15.10 (Debian 15.10-1.pgdg120+1)}.
     */
    public static Optional<PgVersion> parse(String versionOutput) {
        Matcher m = VERSION.matcher(versionOutput == null ? "" : versionOutput);
        if (!m.find()) {
            return Optional.empty();
        }
        int major = Integer.parseInt(m.group(1));
        int minor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        String text = m.group(1) + (m.group(2) == null ? "" : "." + m.group(2)) + m.group(3);
        return Optional.of(new PgVersion(major, minor, text));
    }

    @Override
    public int compareTo(PgVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return text;
    }
}
