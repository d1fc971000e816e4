package io.stowage.core.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Counts the bytes written through it, for results and progress; not thread-safe. */
public final class CountingOutputStream extends FilterOutputStream {
    private long count;

    public CountingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        // straight through: FilterOutputStream would write byte by byte
        out.write(b, off, len);
        count += len;
    }

    /** The bytes written so far. */
    public long count() {
        return count;
    }
}
