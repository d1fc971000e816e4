package io.stowage.core.progress;

/** Receives {@link ProgressEvent}s from an engine. */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = event -> { };

    void onEvent(ProgressEvent event);
}
