package io.stowage.postgres.jdbc;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.connect.PasswordMode;
import io.stowage.core.connect.PasswordPrompter;
import io.stowage.core.connect.PasswordSource;
import io.stowage.core.connect.Secret;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * Opens pgjdbc connections from resolved {@link ConnectionSettings}, and turns the driver's failures into
 * one-line {@link StowageException}s that name the fix.
 */
public final class PgConnector {
    /** What {@code ApplicationName} the server sees when the settings name none. */
    public static final String DEFAULT_APPLICATION_NAME = "stowage";

    private PgConnector() {
    }

    /**
     * A connection together with the settings that opened it. The settings carry a password typed at the
     * prompt, so later connections (another database, parallel workers) reuse it without asking again.
     */
    public record Connected(Connection connection, ConnectionSettings settings) {
    }

    /**
     * Opens a connection without ever prompting (as with {@code -w}). The password travels in the driver's
     * properties, never in the URL, so it cannot end up in a message that quotes the URL.
     *
     * @throws StowageException with {@link ErrorCode#CONNECTION}, {@link ErrorCode#AUTHENTICATION},
     *                          {@link ErrorCode#DATABASE_NOT_FOUND} or {@link ErrorCode#USAGE}
     */
    public static Connection open(ConnectionSettings settings) {
        return connect(settings, PasswordMode.NEVER, PasswordPrompter.NONE).connection();
    }

    /**
     * Opens a connection, asking for a password the way pg_dump does: with {@link PasswordMode#AUTO}, when
     * the server asks for a password that no source supplied, {@code prompter} is asked once (if it has a
     * console) and the connection retried. {@link PasswordMode#FORCE} prompting happens earlier, in
     * {@code ConnectionResolver}, so here it behaves like {@link PasswordMode#NEVER}.
     */
    public static Connected connect(ConnectionSettings settings, PasswordMode mode, PasswordPrompter prompter) {
        try {
            return new Connected(attempt(settings), settings);
        } catch (SQLException e) {
            if (ConnectFailures.isPasswordMissing(e, settings) && mode == PasswordMode.AUTO && prompter != null) {
                Optional<Secret> typed = prompter.prompt("Password: ");
                if (typed.isPresent() && !typed.get().reveal().isEmpty()) {
                    ConnectionSettings withPassword = settings.withPassword(typed.get(), PasswordSource.PROMPT);
                    try {
                        return new Connected(attempt(withPassword), withPassword);
                    } catch (SQLException retry) {
                        throw ConnectFailures.translate(retry, withPassword, mode, false);
                    }
                }
                throw ConnectFailures.translate(e, settings, mode, typed.isEmpty());
            }
            throw ConnectFailures.translate(e, settings, mode, false);
        }
    }

    private static Connection attempt(ConnectionSettings settings) throws SQLException {
        return DriverManager.getConnection(url(settings), properties(settings));
    }

    /** The JDBC URL: host, port and database only; everything else goes in the properties. */
    static String url(ConnectionSettings settings) {
        String host = settings.host();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return "jdbc:postgresql://" + host + ":" + settings.port() + "/"
                + URLEncoder.encode(settings.database(), StandardCharsets.UTF_8);
    }

    /** The driver properties for {@code settings}; the only place a password is revealed. */
    static Properties properties(ConnectionSettings settings) {
        for (String unsupported : new String[] {"sslcrl", "sslcrldir"}) {
            if (settings.sslParams().containsKey(unsupported)) {
                throw new StowageException(ErrorCode.USAGE, unsupported + " is not supported by the PostgreSQL JDBC driver",
                        "remove " + unsupported + " (or unset PG" + unsupported.toUpperCase(java.util.Locale.ROOT) + ")");
            }
        }
        Properties props = new Properties();
        props.setProperty("user", settings.user());
        // The password goes to our plugin, not the "password" property: without a plugin the driver falls
        // back to reading ~/.pgpass itself when no password is set (see SettingsPasswordPlugin).
        props.setProperty("authenticationPluginClassName", SettingsPasswordPlugin.class.getName());
        if (settings.password() != null) {
            props.setProperty(SettingsPasswordPlugin.PROPERTY, settings.password().reveal());
        }
        if (settings.sslMode() != null) {
            props.setProperty("sslmode", settings.sslMode().keyword());
        }
        copy(settings, "sslcert", "sslcert", props);
        copy(settings, "sslkey", "sslkey", props);
        copy(settings, "sslrootcert", "sslrootcert", props);
        if (settings.driverParams().containsKey("options")) {
            props.setProperty("options", settings.driverParams().get("options"));
        }
        if (settings.driverParams().containsKey("channel_binding")) {
            props.setProperty("channelBinding", settings.driverParams().get("channel_binding"));
        }
        // libpq waits forever unless connect_timeout is set; the driver's own default is 10 seconds.
        int timeout = settings.connectTimeoutSeconds();
        props.setProperty("connectTimeout", Integer.toString(timeout));
        if (timeout > 0) {
            props.setProperty("loginTimeout", Integer.toString(timeout));
        }
        // Servers older than 9.0 are out of scope; saying so lets the driver send application_name and
        // extra_float_digits in the startup packet, as libpq does, instead of SETs after login.
        props.setProperty("assumeMinServerVersion", "9.0");
        props.setProperty("ApplicationName",
                settings.applicationName() == null ? DEFAULT_APPLICATION_NAME : settings.applicationName());
        return props;
    }

    private static void copy(ConnectionSettings settings, String keyword, String property, Properties props) {
        String value = settings.sslParams().get(keyword);
        if (value != null) {
            props.setProperty(property, value);
        }
    }
}
