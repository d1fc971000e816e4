package io.stowage.postgres.archive;

import java.util.List;
import java.util.Objects;

/**
 * The header and table of contents of an archive, as read from its start.
 *
 * @param header  the header
 * @param entries the TOC entries in archive order, special entries included
 * @param tocEnd  the offset of the first byte after the TOC (where a custom archive's data starts)
 */
public record CustomArchiveToc(ArchiveHeader header, List<TocEntry> entries, long tocEnd) {

    public CustomArchiveToc {
        Objects.requireNonNull(header, "header");
        entries = List.copyOf(entries);
    }
}
