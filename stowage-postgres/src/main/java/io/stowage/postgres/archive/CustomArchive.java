package io.stowage.postgres.archive;

import java.util.Objects;

/**
 * An open custom-format archive: its header and TOC, and its data blocks to be read forward.
 *
 * @param toc  the header and TOC
 * @param data the data blocks, positioned after the TOC
 */
public record CustomArchive(CustomArchiveToc toc, CustomArchiveData data) {

    public CustomArchive {
        Objects.requireNonNull(toc, "toc");
        Objects.requireNonNull(data, "data");
    }
}
