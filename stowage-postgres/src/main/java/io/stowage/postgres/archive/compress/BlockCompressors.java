package io.stowage.postgres.archive.compress;

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

    /** One block's compressed bytes, and the Adler-32 of its input where the framing needs one. */
    record Compressed(byte[] bytes, long adler32, int inputLength) {
    }

    private static final int POOLED_PER_LEVEL = 16;

    @SuppressWarnings("unchecked")
    private static final ConcurrentLinkedQueue<Pointer>[] NATIVE = new ConcurrentLinkedQueue[Libdeflate.MAX_LEVEL + 1];
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

    /** {@code block[0, length)} as one complete gzip member, by libdeflate. */
    static Compressed gzipMember(int level, byte[] block, int length) {
        ConcurrentLinkedQueue<Pointer> pool = NATIVE[level];
        Pointer compressor = pool.poll();
        if (compressor == null) {
            compressor = Libdeflate.libdeflate_alloc_compressor(level);
            if (compressor == null) {
                throw new OutOfMemoryError("libdeflate could not allocate a compressor at level " + level);
            }
        }
        try {
            int bound = (int) Libdeflate.libdeflate_gzip_compress_bound(compressor, length);
            byte[] out = new byte[bound];
            long n = Libdeflate.libdeflate_gzip_compress(compressor, block, length, out, bound);
            if (n <= 0) {
                throw new IllegalStateException("libdeflate returned no output within its own bound of " + bound + " bytes");
            }
            return new Compressed(n == bound ? out : Arrays.copyOf(out, (int) n), 0, length);
        } finally {
            if (pool.size() < POOLED_PER_LEVEL) {
                pool.offer(compressor);
            } else {
                Libdeflate.libdeflate_free_compressor(compressor);
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
            byte[] out = new byte[length + (length >> 3) + 1024];
            int n = 0;
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, out.length * 2);
                    }
                    n += deflater.deflate(out, n, out.length - n, Deflater.NO_FLUSH);
                }
            } else {
                while (true) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, out.length * 2);
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
            return new Compressed(Arrays.copyOf(out, n), adler, length);
        } finally {
            if (pool.size() < POOLED_PER_LEVEL) {
                pool.offer(deflater);
            } else {
                deflater.end();
            }
        }
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
