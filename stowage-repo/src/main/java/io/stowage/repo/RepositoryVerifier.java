package io.stowage.repo;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.crypto.KeySource;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.integrity.BlockChecksums;
import io.stowage.core.integrity.Manifest;
import io.stowage.core.integrity.ManifestEntry;
import io.stowage.core.options.RestoreOptions;
import io.stowage.core.progress.ProgressListener;
import io.stowage.core.storage.StoredObject;
import io.stowage.postgres.archive.ArchiveVerifier;
import io.stowage.postgres.archive.DataRows;
import io.stowage.postgres.archive.VerifySummary;
import io.stowage.postgres.restore.NativeRestorer;
import io.stowage.postgres.restore.RestoreResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one backup of a {@link Repository} as far as it can be checked without a server: its
 * manifest and metadata parse and agree, its archive has the manifest's size, parses to its end
 * (header, TOC, every data block) and has the manifest's SHA-256, and the rows per table the
 * archive holds are the ones the metadata records. With a server, it also restores the backup
 * into a scratch database and counts the rows there.
 *
 * <p>Every damage is a {@link StowageException} with {@link ErrorCode#VERIFICATION} and one line
 * naming the key, the object ({@code archive.dump}, {@code manifest.json} or {@code metadata.json})
 * and, where the damage can be placed, the offset in it.
 */
final class RepositoryVerifier {
    private final Repository repository;
    private final KeySource keys;

    /** @param keys the key an encrypted backup was sealed with; {@code null} for plain backups */
    RepositoryVerifier(Repository repository, KeySource keys) {
        this.repository = repository;
        this.keys = keys;
    }

    BackupVerification verify(String keyOrLatest) {
        return verify(resolve(keyOrLatest));
    }

    BackupVerification verifyDeep(String keyOrLatest, ConnectionSettings server, ProgressListener listener) {
        BackupKey key = resolve(keyOrLatest);
        BackupVerification shallow = verify(key);
        List<ScratchDatabase.ExpectedRows> expected = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (DataRows t : shallow.archive().tables()) {
            String name = qualified(t);
            if (t.rows() >= 0 && seen.add(name)) {
                expected.add(new ScratchDatabase.ExpectedRows(t.namespace(), t.table(), shallow.tableRows().get(name)));
            }
        }
        RestoreOptions options = RestoreOptions.builder().noOwner(true).noPrivileges(true).build();
        ScratchCheck check = ScratchDatabase.restoreAndCount(server, target -> {
            try (StoredArchive stored = open(key)) {
                RestoreResult result = new NativeRestorer(target, options, listener).run(stored.archive());
                stored.finish();
                return result;
            }
        }, expected, "backup " + key, "metadata.json records");
        return shallow.withScratch(check);
    }

    /**
     * The key to verify. A key whose objects exist without {@code metadata.json} is not a backup the
     * repository lists, but verifying it by name is asking what is wrong with it: that is the answer.
     */
    private BackupKey resolve(String keyOrLatest) {
        if (!BackupKey.LATEST.equals(keyOrLatest) && BackupKey.isValid(keyOrLatest)) {
            BackupKey key = BackupKey.parse(keyOrLatest);
            if (repository.storage().stat(object(key, Repository.METADATA)).isEmpty()
                    && !repository.storage().list(Repository.BACKUPS + key.value() + "/").isEmpty()) {
                throw damaged(key, Repository.METADATA + " is missing: the backup is incomplete (cut short, or its metadata was"
                        + " deleted)");
            }
        }
        return repository.resolve(keyOrLatest);
    }

    private BackupVerification verify(BackupKey key) {
        List<String> checks = new ArrayList<>();
        BackupInfo info = metadata(key);
        checks.add(Repository.METADATA + " parses and names the key");
        ManifestEntry expected = manifest(key);
        checks.add(Repository.MANIFEST + " parses, is as Stowage writes it, and lists " + Repository.ARCHIVE);

        long size = repository.storage().stat(object(key, Repository.ARCHIVE)).map(StoredObject::size).orElse(-1L);
        if (size < 0) {
            throw damaged(key, Repository.ARCHIVE + " is missing (" + Repository.MANIFEST + " lists " + expected.size() + " bytes)");
        }
        if (size != expected.size()) {
            if (size == info.archiveSize()) {
                throw damaged(key, Repository.MANIFEST + " lists " + expected.size() + " bytes for " + Repository.ARCHIVE
                        + ", which has " + size + " as " + Repository.METADATA + " says");
            }
            throw damaged(key, Repository.ARCHIVE + (size < expected.size() ? " is truncated: it ends at offset " + size
                    : " is longer than it should be: it goes on past offset " + expected.size()) + " but "
                    + Repository.MANIFEST + " lists " + expected.size() + " bytes");
        }
        checks.add(Repository.ARCHIVE + " has the size " + Repository.MANIFEST + " lists");

        VerifySummary summary;
        try (StoredArchive stored = open(key)) {
            try (InputStream archive = stored.archive()) {
                summary = ArchiveVerifier.verifyCustom(archive, object(key, Repository.ARCHIVE));
            } catch (StowageException e) {
                boolean intact = stored.matches();
                StowageException v = damaged(key, Repository.ARCHIVE + " does not parse: " + e.getMessage()
                        + (intact ? " (its SHA-256 matches " + Repository.MANIFEST + ": it was stored this way)"
                        : " (its SHA-256 differs from " + Repository.MANIFEST + changedIn(stored) + ")"));
                v.addSuppressed(e);
                throw v;
            } catch (IOException e) {
                throw damaged(key, Repository.ARCHIVE + " cannot be read at offset " + stored.storedOffset() + ": " + e.getMessage());
            }
            checks.add(Repository.ARCHIVE + " parses to its end: header, TOC and " + summary.dataEntries() + " data blocks");
            if (!stored.matches()) {
                if (!expected.sha256().equals(info.archiveSha256())) {
                    throw damaged(key, Repository.MANIFEST + "'s SHA-256 for " + Repository.ARCHIVE + " differs from "
                            + Repository.METADATA + "'s and from the archive's");
                }
                String where = changedIn(stored);
                throw damaged(key, Repository.ARCHIVE + "'s SHA-256 differs from " + Repository.MANIFEST
                        + " (same size " + size + (where.isEmpty() ? "; some bytes were changed)" : where + ")"));
            }
            stored.finish();
            String blocks = BlockChecksums.firstDifference(expected.blocks(), stored.blocks(), size);
            if (blocks != null) {
                // the archive matches its SHA-256, so the manifest's block checksums are what changed
                throw damaged(key, Repository.MANIFEST + "'s block checksums for " + Repository.ARCHIVE
                        + " differ from the archive's, which matches its SHA-256 (first in " + blocks + ")");
            }
        }
        checks.add(Repository.ARCHIVE + " has the SHA-256 " + Repository.MANIFEST + " lists"
                + (expected.blocks().isEmpty() ? "" : ", and its block checksums"));

        if (info.archiveSize() != expected.size() || !info.archiveSha256().equals(expected.sha256())) {
            throw damaged(key, Repository.METADATA + "'s archive_size/archive_sha256 (" + info.archiveSize() + ", "
                    + info.archiveSha256() + ") differ from " + Repository.MANIFEST + "'s and the archive's (" + expected.size()
                    + ", " + expected.sha256() + ")");
        }
        checks.add(Repository.METADATA + "'s archive size and SHA-256 match " + Repository.MANIFEST);

        Map<String, Long> rows = rows(key, summary, info);
        checks.add("the rows of " + rows.size() + " tables match " + Repository.METADATA);
        return new BackupVerification(key, size, summary, rows, checks, null);
    }

    /** Compares the rows per table the archive holds with the metadata's; returns them. */
    private static Map<String, Long> rows(BackupKey key, VerifySummary summary, BackupInfo info) {
        Map<String, Long> found = new LinkedHashMap<>();
        Set<String> uncounted = new LinkedHashSet<>();
        for (DataRows t : summary.tables()) {
            if (t.rows() >= 0) {
                found.merge(qualified(t), t.rows(), Long::sum);
            } else {
                uncounted.add(qualified(t)); // INSERT statements, not COPY rows: nothing to count them by
            }
        }
        for (Map.Entry<String, Long> recorded : info.tableRows().entrySet()) {
            if (uncounted.contains(recorded.getKey())) {
                continue;
            }
            Long inArchive = found.get(recorded.getKey());
            if (inArchive == null) {
                throw damaged(key, Repository.METADATA + " records " + recorded.getValue() + " rows for table " + recorded.getKey()
                        + ", but " + Repository.ARCHIVE + " holds no data for it");
            }
            if (!inArchive.equals(recorded.getValue())) {
                throw damaged(key, Repository.METADATA + " records " + recorded.getValue() + " rows for table " + recorded.getKey()
                        + ", " + Repository.ARCHIVE + " holds " + inArchive);
            }
        }
        for (Map.Entry<String, Long> inArchive : found.entrySet()) {
            if (!info.tableRows().containsKey(inArchive.getKey())) {
                throw damaged(key, Repository.ARCHIVE + " holds " + inArchive.getValue() + " rows for table " + inArchive.getKey()
                        + ", which " + Repository.METADATA + " does not list");
            }
        }
        return found;
    }

    private BackupInfo metadata(BackupKey key) {
        String text = new String(read(key, Repository.METADATA), StandardCharsets.UTF_8);
        BackupInfo info;
        try {
            info = BackupInfo.fromJson(text);
        } catch (IllegalArgumentException e) {
            throw damaged(key, Repository.METADATA + " is unreadable: " + e.getMessage());
        } catch (RuntimeException e) {
            // a value of the right type but out of its domain, such as a damaged timestamp
            throw damaged(key, Repository.METADATA + " is unreadable: " + e);
        }
        if (!info.key().equals(key)) {
            throw damaged(key, Repository.METADATA + " names another key, " + info.key());
        }
        return info;
    }

    /** The manifest's entry for the archive; the manifest must be byte for byte as {@link Manifest#toJson()} writes it. */
    private ManifestEntry manifest(BackupKey key) {
        byte[] bytes = read(key, Repository.MANIFEST);
        Manifest manifest;
        try {
            manifest = Manifest.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw damaged(key, Repository.MANIFEST + " is unreadable: " + e.getMessage());
        }
        // the manifest has no checksum of its own; its fixed form means any changed byte shows
        byte[] canonical = manifest.toJson().getBytes(StandardCharsets.UTF_8);
        int at = Arrays.mismatch(bytes, canonical);
        if (at >= 0) {
            throw damaged(key, Repository.MANIFEST + " is corrupt at offset " + at + ": it parses, but its bytes differ there from"
                    + " the form Stowage writes");
        }
        return manifest.entries().stream().filter(e -> e.path().equals(Repository.ARCHIVE)).findFirst()
                .orElseThrow(() -> damaged(key, Repository.MANIFEST + " does not list " + Repository.ARCHIVE));
    }

    private byte[] read(BackupKey key, String name) {
        String object = object(key, name);
        if (repository.storage().stat(object).isEmpty()) {
            throw damaged(key, name + " is missing");
        }
        try (InputStream in = repository.storage().open(object)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new StowageException(ErrorCode.INPUT, "cannot read " + object + " from " + repository.storage().describe() + ": "
                    + e.getMessage(), "check the repository is reachable", e);
        }
    }

    /** {@code "; changed first in bytes A to B"} when the block checksums place the change, else empty. */
    private static String changedIn(StoredArchive stored) {
        String range = stored.changedRange();
        return range == null ? "" : "; changed first in " + range;
    }

    /** The one way this class reads a stored archive, decrypted when the backup is encrypted. */
    private StoredArchive open(BackupKey key) {
        return repository.openStored(key, keys);
    }

    private static String qualified(DataRows t) {
        return t.namespace() + "." + t.table();
    }

    private static String object(BackupKey key, String name) {
        return Repository.BACKUPS + key.value() + "/" + name;
    }

    private static StowageException damaged(BackupKey key, String problem) {
        return Repository.mismatch(key, printable(problem));
    }

    /** Damaged bytes quoted in a reader's message may be line breaks or other controls: the message stays one line. */
    static String printable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
