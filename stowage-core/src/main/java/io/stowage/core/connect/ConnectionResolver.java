package io.stowage.core.connect;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what the command line collected into {@link ConnectionSettings}, consulting the same sources in the
 * same order as pg_dump through libpq. For each setting the first source that has it wins:
 *
 * <ol>
 *   <li>the connection string or URI given as the database name ({@code -d}): pg_dump passes it last to
 *       {@code PQconnectdbParams} with {@code expand_dbname}, so its values override {@code -h}, {@code -p}, {@code -U};</li>
 *   <li>{@code -h}, {@code -p}, {@code -U}, and the password typed for {@code -W};</li>
 *   <li>the service file entry named by {@code service=} or {@code PGSERVICE} (libpq reads it before the
 *       environment, so it beats {@code PGHOST} and friends);</li>
 *   <li>environment variables ({@code PGHOST}, {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD}, ...);</li>
 *   <li>defaults: port 5432, the operating-system user, a database named like the user, and host
 *       {@code localhost} (libpq's default is a Unix socket, which the JDBC driver cannot use);</li>
 *   <li>for the password only: the password file ({@code passfile}, {@code PGPASSFILE} or {@code ~/.pgpass}).</li>
 * </ol>
 */
public final class ConnectionResolver {
    /** The environment variable libpq consults for each keyword. */
    private static final Map<String, String> ENV_VARS = envVars();

    private ConnectionResolver() {
    }

    private static Map<String, String> envVars() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("host", "PGHOST");
        m.put("hostaddr", "PGHOSTADDR");
        m.put("port", "PGPORT");
        m.put("dbname", "PGDATABASE");
        m.put("user", "PGUSER");
        m.put("password", "PGPASSWORD");
        m.put("passfile", "PGPASSFILE");
        m.put("options", "PGOPTIONS");
        m.put("application_name", "PGAPPNAME");
        m.put("sslmode", "PGSSLMODE");
        m.put("sslcert", "PGSSLCERT");
        m.put("sslkey", "PGSSLKEY");
        m.put("sslrootcert", "PGSSLROOTCERT");
        m.put("sslcrl", "PGSSLCRL");
        m.put("sslcrldir", "PGSSLCRLDIR");
        m.put("connect_timeout", "PGCONNECT_TIMEOUT");
        m.put("channel_binding", "PGCHANNELBINDING");
        m.put("target_session_attrs", "PGTARGETSESSIONATTRS");
        return Map.copyOf(m);
    }

    /** Resolves against the real process environment ({@link ConnectionEnvironment#system()}). */
    public static ConnectionSettings resolve(ConnectionRequest request) {
        return resolve(request, ConnectionEnvironment.system());
    }

    /**
     * Resolves the connection. With {@link PasswordMode#FORCE} the password is asked for here, before
     * connecting, unless the connection string itself carries one.
     *
     * @throws StowageException with {@link ErrorCode#USAGE} for malformed or unsupported input
     */
    public static ConnectionSettings resolve(ConnectionRequest request, ConnectionEnvironment env) {
        Map<String, String> options = new LinkedHashMap<>();
        PasswordSource passwordSource = PasswordSource.NONE;

        putIfPresent(options, "host", request.host());
        putIfPresent(options, "port", request.port());
        putIfPresent(options, "user", request.user());
        String dbname = request.dbname();
        if (dbname != null && !dbname.isEmpty()) {
            if (ConnectionStrings.isConnectionString(dbname)) {
                Map<String, String> expanded = ConnectionStrings.parse(dbname);
                options.putAll(expanded);
                if (expanded.containsKey("password")) {
                    passwordSource = PasswordSource.CONNECTION_STRING;
                }
            } else {
                options.put("dbname", dbname);
            }
        }
        rejectUnsupported(options, "connection string", env);

        String service = options.containsKey("service") ? options.get("service") : env.variable("PGSERVICE");
        if (service != null && !service.isEmpty()) {
            Map<String, String> fromService = ServiceFile.lookup(service, env);
            rejectUnsupported(fromService, "service \"" + service + "\"", env);
            for (Map.Entry<String, String> e : fromService.entrySet()) {
                if (options.putIfAbsent(e.getKey(), e.getValue()) == null && e.getKey().equals("password")) {
                    passwordSource = PasswordSource.SERVICE_FILE;
                }
            }
        }

        for (Map.Entry<String, String> e : ENV_VARS.entrySet()) {
            String value = env.variable(e.getValue());
            if (value != null && !options.containsKey(e.getKey())) {
                if (Keywords.UNSUPPORTED.contains(e.getKey())) {
                    throw new StowageException(ErrorCode.USAGE, e.getValue() + " is not supported by stowage",
                            "unset " + e.getValue() + " and give the server's name or address with -h or PGHOST");
                }
                options.put(e.getKey(), value);
                if (e.getKey().equals("password")) {
                    passwordSource = PasswordSource.ENVIRONMENT;
                }
            }
        }

        String host = orDefault(options.get("host"), "localhost");
        checkHost(host);
        int port = parsePort(options.get("port"));
        String user = orDefault(options.get("user"), env.osUser());
        if (user == null || user.isEmpty()) {
            throw new StowageException(ErrorCode.USAGE, "no user name could be determined",
                    "give one with -U, PGUSER or user= in the connection string");
        }
        String database = orDefault(options.get("dbname"), user);
        SslMode sslMode = SslMode.parse(orDefault(options.get("sslmode"), "prefer"));
        int timeout = parseTimeout(options.get("connect_timeout"));
        String applicationName = orDefault(options.get("application_name"), nullIfEmpty(options.get("fallback_application_name")));

        Map<String, String> sslParams = new LinkedHashMap<>();
        for (String key : new String[] {"sslcert", "sslkey", "sslrootcert", "sslcrl", "sslcrldir"}) {
            putIfPresent(sslParams, key, options.get(key));
        }
        Map<String, String> driverParams = new LinkedHashMap<>();
        putIfPresent(driverParams, "options", options.get("options"));
        putIfPresent(driverParams, "channel_binding", checkChannelBinding(options.get("channel_binding")));
        checkTargetSessionAttrs(options.get("target_session_attrs"));

        Secret password = Secret.of(nullIfEmpty(options.get("password")));
        if (password == null) {
            passwordSource = PasswordSource.NONE;
        }
        if (request.passwordMode() == PasswordMode.FORCE && passwordSource != PasswordSource.CONNECTION_STRING) {
            // -W outranks the service file, PGPASSWORD and the password file, as in pg_dump.
            Optional<Secret> typed = env.prompter().prompt("Password: ");
            if (typed.isPresent() && !typed.get().reveal().isEmpty()) {
                password = typed.get();
                passwordSource = PasswordSource.PROMPT;
            }
        }

        Path passFile = passwordFilePath(options.get("passfile"), env);
        Path usablePassFile = null;
        if (password == null && passFile != null && PasswordFile.usable(passFile, env.warnings())) {
            usablePassFile = passFile;
            password = PasswordFile.lookup(passFile, host, port, database, user).orElse(null);
            passwordSource = password == null ? PasswordSource.NONE : PasswordSource.PASSWORD_FILE;
        }
        return new ConnectionSettings(host, port, user, password, database, sslMode, timeout, applicationName,
                sslParams, driverParams, passwordSource, usablePassFile);
    }

    private static void rejectUnsupported(Map<String, String> options, String where, ConnectionEnvironment env) {
        for (String key : Map.copyOf(options).keySet()) {
            if (Keywords.UNSUPPORTED.contains(key)) {
                throw new StowageException(ErrorCode.USAGE,
                        "connection option \"" + key + "\" (in the " + where + ") is not supported by stowage",
                        key.equals("hostaddr") ? "give the server's address with host= instead" : "remove it");
            }
            if (Keywords.IGNORED.contains(key)) {
                env.warn("connection option \"" + key + "\" is ignored by stowage");
                options.remove(key);
            }
        }
    }

    private static Path passwordFilePath(String passfile, ConnectionEnvironment env) {
        if (passfile != null && !passfile.isEmpty()) {
            return Path.of(passfile);
        }
        return env.homeDirectory() == null ? null : env.homeDirectory().resolve(".pgpass");
    }

    private static void checkHost(String host) {
        if (host.indexOf(',') >= 0) {
            throw new StowageException(ErrorCode.USAGE, "multiple hosts are not supported yet (host \"" + host + "\")",
                    "give a single host with -h, PGHOST or host=");
        }
        if (host.startsWith("/") || host.startsWith("@")) {
            throw new StowageException(ErrorCode.USAGE,
                    "Unix-domain sockets are not supported (host \"" + host + "\" is a socket directory)",
                    "connect over TCP with -h 127.0.0.1 or -h localhost");
        }
    }

    private static int parsePort(String value) {
        if (value == null || value.isEmpty()) {
            return 5432;
        }
        if (value.indexOf(',') >= 0) {
            throw new StowageException(ErrorCode.USAGE, "multiple hosts are not supported yet (port \"" + value + "\")",
                    "give a single port with -p, PGPORT or port=");
        }
        String trimmed = value.strip();
        try {
            int port = Integer.parseInt(trimmed);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StowageException(ErrorCode.USAGE, "invalid port number: \"" + value + "\"",
                "give a port between 1 and 65535 with -p, PGPORT or port=");
    }

    private static int parseTimeout(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        int seconds;
        try {
            seconds = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new StowageException(ErrorCode.USAGE,
                    "invalid integer value \"" + value + "\" for connection option \"connect_timeout\"",
                    "give a number of seconds (0 waits forever)");
        }
        // libpq: zero or less means no timeout, and less than 2 seconds is rounded up to 2.
        if (seconds <= 0) {
            return 0;
        }
        return Math.max(seconds, 2);
    }

    private static String checkChannelBinding(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!value.equals("disable") && !value.equals("prefer") && !value.equals("require")) {
            throw new StowageException(ErrorCode.USAGE, "invalid channel_binding value: \"" + value + "\"",
                    "use disable, prefer or require");
        }
        return value;
    }

    private static void checkTargetSessionAttrs(String value) {
        if (value != null && !value.isEmpty() && !value.equals("any")) {
            throw new StowageException(ErrorCode.USAGE,
                    "target_session_attrs=" + value + " is not supported by stowage (only \"any\")",
                    "remove target_session_attrs and connect to the server you mean directly");
        }
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static String nullIfEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
