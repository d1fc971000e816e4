package io.stowage.core.storage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The stream {@link Storage#create(String)} returns. What is written becomes visible under its key
 * only when {@link #close()} succeeds, all at once; until then readers see the previous object of
 * that key, or none.
 *
 * <p>A writer that fails must call {@link #abort()} before (or instead of) closing, because
 * {@code close()} means "done, publish it". A try-with-resources alone would publish a truncated
 * object when the body throws, so the usual form is:
 *
 * <pre>{@code
 * StorageOutput out = storage.create(key);
 * try {
 *     write(out);
 * } catch (Throwable t) {
 *     out.abort();
 *     throw t;
 * }
 * out.close();
 * }</pre>
 *
 * <p>If {@code close()} itself fails, nothing is published and whatever was staged is discarded.
 * After {@code abort()}, {@code close()} does nothing.
 */
public abstract class StorageOutput extends OutputStream {

    /** Discards everything written so far; the key keeps its previous state. Never throws. */
    public abstract void abort();

    /**
     * Publishes the object under its key.
     *
     * @throws IOException or {@link io.stowage.core.error.StowageException} when it cannot be
     *                     published; nothing is published then
     */
    @Override
    public abstract void close() throws IOException;

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }
}
