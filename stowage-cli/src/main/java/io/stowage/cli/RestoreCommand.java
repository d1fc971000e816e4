package io.stowage.cli;

import io.stowage.core.archive.Section;
import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.crypto.KeySource;
import io.stowage.core.error.EngineUnsupportedException;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.NameSelection;
import io.stowage.core.select.FilterFile;
import io.stowage.core.select.RestoreFilter;
import io.stowage.core.options.RestoreOptions;
import io.stowage.core.progress.ProgressListener;
import io.stowage.postgres.restore.ArchiveScripts;
import io.stowage.postgres.restore.NativeRestorer;
import io.stowage.postgres.restore.RestoreResult;
import io.stowage.repo.BackupKey;
import io.stowage.repo.Repository;
import io.stowage.tools.pg.ToolsRestorer;
import io.stowage.tools.pg.ToolsResult;
import io.stowage.tools.pg.ToolsSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code stowage restore}: pg_restore's flags; the native engine, or pg_restore / psql with {@code --engine tools}. */
@Command(name = "restore", sortOptions = false,
        description = "Restore an SQL dump or a pg_dump archive (custom, directory, tar) into a database, or list or script an archive (pg_restore compatible flags).",
        synopsisHeading = "%nUsage: ", descriptionHeading = "%n", optionListHeading = "%nOptions:%n")
final class RestoreCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Mixin
    HelpOptions help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "Dump to restore (default: standard input); with --repo, the backup's key or latest.")
    Path file;

    @Option(names = "--repo", paramLabel = "LOCATION",
            description = "Restore the backup FILE names (a key, or latest) from this repository: a directory, file:///dir or "
                    + "s3://bucket/prefix. $STOWAGE_REPO is used when FILE is a key or latest and no such file exists.")
    String repo;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Write the SQL script of an archive to FILE (- for standard output) instead of restoring into a database.")
    String outputFile;

    @Option(names = {"-l", "--list"}, description = "Print the archive's table of contents (as pg_restore -l) and exit.")
    boolean list;

    @Option(names = {"-L", "--use-list"}, paramLabel = "FILE",
            description = "Restore only the entries FILE lists, in its order (a -l listing; lines or parts after ';' are comments).")
    Path useList;

    @Option(names = {"-n", "--schema"}, paramLabel = "NAME", description = "Restore only objects in this schema (exact name; repeatable).")
    List<String> schemas = new ArrayList<>();

    @Option(names = {"-N", "--exclude-schema"}, paramLabel = "NAME", description = "Do not restore objects in this schema (repeatable).")
    List<String> excludeSchemas = new ArrayList<>();

    @Option(names = {"-t", "--table"}, paramLabel = "NAME",
            description = "Restore only this table, view, materialized view, sequence or foreign table, and its data (repeatable).")
    List<String> tables = new ArrayList<>();

    @Option(names = {"-I", "--index"}, paramLabel = "NAME", description = "Restore only this index (repeatable).")
    List<String> indexes = new ArrayList<>();

    @Option(names = {"-P", "--function"}, paramLabel = "NAME(args)",
            description = "Restore only this function, as -l lists it, e.g. 'last_day(timestamp without time zone)' (repeatable).")
    List<String> functions = new ArrayList<>();

    @Option(names = {"-T", "--trigger"}, paramLabel = "NAME", description = "Restore only this trigger, as -l tags it (repeatable).")
    List<String> triggers = new ArrayList<>();

    @Option(names = "--filter", paramLabel = "FILE",
            description = "Read include/exclude items (pg_restore 17 filter-file syntax: schema, table, index, function, "
                    + "trigger) from FILE; - for standard input.")
    String filter;

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

    @Option(names = "--disable-triggers", description = "With a data-only restore, disable each table's triggers while loading its data.")
    boolean disableTriggers;

    @Option(names = "--no-data-for-failed-tables", description = "Do not restore the data of tables that could not be created.")
    boolean noDataForFailedTables;

    @Option(names = "--freeze", negatable = true, description = "Load each table this restore creates with COPY FREEZE after a"
            + " TRUNCATE in the same transaction (the default): rows frozen and pages all-visible as written, so index builds and"
            + " foreign-key checks read them faster and no later anti-wraparound vacuum rewrites them. --no-freeze loads as"
            + " pg_restore does.")
    Boolean freeze;

    @Option(names = "--fk-not-valid", description = "Add each foreign key NOT VALID, then validate it with ALTER TABLE ..."
            + " VALIDATE CONSTRAINT, whose lock lets reads and writes of both tables go on while the rows are checked. The keys"
            + " end validated, as in the archive.")
    boolean fkNotValid;

    @Option(names = {"-e", "--exit-on-error"}, description = "Exit on the first error; by default errors are reported and the restore goes on.")
    boolean exitOnError;

    @Option(names = {"-j", "--jobs"}, paramLabel = "NUM",
            description = "Restore data, indexes and constraints with NUM connections at once, as their dependencies allow "
                    + "(custom archive files and directory archives; with --repo, a local repository's backups). Default 1.")
    int jobs = 1;

    @Option(names = {"-v", "--verbose"}, description = "Verbose mode: report each step on standard error.")
    boolean verbose;

    @Mixin
    KeyOptions keys;

    @Mixin
    EngineOptions engine;

    @Mixin
    ProgressOptions progress;

    @Mixin
    MemoryOptions memory;

    @Mixin
    ConnectionOptions connection;

    private Backup backup;

    RestoreCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        memory.check(terminal);
        engine.check();
        String repository = repository();
        RestoreOptions.Builder builder = RestoreOptions.builder().input(repository == null ? file : null).singleTransaction(singleTransaction)
                .clean(clean).ifExists(ifExists).create(create).noOwner(noOwner).noPrivileges(noPrivileges)
                .noTablespaces(noTablespaces).noSecurityLabels(noSecurityLabels)
                .noComments(noComments).exitOnError(exitOnError).dataOnly(dataOnly).schemaOnly(schemaOnly);
        sections.forEach(name -> builder.section(Section.fromOption(name)));
        if (filter != null) {
            if ("-".equals(filter) && file == null) {
                throw new StowageException(ErrorCode.USAGE, "--filter - and the archive cannot both come from standard input",
                        "give the archive or the filter file by name");
            }
            // pg_restore's read_restore_filters: each item adds to the list its option fills
            RestoreFilter items = RestoreFilter.from(FilterFile.read(filter, terminal.in()));
            schemas.addAll(items.schemas());
            excludeSchemas.addAll(items.excludedSchemas());
            tables.addAll(items.tables());
            indexes.addAll(items.indexes());
            functions.addAll(items.functions());
            triggers.addAll(items.triggers());
        }
        builder.selection(new NameSelection(schemas, excludeSchemas, tables, indexes, functions, triggers))
                .useList(useList).disableTriggers(disableTriggers).noDataForFailedTables(noDataForFailedTables)
                // the tools have no such flag: they load without it, and only an explicit --freeze is refused
                .freeze(engine.engine == Engine.TOOLS ? Boolean.TRUE.equals(freeze) : !Boolean.FALSE.equals(freeze))
                .fkNotValid(fkNotValid);
        RestoreOptions options = builder.build();
        if (jobs < 1) {
            throw new StowageException(ErrorCode.USAGE, "invalid number of parallel jobs: " + jobs, "give -j a number of 1 or more");
        }
        if (jobs > 1 && singleTransaction) {
            throw new StowageException(ErrorCode.USAGE, "cannot specify both --single-transaction and multiple jobs",
                    "drop -1 to restore in parallel, or -j to restore in one transaction");
        }
        if (useList != null && !Files.isRegularFile(useList)) {
            throw new StowageException(ErrorCode.USAGE, "the -L/--use-list file \"" + useList + "\" does not exist",
                    "make it with stowage restore -l ARCHIVE > FILE, edit it, and give its path");
        }
        if (repository != null) {
            checkRepositoryRestore();
        } else {
            checkFileRestore();
        }
        if (list || outputFile != null) {
            if (connection.dbname != null) {
                throw new StowageException(ErrorCode.USAGE, "options -d/--dbname and " + (list ? "-l/--list" : "-f/--file")
                        + " cannot be used together", (list ? "-l lists" : "-f writes the script") + " without connecting; drop -d");
            }
            return writeWithoutConnecting(options);
        }
        if (connection.dbname == null) {
            throw new StowageException(ErrorCode.USAGE, "no target database given",
                    "name the database to restore into with -d DBNAME (with -C, the database to connect to first), or write the script with -f FILE");
        }
        ToolsSettings tools = engine.engine == Engine.NATIVE ? null : engine.tools();
        if (engine.engine == Engine.TOOLS) {
            // an option pg_restore or psql lacks, or no such program, is reported before connecting
            ToolsRestorer.check(options, tools, jobs);
        }
        backup = repository != null ? backup(repository) : null;
        ConnectionSettings target = connection.connect(terminal, null);
        Outcome outcome;
        try (ProgressReporter reporter = progress.start(terminal)) {
            ProgressListener listener = new VerboseListener(reporter.messages(terminal)).andThen(reporter);
            outcome = repository != null ? restoreFromRepository(repository, target, options, listener) : switch (engine.engine) {
                case NATIVE -> restoreNatively(target, options, listener);
                case TOOLS -> restoreWithTools(target, options, tools, listener);
                case AUTO -> restoreAuto(target, options, tools, listener, reporter);
            };
            reporter.done();
        }
        if (terminal.verbose()) {
            terminal.say(outcome.summary());
        }
        if (outcome.errorsIgnored() > 0) {
            terminal.say("warning: errors ignored on restore: " + outcome.errorsIgnored());
            return ErrorCode.SERVER.exitCode();
        }
        return 0;
    }

    /**
     * The repository to restore from: --repo, or STOWAGE_REPO or the configuration file's repo when the argument is a key (or latest)
     * and no file of that name exists, so that plain file restores never change meaning.
     */
    private String repository() {
        if (repo != null) {
            return repo;
        }
        if (file == null || Files.exists(file)) {
            return null;
        }
        String text = file.toString();
        return BackupKey.LATEST.equals(text) || BackupKey.isValid(text) ? RepoOptions.fallback() : null;
    }

    private void checkRepositoryRestore() {
        if (file == null) {
            throw new StowageException(ErrorCode.USAGE, "no backup key given",
                    "name the backup to restore: stowage restore --repo LOCATION KEY -d DBNAME (KEY from stowage backups list, or latest)");
        }
        if (list || outputFile != null || useList != null) {
            throw new StowageException(ErrorCode.USAGE, "-l, -L and -f do not work with --repo yet",
                    "restore the backup into a database with -d DBNAME");
        }
        if (engine.engine == Engine.TOOLS) {
            throw new StowageException(ErrorCode.USAGE, "backups restore with the native engine", "drop --engine tools");
        }
    }

    private void checkFileRestore() {
        if (keys.given()) {
            throw new StowageException(ErrorCode.USAGE, "--passphrase-file and --key-file decrypt backups of a repository",
                    "restore an encrypted backup with --repo LOCATION KEY, or drop the option");
        }
    }

    private Outcome restoreFromRepository(String location, ConnectionSettings target, RestoreOptions options,
                                          ProgressListener listener) {
        try (Repository repository = Repository.open(location);
             NativeWatchdog ignored = NativeWatchdog.start(terminal, "restore", engine.limit())) {
            RestoreResult result = repository.restore(backup.key(), target, options, listener, backup.keys(), jobs);
            return new Outcome(String.format("restore complete: %d entries, %d statements, %d tables, %d rows in %.1f s",
                    result.entries(), result.statements(), result.tables(), result.rows(), result.elapsed().toMillis() / 1000.0),
                    result.errorsIgnored());
        } finally {
            KeyOptions.destroy(backup.keys());
        }
    }

    /** The backup to restore: its key (latest resolved once) and what decrypts it ({@code null} for a plain one). */
    private record Backup(String key, KeySource keys) {
    }

    /**
     * Resolves the key and, for an encrypted backup, reads the key file or asks for the passphrase:
     * before connecting and before the progress display starts, so a prompt is never drawn over.
     */
    private Backup backup(String location) {
        try (Repository repository = Repository.open(location)) {
            String key = repository.resolve(file.toString()).value();
            return new Backup(key, keys.forReading(repository.show(key)));
        }
    }

    /** What either engine reports at the end. */
    private record Outcome(String summary, int errorsIgnored) {
    }

    private Outcome restoreNatively(ConnectionSettings target, RestoreOptions options, ProgressListener listener) {
        try (NativeWatchdog ignored = NativeWatchdog.start(terminal, "restore", engine.limit())) {
            NativeRestorer restorer = new NativeRestorer(target, options, listener, jobs);
            RestoreResult result = file == null ? restorer.run(terminal.in()) : restorer.run();
            return new Outcome(String.format("restore complete: %d entries, %d statements, %d tables, %d rows in %.1f s",
                    result.entries(), result.statements(), result.tables(), result.rows(), result.elapsed().toMillis() / 1000.0),
                    result.errorsIgnored());
        }
    }

    private Outcome restoreWithTools(ConnectionSettings target, RestoreOptions options, ToolsSettings tools, ProgressListener listener) {
        ToolsRestorer restorer = new ToolsRestorer(target, options, tools, listener, jobs);
        ToolsResult result;
        try (ToolsCancel cancel = new ToolsCancel()) {
            result = file == null ? restorer.run(terminal.in(), cancel.token()) : restorer.run(cancel.token());
        }
        return new Outcome(String.format("restore complete: %s in %.1f s", result.command().split(" ", 2)[0],
                result.elapsed().toMillis() / 1000.0), result.errorsIgnored());
    }

    /**
     * Native first; the tools only when the native engine refused up front what it cannot carry. A
     * dump read from standard input cannot be handed over (the native engine has consumed its start).
     */
    private Outcome restoreAuto(ConnectionSettings target, RestoreOptions options, ToolsSettings tools, ProgressListener listener,
                                ProgressReporter reporter) {
        try {
            return restoreNatively(target, options, listener);
        } catch (EngineUnsupportedException e) {
            if (file == null) {
                throw e;
            }
            reporter.messages(terminal).say("the native engine cannot restore this (" + e.oneLine() + "); restoring with "
                    + "pg_restore instead");
            RestoreOptions withTools = options.withFreeze(Boolean.TRUE.equals(freeze));
            ToolsRestorer.check(withTools, tools, jobs);
            return restoreWithTools(target, withTools, tools, listener);
        }
    }

    /** -l and -f: the archive's listing or script, to standard output or the file. */
    private int writeWithoutConnecting(RestoreOptions options) {
        boolean stdout = list && outputFile == null || "-".equals(outputFile);
        VerboseListener listener = new VerboseListener(terminal);
        try {
            if (stdout) {
                OutputStream out = new BufferedOutputStream(terminal.out(), 64 * 1024);
                write(options, out, listener);
                out.flush();
            } else {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(outputFile)), 64 * 1024)) {
                    write(options, out, listener);
                }
            }
        } catch (IOException e) {
            throw new StowageException(ErrorCode.OUTPUT, "cannot write " + (stdout ? "standard output" : "\"" + outputFile + "\"")
                    + ": " + e.getMessage(), "check the path and free space", e);
        }
        return 0;
    }

    private void write(RestoreOptions options, OutputStream out, VerboseListener listener) throws IOException {
        if (engine.engine == Engine.TOOLS) {
            // pg_restore -l / -f - with the same selection flags, its standard output into ours
            ToolsSettings tools = engine.tools();
            try (ToolsCancel cancel = new ToolsCancel()) {
                ToolsRestorer.listOrScript(list, options, tools, listener, terminal.in(), out, cancel.token());
            }
            return;
        }
        if (list) {
            ArchiveScripts.list(options, terminal.in(), out, ZoneId.systemDefault(), listener);
        } else {
            ArchiveScripts.script(options, terminal.in(), out, listener);
        }
    }
}
