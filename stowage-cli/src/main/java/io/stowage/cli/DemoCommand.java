package io.stowage.cli;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.DumpOptions;
import io.stowage.core.options.RestoreOptions;
import io.stowage.postgres.dump.DumpResult;
import io.stowage.postgres.dump.NativeDumper;
import io.stowage.postgres.restore.NativeRestorer;
import io.stowage.postgres.restore.RestoreResult;
import io.stowage.testkit.ComparisonReport;
import io.stowage.testkit.Corpus;
import io.stowage.testkit.DatabaseComparator;
import io.stowage.testkit.PgServer;
import io.stowage.testkit.PgServers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;

/**
 * {@code stowage demo}: the whole job on an embedded server, with nothing to set up. Starts
 * PostgreSQL, loads the bundled pagila sample, dumps it, restores the dump into a fresh database,
 * compares the two and prints a summary. Exits 0 only if they are identical.
 */
@Command(name = "demo", sortOptions = false,
        description = "Start an embedded PostgreSQL, load the pagila sample, dump it, restore it, compare.",
        synopsisHeading = "%nUsage: ", descriptionHeading = "%n", optionListHeading = "%nOptions:%n")
final class DemoCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Mixin
    HelpOptions help;

    @picocli.CommandLine.Option(names = {"-v", "--verbose"}, description = "Report each step on standard error.")
    boolean verbose;

    DemoCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        terminal.say("starting an embedded PostgreSQL server...");
        Path work = Files.createTempDirectory("stowage-demo");
        try (PgServer server = PgServers.startDefault()) {
            terminal.say("PostgreSQL " + server.version() + " on port " + server.port() + "; loading the pagila sample...");
            server.createDatabase("pagila");
            server.load("pagila", Corpus.PAGILA);

            Path dumpFile = work.resolve("pagila.sql");
            terminal.say("dumping pagila to " + dumpFile + "...");
            long dumpStart = System.nanoTime();
            DumpResult dump = new NativeDumper(server.settings("pagila"),
                    DumpOptions.builder().output(dumpFile).build(), new VerboseListener(terminal)).run();
            double dumpSeconds = seconds(dumpStart);

            terminal.say("restoring into pagila_restored...");
            server.createDatabase("pagila_restored");
            long restoreStart = System.nanoTime();
            RestoreResult restore = new NativeRestorer(server.settings("pagila_restored"),
                    RestoreOptions.builder().input(dumpFile).exitOnError(true).build(), new VerboseListener(terminal)).run();
            double restoreSeconds = seconds(restoreStart);

            terminal.say("comparing the two databases...");
            ComparisonReport report;
            try (Connection a = server.connect("pagila"); Connection b = server.connect("pagila_restored")) {
                report = DatabaseComparator.create().compare(a, b);
            }
            printSummary(server, dump, dumpSeconds, restore, restoreSeconds, report, seconds(started));
            if (!report.isIdentical()) {
                throw new StowageException(ErrorCode.VERIFICATION,
                        "the restored database differs from the source in " + report.differences().size() + " places",
                        "see the differences listed above and report them");
            }
            return 0;
        } catch (SQLException e) {
            throw new StowageException(ErrorCode.SERVER, "demo failed: " + e.getMessage(), null, e.getSQLState(), e);
        } finally {
            deleteTree(work);
        }
    }

    private void printSummary(PgServer server, DumpResult dump, double dumpSeconds, RestoreResult restore,
                              double restoreSeconds, ComparisonReport report, double totalSeconds) {
        var out = terminal.out();
        out.println("Stowage demo: pagila on PostgreSQL " + server.version());
        out.printf("  objects:   %d entries dumped, %d restored%n", dump.entries(), restore.entries());
        out.printf("  tables:    %d with data%n", dump.tables());
        out.printf("  rows:      %d dumped, %d restored%n", dump.rows(), restore.rows());
        out.printf("  bytes:     %d (plain SQL)%n", dump.bytes());
        out.printf("  seconds:   dump %.2f, restore %.2f, total %.1f%n", dumpSeconds, restoreSeconds, totalSeconds);
        if (!report.isIdentical()) {
            report.differences().forEach(d -> out.println("  difference: " + d));
        }
        out.println("  identical: " + (report.isIdentical() ? "yes" : "no"));
        out.flush();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
