package io.stowage.core.connect;

/** When to ask for a password, as pg_dump's {@code -w} and {@code -W} flags choose. */
public enum PasswordMode {
    /** {@code -w}: never prompt; fail if the server asks for a password that no source supplies. */
    NEVER,
    /** {@code -W}: prompt before connecting, whether or not the server will ask. */
    FORCE,
    /** The default: prompt only when the server asks for a password, no source supplied one, and a console is present. */
    AUTO
}
