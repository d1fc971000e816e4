package io.stowage.core.error;

/**
 * The class of a failure, and the process exit code that reports it.
 *
 * <p>Exit codes are part of the command-line contract (documented in the README): scripts branch on
 * them, so a code never changes meaning once released.
 */
public enum ErrorCode {
    /** A bug or an unexpected condition inside Stowage. */
    INTERNAL(1),
    /** Bad command-line usage: unknown flag, missing argument, mutually exclusive options. */
    USAGE(2),
    /** The server cannot be reached: refused connection, unknown host, timeout, TLS failure. */
    CONNECTION(3),
    /** The server rejected the credentials. */
    AUTHENTICATION(4),
    /** The database named in the connection does not exist. */
    DATABASE_NOT_FOUND(5),
    /** The input cannot be used: missing file, unreadable, or not a dump. */
    INPUT(6),
    /** The output cannot be written: unwritable path, existing directory, disk full. */
    OUTPUT(7),
    /** The server reported an error while dumping or restoring (carries the SQLSTATE). */
    SERVER(8),
    /** A verification found differences (for example the demo's comparison). */
    VERIFICATION(9),
    /**
     * The environment lacks a suitable program: no client program where one is needed, or none of a
     * version that can talk to the server (the tools engine's pg_dump older than the server).
     */
    ENVIRONMENT(10),
    /** The operation was cancelled (Ctrl-C or API cancel). */
    CANCELLED(130);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The process exit code for this class of failure. */
    public int exitCode() {
        return exitCode;
    }
}
