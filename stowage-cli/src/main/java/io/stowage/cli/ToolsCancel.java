package io.stowage.cli;

import io.stowage.tools.process.Cancellation;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C for the tools engine. The JVM runs its shutdown hooks on SIGINT; this one cancels the
 * running tool, which ends the child's whole process tree, and then waits until the command has
 * unwound and reported the cancel, so that the partial output is deleted and the one-line message
 * printed before the JVM exits (with 130, as for the native engine). Without the wait the JVM could
 * exit while pg_dump, signalled by nobody, went on writing.
 */
final class ToolsCancel implements AutoCloseable {
    /** How long the hook waits for the command to unwind: the process layer's grace period twice, and some. */
    private static final long UNWIND_SECONDS = 15;
    /** Runs cancelled by a shutdown whose command has not returned yet. */
    private static final Set<ToolsCancel> UNWINDING = ConcurrentHashMap.newKeySet();

    private final Cancellation token = new Cancellation();
    private final CountDownLatch reported = new CountDownLatch(1);
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
            reported.await(UNWIND_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The run ended (its output committed or deleted). Normally the hook is simply removed; during a
     * shutdown it keeps waiting for {@link #commandEnded()}, which comes after the error line.
     */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            reported.countDown();
        } catch (IllegalStateException shuttingDown) {
            // the hook is running, or about to: it waits for the command to report
            UNWINDING.add(this);
        }
    }

    /** Called when a command has returned (and reported its error): releases the hooks waiting for it. */
    static void commandEnded() {
        for (ToolsCancel run : UNWINDING) {
            run.reported.countDown();
            UNWINDING.remove(run);
        }
    }
}
