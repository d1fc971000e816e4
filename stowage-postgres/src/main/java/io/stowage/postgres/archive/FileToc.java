package io.stowage.postgres.archive;

import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code toc.dat} of a directory or tar archive: header, TOC, and the data file name of each
 * entry with data (pg_backup_directory.c's and pg_backup_tar.c's ReadExtraToc).
 *
 * @param toc       the header and entries
 * @param fileNames data file name by dump id, as recorded (without a compression suffix)
 * @param charset   the charset the ENCODING entry names
 */
record FileToc(CustomArchiveToc toc, Map<Integer, String> fileNames, Charset charset) {

    FileToc {
        fileNames = Map.copyOf(fileNames);
    }

    static FileToc read(InputStream in, String source) {
        ArchiveInput input = new ArchiveInput(in, source);
        ArchiveHeader header = ArchiveHeaderCodec.read(input);
        if (header.formatCode() == ArchiveHeader.FORMAT_CUSTOM) {
            throw input.corrupt(10, "the TOC of a directory or tar archive", "format 1 (custom)");
        }
        Map<Integer, String> names = new HashMap<>();
        var entries = TocCodec.readFileToc(input, header.version(), names);
        return new FileToc(new CustomArchiveToc(header, entries, input.position()), names, input.charset());
    }
}
