package io.stowage.tools.process;

import java.time.Duration;
import java.util.List;

/**
 * How a child process ended. The three endings are distinct so that a caller never mistakes a
 * cancelled or timed-out run (whose exit code is whatever the kill produced) for a failure of the
 * program itself.
 */
public sealed interface ProcessResult {

    /** Wall-clock time from start to the end of the child and its output. */
    Duration elapsed();

    /** The last lines the child wrote to standard error (at most {@link ProcessRunner#STDERR_TAIL_LINES}), oldest first. */
    List<String> stderrTail();

    /** True only for an {@link Exited} result with exit code 0. */
    default boolean succeeded() {
        return this instanceof Exited e && e.exitCode() == 0;
    }

    /** The child ended by itself with {@code exitCode}. */
    record Exited(int exitCode, Duration elapsed, List<String> stderrTail) implements ProcessResult {
        public Exited {
            stderrTail = List.copyOf(stderrTail);
        }
    }

    /** The run was cancelled (API cancel or an interrupt of the waiting thread); the whole process tree was ended. */
    record Cancelled(Duration elapsed, List<String> stderrTail) implements ProcessResult {
        public Cancelled {
            stderrTail = List.copyOf(stderrTail);
        }
    }

    /** The child outlived {@code limit}; the whole process tree was ended. */
    record TimedOut(Duration limit, Duration elapsed, List<String> stderrTail) implements ProcessResult {
        public TimedOut {
            stderrTail = List.copyOf(stderrTail);
        }
    }
}
