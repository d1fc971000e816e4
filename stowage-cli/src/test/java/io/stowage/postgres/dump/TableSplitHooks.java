package io.stowage.postgres.dump;

/**
 * Test-only access to the parallel dump's table splitting threshold, which is package-private in
 * the main code: this class lives in the dump package of the test sources.
 */
public final class TableSplitHooks {
    private TableSplitHooks() {
    }

    /** Splits every table bigger than {@code bytes} until the returned handle is closed. */
    public static AutoCloseable threshold(long bytes) {
        TableSplit.thresholdOverride = bytes;
        return () -> TableSplit.thresholdOverride = -1;
    }
}
