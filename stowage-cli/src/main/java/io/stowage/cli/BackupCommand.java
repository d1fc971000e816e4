package io.stowage.cli;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.crypto.KeySource;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.CompressionSpec;
import io.stowage.core.options.DumpOptions;
import io.stowage.core.progress.ProgressListener;
import io.stowage.repo.BackupInfo;
import io.stowage.repo.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code stowage backup}: dumps a database as a custom archive into a backup repository and prints
 * the new backup's key as the last line of standard output.
 */
@Command(name = "backup", sortOptions = false,
        description = "Back up a database into a repository (a custom archive with manifest and metadata); prints the new key.",
        synopsisHeading = "%nUsage: ", descriptionHeading = "%n", optionListHeading = "%nOptions:%n")
final class BackupCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Mixin
    HelpOptions help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DBNAME", description = "Database to back up (or use -d).")
    String positionalDbname;

    @Mixin
    RepoOptions repo;

    @Option(names = {"-Z", "--compress"}, paramLabel = "METHOD[:LEVEL]",
            description = "Compression: 0-9 (gzip level, 0 none), or none, gzip[:1-9], lz4[:1-12], zstd[:1-22]. Default gzip.")
    String compress;

    @Option(names = "--lock-wait-timeout", paramLabel = "TIMEOUT",
            description = "Fail instead of waiting more than TIMEOUT for a table lock (milliseconds or a PostgreSQL duration).")
    String lockWaitTimeout;

    @Option(names = {"-n", "--schema"}, paramLabel = "PATTERN", description = "Back up only the matching schemas.")
    List<String> schemas = new ArrayList<>();

    @Option(names = {"-N", "--exclude-schema"}, paramLabel = "PATTERN", description = "Do not back up the matching schemas.")
    List<String> excludeSchemas = new ArrayList<>();

    @Option(names = {"-t", "--table"}, paramLabel = "PATTERN", description = "Back up only the matching tables.")
    List<String> tables = new ArrayList<>();

    @Option(names = {"-T", "--exclude-table"}, paramLabel = "PATTERN", description = "Do not back up the matching tables.")
    List<String> excludeTables = new ArrayList<>();

    @Option(names = "--exclude-table-data", paramLabel = "PATTERN", description = "Do not back up data of the matching tables.")
    List<String> excludeTableData = new ArrayList<>();

    @Option(names = {"-a", "--data-only"}, description = "Back up only the data, not the schema.")
    boolean dataOnly;

    @Option(names = {"-s", "--schema-only"}, description = "Back up only the schema, no data.")
    boolean schemaOnly;

    @Option(names = {"-O", "--no-owner"}, description = "Skip restoration of object ownership.")
    boolean noOwner;

    @Option(names = {"-x", "--no-privileges", "--no-acl"}, description = "Do not back up privileges (GRANT/REVOKE).")
    boolean noPrivileges;

    @Option(names = {"-v", "--verbose"}, description = "Verbose mode: report each step on standard error.")
    boolean verbose;

    @Option(names = "--encrypt", description = "Encrypt the archive (AES-256-GCM) with a passphrase ($STOWAGE_PASSPHRASE, "
            + "--passphrase-file or a prompt) or a key file (--key-file).")
    boolean encrypt;

    @Mixin
    KeyOptions keys;

    @Mixin
    ProgressOptions progress;

    @Mixin
    MemoryOptions memory;

    @Mixin
    ConnectionOptions connection;

    BackupCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        memory.check(terminal);
        DumpOptions.Builder options = DumpOptions.builder().format(ArchiveFormat.CUSTOM)
                .compression(compress == null ? null : CompressionSpec.parse(compress))
                .dataOnly(dataOnly).schemaOnly(schemaOnly).noOwner(noOwner).noPrivileges(noPrivileges)
                .lockWaitTimeout(lockWaitTimeout);
        schemas.forEach(options::includeSchema);
        excludeSchemas.forEach(options::excludeSchema);
        tables.forEach(options::includeTable);
        excludeTables.forEach(options::excludeTable);
        excludeTableData.forEach(options::excludeTableData);
        DumpOptions built = options.build();
        if (keys.given() && !encrypt) {
            throw new StowageException(ErrorCode.USAGE, (keys.keyFile != null ? "--key-file" : "--passphrase-file")
                    + " only applies with --encrypt", "add --encrypt to encrypt the backup, or drop the option");
        }
        // the passphrase is asked for (or the key file read) before connecting: a missing one costs no dump
        KeySource sealWith = encrypt ? keys.forWriting() : null;
        try (Repository repository = repo.open()) {
            ConnectionSettings source = connection.connect(terminal, positionalDbname);
            BackupInfo info;
            try (ProgressReporter reporter = progress.start(terminal)) {
                ProgressListener listener = new VerboseListener(reporter.messages(terminal)).andThen(reporter);
                info = repository.backup(source, built, listener, sealWith);
                reporter.done();
            }
            if (terminal.verbose() && info.encrypted()) {
                terminal.say("encrypted with " + info.encryption().cipher() + ", key id " + info.encryption().keyId());
            }
            if (terminal.verbose()) {
                terminal.say(String.format("backup complete: %d entries, %d tables, %d rows, %d bytes", info.entries(),
                        info.tableRows().size(), info.totalRows(), info.archiveSize()));
            }
            terminal.out().println(info.key().value());
            terminal.out().flush();
        } finally {
            KeyOptions.destroy(sealWith);
        }
        return 0;
    }
}
