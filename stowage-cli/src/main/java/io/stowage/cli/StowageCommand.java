package io.stowage.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code stowage} command: lists its subcommands. */
@Command(name = "stowage",
        versionProvider = VersionProvider.class,
        mixinStandardHelpOptions = true,
        description = "Moves PostgreSQL databases safely: dump, restore, verify.",
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0 success        1 internal error      2 usage error",
            "  3 connection     4 authentication      5 database not found",
            "  6 bad input      7 output not writable 8 server error",
            "  9 verification failed 10 missing or unfitting program (pg_dump)",
            "130 cancelled (Ctrl-C, --timeout)",
            "",
            "Set-up and tests: see README.md (./stowage demo; ./mvnw verify)."
        })
public final class StowageCommand implements Runnable {
    @Spec
    CommandSpec spec;

    private final Terminal terminal;

    StowageCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public void run() {
        spec.commandLine().usage(terminal.out());
    }
}
