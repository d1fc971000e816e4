package io.stowage.cli;

import picocli.CommandLine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The {@code stowage} command's entry point. */
public final class Main {
    /*
     * pgjdbc logs some failures through java.util.logging before throwing them (a failed host name check
     * prints two SEVERE lines), which the default console handler writes to standard error next to our own
     * one-line message. The exception carries the same facts, so the driver's logger is silenced. Held in
     * a field because java.util.logging keeps loggers only weakly and would forget the level.
     */
    private static final Logger DRIVER_LOG = Logger.getLogger("org.postgresql");

    private Main() {
    }

    public static void main(String[] args) {
        DRIVER_LOG.setLevel(Level.OFF);
        NativeWatchdog.processExit = System::exit;
        int code = execute(args, System.in, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** The subcommands by name, each built only when wanted. */
    private static final Map<String, Function<Terminal, Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Function<Terminal, Object>> subcommands() {
        Map<String, Function<Terminal, Object>> m = new LinkedHashMap<>();
        m.put("dump", DumpCommand::new);
        m.put("restore", RestoreCommand::new);
        m.put("verify", VerifyCommand::new);
        m.put("purge", PurgeCommand::new);
        m.put("backup", BackupCommand::new);
        m.put("backups", t -> new CommandLine(new BackupsCommand(t))
                .addSubcommand(new BackupsCommand.ListCommand(t))
                .addSubcommand(new BackupsCommand.ShowCommand(t))
                .addSubcommand(new BackupsCommand.DeleteCommand(t))
                .addSubcommand(new BackupsCommand.PruneCommand(t)));
        m.put("demo", DemoCommand::new);
        return m;
    }

    /**
     * The command line for {@code args}: with only the subcommand they name, when they name one,
     * since picocli reads the annotations of every registered command up front (about 0.1 s for all
     * of them in a fresh JVM, a third of a small dump's start-up); with every subcommand otherwise,
     * for the top-level help and the error that lists them.
     */
    static CommandLine commandLine(Terminal terminal, String[] args) {
        String named = null;
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                named = SUBCOMMANDS.containsKey(arg) ? arg : null;
                break;
            }
        }
        CommandLine cli = new CommandLine(new StowageCommand(terminal));
        for (Map.Entry<String, Function<Terminal, Object>> e : SUBCOMMANDS.entrySet()) {
            if (named == null || named.equals(e.getKey())) {
                cli.addSubcommand(e.getValue().apply(terminal));
            }
        }
        return cli;
    }

    /**
     * Runs one command line with the given standard streams and returns its exit code. Tests call
     * this directly, so everything a user sees goes through these streams and nothing calls
     * {@code System.exit}.
     */
    public static int execute(String[] args, InputStream in, PrintStream out, PrintStream err) {
        Terminal terminal = new Terminal(in, out, err, Verbosity.requested(args));
        CommandLine cli = commandLine(terminal, args);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler(new ErrorReporter(terminal));
        cli.setExecutionExceptionHandler(new ErrorReporter(terminal));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // the allocation that failed is gone by now, which leaves room for one line
            terminal.say("error: out of memory: the Java heap limit of " + Units.bytes(Runtime.getRuntime().maxMemory())
                    + " was reached - give a larger --max-memory (the catalog of a database with very many tables needs about 2 KB per table)");
            return io.stowage.core.error.ErrorCode.INTERNAL.exitCode();
        } finally {
            // a Ctrl-C that cancelled a tool waits for this: the cancel has been reported
            ToolsCancel.commandEnded();
        }
    }
}
