package io.stowage.core.connect;

/** Where a resolved password came from; failure messages name it so users know what to fix. */
public enum PasswordSource {
    /** No password is known. */
    NONE,
    /** {@code password=} in the connection string or URI. */
    CONNECTION_STRING,
    /** {@code password=} in the service file entry. */
    SERVICE_FILE,
    /** The {@code PGPASSWORD} environment variable. */
    ENVIRONMENT,
    /** A matching line of the password file ({@code ~/.pgpass} or {@code PGPASSFILE}). */
    PASSWORD_FILE,
    /** Typed at the console prompt. */
    PROMPT,
    /** Handed over directly by code that built the settings itself. */
    GIVEN
}
