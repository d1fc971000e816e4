package io.stowage.core.connect;

import java.util.Map;

/**
 * A fully resolved connection: every libpq source (flags, connection string, environment, service
 * file, password file) already applied. Shown to users only through {@link #display()}, which masks
 * the password.
 *
 * @param host                  host name, IP address or Unix socket directory
 * @param port                  TCP port
 * @param user                  role name
 * @param password              password, or {@code null} when none is known
 * @param database              database name
 * @param sslMode               libpq sslmode
 * @param connectTimeoutSeconds connect timeout in seconds, 0 for none
 * @param applicationName       application_name reported to the server, may be {@code null}
 * @param sslParams             further SSL settings (sslcert, sslkey, sslrootcert, sslcrl), by libpq keyword
 */
public record ConnectionSettings(
        String host,
        int port,
        String user,
        Secret password,
        String database,
        SslMode sslMode,
        int connectTimeoutSeconds,
        String applicationName,
        Map<String, String> sslParams) {

    public ConnectionSettings {
        sslParams = sslParams == null ? Map.of() : Map.copyOf(sslParams);
    }

    /** The same connection to another database (for {@code \connect} and {@code --create}). */
    public ConnectionSettings withDatabase(String otherDatabase) {
        return new ConnectionSettings(host, port, user, password, otherDatabase, sslMode, connectTimeoutSeconds,
                applicationName, sslParams);
    }

    /** A URI for people to read: {@code postgresql://user:****@host:port/db?sslmode=prefer}. */
    public String display() {
        StringBuilder sb = new StringBuilder("postgresql://");
        if (user != null) {
            sb.append(user);
            if (password != null) {
                sb.append(":****");
            }
            sb.append('@');
        }
        sb.append(host == null ? "" : (host.contains(":") && !host.startsWith("/") ? "[" + host + "]" : host));
        sb.append(':').append(port).append('/').append(database == null ? "" : database);
        if (sslMode != null) {
            sb.append("?sslmode=").append(sslMode.keyword());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return display();
    }
}
