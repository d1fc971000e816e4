package io.stowage.core.connect;

/**
 * What the command line collected about the connection, before any libpq source is applied.
 *
 * <p>Empty strings count as absent, as they do for pg_dump's flags.
 *
 * @param dbname       the {@code -d} value or the positional database argument: a plain database name, a
 *                     {@code postgresql://} or {@code postgres://} URI, or a libpq {@code key=value} string;
 *                     {@code null} when not given
 * @param host         {@code -h}, or {@code null}
 * @param port         {@code -p} as typed (validated by the resolver), or {@code null}
 * @param user         {@code -U}, or {@code null}
 * @param passwordMode {@code -w}, {@code -W}, or the default {@link PasswordMode#AUTO} (also used for {@code null})
 */
public record ConnectionRequest(String dbname, String host, String port, String user, PasswordMode passwordMode) {

    public ConnectionRequest {
        passwordMode = passwordMode == null ? PasswordMode.AUTO : passwordMode;
    }

    /** A request that gives only a database name or connection string, with the default password mode. */
    public static ConnectionRequest of(String dbname) {
        return new ConnectionRequest(dbname, null, null, null, PasswordMode.AUTO);
    }
}
