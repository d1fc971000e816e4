package io.stowage.cli;

import io.stowage.core.archive.Section;
import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.RestoreOptions;
import io.stowage.postgres.restore.NativeRestorer;
import io.stowage.postgres.restore.RestoreResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code stowage restore}: pg_restore's flags, native engine, plain SQL dumps. */
@Command(name = "restore", sortOptions = false,
        description = "Restore an SQL dump into a database (pg_restore compatible flags).",
        synopsisHeading = "%nUsage: ", descriptionHeading = "%n", optionListHeading = "%nOptions:%n")
final class RestoreCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Mixin
    HelpOptions help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Dump to restore (default: standard input).")
    Path file;

    @Option(names = {"-a", "--data-only"}, description = "Restore only the data, not the schema.")
    boolean dataOnly;

    @Option(names = {"-s", "--schema-only"}, description = "Restore only the schema, no data.")
    boolean schemaOnly;

    @Option(names = "--section", paramLabel = "SECTION",
            description = "Restore the named section (pre-data, data or post-data); repeat for more than one.")
    List<String> sections = new ArrayList<>();

    @Option(names = {"-1", "--single-transaction"}, description = "Restore as a single transaction (all or nothing).")
    boolean singleTransaction;

    @Option(names = {"-c", "--clean"}, description = "Clean (drop) database objects before recreating them.")
    boolean clean;

    @Option(names = "--if-exists", description = "Use IF EXISTS when dropping objects.")
    boolean ifExists;

    @Option(names = {"-C", "--create"}, description = "Create the dumped database and restore into it; -d names the database to connect to first.")
    boolean create;

    @Option(names = {"-O", "--no-owner"}, description = "Skip restoration of object ownership.")
    boolean noOwner;

    @Option(names = {"-x", "--no-privileges", "--no-acl"}, description = "Skip restoration of privileges (GRANT/REVOKE).")
    boolean noPrivileges;

    @Option(names = "--no-comments", description = "Do not restore comments.")
    boolean noComments;

    @Option(names = "--no-tablespaces", description = "Do not restore tablespace assignments (SET default_tablespace).")
    boolean noTablespaces;

    @Option(names = "--no-security-labels", description = "Do not restore security labels.")
    boolean noSecurityLabels;

    @Option(names = {"-e", "--exit-on-error"}, description = "Exit on the first error; by default errors are reported and the restore goes on.")
    boolean exitOnError;

    @Option(names = {"-v", "--verbose"}, description = "Verbose mode: report each step on standard error.")
    boolean verbose;

    @Mixin
    ConnectionOptions connection;

    RestoreCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        RestoreOptions.Builder builder = RestoreOptions.builder().input(file).singleTransaction(singleTransaction)
                .clean(clean).ifExists(ifExists).create(create).noOwner(noOwner).noPrivileges(noPrivileges)
                .noTablespaces(noTablespaces).noSecurityLabels(noSecurityLabels)
                .noComments(noComments).exitOnError(exitOnError).dataOnly(dataOnly).schemaOnly(schemaOnly);
        sections.forEach(name -> builder.section(Section.fromOption(name)));
        RestoreOptions options = builder.build();
        if (connection.dbname == null) {
            throw new StowageException(ErrorCode.USAGE, "no target database given",
                    "name the database to restore into with -d DBNAME (with -C, the database to connect to first)");
        }
        ConnectionSettings target = connection.connect(terminal, null);
        NativeRestorer restorer = new NativeRestorer(target, options, new VerboseListener(terminal));
        RestoreResult result = file == null ? restorer.run(terminal.in()) : restorer.run();
        if (terminal.verbose()) {
            terminal.say(String.format("restore complete: %d entries, %d statements, %d tables, %d rows in %.1f s",
                    result.entries(), result.statements(), result.tables(), result.rows(), result.elapsed().toMillis() / 1000.0));
        }
        if (result.errorsIgnored() > 0) {
            terminal.say("warning: errors ignored on restore: " + result.errorsIgnored());
            return ErrorCode.SERVER.exitCode();
        }
        return 0;
    }
}
