package io.stowage.tools.pg;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

/**
 * A PostgreSQL tool failed: a {@link StowageException} whose {@link #code()} follows from the
 * {@link #category()} read off the tool's standard error, carrying the SQLSTATE where the message
 * identifies one, and the tool's own exit code.
 */
public final class PgToolException extends StowageException {
    private static final long serialVersionUID = 1L;

    private final FailureCategory category;
    private final PgTool tool;
    private final int toolExitCode;

    public PgToolException(FailureCategory category, ErrorCode code, PgTool tool, int toolExitCode, String message, String fix,
                           String sqlState) {
        super(code, message, fix, sqlState, null);
        this.category = category;
        this.tool = tool;
        this.toolExitCode = toolExitCode;
    }

    /** What went wrong. */
    public FailureCategory category() {
        return category;
    }

    /** The program that failed. */
    public PgTool tool() {
        return tool;
    }

    /** The program's exit code. */
    public int toolExitCode() {
        return toolExitCode;
    }
}
