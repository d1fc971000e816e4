package io.stowage.cli;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.postgres.jdbc.PgConnector;
import io.stowage.postgres.purge.PurgePlan;
import io.stowage.postgres.purge.PurgeTable;
import io.stowage.postgres.purge.Purger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code stowage purge}: empties the given tables (or every user table) in one transaction with one
 * {@code TRUNCATE ... RESTART IDENTITY}; prints one line per table emptied. Fails with exit 2 when
 * tables outside the set reference it through foreign keys, unless {@code --cascade}.
 */
@Command(name = "purge", sortOptions = false,
        description = "Empty tables (all user tables by default) in one transaction, restarting their identity sequences.",
        synopsisHeading = "%nUsage: ", descriptionHeading = "%n", optionListHeading = "%nOptions:%n")
final class PurgeCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Mixin
    HelpOptions help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DBNAME", description = "Database to purge (or use -d).")
    String positionalDbname;

    @Option(names = {"-t", "--table"}, paramLabel = "PATTERN",
            description = "Empty only the matching tables (pg_dump's -t patterns); repeatable.")
    List<String> tables = new ArrayList<>();

    @Option(names = "--cascade", description = "Also empty tables that reference the set through foreign keys.")
    boolean cascade;

    @Option(names = "--dry-run", description = "Print the tables that would be emptied and change nothing.")
    boolean dryRun;

    @Option(names = {"-v", "--verbose"}, description = "Verbose mode: also print the TRUNCATE statement on standard error.")
    boolean verbose;

    @Mixin
    ConnectionOptions connection;

    PurgeCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws SQLException {
        ConnectionSettings settings = connection.connect(terminal, positionalDbname);
        try (Connection c = PgConnector.open(settings)) {
            PurgePlan plan = dryRun ? Purger.plan(c, tables, cascade) : Purger.purge(c, tables, cascade);
            String verb = dryRun ? "would empty " : "emptied ";
            for (PurgeTable t : plan.tables()) {
                terminal.out().println(verb + t.qualified());
            }
            for (PurgeTable t : plan.cascaded()) {
                terminal.out().println(verb + t.qualified() + " (cascade: it references an emptied table)");
            }
            if (terminal.verbose()) {
                terminal.say(plan.statement().isEmpty() ? "no tables to empty" : plan.statement());
            }
        }
        return 0;
    }
}
