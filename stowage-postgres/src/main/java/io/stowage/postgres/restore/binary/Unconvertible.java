package io.stowage.postgres.restore.binary;

/**
 * A field (or row) that the binary conversion does not read: the table is loaded in COPY's text
 * format instead. Not an error the user sees; thrown without a stack trace, as it is cheap and
 * expected control flow.
 */
public final class Unconvertible extends Exception {
    private static final long serialVersionUID = 1L;

    public Unconvertible(String message) {
        super(message, null, false, false);
    }
}
