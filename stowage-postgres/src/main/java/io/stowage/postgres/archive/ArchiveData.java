package io.stowage.postgres.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;

/**
 * The data of an archive's TABLE DATA and BLOBS entries, read in archive order, whatever the
 * archive's format: custom blocks, directory files or tar members.
 */
public interface ArchiveData {

    /** Receives the large objects of a BLOBS entry. */
    @FunctionalInterface
    interface LargeObjectVisitor {
        /** Called once per object; {@code data} is valid only during the call. */
        void largeObject(long oid, InputStream data) throws IOException;
    }

    /** The charset of the archive's text: the encoding its ENCODING entry names. */
    Charset charset();

    /**
     * Opens the (decompressed) COPY data of a TABLE DATA entry. The stream must be read to its end
     * or closed before the next entry's data is asked for.
     */
    InputStream openData(TocEntry entry) throws IOException;

    /** Reads the large objects of a BLOBS entry, in archive order. */
    void readLargeObjects(TocEntry entry, LargeObjectVisitor visitor) throws IOException;
}
