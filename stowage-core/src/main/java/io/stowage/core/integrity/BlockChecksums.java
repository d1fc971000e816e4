package io.stowage.core.integrity;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * CRC-32C of each {@link #BLOCK_SIZE}-byte block of a stream, kept beside its SHA-256 in a manifest
 * so that verify can say where a file was changed, not only that it was. The SHA-256 remains the
 * check; these only place the damage (a CRC-32C catches every error burst of up to 32 bits in its
 * block, so a flipped byte is always placed). CRC-32C runs on the CPU's own instruction and costs
 * next to nothing beside SHA-256.
 */
public final class BlockChecksums {
    /** The block size: 1 MiB. */
    public static final int BLOCK_SIZE = 1 << 20;

    private final List<String> blocks = new ArrayList<>();
    private final CRC32C crc = new CRC32C();
    private int filled;

    /** Adds bytes to the stream. */
    public void update(byte[] b, int off, int len) {
        while (len > 0) {
            int n = Math.min(len, BLOCK_SIZE - filled);
            crc.update(b, off, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == BLOCK_SIZE) {
                endBlock();
            }
        }
    }

    /** Adds one byte to the stream. */
    public void update(int b) {
        crc.update(b);
        if (++filled == BLOCK_SIZE) {
            endBlock();
        }
    }

    /** The checksums of every block so far, the last one partial; 8 lower-case hex digits each. */
    public List<String> finish() {
        if (filled > 0) {
            endBlock();
        }
        return List.copyOf(blocks);
    }

    private void endBlock() {
        blocks.add(String.format("%08x", crc.getValue()));
        crc.reset();
        filled = 0;
    }

    /** How many blocks a stream of {@code size} bytes has. */
    public static long blockCount(long size) {
        return (size + BLOCK_SIZE - 1) / BLOCK_SIZE;
    }

    /**
     * Where two streams of the same length first differ, as {@code "bytes A to B"} of the first
     * block whose checksums differ, or null when none do (or either list is missing).
     */
    public static String firstDifference(List<String> expected, List<String> actual, long size) {
        if (expected.isEmpty() || expected.size() != actual.size()) {
            return null;
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                long from = (long) i * BLOCK_SIZE;
                return "bytes " + from + " to " + (Math.min(size, from + BLOCK_SIZE) - 1);
            }
        }
        return null;
    }
}
