package io.stowage.repo;

import io.stowage.postgres.archive.VerifySummary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Repository#verify} found in an intact backup.
 *
 * @param key         the backup verified
 * @param storedBytes the archive's size in the storage, every byte of which was read and hashed
 * @param archive     what parsing the whole archive found (TOC entries, data blocks, rows)
 * @param tableRows   rows per table ({@code schema.table}) found in the archive, equal to the metadata's
 * @param checks      the checks that passed, in the order they ran, as short sentences
 * @param scratch     the scratch restore of {@link Repository#verifyDeep}, or {@code null} when there was none
 */
public record BackupVerification(BackupKey key, long storedBytes, VerifySummary archive, Map<String, Long> tableRows,
                                 List<String> checks, ScratchCheck scratch) {

    public BackupVerification {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(archive, "archive");
        tableRows = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tableRows));
        checks = List.copyOf(checks);
    }

    /** The same verification with a scratch restore's result. */
    public BackupVerification withScratch(ScratchCheck check) {
        return new BackupVerification(key, storedBytes, archive, tableRows, checks, check);
    }

    /** The rows of all tables. */
    public long totalRows() {
        return tableRows.values().stream().mapToLong(Long::longValue).sum();
    }
}
