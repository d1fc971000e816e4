package io.stowage.postgres.archive;

import io.stowage.core.options.CompressionAlgorithm;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.postgres.archive.compress.Codecs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the data blocks of a custom archive forward, one at a time, as pg_backup_custom.c's
 * _PrintTocData and _LoadLOs do: a block type byte, the owning dump id, then chunk streams.
 *
 * <p>Blocks are located by their TOC offsets when set; when not (an archive written to a pipe)
 * the blocks in between are skipped by their chunk lengths, and their positions remembered. A
 * stream is read strictly forward, so its blocks must be asked for in archive order; a file
 * ({@link Seeker}) is sought, so {@code -L} can ask for them in any order, as pg_restore does.
 */
public final class CustomArchiveData implements ArchiveData {
    /** {@code BLK_DATA}: a table's data. */
    static final int BLK_DATA = 1;
    /** {@code BLK_BLOBS}: large objects, one chunk stream each. */
    static final int BLK_BLOBS = 3;

    /** Reopens a seekable archive at a position: its bytes from there on. */
    @FunctionalInterface
    public interface Seeker {
        InputStream at(long position) throws IOException;
    }

    private ArchiveInput in;
    private final CompressionAlgorithm algorithm;
    private final Seeker seeker;
    private InputStream open;
    /** Where scanning for blocks without offsets goes on: every block before it has its position in {@link #blocks}. */
    private long frontier;
    /** The last block was found by scanning at the frontier, so its end is the new frontier once read. */
    private boolean atFrontier;
    private final java.util.Map<Integer, Long> blocks = new java.util.HashMap<>();

    CustomArchiveData(ArchiveInput in, HeaderCompression compression) {
        this(in, compression, null);
    }

    /** @param seeker how to read the archive from another position, or {@code null} for a stream */
    CustomArchiveData(ArchiveInput in, HeaderCompression compression, Seeker seeker) {
        this(in, compression.algorithm(), seeker);
    }

    /**
     * Another reader of the same archive file, through {@code other} (another channel), for
     * another thread: it reads the blocks by their offsets (or scans from {@code tocEnd}, where the
     * TOC ends), and shares nothing with this one but the header's widths, charset and
     * compression, so the TOC is parsed once for all of a parallel restore's workers.
     */
    public CustomArchiveData reader(Seeker other, long tocEnd) throws IOException {
        Objects.requireNonNull(other, "other");
        return new CustomArchiveData(new ArchiveInput(other.at(tocEnd), in, tocEnd), algorithm, other);
    }

    private CustomArchiveData(ArchiveInput in, CompressionAlgorithm algorithm, Seeker seeker) {
        this.in = Objects.requireNonNull(in, "in");
        this.algorithm = algorithm;
        this.seeker = seeker;
        this.frontier = in.position();
    }

    @Override
    public java.nio.charset.Charset charset() {
        return in.charset();
    }

    /**
     * Opens the (decompressed) data of a TABLE DATA entry. The stream must be read to its end or
     * closed before the next block is asked for; closing skips what was not read.
     */
    @Override
    public InputStream openData(TocEntry entry) {
        finishOpen();
        int type = locate(entry);
        if (type != BLK_DATA) {
            throw in.corrupt(in.position() - 1, "a table data block for dump id " + entry.dumpId(), "block type " + type);
        }
        open = decompressed(new ChunkStream());
        return open;
    }

    @Override
    public void readLargeObjects(TocEntry entry, LargeObjectVisitor visitor) throws IOException {
        finishOpen();
        long blockStart = in.position();
        int type = locate(entry);
        if (type != BLK_BLOBS) {
            throw in.corrupt(blockStart, "a large object block for dump id " + entry.dumpId(), "block type " + type);
        }
        while (true) {
            int oid = in.readInt("a large object oid");
            if (oid == 0) {
                return;
            }
            try (InputStream data = decompressed(new ChunkStream())) {
                visitor.largeObject(Integer.toUnsignedLong(oid), data);
            }
        }
    }

    private void finishOpen() {
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                throw new IllegalStateException(e); // our streams do not throw on close
            }
            open = null;
        }
    }

    /** Moves to the entry's block and reads its header; returns the block type. */
    private int locate(TocEntry entry) {
        DataOffset offset = entry.dataOffset();
        if (offset == null || offset.state() == OffsetState.NO_DATA) {
            throw new StowageException(ErrorCode.INPUT, "archive \"" + in.source() + "\" has no data block for dump id "
                    + entry.dumpId() + " (" + entry.desc() + " " + entry.tag() + ")",
                    "make the dump again; pg_dump always writes a block for an entry with data");
        }
        if (atFrontier) {
            frontier = Math.max(frontier, in.position());
            atFrontier = false;
        }
        boolean positioned = offset.state() == OffsetState.POSITION_SET;
        Long known = positioned ? Long.valueOf(offset.position()) : blocks.get(entry.dumpId());
        if (seeker != null) {
            if (known != null) {
                seek(known);
                return readHeaderOf(entry, true);
            }
            seek(frontier);
        } else if (positioned) {
            if (offset.position() < in.position()) {
                throw notFound(entry, "its offset " + offset.position() + " lies behind the read position " + in.position());
            }
            in.skip(offset.position() - in.position(), "the bytes before the data block of dump id " + entry.dumpId());
            return readHeaderOf(entry, true);
        }
        // no offset (an archive written to a pipe): scan forward, remembering where blocks start
        while (true) {
            int type = readHeaderOf(entry, false);
            if (type > 0) {
                atFrontier = seeker != null;
                return type;
            }
            frontier = Math.max(frontier, in.position());
        }
    }

    /**
     * Reads a block header at the current position. With {@code exact} the block must be the entry's
     * and its type is returned; otherwise a block of another entry is skipped (returning 0), and the
     * end of the archive means the block is not there.
     */
    private int readHeaderOf(TocEntry entry, boolean exact) {
        long blockStart = in.position();
        int type = in.readByteOrEnd("a data block type (1 or 3)");
        if (type < 0) {
            if (exact) {
                throw in.corrupt(blockStart, "the data block of dump id " + entry.dumpId(), "the end of the file");
            }
            throw notFound(entry, "the end of the file came at offset " + blockStart);
        }
        if (type != BLK_DATA && type != BLK_BLOBS) {
            throw in.corrupt(blockStart, "a data block type (1 or 3)", String.valueOf(type));
        }
        long idStart = in.position();
        int id = in.readInt("the dump id of a data block");
        blocks.putIfAbsent(id, blockStart);
        if (id == entry.dumpId()) {
            return type;
        }
        if (exact) {
            throw in.corrupt(idStart, "the data block of dump id " + entry.dumpId(), "dump id " + id);
        }
        if (type == BLK_BLOBS) {
            while (in.readInt("a large object oid") != 0) {
                skipChunks();
            }
        } else {
            skipChunks();
        }
        return 0;
    }

    /**
     * pg_restore's errors for a block that is not ahead of the read position, with where reading
     * stood: a corrupt dump id or offset reads like an out-of-order request, so the offset matters.
     */
    private StowageException notFound(TocEntry entry, String where) {
        String start = "could not find block ID " + entry.dumpId() + " in archive \"" + in.source() + "\" (" + where
                + "; expected the data block of dump id " + entry.dumpId() + ")";
        if (seeker == null) {
            return new StowageException(ErrorCode.INPUT, start + " -- possibly due to out-of-order restore request,"
                    + " which cannot be handled due to non-seekable input file",
                    "give the archive as a file rather than on standard input, or list its data entries in archive order;"
                            + " if the order is the archive's, the archive is corrupt");
        }
        return new StowageException(ErrorCode.INPUT, start + " -- possibly corrupt archive", "make the dump again");
    }

    private void seek(long position) {
        if (position == in.position()) {
            return;
        }
        try {
            in = new ArchiveInput(seeker.at(position), in, position);
        } catch (IOException e) {
            throw new StowageException(ErrorCode.INPUT, "cannot seek to offset " + position + " in archive \"" + in.source()
                    + "\": " + e.getMessage(), "check that the file is readable", e);
        }
    }

    private void skipChunks() {
        while (true) {
            long start = in.position();
            int length = in.readInt("a data chunk length");
            if (length < 0) {
                throw in.corrupt(start, "a data chunk length of 0 or more", String.valueOf(length));
            }
            if (length == 0) {
                return;
            }
            in.skip(length, "a data chunk of " + length + " bytes");
        }
    }

    private InputStream decompressed(ChunkStream chunks) {
        return switch (algorithm) {
            case NONE -> chunks;
            // zlib through ISA-L when the system has it (Codecs picks it), else straight through java.util.zip
            case GZIP -> Codecs.nativeInflate() ? new FramedStream(chunks) : new InflatingStream(chunks);
            case LZ4, ZSTD -> new FramedStream(chunks);
        };
    }

    /**
     * An LZ4 or zstd frame, or a zlib stream inflated by ISA-L, over a chunk stream; corrupt frames are
     * an INPUT error naming the chunk's offset.
     */
    private final class FramedStream extends InputStream {
        private final ChunkStream chunks;
        private InputStream frame;

        FramedStream(ChunkStream chunks) {
            this.chunks = chunks;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            try {
                if (frame == null) {
                    frame = Codecs.decompressing(algorithm, Codecs.Wrapping.ZLIB, chunks);
                }
                return frame.read(b, off, len);
            } catch (IOException e) {
                throw in.corrupt(chunks.chunkStart, algorithm.label() + "-compressed data",
                        "invalid data (" + e.getMessage() + ")");
            }
        }

        @Override
        public void close() {
            try {
                if (frame != null) {
                    // frees the decoder's native memory now rather than at some later GC
                    frame.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                chunks.close();
            }
        }
    }

    /** The concatenated bytes of one chunk stream; ends at the zero-length chunk. */
    private final class ChunkStream extends InputStream {
        private int remaining;
        private boolean ended;

        /** Where the current chunk's bytes started: where a compressed stream's error is reported. */
        long chunkStart;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            while (remaining == 0) {
                if (ended) {
                    return -1;
                }
                long start = in.position();
                int length = in.readInt("a data chunk length");
                if (length < 0) {
                    throw in.corrupt(start, "a data chunk length of 0 or more", String.valueOf(length));
                }
                if (length == 0) {
                    ended = true;
                    return -1;
                }
                remaining = length;
                chunkStart = in.position();
            }
            int n = Math.min(len, remaining);
            in.readFully(b, off, n, "a data chunk of " + remaining + " more bytes");
            remaining -= n;
            return n;
        }

        /** Skips the rest of the stream, up to and including its zero-length chunk. */
        @Override
        public void close() {
            byte[] buffer = new byte[8192];
            while (read(buffer, 0, buffer.length) >= 0) {
                // discard
            }
        }
    }

    /** A zlib stream over a chunk stream; corrupt compressed bytes are an INPUT error naming the chunk's offset. */
    private final class InflatingStream extends InputStream {
        private final ChunkStream chunks;
        private final Inflater inflater = new Inflater();
        private final byte[] input = new byte[8192];
        private boolean finished;

        InflatingStream(ChunkStream chunks) {
            this.chunks = chunks;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            while (!finished) {
                int n;
                try {
                    n = inflater.inflate(b, off, len);
                } catch (DataFormatException e) {
                    throw in.corrupt(chunks.chunkStart, "zlib-compressed data", "invalid data (" + e.getMessage() + ")");
                }
                if (n > 0) {
                    return n;
                }
                if (inflater.finished()) {
                    finished = true;
                } else if (inflater.needsDictionary()) {
                    throw in.corrupt(chunks.chunkStart, "zlib-compressed data", "a stream that needs a preset dictionary");
                } else if (inflater.needsInput()) {
                    int got = chunks.read(input, 0, input.length);
                    if (got < 0) {
                        throw in.corrupt(in.position(), "more zlib-compressed data", "the end of the block's chunks");
                    }
                    inflater.setInput(input, 0, got);
                }
            }
            return -1;
        }

        @Override
        public void close() {
            inflater.end();
            chunks.close();
        }
    }
}
