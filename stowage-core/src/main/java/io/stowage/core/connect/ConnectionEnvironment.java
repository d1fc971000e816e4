package io.stowage.core.connect;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything outside the command line that libpq consults: environment variables, the home directory
 * (for {@code ~/.pgpass} and {@code ~/.pg_service.conf}), the operating-system user (the default role),
 * a console to prompt on, and where warnings go. Tests build one by hand; production uses {@link #system()}.
 *
 * @param variables     environment variables
 * @param homeDirectory the user's home directory, or {@code null} when unknown
 * @param osUser        the operating-system user name, the default role
 * @param prompter      asks for passwords
 * @param warnings      receives one-line warnings such as libpq's insecure password file warning
 */
public record ConnectionEnvironment(
        Map<String, String> variables,
        Path homeDirectory,
        String osUser,
        PasswordPrompter prompter,
        Consumer<String> warnings) {

    public ConnectionEnvironment {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        prompter = prompter == null ? PasswordPrompter.NONE : prompter;
        warnings = warnings == null ? message -> { } : warnings;
    }

    /** The real process environment; warnings go to standard error prefixed with {@code WARNING: } as libpq prints them. */
    public static ConnectionEnvironment system() {
        return system(message -> System.err.println("WARNING: " + message));
    }

    /** The real process environment, with warnings sent to {@code warnings}. */
    public static ConnectionEnvironment system(Consumer<String> warnings) {
        // libpq takes the home directory from $HOME first and only then from the password database; the
        // JVM's user.home comes from the password database alone, so HOME=/elsewhere would be ignored.
        String home = System.getenv("HOME");
        if (home == null || home.isEmpty()) {
            home = System.getProperty("user.home");
        }
        return new ConnectionEnvironment(System.getenv(), home == null || home.isEmpty() ? null : Path.of(home),
                System.getProperty("user.name"), PasswordPrompter.console(), Objects.requireNonNull(warnings));
    }

    /** The value of an environment variable, or {@code null}. */
    public String variable(String name) {
        return variables.get(name);
    }

    void warn(String message) {
        warnings.accept(message);
    }
}
