package io.stowage.postgres.archive.compress;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.Adler32;
import java.util.zip.Deflater;

/**
 * Compresses one block of a {@link ParallelDeflateOutputStream}, on whatever thread calls it. The
 * native compressors and deflaters are pooled and reused, one per concurrent caller and level, as
 * allocating one is far dearer than compressing a small block.
 */
final class BlockCompressors {
    /** The deflate window: pigz primes each block with this much of the input before it. */
    static final int WINDOW = 32 * 1024;

    /**
     * One block's compressed bytes, {@code bytes[0, length)}, and the Adler-32 of its input where
     * the framing needs one. {@code bytes} may come from the scratch pool: give it back with
     * {@link #recycle} once written.
     */
    record Compressed(byte[] bytes, int length, long adler32, int inputLength) {
    }

    private static final int POOLED_PER_LEVEL = 16;
    /** Room for a default block's compressed bytes, whatever the data: deflate's worst case and then some. */
    private static final int SCRATCH = ParallelDeflateOutputStream.DEFAULT_BLOCK + (ParallelDeflateOutputStream.DEFAULT_BLOCK >> 3) + 4096;
    private static final int SCRATCH_KEPT = 8 * Runtime.getRuntime().availableProcessors() + 8;
    private static final ConcurrentLinkedQueue<byte[]> SCRATCH_POOL = new ConcurrentLinkedQueue<>();

    /** A libdeflate compressor with native buffers, so that no call copies Java arrays into fresh memory. */
    private static final class NativeCompressor {
        final Pointer handle;
        Memory in;
        Memory out;

        NativeCompressor(Pointer handle) {
            this.handle = handle;
        }
    }

    @SuppressWarnings("unchecked")
    private static final ConcurrentLinkedQueue<NativeCompressor>[] NATIVE = new ConcurrentLinkedQueue[Libdeflate.MAX_LEVEL + 1];
    @SuppressWarnings("unchecked")
    private static final ConcurrentLinkedQueue<Deflater>[] DEFLATERS = new ConcurrentLinkedQueue[10];

    static {
        for (int i = 0; i < NATIVE.length; i++) {
            NATIVE[i] = new ConcurrentLinkedQueue<>();
        }
        for (int i = 0; i < DEFLATERS.length; i++) {
            DEFLATERS[i] = new ConcurrentLinkedQueue<>();
        }
    }

    private BlockCompressors() {
    }

    /** An array of at least {@code size} bytes for compressed output, pooled when it is the usual size. */
    static byte[] scratch(int size) {
        if (size <= SCRATCH) {
            byte[] b = SCRATCH_POOL.poll();
            return b != null ? b : new byte[SCRATCH];
        }
        return new byte[size];
    }

    /** Gives back an array {@link #scratch} handed out. */
    static void recycle(byte[] bytes) {
        if (bytes.length == SCRATCH && SCRATCH_POOL.size() < SCRATCH_KEPT) {
            SCRATCH_POOL.offer(bytes);
        }
    }

    /** {@code block[0, length)} as one complete gzip member, by libdeflate. */
    static Compressed gzipMember(int level, byte[] block, int length) {
        ConcurrentLinkedQueue<NativeCompressor> pool = NATIVE[level];
        NativeCompressor c = pool.poll();
        if (c == null) {
            Pointer handle = Libdeflate.libdeflate_alloc_compressor(level);
            if (handle == null) {
                throw new OutOfMemoryError("libdeflate could not allocate a compressor at level " + level);
            }
            c = new NativeCompressor(handle);
        }
        boolean keep = true;
        try {
            int bound = (int) Libdeflate.libdeflate_gzip_compress_bound(c.handle, length);
            if (c.in == null || c.in.size() < Math.max(length, 1)) {
                c.in = new Memory(Math.max(Math.max(length, 1), ParallelDeflateOutputStream.DEFAULT_BLOCK));
            }
            if (c.out == null || c.out.size() < bound) {
                c.out = new Memory(Math.max(bound, SCRATCH));
            }
            c.in.write(0, block, 0, length);
            long n = Libdeflate.libdeflate_gzip_compress(c.handle, c.in, length, c.out, bound);
            if (n <= 0) {
                throw new IllegalStateException("libdeflate returned no output within its own bound of " + bound + " bytes");
            }
            byte[] out = scratch((int) n);
            c.out.read(0, out, 0, (int) n);
            return new Compressed(out, (int) n, 0, length);
        } finally {
            if (pool.size() < POOLED_PER_LEVEL) {
                pool.offer(c);
            } else {
                Libdeflate.libdeflate_free_compressor(c.handle);
            }
        }
    }

    /**
     * {@code block[0, length)} as raw deflate primed with {@code dictionary} (the input before the
     * block), ended by a sync flush (byte-aligned, not final) or, for the last block, by the final
     * block: pigz's method, so that the blocks concatenate into one deflate stream.
     */
    static Compressed deflateBlock(int level, byte[] dictionary, int dictionaryLength, byte[] block, int length,
                                   boolean last, boolean withAdler) {
        int slot = Math.max(level, 0);
        ConcurrentLinkedQueue<Deflater> pool = DEFLATERS[slot];
        Deflater deflater = pool.poll();
        if (deflater == null) {
            deflater = new Deflater(level, true);
        }
        try {
            deflater.reset();
            if (dictionaryLength > 0) {
                deflater.setDictionary(dictionary, 0, dictionaryLength);
            }
            deflater.setInput(block, 0, length);
            byte[] out = scratch(length + (length >> 3) + 1024);
            int n = 0;
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    if (n == out.length) {
                        out = grow(out);
                    }
                    n += deflater.deflate(out, n, out.length - n, Deflater.NO_FLUSH);
                }
            } else {
                while (true) {
                    if (n == out.length) {
                        out = grow(out);
                    }
                    int room = out.length - n;
                    int k = deflater.deflate(out, n, room, Deflater.SYNC_FLUSH);
                    n += k;
                    // a sync flush that filled the room may have more to give (Deflater.deflate's contract)
                    if (k < room && deflater.needsInput()) {
                        break;
                    }
                }
            }
            long adler = 0;
            if (withAdler) {
                Adler32 a = new Adler32();
                a.update(block, 0, length);
                adler = a.getValue();
            }
            return new Compressed(out, n, adler, length);
        } finally {
            if (pool.size() < POOLED_PER_LEVEL) {
                pool.offer(deflater);
            } else {
                deflater.end();
            }
        }
    }

    private static byte[] grow(byte[] out) {
        byte[] bigger = Arrays.copyOf(out, out.length * 2);
        recycle(out);
        return bigger;
    }

    /** zlib's adler32_combine: the Adler-32 of A then B from those of A and B and B's length. */
    static long adler32Combine(long adler1, long adler2, long length2) {
        final long base = 65521;
        long rem = length2 % base;
        long sum1 = adler1 & 0xffff;
        long sum2 = (rem * sum1) % base;
        sum1 += (adler2 & 0xffff) + base - 1;
        sum2 += ((adler1 >> 16) & 0xffff) + ((adler2 >> 16) & 0xffff) + base - rem;
        if (sum1 >= base) {
            sum1 -= base;
        }
        if (sum1 >= base) {
            sum1 -= base;
        }
        if (sum2 >= (base << 1)) {
            sum2 -= (base << 1);
        }
        if (sum2 >= base) {
            sum2 -= base;
        }
        return sum1 | (sum2 << 16);
    }
}
