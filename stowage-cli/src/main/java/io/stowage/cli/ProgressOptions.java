package io.stowage.cli;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code --progress} and {@code --progress-interval}, shared by dump and restore. */
final class ProgressOptions {
    @Option(names = "--progress", paramLabel = "auto|bar|plain|json|none",
            description = "Show progress on standard error: a bar (auto: only when standard error is a terminal), "
                    + "plain lines every --progress-interval, or one JSON object per line (default: auto).")
    String mode = "auto";

    @Option(names = "--progress-interval", paramLabel = "SECONDS",
            description = "Seconds between two --progress=plain lines (default: 5).")
    double intervalSeconds = 5;

    /** Starts the reporter the options ask for; close it when the run ends. */
    ProgressReporter start(Terminal terminal) {
        if (!(intervalSeconds > 0) || intervalSeconds > 86_400) {
            throw new StowageException(ErrorCode.USAGE, "--progress-interval must be a number of seconds above 0, not " + intervalSeconds,
                    "give for example --progress-interval 5");
        }
        ProgressMode resolved = ProgressMode.parse(mode).resolve(terminal.err() == System.err && TerminalDetection.stderrIsTerminal());
        return new ProgressReporter(resolved, terminal.err(), Duration.ofNanos((long) (intervalSeconds * 1e9)),
                TerminalDetection.columns());
    }
}
