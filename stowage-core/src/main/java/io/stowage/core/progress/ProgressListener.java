package io.stowage.core.progress;

/**
 * Receives {@link ProgressEvent}s from an engine.
 *
 * <p><b>Threads.</b> An engine may call {@link #onEvent} from several threads at once (parallel
 * dump and restore workers), so an implementation that keeps state must be thread-safe, and it
 * should return quickly: a slow listener slows the copy that called it. What is guaranteed:
 * the events of one COPY (its {@link ProgressEvent.DataProgress} events, then its
 * {@link ProgressEvent.TableData}) come from the one thread that runs that copy, in that order;
 * {@link ProgressEvent.Phase} and {@link ProgressEvent.Totals} come from the thread that drives
 * the run. Events of different copies interleave in any order.
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = event -> { };

    void onEvent(ProgressEvent event);

    /** A listener that passes each event to this one, then to {@code next}. */
    default ProgressListener andThen(ProgressListener next) {
        if (next == null || next == NONE) {
            return this;
        }
        return event -> {
            onEvent(event);
            next.onEvent(event);
        };
    }
}
