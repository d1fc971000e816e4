package io.stowage.cli;

import io.stowage.core.io.Json;
import io.stowage.repo.BackupInfo;
import io.stowage.repo.BackupKey;
import io.stowage.repo.Repository;
import io.stowage.repo.Retention;
import io.stowage.repo.RetentionPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code stowage backups list|show|delete|prune}: the backups of a repository. */
@Command(name = "backups", description = "List, show, delete or prune the backups of a repository.",
        synopsisHeading = "%nUsage: ", descriptionHeading = "%n", optionListHeading = "%nOptions:%n")
final class BackupsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOptions help;

    private final Terminal terminal;

    BackupsCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public void run() {
        spec.commandLine().usage(terminal.out());
    }

    /** {@code backups list}: newest first, one line each, or one JSON object a line with --json. */
    @Command(name = "list", description = "List the complete backups, newest first.")
    static final class ListCommand implements Callable<Integer> {
        private final Terminal terminal;

        @Mixin
        HelpOptions help;

        @Mixin
        RepoOptions repo;

        @Option(names = "--json", description = "One JSON object (the backup's metadata) a line.")
        boolean json;

        ListCommand(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() {
            try (Repository repository = repo.open()) {
                List<BackupInfo> all = repository.list();
                PrintStream out = terminal.out();
                for (BackupInfo info : all) {
                    out.println(json ? info.toJsonLine() : String.format("%s  %s  %s  %s bytes  %d tables  %d rows  %s", info.key(),
                            info.database(), info.finished(), info.archiveSize(), info.tableRows().size(), info.totalRows(),
                            info.encrypted() ? "encrypted (key id " + info.encryption().keyId() + ")" : "not encrypted"));
                }
                out.flush();
            }
            return 0;
        }
    }

    /** {@code backups show KEY}: the metadata JSON. */
    @Command(name = "show", description = "Print a backup's metadata (JSON).")
    static final class ShowCommand implements Callable<Integer> {
        private final Terminal terminal;

        @Mixin
        HelpOptions help;

        @Mixin
        RepoOptions repo;

        @Parameters(index = "0", paramLabel = "KEY", description = "The backup's key, or latest.")
        String key;

        ShowCommand(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() {
            try (Repository repository = repo.open()) {
                terminal.out().print(repository.show(key).toJson());
                terminal.out().flush();
            }
            return 0;
        }
    }

    /** {@code backups delete KEY}: every object of the backup. */
    @Command(name = "delete", description = "Delete a backup (all its objects).")
    static final class DeleteCommand implements Callable<Integer> {
        private final Terminal terminal;

        @Mixin
        HelpOptions help;

        @Mixin
        RepoOptions repo;

        @Parameters(index = "0", paramLabel = "KEY", description = "The backup's key, or latest.")
        String key;

        DeleteCommand(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() {
            try (Repository repository = repo.open()) {
                String deleted = repository.delete(key).value();
                if (terminal.verbose()) {
                    terminal.say("deleted backup " + deleted);
                }
            }
            return 0;
        }
    }

    /**
     * {@code backups prune}: applies a retention policy to each database's backups, printing every
     * backup with keep or remove and the reasons, then deletes the removed ones (not with --dry-run).
     * Incomplete backups (no metadata: running, or left by a failed run) are never touched.
     */
    @Command(name = "prune", sortOptions = false,
            description = "Delete the backups a retention policy does not keep; each database's backups are pruned on their own.")
    static final class PruneCommand implements Callable<Integer> {
        private final Terminal terminal;

        @Mixin
        HelpOptions help;

        @Mixin
        RepoOptions repo;

        @Option(names = "--keep-last", paramLabel = "N", description = "Keep the N newest backups.")
        int keepLast;

        @Option(names = "--keep-daily", paramLabel = "N",
                description = "Keep the newest backup of each of the N most recent days that have backups (UTC).")
        int keepDaily;

        @Option(names = "--keep-weekly", paramLabel = "N", description = "Likewise for the N most recent ISO weeks.")
        int keepWeekly;

        @Option(names = "--keep-monthly", paramLabel = "N", description = "Likewise for the N most recent calendar months.")
        int keepMonthly;

        @Option(names = "--keep-yearly", paramLabel = "N", description = "Likewise for the N most recent calendar years.")
        int keepYearly;

        @Option(names = "--dry-run", description = "Only print what would be kept and removed; delete nothing.")
        boolean dryRun;

        @Option(names = "--json", description = "One JSON object a line: key, database, started, action (keep or remove), reasons.")
        boolean json;

        PruneCommand(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public Integer call() {
            // refused before the repository is even opened: a prune without rules would remove everything
            RetentionPolicy policy = new RetentionPolicy(keepLast, keepDaily, keepWeekly, keepMonthly, keepYearly)
                    .requireSomethingKept();
            try (Repository repository = repo.open()) {
                List<Retention.Decision> plan = Retention.plan(repository.list(), policy);
                PrintStream out = terminal.out();
                String database = null;
                for (Retention.Decision d : plan) {
                    if (json) {
                        out.println(json(d));
                        continue;
                    }
                    if (!d.backup().database().equals(database)) {
                        database = d.backup().database();
                        String db = database;
                        long count = plan.stream().filter(x -> x.backup().database().equals(db)).count();
                        long kept = plan.stream().filter(x -> x.backup().database().equals(db) && x.keep()).count();
                        out.printf("database %s: keep %d, remove %d (%s)%n", db, kept, count - kept, policy.describe());
                    }
                    out.printf("%-7s %s%s%n", d.keep() ? "keep" : "remove", d.backup().key(),
                            d.keep() ? "  " + String.join(", ", d.reasons()) : "");
                }
                out.flush();
                long removed = plan.stream().filter(d -> !d.keep()).count();
                if (!dryRun) {
                    Retention.apply(repository, plan);
                }
                if (!json) {
                    out.printf("%s %d of %d backups%n", dryRun ? "dry run: would remove" : "removed", removed, plan.size());
                    out.flush();
                }
                List<BackupKey> incomplete = repository.incomplete();
                if (!incomplete.isEmpty()) {
                    terminal.say("note: " + incomplete.size() + (incomplete.size() == 1 ? " incomplete backup" : " incomplete backups")
                            + " (no metadata: still running, or left by a failed run) not pruned: "
                            + String.join(" ", incomplete.stream().map(BackupKey::value).toList())
                            + "; once no backup is running, delete each with stowage backups delete KEY");
                }
            }
            return 0;
        }

        private String json(Retention.Decision d) {
            return "{\"key\":" + Json.quote(d.backup().key().value()) + ",\"database\":" + Json.quote(d.backup().database())
                    + ",\"started\":" + Json.quote(d.backup().started().toString())
                    + ",\"action\":" + Json.quote(d.keep() ? "keep" : "remove") + ",\"reasons\":["
                    + String.join(",", d.reasons().stream().map(Json::quote).toList()) + "]}";
        }
    }
}
