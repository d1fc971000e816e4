package io.stowage.postgres.archive;

import java.util.List;

/**
 * What {@link ArchiveVerifier} read from an intact archive.
 *
 * @param format        {@code CUSTOM}, {@code DIRECTORY}, {@code TAR} or {@code PLAIN}
 * @param version       the archive version such as {@code 1.14-0}, or {@code null} for a plain script
 * @param entries       TOC entries (a plain script: its COPY blocks)
 * @param dataEntries   entries with data (TABLE DATA and BLOBS), every one read to its end
 * @param largeObjects  large objects read
 * @param archiveBytes  the archive's size on disk: every byte of it was read
 * @param dataBytes     decompressed bytes of table and large object data
 * @param tables        rows per TABLE DATA entry, in archive order
 */
public record VerifySummary(String format, String version, int entries, int dataEntries, long largeObjects,
                            long archiveBytes, long dataBytes, List<DataRows> tables) {

    public VerifySummary {
        tables = List.copyOf(tables);
    }

    /** The total of {@link DataRows#rows()} over the COPY entries. */
    public long totalRows() {
        return tables.stream().mapToLong(t -> Math.max(t.rows(), 0)).sum();
    }
}
