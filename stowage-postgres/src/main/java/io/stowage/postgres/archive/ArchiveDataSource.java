package io.stowage.postgres.archive;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where an archive writer draws the payload of each data entry (TABLE DATA, BLOBS) from, in TOC
 * order. The writer owns framing and compression; the source writes plain bytes.
 */
public interface ArchiveDataSource {

    /** Receives the large objects of a BLOBS entry, one after another. */
    interface LargeObjectSink {
        /**
         * Starts large object {@code oid}; write its bytes to the returned stream and close it
         * before starting the next.
         */
        OutputStream begin(long oid) throws IOException;
    }

    /**
     * Writes the rows of a TABLE DATA entry to {@code out} in COPY text format, without the
     * terminating {@code \.} line, and returns the row count.
     */
    long writeTableData(TocEntry entry, OutputStream out) throws IOException;

    /** Writes every large object of a BLOBS entry through {@code sink}; returns how many. */
    long writeLargeObjects(TocEntry entry, LargeObjectSink sink) throws IOException;
}
