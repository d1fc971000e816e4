package io.stowage.postgres.archive;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.CompressionAlgorithm;
import io.stowage.core.io.FileSync;
import io.stowage.core.options.CompressionSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes custom, directory and tar archives as pg_dump does (pg_backup_custom.c,
 * pg_backup_directory.c, pg_backup_tar.c).
 *
 * <ul>
 *   <li><b>custom</b>: header, TOC, then one data block per data entry in TOC order (BLK_DATA with
 *       the table's chunk stream, BLK_BLOBS with one chunk stream per large object); nothing
 *       follows the last block. Written to a file, the TOC is rewritten at the end with every
 *       block's position (offset state "set"); written to standard output, the offsets stay "not
 *       set" and pg_restore finds the blocks by scanning forward. Compressed data is one zlib
 *       stream (gzip), LZ4 frame or zstd frame per table and per large object, cut into chunks.</li>
 *   <li><b>directory</b>: the target must not exist or must be an empty directory (pg_dump's rule);
 *       {@code toc.dat} (format code 3, never compressed), {@code <dumpId>.dat} per table and
 *       {@code blob_<oid>.dat} per large object, with {@code .gz} (gzip file), {@code .lz4} or
 *       {@code .zst} when compressed, and {@code blobs.toc} ({@code blobs_<dumpId>.toc} from archive
 *       version 1.16) listing the large objects. Built in a temporary directory beside the target,
 *       renamed into place at the end.</li>
 *   <li><b>tar</b>: members {@code toc.dat}, {@code <dumpId>.dat} per table, {@code blob_<oid>.dat}
 *       per large object then {@code blobs.toc}, {@code restore.sql}, and two zero blocks. Tar
 *       archives are never compressed: like pg_dump 15, which stops with "compression is not
 *       supported by tar archive format" for {@code -Ft -Z 1..9}, any compression but none is
 *       refused with a USAGE error. Data members are spooled to a scratch file first, as their
 *       size goes in front of them. {@code restore.sql} holds a short script that says to use
 *       pg_restore, not pg_dump's psql script (pg_restore never reads that member).</li>
 * </ul>
 *
 * <p>Archive version and compression: archives up to 1.14 (what pg_restore 12 to 17 all read) can
 * hold only none or gzip and record the zlib level in the header (0 none, −1 gzip at its default
 * level, else the level); lz4 and zstd need 1.15, whose header records the algorithm only
 * (pg_restore 16 and later).
 *
 * <p>Table data: the source writes rows in COPY text format; the writer appends pg_dump's
 * terminator {@code \.} and two newlines for entries with a copy statement. Entries without one
 * (INSERT mode) are written as the source gives them.
 */
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
     * @throws StowageException USAGE for compression the format cannot hold (tar), OUTPUT when the
     *                          target cannot be written
     * @throws IllegalArgumentException when the header disagrees with the format or compression
     */
    public static long write(ArchiveFormat format, Path target, OutputStream stdout, ArchiveHeader header,
                             List<TocEntry> toc, CompressionSpec compression, ArchiveDataSource data) throws IOException {
        return write(format, target, stdout, header, toc, compression, data, FileSync.DURABLE);
    }

    /**
     * Writes a whole archive as {@link #write(ArchiveFormat, Path, OutputStream, ArchiveHeader, List,
     * CompressionSpec, ArchiveDataSource)} does, making the files it writes durable with {@code sync}:
     * {@link FileSync#DURABLE} syncs them as pg_dump does, {@link FileSync#NONE} is {@code --no-sync}.
     */
    public static long write(ArchiveFormat format, Path target, OutputStream stdout, ArchiveHeader header,
                             List<TocEntry> toc, CompressionSpec compression, ArchiveDataSource data, FileSync sync)
            throws IOException {
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(toc, "toc");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(data, "data");
        checkHeader(format, header, compression);
        checkToc(toc);
        if (target == null && stdout == null) {
            throw new IllegalArgumentException("neither a target nor standard output to write to");
        }
        return switch (format) {
            case CUSTOM -> {
                CustomArchiveWriter writer = new CustomArchiveWriter(header, toc, compression, data, sync);
                yield target == null ? writer.writeTo(stdout) : writer.writeTo(target);
            }
            case DIRECTORY -> {
                if (target == null) {
                    throw new StowageException(ErrorCode.USAGE, "a directory archive cannot be written to standard output",
                            "give the directory to create with -f");
                }
                yield new DirectoryArchiveWriter(header, toc, compression, data, sync).writeTo(target);
            }
            case TAR -> {
                TarArchiveWriter writer = new TarArchiveWriter(header, toc, compression, data, sync);
                yield target == null ? writer.writeTo(stdout) : writer.writeTo(target);
            }
            case PLAIN -> throw new IllegalArgumentException("plain scripts are written by the plain script writer");
        };
    }

    /**
     * Writes a whole archive as {@link #write} does, with the data entries' payloads read by
     * {@code jobs} workers at once ({@code pg_dump -j}). The archive holds the same header, TOC and
     * payloads; what differs is where the data goes while it is read:
     *
     * <ul>
     *   <li><b>directory</b>: every worker writes whole data files of its own, biggest entries first.</li>
     *   <li><b>custom to a file</b>: every worker spools a whole data block, compressed as it is
     *       stored, to a scratch file beside the target, biggest entries first; the writer appends
     *       finished blocks in the order they complete and records their offsets in the TOC, by
     *       which pg_restore finds them.</li>
     *   <li><b>custom to standard output, tar</b>: pg_restore reads these in order, so the writer
     *       appends the spooled blocks or members in TOC order; workers start entries at most
     *       {@code 2 × jobs} entries ahead of the one the writer waits for (biggest first within
     *       that window), which bounds the spools on disk to that many entries.</li>
     * </ul>
     *
     * Spools are deleted once appended, and on failure; nothing is held in memory. The first
     * failure of a worker stops the others (cancelling their reads) and is rethrown here.
     *
     * @param jobs how many workers, at least 1
     * @see #write
     */
    public static long writeParallel(ArchiveFormat format, Path target, OutputStream stdout, ArchiveHeader header,
                                     List<TocEntry> toc, CompressionSpec compression, ParallelDataSource data, int jobs)
            throws IOException {
        return writeParallel(format, target, stdout, header, toc, compression, data, jobs, FileSync.DURABLE);
    }

    /**
     * Writes a directory archive with {@code jobs} workers into {@code dir}, made before the TOC
     * existed, some of whose data entries, the head starts', workers began writing early; the
     * archive is what {@link #writeParallel(ArchiveFormat, Path, OutputStream, ArchiveHeader, List,
     * CompressionSpec, ParallelDataSource, int, FileSync)} writes. The directory is renamed into
     * place, or deleted on failure.
     *
     * @param jobs       how many workers, the head starts' included
     * @param headStarts at least one, at most {@code jobs}
     */
    public static long writeParallel(ArchiveDirectory dir, ArchiveHeader header, List<TocEntry> toc,
                                     CompressionSpec compression, ParallelDataSource data, int jobs, FileSync sync,
                                     List<HeadStart> headStarts) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (headStarts.isEmpty() || headStarts.size() > jobs) {
            throw new IllegalArgumentException(headStarts.size() + " head starts for " + jobs + " jobs");
        }
        checkHeader(ArchiveFormat.DIRECTORY, header, compression);
        checkToc(toc);
        return new DirectoryArchiveWriter(header, toc, compression, null, sync).writeTo(dir, data, jobs, headStarts);
    }

    /**
     * Writes a whole archive with {@code jobs} workers as {@link #writeParallel(ArchiveFormat, Path,
     * OutputStream, ArchiveHeader, List, CompressionSpec, ParallelDataSource, int)} does, making the
     * files it writes durable with {@code sync} ({@link FileSync#NONE} is {@code --no-sync}).
     */
    public static long writeParallel(ArchiveFormat format, Path target, OutputStream stdout, ArchiveHeader header,
                                     List<TocEntry> toc, CompressionSpec compression, ParallelDataSource data, int jobs,
                                     FileSync sync) throws IOException {
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(toc, "toc");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(data, "data");
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, not " + jobs);
        }
        checkHeader(format, header, compression);
        checkToc(toc);
        if (target == null && stdout == null) {
            throw new IllegalArgumentException("neither a target nor standard output to write to");
        }
        return switch (format) {
            case CUSTOM -> {
                CustomArchiveWriter writer = new CustomArchiveWriter(header, toc, compression, null, sync);
                yield target == null ? writer.writeTo(stdout, data, jobs) : writer.writeTo(target, data, jobs);
            }
            case DIRECTORY -> {
                if (target == null) {
                    throw new StowageException(ErrorCode.USAGE, "a directory archive cannot be written to standard output",
                            "give the directory to create with -f");
                }
                yield new DirectoryArchiveWriter(header, toc, compression, null, sync).writeTo(target, data, jobs);
            }
            case TAR -> {
                TarArchiveWriter writer = new TarArchiveWriter(header, toc, compression, null, sync);
                yield target == null ? writer.writeTo(stdout, data, jobs) : writer.writeTo(target, data, jobs);
            }
            case PLAIN -> throw new IllegalArgumentException("plain scripts are written by the plain script writer");
        };
    }

    /** The header compression field pg_dump records for {@code compression} in an archive of {@code version}. */
    public static HeaderCompression headerCompression(ArchiveVersion version, CompressionSpec compression) {
        if (version.isAtLeast(ArchiveVersion.V1_15)) {
            return HeaderCompression.ofAlgorithm(compression.algorithm());
        }
        return switch (compression.algorithm()) {
            case NONE -> HeaderCompression.ofLevel(0);
            case GZIP -> HeaderCompression.ofLevel(compression.level() == null ? -1 : compression.level());
            case LZ4, ZSTD -> throw new StowageException(ErrorCode.USAGE, "compression " + compression.algorithm().label()
                    + " needs archive version 1.15, which pg_restore older than 16 cannot read",
                    "use gzip (or none) for archives that every pg_restore from 12 on reads");
        };
    }

    private static void checkHeader(ArchiveFormat format, ArchiveHeader header, CompressionSpec compression) {
        if (format == ArchiveFormat.TAR && !compression.isNone()) {
            throw new StowageException(ErrorCode.USAGE, "compression is not supported by tar archive format",
                    "leave out -Z/--compress (or use -Z 0) with -F t, or use -F c or -F d to compress");
        }
        int expectedFormat = format == ArchiveFormat.CUSTOM ? ArchiveHeader.FORMAT_CUSTOM : ArchiveHeader.FORMAT_TAR;
        if (header.formatCode() != expectedFormat) {
            throw new IllegalArgumentException("a " + format + " archive's header carries format code " + expectedFormat
                    + " (directory archives too carry 3), not " + header.formatCode());
        }
        if (header.intSize() != 4 || header.offsetSize() != 8) {
            throw new IllegalArgumentException("archives are written with pg_dump's 4-byte integers and 8-byte offsets, not "
                    + header.intSize() + "/" + header.offsetSize());
        }
        if (!header.version().isReadable() || !header.version().isAtLeast(ArchiveVersion.V1_14)) {
            throw new IllegalArgumentException("archive version " + header.version() + " is not written; use 1.14 to 1.16");
        }
        if (!header.version().isAtLeast(ArchiveVersion.V1_15) && compression.algorithm() != CompressionAlgorithm.NONE
                && compression.algorithm() != CompressionAlgorithm.GZIP) {
            headerCompression(header.version(), compression); // throws the USAGE error
        }
        HeaderCompression expected = headerCompression(header.version(), compression);
        if (!header.compression().equals(expected)) {
            throw new IllegalArgumentException("header compression " + header.compression() + " disagrees with "
                    + compression + " (expected " + expected + ")");
        }
    }

    private static void checkToc(List<TocEntry> toc) {
        Set<Integer> ids = new HashSet<>();
        for (TocEntry e : toc) {
            if (!ids.add(e.dumpId())) {
                throw new IllegalArgumentException("dump id " + e.dumpId() + " appears twice in the TOC");
            }
            if (e.dumpId() <= 0) {
                throw new IllegalArgumentException("dump id " + e.dumpId() + " is not greater than 0");
            }
        }
    }
}
