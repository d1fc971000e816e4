package io.stowage.tools.process;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A cancel request that can be made from any thread (a Ctrl-C handler, a UI, another task) and
 * observed by whatever is running. Cancelling is permanent and idempotent: callbacks run once, on
 * the cancelling thread, or at once on the registering thread when the token is already cancelled.
 */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

    /** A token that is cancelled only by its own {@link #cancel()}. */
    public Cancellation() {
    }

    /** A token nobody cancels, for callers that do not need one. */
    public static Cancellation none() {
        return new Cancellation();
    }

    /** Requests cancellation and runs the registered callbacks (once). */
    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            for (Runnable r : callbacks) {
                r.run();
            }
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /**
     * Runs {@code callback} when the token is cancelled (now, if it already is). Returns a handle
     * whose {@code close()} unregisters the callback, so a finished run is not killed later.
     */
    public Registration onCancel(Runnable callback) {
        callbacks.add(callback);
        if (cancelled.get() && callbacks.remove(callback)) {
            callback.run();
        }
        return () -> callbacks.remove(callback);
    }

    /** Unregisters a callback. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
