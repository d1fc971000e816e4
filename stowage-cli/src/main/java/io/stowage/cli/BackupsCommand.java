package io.stowage.cli;

import io.stowage.repo.BackupInfo;
import io.stowage.repo.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code stowage backups list|show|delete}: the backups of a repository. */
@Command(name = "backups", description = "List, show or delete the backups of a repository.",
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
}
