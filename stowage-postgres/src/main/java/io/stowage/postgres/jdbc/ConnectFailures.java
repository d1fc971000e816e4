package io.stowage.postgres.jdbc;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.connect.PasswordMode;
import io.stowage.core.connect.PasswordSource;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import javax.net.ssl.SSLException;

/**
 * Translates the driver's connection failures into one-line messages in libpq's words, each with a fix.
 * Messages show the connection only through {@link ConnectionSettings#display()}, and any text that came
 * from the driver is scrubbed of the password in case a driver version ever echoes it.
 */
final class ConnectFailures {
    /** pgjdbc's SQLSTATE for a connection the client side gave up on (e.g. no password to send). */
    private static final String CONNECTION_REJECTED = "08004";

    private ConnectFailures() {
    }

    /** Whether the server asked for a password and none was supplied (libpq's {@code PQconnectionNeedsPassword}). */
    static boolean isPasswordMissing(SQLException e, ConnectionSettings settings) {
        if (settings.password() != null || !CONNECTION_REJECTED.equals(e.getSQLState())) {
            return false;
        }
        // The driver says "The server requested password-based (or SCRAM-based) authentication, but no
        // password was provided"; 08004 also covers other client-side refusals, such as missing SSL support.
        String message = String.valueOf(e.getMessage());
        return message.contains("no password was provided") || message.contains("password");
    }

    static StowageException translate(SQLException e, ConnectionSettings settings, PasswordMode mode, boolean noConsole) {
        String target = "connection to " + settings.display() + " failed: ";
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (server != null) {
            return fromServer(e, server, settings, target);
        }
        String state = e.getSQLState();
        if (isPasswordMissing(e, settings)) {
            String fix;
            if (mode == PasswordMode.NEVER) {
                fix = "set PGPASSWORD or add the password to ~/.pgpass, or drop -w to be prompted";
            } else if (noConsole) {
                fix = "no console to prompt on: set PGPASSWORD or add the password to ~/.pgpass";
            } else {
                fix = "type a password at the prompt, set PGPASSWORD, or add it to ~/.pgpass";
            }
            return new StowageException(ErrorCode.AUTHENTICATION, target + "no password supplied (the server asked for one)",
                    fix, state, e);
        }
        Throwable cause = rootOf(e, UnknownHostException.class, ConnectException.class, NoRouteToHostException.class,
                SocketTimeoutException.class, SSLException.class);
        if (cause instanceof UnknownHostException) {
            return new StowageException(ErrorCode.CONNECTION,
                    target + "could not translate host name \"" + settings.host() + "\" to address",
                    "check the host name (-h, PGHOST or host= in the connection string)", state, e);
        }
        if (cause instanceof ConnectException) {
            return new StowageException(ErrorCode.CONNECTION,
                    "connection to server at " + settings.host() + ", port " + settings.port()
                            + " failed: Connection refused (" + settings.display() + ")",
                    "is the server running on that host and accepting TCP/IP connections on port " + settings.port() + "?",
                    state, e);
        }
        if (cause instanceof NoRouteToHostException) {
            return new StowageException(ErrorCode.CONNECTION, target + "No route to host",
                    "check the host name and the network between here and the server", state, e);
        }
        if (scrub(e.getMessage(), settings).contains("could not be verified by hostnameverifier")) {
            // libpq: server certificate for "localhost" does not match host name "x"
            return new StowageException(ErrorCode.CONNECTION,
                    target + "server certificate does not match host name \"" + settings.host() + "\"",
                    "connect with a host name the server's certificate lists, or use sslmode=verify-ca to check only "
                            + "that a trusted CA signed it", state, e);
        }
        if (cause instanceof SocketTimeoutException || scrub(e.getMessage(), settings).contains("timed out")) {
            return new StowageException(ErrorCode.CONNECTION, target + "timeout expired",
                    "check the host, port and firewall, or raise connect_timeout", state, e);
        }
        if (cause instanceof SSLException || scrub(e.getMessage(), settings).contains("SSL")) {
            return new StowageException(ErrorCode.CONNECTION,
                    target + "SSL error: " + scrub(firstLine(cause == null ? e.getMessage() : cause.getMessage()), settings),
                    "check sslmode, sslrootcert, sslcert and sslkey, and that the server has SSL enabled", state, e);
        }
        return new StowageException(ErrorCode.CONNECTION, target + scrub(firstLine(e.getMessage()), settings),
                "check host, port, user and database", state, e);
    }

    private static StowageException fromServer(SQLException e, ServerErrorMessage server, ConnectionSettings settings,
                                               String target) {
        String state = server.getSQLState();
        String message = target + scrub(firstLine(server.getMessage()), settings);
        switch (state == null ? "" : state) {
            case "28P01": {
                String from = settings.passwordSource() == PasswordSource.PASSWORD_FILE && settings.passwordFile() != null
                        ? " (password retrieved from file \"" + settings.passwordFile() + "\")" : "";
                return new StowageException(ErrorCode.AUTHENTICATION, message + from,
                        "check the password" + passwordHint(settings.passwordSource())
                                + "; give the right one with PGPASSWORD, ~/.pgpass or -W", state, e);
            }
            case "28000":
                return new StowageException(ErrorCode.AUTHENTICATION, message,
                        "check the user name, and that the server's pg_hba.conf admits this user, database, host and sslmode",
                        state, e);
            case "42501":
                return new StowageException(ErrorCode.AUTHENTICATION, message,
                        "ask the database owner to GRANT CONNECT ON DATABASE to this user", state, e);
            case "3D000":
                return new StowageException(ErrorCode.DATABASE_NOT_FOUND, message,
                        "create it first (createdb \"" + settings.database() + "\"), or restore with -C", state, e);
            case "53300":
                return new StowageException(ErrorCode.CONNECTION, message,
                        "retry when fewer clients are connected, or raise max_connections", state, e);
            case "57P03":
                return new StowageException(ErrorCode.CONNECTION, message,
                        "wait until the server accepts connections, then retry", state, e);
            default:
                return new StowageException(ErrorCode.CONNECTION, message, "see the server's message above", state, e);
        }
    }

    private static String passwordHint(PasswordSource source) {
        switch (source) {
            case CONNECTION_STRING:
                return " given in the connection string";
            case SERVICE_FILE:
                return " given in the service file";
            case ENVIRONMENT:
                return " given in PGPASSWORD";
            case PASSWORD_FILE:
                return " line in the password file";
            case PROMPT:
                return " typed at the prompt";
            default:
                return "";
        }
    }

    @SafeVarargs
    private static Throwable rootOf(Throwable e, Class<? extends Throwable>... types) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return t;
                }
            }
        }
        return null;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).strip();
    }

    /** Removes the password from driver text, should any driver version ever include it. */
    static String scrub(String text, ConnectionSettings settings) {
        if (text == null) {
            return "";
        }
        if (settings.password() != null && !settings.password().reveal().isEmpty()) {
            return text.replace(settings.password().reveal(), "****");
        }
        return text;
    }
}
