package io.stowage.postgres.archive;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The stream an archive writer writes its bytes to: it counts them, and turns a failed write into
 * an OUTPUT error naming the destination, so that write failures are told apart from failures of
 * the data source (which also throws IOException).
 */
final class GuardedOutput extends OutputStream {
    private final OutputStream out;
    private final String destination;
    private final boolean owner;
    private long count;

    /**
     * A guard that flushes but does not close {@code out} on close.
     *
     * @param destination how to name the destination in messages: a quoted path or
     *                    "standard output"
     */
    GuardedOutput(OutputStream out, String destination) {
        this(out, destination, false);
    }

    /** A guard that closes {@code out} on close when it is its {@code owner}. */
    GuardedOutput(OutputStream out, String destination, boolean owner) {
        this.out = Objects.requireNonNull(out, "out");
        this.destination = destination;
        this.owner = owner;
    }

    /** Bytes written so far. */
    long count() {
        return count;
    }

    @Override
    public void write(int b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw failure(e);
        }
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw failure(e);
        }
        count += len;
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void close() {
        if (owner) {
            try {
                out.close();
            } catch (IOException e) {
                throw failure(e);
            }
        } else {
            flush();
        }
    }

    private StowageException failure(IOException e) {
        return new StowageException(ErrorCode.OUTPUT, "cannot write " + destination + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                "check free space and permissions, and that the reader of a pipe is still running", e);
    }
}
