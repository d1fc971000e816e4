package io.stowage.cli;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.crypto.KeySource;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.DumpOptions;
import io.stowage.core.progress.ProgressListener;
import io.stowage.repo.BackupInfo;
import io.stowage.repo.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;
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

    @Mixin
    ArchiveDumpOptions archive;

    @Option(names = "--engine", paramLabel = "native",
            description = "Backups use Stowage's own engine, which counts each table's rows for the metadata as it dumps.")
    Engine engine = Engine.NATIVE;

    /** {@code stowage dump}'s output options, taken only to say why they do not apply. */
    @Option(names = {"-F", "--format"}, paramLabel = "c", hidden = true)
    String format;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", hidden = true)
    String file;

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
        checkOutput();
        DumpOptions built = archive.builder(terminal.in()).format(ArchiveFormat.CUSTOM).build();
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

    /** The dump's output and engine choices, which a backup fixes, refused with what a backup is. */
    private void checkOutput() {
        if (file != null || format != null && !isCustom(format)) {
            throw new StowageException(ErrorCode.USAGE, "a backup is always a custom archive stored in the repository, so "
                    + (file != null ? "-f/--file" : "-F/--format " + format) + " does not apply",
                    "drop " + (file != null ? "-f" : "-F") + ", or write a file with stowage dump");
        }
        if (engine != Engine.NATIVE) {
            throw new StowageException(ErrorCode.USAGE, "backups use the native engine, not --engine "
                    + engine.name().toLowerCase(Locale.ROOT), "drop --engine; back up with stowage dump --engine tools -F c -f FILE "
                    + "for a pg_dump archive outside the repository");
        }
    }

    /** pg_dump's spellings of the custom format: what a backup writes anyway. */
    private static boolean isCustom(String format) {
        return format.equalsIgnoreCase("c") || format.equalsIgnoreCase("custom");
    }
}
