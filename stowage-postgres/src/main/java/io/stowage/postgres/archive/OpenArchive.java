package io.stowage.postgres.archive;

import java.util.Objects;

/**
 * An open archive (custom, directory or tar format): its header and TOC, and its data to be read
 * forward.
 *
 * @param toc  the header and TOC
 * @param data the data, positioned after the TOC
 */
public record OpenArchive(CustomArchiveToc toc, ArchiveData data) {

    public OpenArchive {
        Objects.requireNonNull(toc, "toc");
        Objects.requireNonNull(data, "data");
    }
}
