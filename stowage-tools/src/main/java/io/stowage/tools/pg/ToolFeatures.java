package io.stowage.tools.pg;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

/** Checks that the installed tool has an option before the engine passes it. */
final class ToolFeatures {
    private ToolFeatures() {
    }

    /**
     * Rejects {@code option} when {@code version} is older than {@code sinceMajor}, naming the option,
     * the tool's version and the fix.
     */
    static void require(PgTool tool, PgVersion version, String option, int sinceMajor) {
        if (version.major() < sinceMajor) {
            throw new StowageException(ErrorCode.USAGE, "option " + option + " needs " + tool.command() + " " + sinceMajor
                    + " or newer, but the " + tool.command() + " used is " + version,
                    "install the PostgreSQL " + sinceMajor + " client or newer (Debian: apt-get install postgresql-client-"
                            + sinceMajor + ") and pass --pg-bin, leave the option out, or use the native engine");
        }
    }

    /** Rejects an option the tool has in no version. */
    static StowageException unsupported(PgTool tool, String option, String fix) {
        return new StowageException(ErrorCode.USAGE, "option " + option + " is not supported by " + tool.command(), fix);
    }
}
