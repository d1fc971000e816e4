package io.stowage.core.connect;

import java.io.Console;
import java.util.Optional;

/** Asks a person for a password. Implementations must not echo what is typed. */
@FunctionalInterface
public interface PasswordPrompter {

    /** A prompter that never has anyone to ask. */
    PasswordPrompter NONE = prompt -> Optional.empty();

    /**
     * Shows {@code prompt} and reads a password.
     *
     * @return the password typed (possibly empty), or empty when there is no console to ask on
     */
    Optional<Secret> prompt(String prompt);

    /** Reads from {@link System#console()}, without echo; empty when the process has no console. */
    static PasswordPrompter console() {
        return prompt -> {
            Console console = System.console();
            if (console == null) {
                return Optional.empty();
            }
            char[] typed = console.readPassword("%s", prompt);
            if (typed == null) {
                return Optional.empty();
            }
            String value = new String(typed);
            java.util.Arrays.fill(typed, '\0');
            return Optional.of(Secret.of(value));
        };
    }
}
