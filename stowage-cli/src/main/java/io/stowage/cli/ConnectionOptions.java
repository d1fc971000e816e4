package io.stowage.cli;

import io.stowage.core.connect.ConnectionRequest;
import io.stowage.core.connect.ConnectionResolver;
import io.stowage.core.connect.ConnectionSettings;
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

    /** Resolves these flags plus the environment, service file and password file into settings. */
    ConnectionSettings resolve(String positionalDbname) {
        String db = dbname != null ? dbname : positionalDbname;
        ConnectionRequest.PasswordMode mode = forcePassword ? ConnectionRequest.PasswordMode.FORCE
                : noPassword ? ConnectionRequest.PasswordMode.NEVER : ConnectionRequest.PasswordMode.AUTO;
        return ConnectionResolver.resolve(new ConnectionRequest(db, host, port, user, mode));
    }
}
