package io.stowage.cli;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.crypto.KeySource;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.integrity.Manifest;
import io.stowage.core.integrity.ManifestFiles;
import io.stowage.core.options.RestoreOptions;
import io.stowage.core.progress.ProgressListener;
import io.stowage.postgres.archive.ArchiveVerifier;
import io.stowage.postgres.archive.DataRows;
import io.stowage.postgres.archive.VerifySummary;
import io.stowage.postgres.restore.NativeRestorer;
import io.stowage.repo.BackupInfo;
import io.stowage.repo.BackupKey;
import io.stowage.repo.BackupVerification;
import io.stowage.repo.Repository;
import io.stowage.repo.ScratchCheck;
import io.stowage.repo.ScratchDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code stowage verify PATH}: reads a whole archive (custom, directory, tar or plain script) and,
 * when it has a manifest, checks every listed file's size and SHA-256 first. {@code stowage verify
 * --repo LOCATION KEY}: checks a backup in a repository ({@link Repository#verify}). With
 * {@code --deep}, either is then restored into a scratch database whose row counts must match.
 * Exit 0 with a one-line summary when intact; exit 9 (VERIFICATION) with one line naming the
 * damage otherwise.
 */
@Command(name = "verify", sortOptions = false,
        description = "Check that an archive, or a backup in a repository (--repo), is complete and undamaged: its manifest's "
                + "checksums, its TOC and every data block; --deep also restores it into a scratch database and compares row counts.",
        synopsisHeading = "%nUsage: ", descriptionHeading = "%n", optionListHeading = "%nOptions:%n")
final class VerifyCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Mixin
    HelpOptions help;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH|KEY",
            description = "Archive file or directory (or a plain SQL dump); with --repo, a backup's key or latest.")
    Path path;

    @Mixin
    RepoOptions repo;

    @Option(names = "--manifest", paramLabel = "FILE",
            description = "Manifest to check (default: PATH/manifest.json for a directory, PATH.manifest.json for a file, if present).")
    Path manifest;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Option(names = "--deep", description = "Also restore into a scratch database (created on the server the connection options "
            + "name, -d default postgres; dropped afterwards) and compare its row counts with the metadata's or the archive's.")
    boolean deep;

    @Mixin
    KeyOptions keys;

    @Mixin
    ConnectionOptions connection;

    VerifyCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        if (!deep && (connection.dbname != null || connection.host != null || connection.port != null || connection.user != null)) {
            throw new StowageException(ErrorCode.USAGE, "connection options only apply to verify --deep",
                    "add --deep to restore into a scratch database on that server, or drop -d/-h/-p/-U");
        }
        if (namesABackup()) {
            return verifyBackup();
        }
        if (keys.given()) {
            throw new StowageException(ErrorCode.USAGE, "--passphrase-file and --key-file only apply to a backup in a repository",
                    "drop them, or give --repo LOCATION and a backup's key");
        }
        int manifestFiles = checkManifest();
        VerifySummary s = ArchiveVerifier.verify(path);
        ScratchCheck scratch = deep ? restoreArchive(s) : null;
        if (json) {
            terminal.out().println(scratch(new JsonLine().string("path", path.toString()).string("format", s.format())
                    .string("version", s.version()).count("entries", s.entries()).count("data_entries", s.dataEntries())
                    .count("rows", s.totalRows()).count("large_objects", s.largeObjects())
                    .count("archive_bytes", s.archiveBytes()).count("data_bytes", s.dataBytes())
                    .count("manifest_files", manifestFiles), scratch));
        } else {
            terminal.out().println("verified " + path + ": " + s.format() + (s.version() == null ? "" : " archive " + s.version())
                    + ", " + s.entries() + " entries, " + s.dataEntries() + " with data, " + s.totalRows() + " rows, "
                    + s.largeObjects() + " large objects, " + s.archiveBytes() + " bytes"
                    + (manifestFiles < 0 ? "; no manifest" : "; manifest: " + manifestFiles + " files match") + scratch(scratch));
        }
        return 0;
    }

    /**
     * Whether the positional is a backup's key: always with --repo; with STOWAGE_REPO only when it
     * is a key (or latest) and no file of that name exists, so that verify PATH never changes meaning.
     */
    private boolean namesABackup() {
        if (spec.commandLine().getParseResult().hasMatchedOption("--repo")) {
            return true;
        }
        if (!repo.given() || Files.exists(path)) {
            return false;
        }
        String text = path.toString();
        return BackupKey.LATEST.equals(text) || BackupKey.isValid(text);
    }

    private int verifyBackup() {
        if (manifest != null) {
            throw new StowageException(ErrorCode.USAGE, "--manifest does not apply to a backup in a repository",
                    "drop --manifest: a backup's manifest is stored with it");
        }
        ConnectionSettings server = deep ? connection.connect(terminal, "postgres") : null;
        BackupVerification v;
        try (Repository repository = repo.open()) {
            // the key is resolved (and a passphrase asked for) only when the backup is encrypted
            BackupInfo info;
            try {
                info = repository.show(path.toString());
            } catch (StowageException unreadable) {
                info = null; // verify names what is wrong with the backup
            }
            KeySource key = info == null ? null : keys.forReading(info);
            try {
                v = deep ? repository.verifyDeep(path.toString(), server, ProgressListener.NONE, key)
                        : repository.verify(path.toString(), key);
            } finally {
                KeyOptions.destroy(key);
            }
        }
        VerifySummary s = v.archive();
        if (json) {
            terminal.out().println(scratch(new JsonLine().string("key", v.key().value())
                    .string("format", s.format()).string("version", s.version()).count("entries", s.entries())
                    .count("data_entries", s.dataEntries()).count("tables", v.tableRows().size()).count("rows", v.totalRows())
                    .count("large_objects", s.largeObjects()).count("archive_bytes", v.storedBytes())
                    .count("data_bytes", s.dataBytes()).count("checks", v.checks().size()), v.scratch()));
        } else {
            terminal.out().println("verified backup " + v.key() + ": " + s.format() + " archive " + s.version() + ", "
                    + s.entries() + " entries, " + s.dataEntries() + " with data, " + v.totalRows() + " rows in "
                    + v.tableRows().size() + " tables, " + s.largeObjects() + " large objects, " + v.storedBytes()
                    + " bytes; manifest, checksum and metadata match" + scratch(v.scratch()));
        }
        return 0;
    }

    /** Restores a verified archive file or directory into a scratch database and compares the rows per table. */
    private ScratchCheck restoreArchive(VerifySummary s) {
        Map<String, ScratchDatabase.ExpectedRows> expected = new LinkedHashMap<>();
        for (DataRows t : s.tables()) {
            if (t.rows() >= 0 && t.namespace() != null) {
                // a plain script's COPY names keep pg_dump's quotes; archives' TOC names have none
                String schema = unquote(t.namespace());
                String table = unquote(t.table());
                expected.merge(schema + "." + table, new ScratchDatabase.ExpectedRows(schema, table, t.rows()),
                        (a, b) -> new ScratchDatabase.ExpectedRows(a.schema(), a.table(), a.rows() + b.rows()));
            }
        }
        ConnectionSettings server = connection.connect(terminal, "postgres");
        RestoreOptions options = RestoreOptions.builder().input(path).noOwner(true).noPrivileges(true).build();
        return ScratchDatabase.restoreAndCount(server, target -> new NativeRestorer(target, options, ProgressListener.NONE).run(),
                new ArrayList<>(expected.values()), "archive \"" + path + "\"", "the archive holds");
    }

    private static String unquote(String name) {
        return name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")
                ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name;
    }

    private static String scratch(ScratchCheck c) {
        if (c == null) {
            return "";
        }
        return "; restored into scratch database " + c.database() + " on " + c.server() + " (dropped again): "
                + c.totalRows() + " rows in " + c.tableRows().size() + " tables match"
                + (c.errorsIgnored() > 0 ? " (the restore reported " + c.errorsIgnored() + " errors)" : "");
    }

    private static JsonLine scratch(JsonLine line, ScratchCheck c) {
        if (c == null) {
            return line;
        }
        return line.string("scratch_server", c.server()).string("scratch_database", c.database())
                .count("scratch_rows", c.totalRows()).count("scratch_errors", c.errorsIgnored());
    }

    /** Checks the manifest, if any; returns how many files it listed, or -1 when there is none. */
    private int checkManifest() {
        Optional<ManifestFiles.Located> located = manifest != null
                ? Optional.of(new ManifestFiles.Located(manifest.toAbsolutePath(), ManifestFiles.of(path).root()))
                : ManifestFiles.find(path);
        if (located.isEmpty()) {
            return -1;
        }
        Manifest m = Manifest.read(located.get().file());
        String anchor = ManifestFiles.anchor(path);
        // a manifest that does not list the archive would let any damage pass as "manifest OK"
        if (m.entries().stream().noneMatch(e -> e.path().equals(anchor))) {
            throw new StowageException(ErrorCode.VERIFICATION, "manifest \"" + located.get().file() + "\" does not list \"" + anchor
                    + "\", so it does not belong to " + path, "give the manifest written with this archive (--manifest FILE)");
        }
        m.verify(located.get().root());
        return m.entries().size();
    }
}
