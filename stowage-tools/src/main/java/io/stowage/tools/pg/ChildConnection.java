package io.stowage.tools.pg;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a child program reaches the server of a {@link ConnectionSettings}: non-secret parameters as
 * flags ({@code -h -p -U -d}) and libpq variables in the child's own environment, the password in a
 * {@link PrivatePassfile} named by {@code PGPASSFILE}. Every {@code PG*} variable the parent
 * inherited is removed from the child's environment, because the settings are already resolved
 * and a stray {@code PGPASSWORD} or {@code PGSERVICE} would otherwise override them. {@code -w}
 * makes the child fail instead of prompting. {@link #close()} deletes the password file.
 */
public final class ChildConnection implements AutoCloseable {
    /** libpq's environment names for the {@code sslParams} keys of {@link ConnectionSettings}. */
    private static final Map<String, String> SSL_VARIABLES = Map.of(
            "sslcert", "PGSSLCERT", "sslkey", "PGSSLKEY", "sslrootcert", "PGSSLROOTCERT", "sslcrl", "PGSSLCRL",
            "sslcrldir", "PGSSLCRLDIR", "sslsni", "PGSSLSNI", "sslcompression", "PGSSLCOMPRESSION",
            "ssl_min_protocol_version", "PGSSLMINPROTOCOLVERSION", "ssl_max_protocol_version", "PGSSLMAXPROTOCOLVERSION");
    private static final Map<String, String> DRIVER_VARIABLES = Map.of(
            "options", "PGOPTIONS", "channel_binding", "PGCHANNELBINDING", "gssencmode", "PGGSSENCMODE",
            "target_session_attrs", "PGTARGETSESSIONATTRS");

    private final List<String> arguments;
    private final Map<String, String> environment;
    private final Set<String> unset;
    private final PrivatePassfile passfile;

    private ChildConnection(List<String> arguments, Map<String, String> environment, Set<String> unset, PrivatePassfile passfile) {
        this.arguments = List.copyOf(arguments);
        this.environment = Collections.unmodifiableMap(environment);
        this.unset = Collections.unmodifiableSet(unset);
        this.passfile = passfile;
    }

    /**
     * Prepares the child's connection to {@code settings}; the caller closes the result once the child has ended.
     *
     * @param inherited the parent's environment, whose {@code PG*} names are removed in the child
     * @throws StowageException ({@link ErrorCode#USAGE}) for a setting the tools cannot receive safely
     */
    public static ChildConnection prepare(ConnectionSettings settings, Map<String, String> inherited) {
        List<String> args = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        if (settings.host() != null && !settings.host().isEmpty()) {
            args.add("-h");
            args.add(settings.host());
        }
        args.add("-p");
        args.add(Integer.toString(settings.port()));
        if (settings.user() != null && !settings.user().isEmpty()) {
            args.add("-U");
            args.add(settings.user());
        }
        if (settings.database() != null && !settings.database().isEmpty()) {
            // As a connection string, so that a database name holding "=" or starting with
            // "postgresql://" is taken as a name and not expanded into parameters.
            args.add("-d");
            args.add("dbname=" + conninfoQuote(settings.database()));
        }
        args.add("-w");   // never prompt: the password, if any, is in the password file
        if (settings.sslMode() != null) {
            env.put("PGSSLMODE", settings.sslMode().keyword());
        }
        if (settings.connectTimeoutSeconds() > 0) {
            env.put("PGCONNECT_TIMEOUT", Integer.toString(settings.connectTimeoutSeconds()));
        }
        if (settings.applicationName() != null) {
            env.put("PGAPPNAME", settings.applicationName());
        }
        copy(settings.sslParams(), SSL_VARIABLES, env);
        copy(settings.driverParams(), DRIVER_VARIABLES, env);
        // the tools' own messages in English, so that the error classifier can read them
        env.put("LC_MESSAGES", "C");
        Set<String> unset = new TreeSet<>();
        for (String name : inherited.keySet()) {
            if (name.startsWith("PG")) {
                unset.add(name);
            }
        }
        unset.add("LC_ALL");     // would override LC_MESSAGES
        unset.add("LANGUAGE");   // gettext reads it before LC_MESSAGES
        PrivatePassfile passfile = null;
        if (settings.password() != null) {
            passfile = PrivatePassfile.create(settings.password());
            env.put("PGPASSFILE", passfile.file().toString());
        } else if (settings.passwordFile() != null) {
            // no password known yet: let libpq consult the same file the settings were resolved with
            env.put("PGPASSFILE", settings.passwordFile().toString());
        }
        return new ChildConnection(args, env, unset, passfile);
    }

    private static void copy(Map<String, String> params, Map<String, String> names, Map<String, String> env) {
        for (Map.Entry<String, String> p : params.entrySet()) {
            String variable = names.get(p.getKey());
            if (variable == null) {
                // sslpassword, for one, has no environment variable, and a command line is no place for it
                throw new StowageException(ErrorCode.USAGE, "connection parameter \"" + p.getKey()
                        + "\" cannot be passed to the PostgreSQL tools", "leave it out, or use the native engine");
            }
            env.put(variable, p.getValue());
        }
    }

    /** libpq connection-string quoting: single quotes, with {@code '} and {@code \} escaped by a backslash. */
    static String conninfoQuote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** The connection flags: {@code -h HOST -p PORT -U USER -d 'dbname=...' -w}. */
    public List<String> arguments() {
        return arguments;
    }

    /** The variables to add to the child's environment (values may be sensitive: never log them). */
    public Map<String, String> environment() {
        return environment;
    }

    /** The inherited variables to remove from the child's environment. */
    public Set<String> unset() {
        return unset;
    }

    /** Deletes the private password file, if one was made. */
    @Override
    public void close() {
        if (passfile != null) {
            passfile.close();
        }
    }
}
