package io.stowage.cli;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on standard error and an exit code from {@link ErrorCode}.
 * Stack traces appear only with {@code --verbose}: a user error is not a crash.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final Terminal terminal;

    ErrorReporter(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        terminal.say("error: " + ex.getMessage());
        CommandLine cmd = ex.getCommandLine();
        terminal.err().println("Try \"" + cmd.getCommandSpec().qualifiedName() + " --help\" for more information.");
        if (terminal.verbose()) {
            ex.printStackTrace(terminal.err());
        }
        return ErrorCode.USAGE.exitCode();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        return report(ex);
    }

    /** Reports {@code ex} and returns the exit code for it. */
    int report(Throwable ex) {
        StowageException known = find(ex);
        if (known != null) {
            terminal.say("error: " + known.oneLine());
            if (terminal.verbose()) {
                known.printStackTrace(terminal.err());
            }
            return known.code().exitCode();
        }
        terminal.say("error: internal error: " + ex + " - rerun with --verbose and report it");
        if (terminal.verbose()) {
            ex.printStackTrace(terminal.err());
        }
        return ErrorCode.INTERNAL.exitCode();
    }

    private static StowageException find(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof StowageException se) {
                return se;
            }
        }
        return null;
    }
}
