package io.stowage.postgres.dump;

/**
 * Test-only access to the count of the dump's binary copies, which is package-private in the main
 * code: this class lives in the dump package of the test sources.
 */
public final class BinaryCopiesHooks {
    private BinaryCopiesHooks() {
    }

    /** The binary copies started so far in this JVM. */
    public static long started() {
        return BinaryCopies.STARTED.get();
    }
}
