package io.stowage.tools.pg;

/**
 * What went wrong when a PostgreSQL tool failed, as read from its standard error. The
 * {@link io.stowage.core.error.ErrorCode} follows from it (see {@link ToolErrors}), except that
 * {@link #DISK_FULL} and {@link #OUT_OF_MEMORY} count as server errors when the server reported them.
 */
public enum FailureCategory {
    /** The server could not be reached (refused, unknown host, timeout, connection lost). */
    CONNECTION_REFUSED,
    /** The server rejected the credentials, or none were available. */
    AUTHENTICATION_FAILED,
    /** The database does not exist. */
    DATABASE_MISSING,
    /** The role lacks a privilege (SQLSTATE 42501). */
    PERMISSION_DENIED,
    /** A lock could not be had in time (SQLSTATE 55P03), for example with {@code --lock-wait-timeout}. */
    LOCK_TIMEOUT,
    /** No space left: on the server (SQLSTATE 53100) or for the output. */
    DISK_FULL,
    /** pg_dump is older than the server and refuses to dump it. */
    SERVER_VERSION_MISMATCH,
    /** The server (SQLSTATE 53200) or the tool ran out of memory. */
    OUT_OF_MEMORY,
    /** The output file or directory cannot be written. */
    OUTPUT,
    /** The input is missing, unreadable, or not an archive this pg_restore can read. */
    INPUT,
    /** Another error the server reported. */
    SERVER_ERROR,
    /** Anything else. */
    OTHER
}
