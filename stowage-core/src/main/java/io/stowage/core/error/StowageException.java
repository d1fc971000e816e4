package io.stowage.core.error;

/**
 * The one exception type Stowage throws for failures a user can act on.
 *
 * <p>The message names the problem in one line; {@link #fix()} says what to do about it. Neither may
 * contain a secret: connection strings in messages are always shown with the password masked.
 * Server errors carry the SQLSTATE the server reported.
 */
public class StowageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String fix;
    private final String sqlState;

    public StowageException(ErrorCode code, String message, String fix) {
        this(code, message, fix, null, null);
    }

    public StowageException(ErrorCode code, String message, String fix, Throwable cause) {
        this(code, message, fix, null, cause);
    }

    public StowageException(ErrorCode code, String message, String fix, String sqlState, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.fix = fix;
        this.sqlState = sqlState;
    }

    /** The class of failure, which decides the exit code. */
    public ErrorCode code() {
        return code;
    }

    /** What the user can do about it, or {@code null} when there is nothing useful to say. */
    public String fix() {
        return fix;
    }

    /** The server's SQLSTATE for server errors, otherwise {@code null}. */
    public String sqlState() {
        return sqlState;
    }

    /** The single line shown to users: the problem, then the fix. */
    public String oneLine() {
        StringBuilder sb = new StringBuilder(String.valueOf(getMessage()).replace('\n', ' ').strip());
        if (sqlState != null) {
            sb.append(" (SQLSTATE ").append(sqlState).append(')');
        }
        if (fix != null && !fix.isBlank()) {
            sb.append(" - ").append(fix);
        }
        return sb.toString();
    }
}
