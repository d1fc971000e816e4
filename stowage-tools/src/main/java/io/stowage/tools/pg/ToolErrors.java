package io.stowage.tools.pg;

import io.stowage.core.error.ErrorCode;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a failed tool's standard error into a {@link PgToolException}.
 *
 * <p>pg_dump, pg_restore and psql print the server's message text but not its SQLSTATE (libpq's
 * default verbosity), so the SQLSTATE is attached where the text identifies one (each of these
 * messages comes from one place in the server with one SQLSTATE), or taken from the line when a
 * verbose server message carries it ({@code ERROR:  42501: ...}). The tools' own messages are
 * English because the engine runs them with {@code LC_MESSAGES=C}; the server's messages follow the
 * server's {@code lc_messages}, and a translated one falls back to {@link FailureCategory#SERVER_ERROR}
 * or {@link FailureCategory#OTHER}.
 */
public final class ToolErrors {
    private static final Pattern MISMATCH = Pattern.compile("server version: (\\S+); \\S+ version: (\\S+)");
    private static final Pattern SQLSTATE_IN_LINE = Pattern.compile("(?:ERROR|FATAL|PANIC):\\s+([0-9A-Z]{5}):");

    private ToolErrors() {
    }

    /**
     * The exception for a run of {@code tool} that ended with {@code exitCode}.
     *
     * @param lines the tool's standard error, without its progress lines
     */
    public static PgToolException classify(PgTool tool, int exitCode, List<String> lines) {
        String all = String.join("\n", lines);
        String lower = all.toLowerCase(Locale.ROOT);
        String primary = primary(tool, lines);
        String message = tool.command() + " failed: " + primary;
        String explicitState = explicitSqlState(all);

        if (lower.contains("server version mismatch")) {
            Matcher m = MISMATCH.matcher(all);
            String server = m.find() ? m.group(1) : "newer";
            String client = m.find(0) ? m.group(2) : "older";
            int serverMajor = majorOf(server);
            return new PgToolException(FailureCategory.SERVER_VERSION_MISMATCH, ErrorCode.ENVIRONMENT, tool, exitCode,
                    "server version mismatch: " + tool.command() + " " + client + " cannot dump a PostgreSQL " + server + " server",
                    "install the PostgreSQL " + (serverMajor > 0 ? serverMajor : server) + " client (Debian: apt-get install postgresql-client-"
                            + (serverMajor > 0 ? serverMajor : server) + ") or pass --pg-bin DIR", null);
        }
        if (lower.contains("password authentication failed")) {
            return fail(FailureCategory.AUTHENTICATION_FAILED, ErrorCode.AUTHENTICATION, tool, exitCode, message,
                    "check the user name and password", "28P01");
        }
        if (lower.contains("no password supplied") || lower.contains("authentication failed for user")
                || lower.contains("no pg_hba.conf entry") || (lower.contains("fatal:") && lower.matches("(?s).*role \".*\" does not exist.*"))) {
            return fail(FailureCategory.AUTHENTICATION_FAILED, ErrorCode.AUTHENTICATION, tool, exitCode, message,
                    "check the user name, the password and the server's pg_hba.conf", lower.contains("no password supplied") ? null : "28000");
        }
        if (lower.matches("(?s).*database \".*\" does not exist.*")) {
            return fail(FailureCategory.DATABASE_MISSING, ErrorCode.DATABASE_NOT_FOUND, tool, exitCode, message,
                    "check the database name, or create the database first", "3D000");
        }
        if (lower.contains("connection refused") || lower.contains("could not translate host name")
                || lower.contains("timeout expired") || lower.contains("no route to host") || lower.contains("network is unreachable")
                || lower.contains("could not connect to server") || lower.contains("server closed the connection unexpectedly")
                || lower.contains("connection to server was lost")) {
            boolean establishing = !lower.contains("server closed the connection unexpectedly") && !lower.contains("was lost");
            return fail(FailureCategory.CONNECTION_REFUSED, ErrorCode.CONNECTION, tool, exitCode, message,
                    "check the host and port, and that the server is running and accepts TCP/IP connections",
                    establishing ? "08001" : "08006");
        }
        // pg_dump's --lock-wait-timeout is a statement_timeout around LOCK TABLE, so the server cancels
        // the statement (57014) rather than failing the lock (55P03, lock_timeout)
        boolean lockStatementTimedOut = lower.contains("due to statement timeout") && lower.contains("lock table");
        if (lower.contains("due to lock timeout") || lower.contains("could not obtain lock") || lockStatementTimedOut) {
            return fail(FailureCategory.LOCK_TIMEOUT, ErrorCode.SERVER, tool, exitCode, message,
                    "retry when the transaction holding the lock has ended, or raise --lock-wait-timeout",
                    lockStatementTimedOut ? "57014" : "55P03");
        }
        if (lower.contains("no space left on device") || lower.contains("could not extend file")) {
            boolean server = serverLine(lines, "no space left on device") || lower.contains("could not extend file");
            return fail(FailureCategory.DISK_FULL, server ? ErrorCode.SERVER : ErrorCode.OUTPUT, tool, exitCode, message,
                    server ? "free space on the server's disk" : "free space where the output goes", server ? "53100" : null);
        }
        if (lower.contains("out of memory")) {
            boolean server = serverLine(lines, "out of memory");
            return fail(FailureCategory.OUT_OF_MEMORY, server ? ErrorCode.SERVER : ErrorCode.INTERNAL, tool, exitCode, message,
                    server ? "raise the server's memory limits (work_mem, maintenance_work_mem) or free memory on it"
                            : "free memory on this machine, or dump with fewer jobs", server ? "53200" : null);
        }
        if (serverLine(lines, "permission denied") || serverLine(lines, "must be owner of")) {
            return fail(FailureCategory.PERMISSION_DENIED, ErrorCode.SERVER, tool, exitCode, message,
                    tool == PgTool.PG_DUMP ? "connect as a role that may read everything dumped, or leave out what it may not read (-T, -N)"
                            : "connect as the owner or a superuser, or restore with -O/--no-owner and -x/--no-privileges", "42501");
        }
        if (lower.contains("could not open output file") || lower.contains("could not create directory")
                || lower.contains("could not write to output file") || lower.contains("could not close output file")
                || lower.contains("could not write to file")) {
            return fail(FailureCategory.OUTPUT, ErrorCode.OUTPUT, tool, exitCode, message,
                    "check that the output's directory exists and is writable", null);
        }
        if (lower.contains("could not open input file") || lower.contains("does not appear to be a valid archive")
                || lower.contains("unsupported version") || lower.contains("could not read input file")
                || lower.contains("appears to be a text format dump") || lower.contains("could not open toc file")) {
            return fail(FailureCategory.INPUT, ErrorCode.INPUT, tool, exitCode, message,
                    "check the input; an archive written by a newer pg_dump needs a pg_restore at least as new (--pg-bin)", null);
        }
        if (lower.contains("error:") || lower.contains("fatal:")) {
            return fail(FailureCategory.SERVER_ERROR, ErrorCode.SERVER, tool, exitCode, message, null, explicitState);
        }
        return fail(FailureCategory.OTHER, ErrorCode.INTERNAL, tool, exitCode, message,
                "run " + tool.command() + " by hand with the same options to see more", null);
    }

    private static PgToolException fail(FailureCategory category, ErrorCode code, PgTool tool, int exitCode, String message,
                                        String fix, String sqlState) {
        return new PgToolException(category, code, tool, exitCode, message, fix, sqlState);
    }

    /** The first error line without the {@code pg_dump: error: } prefix, or a summary when there is none. */
    static String primary(PgTool tool, List<String> lines) {
        String prefix = tool.command() + ": error: ";
        for (String line : lines) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).strip();
            }
        }
        for (String line : lines) {
            // psql's script errors: "psql:dump.sql:12: ERROR:  relation ... does not exist"
            int at = line.indexOf("ERROR:");
            if (at < 0) {
                at = line.indexOf("FATAL:");
            }
            if (at >= 0) {
                return line.substring(at).replaceAll("\\s+", " ").strip();
            }
        }
        for (String line : lines) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return "it reported nothing on standard error";
    }

    private static boolean serverLine(List<String> lines, String text) {
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.contains(text) && (lower.contains("error:  ") || lower.contains("fatal:  ") || SQLSTATE_IN_LINE.matcher(line).find())) {
                return true;
            }
        }
        return false;
    }

    private static String explicitSqlState(String all) {
        Matcher m = SQLSTATE_IN_LINE.matcher(all);
        return m.find() ? m.group(1) : null;
    }

    private static int majorOf(String version) {
        Matcher m = Pattern.compile("^(\\d+)").matcher(version);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
