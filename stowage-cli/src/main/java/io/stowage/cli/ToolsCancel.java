package io.stowage.cli;

import io.stowage.tools.process.Cancellation;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C for the tools engine. The JVM runs its shutdown hooks on SIGINT; this one cancels the
 * running tool, which ends the child's whole process tree, and then waits for the run to unwind, so
 * that its partial output is deleted before the JVM exits (with 130, as for the native engine).
 * Without the wait the JVM could exit while pg_dump, killed by nothing, went on writing.
 */
final class ToolsCancel implements AutoCloseable {
    /** How long the hook waits for the run to unwind: the process layer's grace period twice, and some. */
    private static final long UNWIND_SECONDS = 15;

    private final Cancellation token = new Cancellation();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    ToolsCancel() {
        hook = new Thread(this::cancelAndWait, "stowage-tools-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The token to give the tools engine's run. */
    Cancellation token() {
        return token;
    }

    private void cancelAndWait() {
        token.cancel();
        try {
            finished.await(UNWIND_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The run ended (its output committed or deleted): the hook has nothing left to do. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run; it sees the latch open
        }
    }
}
