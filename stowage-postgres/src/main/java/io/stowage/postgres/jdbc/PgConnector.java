package io.stowage.postgres.jdbc;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens pgjdbc connections from resolved {@link ConnectionSettings}. */
public final class PgConnector {
    private PgConnector() {
    }

    /**
     * Opens a connection. The password travels in the driver's properties, never in the URL, so it
     * cannot end up in a message that quotes the URL.
     */
    public static Connection open(ConnectionSettings settings) {
        Properties props = new Properties();
        props.setProperty("user", settings.user());
        if (settings.password() != null) {
            props.setProperty("password", settings.password().reveal());
        }
        if (settings.sslMode() != null) {
            props.setProperty("sslmode", settings.sslMode().keyword());
        }
        props.setProperty("ApplicationName", settings.applicationName() == null ? "stowage" : settings.applicationName());
        String url = "jdbc:postgresql://" + settings.host() + ":" + settings.port() + "/" + settings.database();
        try {
            return DriverManager.getConnection(url, props);
        } catch (SQLException e) {
            throw new StowageException(ErrorCode.CONNECTION, "connection to " + settings.display() + " failed: " + e.getMessage(),
                    "check host, port, user and database", e.getSQLState(), e);
        }
    }
}
