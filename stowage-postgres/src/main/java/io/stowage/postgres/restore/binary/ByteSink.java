package io.stowage.postgres.restore.binary;

import java.util.Arrays;

/** A growable byte buffer with big-endian (network order) writers, as the binary COPY format needs. */
public final class ByteSink {
    private byte[] bytes;
    private int size;

    public ByteSink(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
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

    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    public void write(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, bytes, size, length);
        size += length;
    }

    public void writeShort(int v) {
        ensure(2);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
    }

    public void writeInt(int v) {
        ensure(4);
        bytes[size++] = (byte) (v >>> 24);
        bytes[size++] = (byte) (v >>> 16);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
    }

    public void writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    /** Overwrites the four bytes at {@code position} with {@code v}, as a length word written before its field was known. */
    public void putInt(int position, int v) {
        if (position < 0 || position + 4 > size) {
            throw new IndexOutOfBoundsException("position " + position + " of " + size);
        }
        bytes[position] = (byte) (v >>> 24);
        bytes[position + 1] = (byte) (v >>> 16);
        bytes[position + 2] = (byte) (v >>> 8);
        bytes[position + 3] = (byte) v;
    }

    /**
     * Makes room for {@code more} bytes after the end and returns the array, for a caller that
     * stores into it directly and then moves the end with {@link #setSize}.
     */
    byte[] reserve(int more) {
        ensure(more);
        return bytes;
    }

    /** Moves the end to {@code newSize}, within the array: after direct stores into {@link #reserve}'s room. */
    void setSize(int newSize) {
        if (newSize < 0 || newSize > bytes.length) {
            throw new IllegalArgumentException("cannot set the size of " + bytes.length + " bytes to " + newSize);
        }
        size = newSize;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            long wanted = Math.max((long) bytes.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new OutOfMemoryError("a binary COPY row over 2 GB");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }
}
