package io.stowage.postgres.archive;

import io.stowage.core.io.CountingInputStream;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.CompressionAlgorithm;
import io.stowage.postgres.archive.compress.Codecs;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a directory-format ({@code pg_dump -Fd}) archive as pg_backup_directory.c reads it:
 * {@code toc.dat}, then one file per data entry, plain or compressed ({@code .gz}, {@code .lz4},
 * {@code .zst}), and large objects
 * listed in {@code blobs.toc}.
 */
public final class DirectoryArchiveReader {

    private DirectoryArchiveReader() {
    }

    /** True when {@code dir} is a directory holding a {@code toc.dat}. */
    public static boolean isDirectoryArchive(Path dir) {
        return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve("toc.dat"));
    }

    /** Reads {@code dir}'s {@code toc.dat} and returns the archive, ready to read its data files. */
    public static OpenArchive open(Path dir) {
        Path tocFile = dir.resolve("toc.dat");
        if (!Files.isRegularFile(tocFile)) {
            throw new StowageException(ErrorCode.INPUT, "directory \"" + dir + "\" has no toc.dat, so it is not a pg_dump directory archive",
                    "give the directory pg_dump -Fd wrote, or a dump file");
        }
        FileToc toc;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tocFile), 64 * 1024)) {
            toc = FileToc.read(in, tocFile.toString());
        } catch (IOException e) {
            throw new StowageException(ErrorCode.INPUT, "cannot read \"" + tocFile + "\": " + e.getMessage(),
                    "check that the file is readable", e);
        }
        return new OpenArchive(toc.toc(), new Data(dir, toc));
    }

    private static final class Data implements ArchiveData {
        private final Path dir;
        private final FileToc toc;

        Data(Path dir, FileToc toc) {
            this.dir = dir;
            this.toc = toc;
        }

        @Override
        public Charset charset() {
            return toc.charset();
        }

        @Override
        public InputStream openData(TocEntry entry) throws IOException {
            String name = toc.fileNames().get(entry.dumpId());
            if (name == null) {
                throw new StowageException(ErrorCode.INPUT, "directory archive \"" + dir + "\" names no data file for dump id "
                        + entry.dumpId() + " (" + entry.desc() + " " + entry.tag() + ")",
                        "make the dump again; pg_dump names a file for every entry with data");
            }
            InputStream data = openFile(name, entry);
            // the COPY end line is the only sure sign a data file is complete: a plain file has no framing,
            // and a gzip file cut at a member boundary (ours hold 1 MB members) is still a valid gzip file
            return entry.copyStatement() == null ? data : new CopyEndCheck(data, dir.resolve(name).toString(), entry);
        }

        @Override
        public void readLargeObjects(TocEntry entry, LargeObjectVisitor visitor) throws IOException {
            // archives before 1.16 may record a wrong name; pg_restore always reads blobs.toc then
            String listName = toc.toc().header().version().isAtLeast(ArchiveVersion.V1_16)
                    ? toc.fileNames().getOrDefault(entry.dumpId(), "blobs.toc") : "blobs.toc";
            Path list = dir.resolve(listName);
            if (!Files.isRegularFile(list)) {
                throw missing(list, entry);
            }
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(Files.newInputStream(list), StandardCharsets.US_ASCII))) {
                int number = 0;
                long offset = 0;
                StringBuilder line = new StringBuilder();
                while (true) {
                    int c = lines.read();
                    if (c < 0) {
                        if (line.length() > 0) {
                            throw badList(list, number + 1, offset, "a line ending in a newline", "end of file");
                        }
                        if (number == 0) {
                            throw badList(list, 1, 0, "a line for each large object", "an empty file");
                        }
                        return;
                    }
                    if (c != '\n') {
                        line.append((char) c);
                        continue;
                    }
                    number++;
                    String text = line.toString();
                    line.setLength(0);
                    // pg_dump writes "<oid> blob_<oid>.dat" for every object (pg_backup_directory.c's _StartLO)
                    String[] parts = text.split(" ", 2);
                    long oid;
                    try {
                        oid = Long.parseLong(parts[0]);
                    } catch (NumberFormatException e) {
                        oid = -1;
                    }
                    if (parts.length != 2 || oid < 0 || oid > 0xFFFFFFFFL || !parts[1].equals("blob_" + oid + ".dat")) {
                        throw badList(list, number, offset, "\"<oid> blob_<oid>.dat\"", "\"" + text + "\"");
                    }
                    offset += text.length() + 1;
                    try (InputStream data = openFile(parts[1], entry)) {
                        visitor.largeObject(oid, data);
                    }
                }
            }
        }

        private static StowageException badList(Path list, int line, long offset, String expected, String found) {
            return new StowageException(ErrorCode.INPUT, "large object list \"" + list + "\" is corrupt at line " + line
                    + " (offset " + offset + "): expected " + expected + ", found " + found,
                    "restore from a complete copy of the archive directory");
        }

        /**
         * The file by its suffix, else the file as is, else its {@code .gz}, {@code .lz4} or
         * {@code .zst} form (pg_restore 16's order; 15 knows only {@code .gz}).
         */
        private InputStream openFile(String name, TocEntry entry) throws IOException {
            Path plain = dir.resolve(name);
            CompressionAlgorithm named = Codecs.ofFileName(name);
            if (named != null) {
                if (!Files.isRegularFile(plain)) {
                    throw missing(plain, entry);
                }
                return new CompressedFile(plain, named);
            }
            if (Files.isRegularFile(plain)) {
                return new BufferedInputStream(Files.newInputStream(plain), 64 * 1024);
            }
            for (CompressionAlgorithm a : new CompressionAlgorithm[] {CompressionAlgorithm.GZIP, CompressionAlgorithm.LZ4,
                    CompressionAlgorithm.ZSTD}) {
                Path compressed = dir.resolve(name + Codecs.fileSuffix(a));
                if (Files.isRegularFile(compressed)) {
                    return new CompressedFile(compressed, a);
                }
            }
            throw missing(plain, entry);
        }

        private static StowageException missing(Path file, TocEntry entry) {
            return new StowageException(ErrorCode.INPUT, "directory archive is missing data file \"" + file + "\" (nor "
                    + file.getFileName() + ".gz, .lz4 or .zst) for dump id " + entry.dumpId() + " (" + entry.desc() + " " + entry.tag() + ")",
                    "restore from a complete copy of the archive directory");
        }
    }

    /** A compressed data file whose read errors name it, its algorithm and how far into it they were found. */
    private static final class CompressedFile extends InputStream {
        private final Path file;
        private final CompressionAlgorithm algorithm;
        private final CountingInputStream raw;
        private final InputStream in;

        CompressedFile(Path file, CompressionAlgorithm algorithm) throws IOException {
            this.file = file;
            this.algorithm = algorithm;
            this.raw = new CountingInputStream(Files.newInputStream(file));
            try {
                this.in = Codecs.decompressing(algorithm, Codecs.Wrapping.GZIP_FILE, new BufferedInputStream(raw, 64 * 1024));
            } catch (IOException e) {
                raw.close();
                throw failure(file, algorithm, raw.count(), e);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw failure(file, algorithm, raw.count(), e);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        private static StowageException failure(Path file, CompressionAlgorithm algorithm, long offset, IOException e) {
            String found = e instanceof java.io.EOFException ? "end of file"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new StowageException(ErrorCode.INPUT, algorithm.label() + " data file \"" + file + "\" is corrupt at or before offset "
                    + offset + ": expected a complete " + algorithm.label() + " stream, found " + found,
                    "restore from a complete copy of the archive directory", e);
        }
    }
}
