package io.stowage.postgres.archive;

import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.CompressionSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/** Writes custom, directory and tar archives as pg_dump does. */
public final class ArchiveWriters {
    private ArchiveWriters() {
    }

    /**
     * Writes a whole archive: the header, the TOC, then every data entry's payload in TOC order.
     *
     * @param format      custom, directory or tar
     * @param target      the file (custom, tar) or directory (directory format) to create, written
     *                    atomically: nothing is left under that name on failure; {@code null} to
     *                    write a custom or tar archive to {@code stdout}
     * @param stdout      where to write when {@code target} is null
     * @param header      the header; its version and compression field must agree with {@code compression}
     * @param toc         the entries in archive order, special entries (ENCODING, STDSTRINGS,
     *                    SEARCHPATH) included, with {@code hadDumper} set on data entries and no
     *                    data offsets (the writer fills them in)
     * @param compression how data is compressed
     * @param data        the data entries' payloads
     * @return the number of bytes written
     */
    public static long write(ArchiveFormat format, Path target, OutputStream stdout, ArchiveHeader header,
                             List<TocEntry> toc, CompressionSpec compression, ArchiveDataSource data) throws IOException {
        throw new UnsupportedOperationException("archive writers are not written yet");
    }
}
