package io.stowage.core.connect;

import java.nio.file.Path;
import java.util.Map;

/**
 * A fully resolved connection: every libpq source (flags, connection string, environment, service
 * file, password file) already applied. Shown to users only through {@link #display()}, which masks
 * the password.
 *
 * @param host                  host name or IP address
 * @param port                  TCP port
 * @param user                  role name
 * @param password              password, or {@code null} when none is known
 * @param database              database name
 * @param sslMode               libpq sslmode
 * @param connectTimeoutSeconds connect timeout in seconds, 0 for none
 * @param applicationName       application_name reported to the server, may be {@code null}
 * @param sslParams             further SSL settings (sslcert, sslkey, sslrootcert, sslcrl, sslcrldir), by libpq keyword
 * @param driverParams          further libpq settings the driver understands ({@code options},
 *                              {@code channel_binding}), by libpq keyword
 * @param passwordSource        where {@link #password()} came from
 * @param passwordFile          the password file consulted (or that would be), {@code null} when there is none
 *                              usable; {@link #withDatabase(String)} looks the new database up in it as libpq
 *                              does on every connection
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
        Map<String, String> sslParams,
        Map<String, String> driverParams,
        PasswordSource passwordSource,
        Path passwordFile) {

    public ConnectionSettings {
        sslParams = sslParams == null ? Map.of() : Map.copyOf(sslParams);
        driverParams = driverParams == null ? Map.of() : Map.copyOf(driverParams);
        if (password == null) {
            passwordSource = PasswordSource.NONE;
        } else if (passwordSource == null || passwordSource == PasswordSource.NONE) {
            passwordSource = PasswordSource.GIVEN;
        }
    }

    /** Settings built directly by code (no password file, no driver parameters). */
    public ConnectionSettings(String host, int port, String user, Secret password, String database, SslMode sslMode,
                              int connectTimeoutSeconds, String applicationName, Map<String, String> sslParams) {
        this(host, port, user, password, database, sslMode, connectTimeoutSeconds, applicationName, sslParams,
                Map.of(), null, null);
    }

    /**
     * The same connection to another database (for {@code \connect} and {@code --create}). A password that
     * came from the password file, or none at all, is looked up again for the new database, as libpq does.
     */
    public ConnectionSettings withDatabase(String otherDatabase) {
        Secret newPassword = password;
        PasswordSource newSource = passwordSource;
        if ((passwordSource == PasswordSource.NONE || passwordSource == PasswordSource.PASSWORD_FILE) && passwordFile != null) {
            newPassword = PasswordFile.lookup(passwordFile, host, port, otherDatabase, user).orElse(null);
            newSource = newPassword == null ? PasswordSource.NONE : PasswordSource.PASSWORD_FILE;
        }
        return new ConnectionSettings(host, port, user, newPassword, otherDatabase, sslMode, connectTimeoutSeconds,
                applicationName, sslParams, driverParams, newSource, passwordFile);
    }

    /** The same connection with another password, for example one typed at a prompt. */
    public ConnectionSettings withPassword(Secret newPassword, PasswordSource source) {
        return new ConnectionSettings(host, port, user, newPassword, database, sslMode, connectTimeoutSeconds,
                applicationName, sslParams, driverParams, source, passwordFile);
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
