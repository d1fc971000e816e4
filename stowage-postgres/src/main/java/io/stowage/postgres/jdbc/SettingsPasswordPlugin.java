package io.stowage.postgres.jdbc;

import org.postgresql.plugin.AuthenticationPlugin;
import org.postgresql.plugin.AuthenticationRequestType;

import java.util.Properties;

/**
 * Hands the driver exactly the password Stowage resolved, and nothing when it resolved none.
 *
 * <p>Without it, the driver reads {@code ~/.pgpass} on its own whenever no password property is set, skipping
 * libpq's permission check and ignoring {@code PGPASSFILE}/{@code passfile} as Stowage resolved them. With a
 * plugin configured the driver takes passwords only from the plugin. Public only because the driver
 * instantiates it by reflection; not part of Stowage's API.
 */
public final class SettingsPasswordPlugin implements AuthenticationPlugin {
    /** The driver property that carries the password to this plugin. */
    static final String PROPERTY = "stowage.password";

    private final String password;

    /** Called by the driver with the connection's properties. */
    public SettingsPasswordPlugin(Properties info) {
        this.password = info.getProperty(PROPERTY);
    }

    @Override
    public char[] getPassword(AuthenticationRequestType type) {
        // A fresh array each time: the driver wipes it after use.
        return password == null ? null : password.toCharArray();
    }
}
