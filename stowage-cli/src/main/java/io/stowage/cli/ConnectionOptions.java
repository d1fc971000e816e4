package io.stowage.cli;

import io.stowage.core.connect.ConnectionEnvironment;
import io.stowage.core.connect.ConnectionRequest;
import io.stowage.core.connect.ConnectionResolver;
import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.connect.PasswordMode;
import io.stowage.postgres.jdbc.PgConnector;

import java.sql.Connection;
import java.sql.SQLException;
import picocli.CommandLine.Option;

/** libpq's connection flags, shared by every command that talks to a server. */
final class ConnectionOptions {
    @Option(names = {"-d", "--dbname"}, paramLabel = "DBNAME",
            description = "Database to connect to: a name, a postgresql:// URI or a key=value connection string.")
    String dbname;

    @Option(names = {"-h", "--host"}, paramLabel = "HOSTNAME", description = "Database server host.")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Database server port.")
    String port;

    @Option(names = {"-U", "--username"}, paramLabel = "NAME", description = "Connect as this role.")
    String user;

    @Option(names = {"-w", "--no-password"}, description = "Never prompt for a password.")
    boolean noPassword;

    @Option(names = {"-W", "--password"}, description = "Prompt for a password before connecting.")
    boolean forcePassword;

    /**
     * Resolves these flags plus the environment, service file and password file into settings, then
     * connects once to check them: a wrong password or a missing database fails here, before any
     * output is opened, and a password typed at a prompt is carried in the returned settings.
     */
    ConnectionSettings connect(Terminal terminal, String positionalDbname) {
        String db = dbname != null ? dbname : positionalDbname;
        PasswordMode mode = forcePassword ? PasswordMode.FORCE : noPassword ? PasswordMode.NEVER : PasswordMode.AUTO;
        ConnectionEnvironment env = ConnectionEnvironment.system(message -> terminal.say("warning: " + message));
        ConnectionSettings settings = ConnectionResolver.resolve(new ConnectionRequest(db, host, port, user, mode), env);
        if (terminal.verbose()) {
            terminal.say("connecting to " + settings.display());
        }
        PgConnector.Connected probe = PgConnector.connect(settings, mode, env.prompter());
        try (Connection ignored = probe.connection()) {
            return probe.settings();
        } catch (SQLException e) {
            // closing a connection that worked cannot fail in a way that matters to the user
            return probe.settings();
        }
    }
}
