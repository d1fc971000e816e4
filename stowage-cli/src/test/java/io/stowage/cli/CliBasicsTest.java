package io.stowage.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI's surface without a server: help, version, usage errors and their exit codes. */
class CliBasicsTest {

    @Test
    void helpListsTheCommands() {
        Cli.Result r = Cli.run("--help");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("dump", "restore", "demo");
    }

    @Test
    void versionPrintsTheBuildVersion() {
        Cli.Result r = Cli.run("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out().strip()).matches("stowage \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void subcommandHelpUsesQuestionMarkBecauseDashHIsTheHost() {
        Cli.Result r = Cli.run("dump", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--host", "--schema-only", "--exclude-table-data", "--if-exists");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "dump -a -s mydb                   | -s/--schema-only and -a/--data-only cannot be used together",
        "dump -c -a mydb                   | -c/--clean and -a/--data-only cannot be used together",
        "dump --if-exists mydb             | --if-exists requires option -c/--clean",
        "dump -F z mydb                    | invalid output format",
        "dump --no-such-flag mydb          | Unknown option",
        "restore --if-exists -d x f.sql    | --if-exists requires option -c/--clean",
        "restore -C -1 -d x f.sql          | -C/--create and -1/--single-transaction cannot be used together",
        "restore f.sql                     | no target database given",
        "nosuchcommand                     | Unmatched argument",
    })
    void usageErrorsExitWithTwoAndOneLine(String commandLine, String expected) {
        Cli.Result r = Cli.run(commandLine.trim().split("\\s+"));
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains(expected);
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
        assertThat(r.errLines().get(0)).startsWith("stowage: error: ");
    }

    @Test
    void verboseShowsTheStackTraceOfAUserError() {
        Cli.Result r = Cli.run("dump", "-v", "-a", "-s", "mydb");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("\tat ");
    }
}
