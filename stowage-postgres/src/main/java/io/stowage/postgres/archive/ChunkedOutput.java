package io.stowage.postgres.archive;

import java.io.OutputStream;
import java.util.Objects;

/**
 * The chunk stream of a custom archive's data block (pg_backup_custom.c's _CustomWriteFunc and
 * _EndData): what is written is cut into chunks of an Int length and that many bytes; closing
 * writes the last chunk and the Int 0 that ends the stream, but leaves the archive open.
 *
 * <p>pg_dump 15 writes one chunk per COPY row uncompressed and up to 4 KiB compressed; pg_restore
 * reads chunks of any size, so bytes are gathered into bigger chunks here.
 */
final class ChunkedOutput extends OutputStream {
    static final int CHUNK_SIZE = 32 * 1024;

    private final ArchiveOutput out;
    private final byte[] buffer = new byte[CHUNK_SIZE];
    private int used;
    private boolean closed;

    ChunkedOutput(ArchiveOutput out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void write(int b) {
        ensureOpen();
        if (used == buffer.length) {
            flushChunk();
        }
        buffer[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            if (used == 0 && len >= buffer.length) {
                // a big write goes out as is, without a copy
                int n = Math.min(len, Integer.MAX_VALUE);
                out.writeInt(n);
                out.writeBytes(b, off, n);
                off += n;
                len -= n;
                continue;
            }
            int n = Math.min(len, buffer.length - used);
            System.arraycopy(b, off, buffer, used, n);
            used += n;
            off += n;
            len -= n;
            if (used == buffer.length) {
                flushChunk();
            }
        }
    }

    /** Does nothing: a chunk is written when full or at close, never empty. */
    @Override
    public void flush() {
    }

    /** Writes the pending chunk and the zero length that ends the chunk stream. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        flushChunk();
        out.writeInt(0);
        closed = true;
    }

    private void flushChunk() {
        ensureOpen();
        if (used > 0) {
            out.writeInt(used);
            out.writeBytes(buffer, 0, used);
            used = 0;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("chunk stream already ended");
        }
    }
}
