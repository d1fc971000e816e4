package io.stowage.core.connect;

/**
 * A password or other secret. Its {@link #toString()} is always {@code ****}, so a secret that
 * reaches a log line, an exception message or a debugger's variable view by accident shows nothing.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps a secret value; {@code null} stays {@code null}. */
    public static Secret of(String value) {
        return value == null ? null : new Secret(value);
    }

    /** The secret itself. Call only where it is handed to the driver, never to build a message. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }
}
