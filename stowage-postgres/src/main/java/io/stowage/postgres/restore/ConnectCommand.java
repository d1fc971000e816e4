package io.stowage.postgres.restore;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the database a {@code \connect} meta-command switches to, in the forms pg_dump writes
 * ({@code appendPsqlMetaConnect}): {@code \connect name} and, for names with other characters,
 * {@code \connect -reuse-previous=on "dbname='na''me'"}.
 */
final class ConnectCommand {
    private ConnectCommand() {
    }

    /**
     * The database to connect to.
     *
     * @param args    the meta-command's arguments, already unquoted
     * @param current the database connected to now, which {@code -} or no argument keeps
     * @param line    the script line, for messages
     * @throws StowageException (INPUT) for forms that change anything but the database
     */
    static String database(List<String> args, String current, int line) {
        List<String> rest = new ArrayList<>(args);
        if (!rest.isEmpty() && rest.get(0).startsWith("-reuse-previous")) {
            rest.remove(0);
        }
        if (rest.isEmpty()) {
            return current;
        }
        if (rest.size() > 1 && !rest.get(1).equals("-")) {
            throw unsupported(line, "changes the user, host or port");
        }
        String target = rest.get(0);
        if (target.startsWith("postgresql://") || target.startsWith("postgres://")) {
            throw unsupported(line, "uses a connection URI");
        }
        if (target.contains("=")) {
            return fromConnectionString(target, current, line);
        }
        return target.equals("-") ? current : target;
    }

    /** {@code dbname='x'} with libpq's quoting (backslash escapes inside single quotes). */
    private static String fromConnectionString(String conninfo, String current, int line) {
        String database = current;
        int i = 0;
        int n = conninfo.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(conninfo.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int eq = conninfo.indexOf('=', i);
            if (eq < 0) {
                throw unsupported(line, "has a malformed connection string");
            }
            String key = conninfo.substring(i, eq).strip();
            i = eq + 1;
            while (i < n && Character.isWhitespace(conninfo.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && conninfo.charAt(i) == '\'') {
                i++;
                while (i < n && conninfo.charAt(i) != '\'') {
                    if (conninfo.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    value.append(conninfo.charAt(i++));
                }
                i++;
            } else {
                while (i < n && !Character.isWhitespace(conninfo.charAt(i))) {
                    if (conninfo.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    value.append(conninfo.charAt(i++));
                }
            }
            if (!key.equals("dbname")) {
                throw unsupported(line, "sets " + key);
            }
            database = value.toString();
        }
        return database;
    }

    private static StowageException unsupported(int line, String what) {
        return new StowageException(ErrorCode.INPUT, "the \\connect at line " + line + " " + what
                + ", which stowage restore does not support (it only switches databases)",
                "restore this script with psql, or one database at a time with -d");
    }
}
