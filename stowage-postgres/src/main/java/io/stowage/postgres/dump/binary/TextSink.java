package io.stowage.postgres.dump.binary;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that COPY text rows are written into: the rows are {@code array()[0, size())}.
 * Reused across rows and tables; the formatters store into the array directly after reserving room.
 */
public final class TextSink {
    private byte[] bytes;
    private int size;

    public TextSink(int capacity) {
        bytes = new byte[Math.max(64, capacity)];
    }

    /** The bytes written so far are {@code array()[0, size())}. */
    public byte[] array() {
        return bytes;
    }

    public int size() {
        return size;
    }

    /** Forgets what was written, keeping the capacity. */
    public void clear() {
        size = 0;
    }

    /** Moves the end back to {@code newSize} (not beyond the current size), as when a row is abandoned. */
    public void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IllegalArgumentException("cannot truncate " + size + " bytes to " + newSize);
        }
        size = newSize;
    }

    /** Writes what was written to {@code out} and forgets it. */
    public void drainTo(OutputStream out) throws IOException {
        if (size > 0) {
            out.write(bytes, 0, size);
            size = 0;
        }
    }

    void put(int b) {
        if (size == bytes.length) {
            grow(1);
        }
        bytes[size++] = (byte) b;
    }

    void put(byte[] b, int offset, int length) {
        if (length > bytes.length - size) {
            grow(length);
        }
        System.arraycopy(b, offset, bytes, size, length);
        size += length;
    }

    /**
     * Makes room for {@code more} bytes after the end and returns the array, for a caller that
     * stores into it directly and then moves the end with {@link #setSize}.
     */
    byte[] reserve(int more) {
        if (more > bytes.length - size) {
            grow(more);
        }
        return bytes;
    }

    /** Moves the end to {@code newSize}, after direct stores into {@link #reserve}'s room. */
    void setSize(int newSize) {
        size = newSize;
    }

    private void grow(long more) {
        long wanted = Math.max((long) bytes.length * 2, size + more);
        if (wanted > Integer.MAX_VALUE - 16) {
            if (size + more > Integer.MAX_VALUE - 16) {
                throw new OutOfMemoryError("a COPY text row over 2 GB");
            }
            wanted = Integer.MAX_VALUE - 16;
        }
        bytes = Arrays.copyOf(bytes, (int) wanted);
    }
}
