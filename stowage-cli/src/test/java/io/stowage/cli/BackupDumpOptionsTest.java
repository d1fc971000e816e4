package io.stowage.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stowage backup} takes {@code stowage dump}'s archive options from one definition
 * ({@link ArchiveDumpOptions}), and refuses the dump's output and engine choices with one line
 * before it connects or touches the repository.
 */
class BackupDumpOptionsTest {
    private static final Terminal TERMINAL = new Terminal(InputStream.nullInputStream(), System.out, System.err, false);

    @TempDir
    Path temp;

    private static CommandSpec spec(Object command) {
        CommandLine cli = new CommandLine(command);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli.getCommandSpec();
    }

    private static Set<String> names(CommandSpec spec) {
        Set<String> all = new TreeSet<>();
        for (OptionSpec o : spec.options()) {
            all.addAll(List.of(o.names()));
        }
        return all;
    }

    @Test
    void everyArchiveOptionIsOneDefinitionThatDumpAndBackupBothParse() {
        CommandSpec mixin = CommandSpec.forAnnotatedObject(new ArchiveDumpOptions());
        assertThat(mixin.options()).hasSize(24);
        for (Object command : List.of(new DumpCommand(TERMINAL), new BackupCommand(TERMINAL))) {
            CommandSpec spec = spec(command);
            assertThat(spec.mixins()).as(spec.name()).containsKey("archive");
            assertThat(spec.mixins().get("archive").userObject()).isInstanceOf(ArchiveDumpOptions.class);
            for (OptionSpec o : mixin.options()) {
                for (String name : o.names()) {
                    OptionSpec found = spec.findOption(name);
                    assertThat(found).as(spec.name() + " " + name).isNotNull();
                    assertThat(found.description()).as(name).isEqualTo(o.description());
                    // the value "2" fits every option that takes one (numbers, names, patterns)
                    List<String> args = new ArrayList<>(List.of(name));
                    if (o.arity().max() > 0) {
                        args.add("2");
                    }
                    args.add("somedb");
                    new CommandLine(command.getClass() == DumpCommand.class ? new DumpCommand(TERMINAL) : new BackupCommand(TERMINAL))
                            .parseArgs(args.toArray(String[]::new));
                }
            }
        }
    }

    /**
     * Every dump option but the engine's program directory and time limit, and --no-sync (a
     * repository's storage makes each backup durable itself), is a backup option too (-f, -F and
     * --engine as refusals): a flag added to dump alone fails here until it is placed.
     */
    @Test
    void backupTakesEveryDumpOptionButTheToolsEnginesOwn() {
        Set<String> dumpOnly = new TreeSet<>(names(spec(new DumpCommand(TERMINAL))));
        Set<String> backup = names(spec(new BackupCommand(TERMINAL)));
        dumpOnly.removeAll(backup);
        assertThat(dumpOnly).containsExactly("--no-sync", "--pg-bin", "--timeout");
        Set<String> backupOnly = new TreeSet<>(backup);
        backupOnly.removeAll(names(spec(new DumpCommand(TERMINAL))));
        assertThat(backupOnly).containsExactly("--config", "--encrypt", "--key-file", "--passphrase-file", "--repo");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-F|d|-F/--format d does not apply",
        "--format|plain|-F/--format plain does not apply",
        "-f|out.dump|-f/--file does not apply",
        "--engine|tools|backups use the native engine, not --engine tools",
        "--engine|auto|backups use the native engine, not --engine auto"})
    void theDumpsOutputAndEngineChoicesAreRefusedInOneLine(String option, String value, String message) throws Exception {
        Path repo = temp.resolve("repo");
        // port 1 has no server: the refusal must come before any connection
        Cli.Result r = Cli.run("backup", "--repo", repo.toString(), "-h", "127.0.0.1", "-p", "1", "-w", option, value, "db");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).as(r.toString()).singleElement().asString().contains(message)
                .contains(option.startsWith("--engine") ? "stowage dump --engine tools" : "custom archive stored in the repository");
        assertThat(Files.exists(repo)).as("nothing created").isFalse();
    }

    @Test
    void dashFCustomIsWhatABackupIsAnywayAndPassesTheCheck() {
        for (String format : List.of("c", "custom", "C")) {
            // port 1 has no server: the run gets past the option checks to the connection
            Cli.Result r = Cli.run("backup", "--repo", temp.resolve("r-" + format).toString(), "-h", "127.0.0.1", "-p", "1", "-w",
                    "-F", format, "db");
            assertThat(r.exit()).as(r.toString()).isEqualTo(3);
            assertThat(r.err()).contains("port 1 failed").doesNotContain("does not apply");
        }
    }

    @Test
    void helpListsTheArchiveOptionsButNotTheRefusedOnes() {
        Cli.Result help = Cli.run("backup", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--snapshot=SNAPSHOT", "--section=SECTION", "--filter=FILE", "-j, --jobs=NUM",
                "--exclude-table-data=PATTERN", "--no-comments", "--engine=native")
                .doesNotContain("--format", "--file", "--pg-bin");
    }
}
