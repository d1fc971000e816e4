package io.stowage.postgres.archive;

import io.stowage.core.io.CountingInputStream;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a whole archive — custom file, directory, tar, or plain SQL script — as a restore would,
 * but without a server: header, TOC, every data block decompressed to its end, every large object,
 * and the COPY end line of every table. Nothing is held in memory beyond a buffer.
 *
 * <p>Every way an archive can be damaged is reported as a {@link StowageException} with {@link
 * ErrorCode#VERIFICATION}, naming the file and, where the format allows, the offset and what was
 * expected there. Parsing alone cannot see a changed byte inside uncompressed row text; a
 * {@link io.stowage.core.integrity.Manifest} checksum can.
 */
public final class ArchiveVerifier {
    private static final int BUFFER = 64 * 1024;
    /** A tar written by pg_dump (or Stowage) ends with two 512-byte zero blocks. */
    private static final int TAR_TRAILER = 1024;

    private ArchiveVerifier() {
    }

    /**
     * Verifies the archive at {@code path}.
     *
     * @return what was read, when the archive is intact
     * @throws StowageException INPUT when {@code path} does not exist; VERIFICATION for any damage
     */
    public static VerifySummary verify(Path path) {
        if (!Files.exists(path)) {
            throw new StowageException(ErrorCode.INPUT, "archive \"" + path + "\" does not exist", "check the path");
        }
        try {
            return read(path);
        } catch (StowageException e) {
            throw asVerification(e);
        } catch (IOException | UncheckedIOException e) {
            throw failure(path, e);
        } catch (RuntimeException e) {
            // a reader tripping over damage it does not describe yet (say a length that overflows)
            throw failure(path, e);
        }
    }

    /**
     * Verifies a custom-format archive read from {@code in}, positioned at the archive's start,
     * forward only and to its end (for an archive that is not a file, such as a backup streamed
     * from a repository). The caller closes {@code in}; it is read to its end when the archive is
     * intact, and no further than the damage otherwise.
     *
     * @param source how to name the archive in messages
     * @return what was read, with {@link VerifySummary#archiveBytes()} the bytes the stream held
     * @throws StowageException VERIFICATION for any damage, naming {@code source} and, where the
     *                          format allows, the offset in the stream
     */
    public static VerifySummary verifyCustom(InputStream in, String source) {
        try {
            return custom(in, source, -1);
        } catch (StowageException e) {
            throw asVerification(e);
        } catch (IOException | RuntimeException e) {
            throw failure(source, e);
        }
    }

    private static StowageException asVerification(StowageException e) {
        if (e.code() == ErrorCode.INPUT || e.code() == ErrorCode.INTERNAL) {
            // the readers call damage INPUT (restore cannot use it); for verify it is the finding
            return new StowageException(ErrorCode.VERIFICATION, e.getMessage(), e.fix(), e);
        }
        return e;
    }

    private static StowageException failure(Object source, Exception e) {
        return new StowageException(ErrorCode.VERIFICATION, "archive \"" + source + "\" cannot be read to its end: " + e,
                "the archive is damaged; restore from another copy or make the dump again", e);
    }

    private static VerifySummary read(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return directory(path);
        }
        long size = Files.size(path);
        byte[] start;
        try (InputStream in = Files.newInputStream(path)) {
            start = in.readNBytes(512);
        }
        if (start.length >= 5 && new String(start, 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1).equals(ArchiveHeader.MAGIC)) {
            return custom(path, size);
        }
        if (TarArchiveReader.isTar(start)) {
            return tar(path, size);
        }
        if (PlainScriptCheck.looksPlain(start)) {
            return PlainScriptCheck.check(path, size);
        }
        throw new StowageException(ErrorCode.VERIFICATION, "\"" + path + "\" is not a pg_dump archive or SQL script: it starts with neither"
                + " PGDMP, a tar header, nor SQL text", "give a file or directory written by stowage dump or pg_dump");
    }

    private static VerifySummary directory(Path dir) throws IOException {
        OpenArchive archive = DirectoryArchiveReader.open(dir);
        Path tocFile = dir.resolve("toc.dat");
        long tocSize = Files.size(tocFile);
        if (tocSize != archive.toc().tocEnd()) {
            // toc.dat holds the header and TOC only; bytes after them mean the TOC was damaged or appended to
            throw new StowageException(ErrorCode.VERIFICATION, "\"" + tocFile + "\" is corrupt at offset " + archive.toc().tocEnd()
                    + ": expected the end of the file after the TOC, found " + (tocSize - archive.toc().tocEnd()) + " more bytes",
                    "restore from a complete copy of the archive directory");
        }
        long bytes;
        try (Stream<Path> files = Files.list(dir)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(ArchiveVerifier::sizeOf).sum();
        }
        return readData("DIRECTORY", dir, archive, archive.toc().entries(), bytes);
    }

    private static VerifySummary custom(Path file, long size) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return custom(in, file.toString(), size);
        }
    }

    /** A custom archive read forward from {@code raw}; {@code size} is its known length, or -1 for a stream. */
    private static VerifySummary custom(InputStream raw, String source, long size) throws IOException {
        CountingInputStream in = new CountingInputStream(new BufferedInputStream(raw, BUFFER));
        OpenArchive archive = CustomArchiveReader.open(in, source);
        // read forward only, so that every byte is seen once and the end is where the last block ends
        VerifySummary summary = readData("CUSTOM", source, archive, inFileOrder(archive.toc().entries()), size);
        long end = in.count();
        if (in.read() >= 0) {
            long more = size >= 0 ? size - end : 1 + in.transferTo(OutputStream.nullOutputStream());
            throw new StowageException(ErrorCode.VERIFICATION, "archive \"" + source + "\" is corrupt at offset " + end
                    + ": expected the end of the file after the last data block, found " + more + " more bytes",
                    "restore from a complete copy of the archive");
        }
        return size >= 0 ? summary : new VerifySummary(summary.format(), summary.version(), summary.entries(),
                summary.dataEntries(), summary.largeObjects(), end, summary.dataBytes(), summary.tables());
    }

    /** Data entries by their block offsets when every one is known (a parallel dump may not write them in TOC order). */
    private static List<TocEntry> inFileOrder(List<TocEntry> entries) {
        boolean allSet = entries.stream().filter(TocEntry::hadDumper)
                .allMatch(e -> e.dataOffset() != null && e.dataOffset().state() == OffsetState.POSITION_SET);
        if (!allSet) {
            return entries;
        }
        List<TocEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(e -> e.hadDumper() ? e.dataOffset().position() : -1));
        return sorted;
    }

    private static VerifySummary tar(Path file, long size) throws IOException {
        tarStructure(file, size);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
            OpenArchive archive = TarArchiveReader.open(in, file.toString());
            return readData("TAR", file, archive, archive.toc().entries(), size);
        }
    }

    /**
     * Walks every member of the tar (header checksums, sizes, member bytes present) and checks the
     * closing zero blocks, which the content reader does not need and so would not miss.
     */
    private static void tarStructure(Path file, long size) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
            TarInput tar = new TarInput(in, file.toString());
            long lastEnd = 0;
            byte[] buffer = new byte[BUFFER];
            for (TarInput.Member m = tar.next(); m != null; m = tar.next()) {
                while (m.read(buffer, 0, buffer.length) >= 0) {
                    // the member's bytes must all be there
                }
                lastEnd = tar.position();
            }
            lastEnd = (lastEnd + 511) / 512 * 512;
            if (size - lastEnd < TAR_TRAILER) {
                throw new StowageException(ErrorCode.VERIFICATION, "tar archive \"" + file + "\" is truncated at offset " + size
                        + ": expected two 512-byte zero blocks after the last member, which ends at offset " + lastEnd,
                        "restore from a complete copy of the archive");
            }
        }
    }

    private static VerifySummary readData(String format, Object path, OpenArchive archive, List<TocEntry> order, long archiveBytes)
            throws IOException {
        int dataEntries = 0;
        long[] largeObjects = {0};
        long[] dataBytes = {0};
        List<DataRows> tables = new ArrayList<>();
        for (TocEntry e : order) {
            if (!e.hadDumper()) {
                continue;
            }
            dataEntries++;
            if ("BLOBS".equals(e.desc())) {
                archive.data().readLargeObjects(e, (oid, data) -> {
                    largeObjects[0]++;
                    dataBytes[0] += data.transferTo(OutputStream.nullOutputStream());
                });
                continue;
            }
            RowCountingStream counted;
            try (InputStream data = archive.data().openData(e)) {
                counted = RowCountingStream.count(data);
            }
            dataBytes[0] += counted.bytes();
            if (e.copyStatement() != null && !counted.ended()) {
                throw new StowageException(ErrorCode.VERIFICATION, "the data of dump id " + e.dumpId() + " (" + e.desc() + " "
                        + e.tag() + ") in archive \"" + path + "\" ends after " + counted.bytes()
                        + " bytes without the COPY end-of-data line \\.", "the archive is damaged; make the dump again");
            }
            tables.add(new DataRows(e.dumpId(), e.namespace(), e.tag(), e.copyStatement() == null ? -1 : counted.rows(),
                    counted.bytes()));
        }
        CustomArchiveToc toc = archive.toc();
        return new VerifySummary(format, toc.header().version().listingText(), toc.entries().size(), dataEntries,
                largeObjects[0], archiveBytes, dataBytes[0], tables);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
