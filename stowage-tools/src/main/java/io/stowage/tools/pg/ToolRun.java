package io.stowage.tools.pg;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.progress.ProgressListener;
import io.stowage.tools.process.Cancellation;
import io.stowage.tools.process.Command;
import io.stowage.tools.process.ProcessResult;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one tool to its end and turns every ending other than success into a {@link StowageException}:
 * a failure into a classified {@link PgToolException}, a cancel or timeout into
 * {@link ErrorCode#CANCELLED}, a program that cannot be started into {@link ErrorCode#ENVIRONMENT}.
 */
final class ToolRun {
    /** Error lines kept for the report; a restore without -e may print thousands. */
    private static final int KEPT_LINES = 200;
    private static final Pattern IGNORED = Pattern.compile("errors ignored on restore: (\\d+)");

    /** A successful run: how long it took and how many errors a restore went past. */
    record Outcome(Duration elapsed, int errorsIgnored) {
    }

    private ToolRun() {
    }

    static Outcome run(ToolsSettings settings, PgTool tool, Command command, ProgressListener listener, Cancellation cancel) {
        VerboseProgress progress = new VerboseProgress(tool, listener);
        List<String> kept = new ArrayList<>();
        int[] scriptErrors = {0};
        ProcessResult result;
        try {
            result = settings.runner().run(command, line -> {
                if (!progress.accept(line)) {
                    if (kept.size() < KEPT_LINES) {
                        kept.add(line);
                    }
                    if (tool == PgTool.PSQL && line.contains("ERROR:")) {
                        scriptErrors[0]++;
                    }
                }
            }, cancel, settings.timeout());
        } catch (IOException e) {
            throw new StowageException(ErrorCode.ENVIRONMENT, "cannot run " + tool.command() + " (" + command.executable() + "): "
                    + e.getMessage(), "check the installation, or pass --pg-bin DIR naming a PostgreSQL client's bin directory", e);
        }
        if (result instanceof ProcessResult.Cancelled) {
            throw new StowageException(ErrorCode.CANCELLED, tool.command() + " was cancelled; it and its child processes were stopped",
                    null);
        }
        if (result instanceof ProcessResult.TimedOut t) {
            throw new StowageException(ErrorCode.CANCELLED, tool.command() + " did not finish within " + human(t.limit())
                    + " and was stopped", "raise --timeout");
        }
        int exitCode = ((ProcessResult.Exited) result).exitCode();
        List<String> lines = kept.isEmpty() ? result.stderrTail() : kept;
        if (exitCode == 0) {
            progress.finish();
            return new Outcome(result.elapsed(), scriptErrors[0]);
        }
        // pg_restore without -e goes past errors and exits 1 at the end, after counting them
        Matcher ignored = IGNORED.matcher(String.join("\n", result.stderrTail()));
        if (tool == PgTool.PG_RESTORE && exitCode == 1 && ignored.find()) {
            progress.finish();
            return new Outcome(result.elapsed(), Integer.parseInt(ignored.group(1)));
        }
        throw ToolErrors.classify(tool, exitCode, lines);
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase();
    }
}
