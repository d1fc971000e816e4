package io.stowage.postgres.archive.compress;

import io.stowage.postgres.archive.compress.BlockCompressors.Compressed;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * A gzip file or zlib stream compressed in fixed-size blocks on a shared pool of threads, off the
 * thread that writes (the one reading COPY data), written out in order. At most a few blocks per
 * pool thread are in flight per stream, so memory stays bounded however much is written.
 *
 * <p>Two ways to cut the stream, chosen by {@link Framing}:
 * <ul>
 *   <li>{@link Framing#GZIP_MEMBERS}: every block is a whole gzip member compressed by libdeflate; a
 *       gzip file may hold several members one after another (RFC 1952 2.2), which gzip, zlib's
 *       gzread (pg_restore) and {@link java.util.zip.GZIPInputStream} read as one file.</li>
 *   <li>{@link Framing#ZLIB} and {@link Framing#GZIP_SINGLE}: pigz's method, one stream whose
 *       blocks are raw deflate primed with the 32 KB of input before them and ended with a sync
 *       flush (the last with the final block), so they concatenate into one deflate stream; the
 *       only choice for a custom archive's data block, which pg_restore inflates as a single zlib
 *       stream.</li>
 * </ul>
 *
 * <p>A stream that ends within its first block is compressed on the writing thread at close: for
 * small tables the hand-off to the pool costs more than it saves.
 */
final class ParallelDeflateOutputStream extends OutputStream {

    /** How blocks are framed. */
    enum Framing {
        /** Gzip members by libdeflate, one per block. */
        GZIP_MEMBERS,
        /** One gzip member, pigz style (java.util.zip). */
        GZIP_SINGLE,
        /** One zlib stream, pigz style (java.util.zip). */
        ZLIB
    }

    /** The block size: 1 MB, or the system property {@code stowage.compress.blockBytes} (for tests). */
    static final int DEFAULT_BLOCK = 1 << 20;

    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** Blocks a stream may have in flight: enough to keep every pool thread busy with a spare. */
    private static final int IN_FLIGHT = 2 * THREADS;
    private static final ConcurrentLinkedQueue<byte[]> FREE_BLOCKS = new ConcurrentLinkedQueue<>();
    private static final int FREE_BLOCKS_KEPT = 4 * THREADS + 4;

    private static final class PoolHolder {
        static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, new ThreadFactoryImpl());
    }

    private static final class ThreadFactoryImpl implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger next = new AtomicInteger(1);

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "stowage-deflate-" + next.getAndIncrement());
            t.setDaemon(true);
            return t;
        }
    }

    private record Pending(Future<Compressed> result, byte[] input) {
    }

    private final OutputStream out;
    private final Framing framing;
    private final int level;
    private final int blockSize;
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private final byte[] window;
    private int windowLength;
    private final CRC32 crc;
    private long adler = 1;
    private long total;
    private byte[] block;
    private int fill;
    private boolean started;
    private boolean closed;
    private boolean failed;

    ParallelDeflateOutputStream(OutputStream out, Framing framing, int level) {
        this(out, framing, level, Integer.getInteger("stowage.compress.blockBytes", DEFAULT_BLOCK));
    }

    ParallelDeflateOutputStream(OutputStream out, Framing framing, int level, int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size " + blockSize);
        }
        this.out = out;
        this.framing = framing;
        this.level = level;
        this.blockSize = blockSize;
        this.window = framing == Framing.GZIP_MEMBERS ? null : new byte[BlockCompressors.WINDOW];
        this.crc = framing == Framing.GZIP_SINGLE ? new CRC32() : null;
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (block == null) {
            block = takeBlock();
        }
        block[fill++] = (byte) b;
        if (fill == blockSize) {
            guarded(() -> submit(false));
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        guarded(() -> copyIn(b, off, len));
    }

    private void copyIn(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (block == null) {
                block = takeBlock();
            }
            int n = Math.min(len, blockSize - fill);
            System.arraycopy(b, off, block, fill, n);
            fill += n;
            off += n;
            len -= n;
            if (fill == blockSize) {
                submit(false);
            }
        }
    }

    /** Writes what is already compressed; the blocks still in flight stay there. */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        guarded(() -> {
            writeDone(false);
            out.flush();
        });
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (failed) {
            // the writer saw the failure; what is left is only to let go of the target
            out.close();
            return;
        }
        try {
            submit(true);
            writeDone(true);
            writeTrailer();
        } catch (IOException | RuntimeException | Error e) {
            abandon();
            try {
                out.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        out.close();
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (failed) {
            throw new IOException("an earlier write to this compressed stream failed");
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    /** Runs a step; a failure drops the blocks in flight, as the stream cannot be completed any more. */
    private void guarded(Step step) throws IOException {
        try {
            step.run();
        } catch (IOException | RuntimeException | Error e) {
            failed = true;
            abandon();
            throw e;
        }
    }

    private void submit(boolean last) throws IOException {
        if (last && framing == Framing.GZIP_MEMBERS && fill == 0 && started) {
            // the file has its members; an empty one would only add 20 bytes
            return;
        }
        writeHeader();
        byte[] input = block != null ? block : new byte[0];
        int length = fill;
        block = null;
        fill = 0;
        total += length;
        byte[] dictionary = null;
        int dictionaryLength = windowLength;
        if (window != null) {
            dictionary = dictionaryLength > 0 ? java.util.Arrays.copyOf(window, dictionaryLength) : null;
            slide(input, length);
        }
        if (crc != null) {
            crc.update(input, 0, length);
        }
        byte[] dict = dictionary;
        if (last && inFlight.isEmpty()) {
            emit(compress(input, length, dict, dictionaryLength, true));
            release(input);
            return;
        }
        Future<Compressed> result = PoolHolder.POOL.submit(() -> compress(input, length, dict, dictionaryLength, last));
        inFlight.addLast(new Pending(result, input));
        writeDone(false);
        while (inFlight.size() > IN_FLIGHT) {
            writeHead();
        }
    }

    private Compressed compress(byte[] input, int length, byte[] dictionary, int dictionaryLength, boolean last) {
        return switch (framing) {
            case GZIP_MEMBERS -> BlockCompressors.gzipMember(level, input, length);
            case GZIP_SINGLE -> BlockCompressors.deflateBlock(level, dictionary, dictionaryLength, input, length, last, false);
            case ZLIB -> BlockCompressors.deflateBlock(level, dictionary, dictionaryLength, input, length, last, true);
        };
    }

    /** Keeps the last 32 KB of the input in {@link #window}: the next block's dictionary. */
    private void slide(byte[] input, int length) {
        int cap = window.length;
        if (length >= cap) {
            System.arraycopy(input, length - cap, window, 0, cap);
            windowLength = cap;
            return;
        }
        int keep = Math.min(windowLength, cap - length);
        System.arraycopy(window, windowLength - keep, window, 0, keep);
        System.arraycopy(input, 0, window, keep, length);
        windowLength = keep + length;
    }

    /** Writes the finished blocks at the head of the queue; with {@code all}, waits for every one. */
    private void writeDone(boolean all) throws IOException {
        while (!inFlight.isEmpty() && (all || inFlight.peekFirst().result().isDone())) {
            writeHead();
        }
    }

    private void writeHead() throws IOException {
        Pending head = inFlight.peekFirst();
        Compressed c;
        try {
            c = head.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException("compression failed: " + cause, cause);
        }
        inFlight.removeFirst();
        release(head.input());
        emit(c);
    }

    private void emit(Compressed c) throws IOException {
        if (framing == Framing.ZLIB) {
            adler = BlockCompressors.adler32Combine(adler, c.adler32(), c.inputLength());
        }
        out.write(c.bytes(), 0, c.length());
        BlockCompressors.recycle(c.bytes());
    }

    private void writeHeader() throws IOException {
        if (started) {
            return;
        }
        started = true;
        switch (framing) {
            case GZIP_MEMBERS -> {
                // libdeflate writes every member's header
            }
            case GZIP_SINGLE -> out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3});
            case ZLIB -> {
                // what deflateInit writes: CM 8, 32 KB window, FLEVEL from the level, FCHECK
                int flevel = level < 2 ? 0 : level < 6 ? 1 : level == 6 ? 2 : 3;
                int cmf = 0x78;
                int flg = flevel << 6;
                flg += 31 - ((cmf << 8) + flg) % 31;
                out.write(new byte[] {(byte) cmf, (byte) flg});
            }
        }
    }

    private void writeTrailer() throws IOException {
        switch (framing) {
            case GZIP_MEMBERS -> {
                // every member has its own
            }
            case GZIP_SINGLE -> {
                long c = crc.getValue();
                long size = total & 0xffffffffL;
                out.write(new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
                        (byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)});
            }
            case ZLIB -> out.write(new byte[] {(byte) (adler >> 24), (byte) (adler >> 16), (byte) (adler >> 8), (byte) adler});
        }
    }

    private void abandon() {
        for (Pending p : inFlight) {
            p.result().cancel(false);
        }
        inFlight.clear();
        block = null;
    }

    private byte[] takeBlock() {
        if (blockSize == DEFAULT_BLOCK) {
            byte[] b = FREE_BLOCKS.poll();
            if (b != null) {
                return b;
            }
        }
        return new byte[blockSize];
    }

    private static void release(byte[] input) {
        if (input.length == DEFAULT_BLOCK && FREE_BLOCKS.size() < FREE_BLOCKS_KEPT) {
            FREE_BLOCKS.offer(input);
        }
    }
}
