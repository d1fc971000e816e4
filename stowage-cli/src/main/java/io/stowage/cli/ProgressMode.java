package io.stowage.cli;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.util.Locale;

/**
 * How {@code --progress} shows a run's progress, always on standard error (standard output may carry
 * the dump). AUTO is what rsync and pv do: a bar when a person is watching standard error, nothing
 * when it goes to a file or a pipe, where a redrawn line would only be noise (pg_dump itself is
 * silent unless asked).
 */
enum ProgressMode {
    /** A bar when standard error is a terminal, else nothing. */
    AUTO,
    /** One line redrawn in place: phase, percent, bytes, throughput, ETA. */
    BAR,
    /** A line every few seconds (--progress-interval), for logs. */
    PLAIN,
    /** One JSON object per line, per event, for programs. */
    JSON,
    /** Nothing. */
    NONE;

    static ProgressMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StowageException(ErrorCode.USAGE, "unrecognized progress mode: \"" + value + "\"",
                    "use --progress=auto, bar, plain, json or none");
        }
    }

    /** AUTO resolved against whether standard error is a terminal. */
    ProgressMode resolve(boolean stderrIsTerminal) {
        return this == AUTO ? (stderrIsTerminal ? BAR : NONE) : this;
    }
}
