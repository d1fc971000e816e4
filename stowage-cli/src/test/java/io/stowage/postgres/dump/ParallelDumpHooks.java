package io.stowage.postgres.dump;

/**
 * Test-only access to the parallel dump's pause point, which is package-private in the main code:
 * this class lives in the dump package of the test sources.
 */
public final class ParallelDumpHooks {
    private ParallelDumpHooks() {
    }

    /** What a test does when a worker is about to lock and copy a table. */
    @FunctionalInterface
    public interface Hook {
        void reached(String qualifiedName) throws Exception;
    }

    /** Installs {@code hook} until the returned handle is closed. */
    public static AutoCloseable beforeTable(Hook hook) {
        ParallelTableReader.beforeTable = name -> {
            try {
                hook.reached(name);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("test hook failed at " + name, e);
            }
        };
        return () -> ParallelTableReader.beforeTable = null;
    }
}
