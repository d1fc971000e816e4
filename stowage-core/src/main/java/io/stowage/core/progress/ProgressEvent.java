package io.stowage.core.progress;

/**
 * Something an engine reports while it works. Listeners must be cheap: they run on the engine's
 * threads (see {@link ProgressListener} for the threading contract).
 *
 * <p>Counts that are not known are {@link #UNKNOWN}. Byte counts of data are the bytes of COPY's
 * text, before any compression, whether they are read from the server (dump) or sent to it
 * (restore).
 */
public sealed interface ProgressEvent {

    /** A count or size that is not known. */
    long UNKNOWN = -1;

    /** A phase begins: {@code catalog}, {@code pre-data}, {@code data}, {@code post-data}. */
    record Phase(String name) implements ProgressEvent {}

    /** One entry (object) was written or executed. */
    record Entry(String desc, String namespace, String tag) implements ProgressEvent {}

    /**
     * What the data phase is expected to copy, sent once before that phase's first data: the
     * number of data entries and their estimated bytes, each {@link #UNKNOWN} when it cannot be
     * told in advance. The byte figure is an estimate (a dump sizes tables by their pages on the
     * server, which COPY text can exceed or fall short of), so progress may pass it.
     */
    record Totals(long entries, long bytes) implements ProgressEvent {}

    /**
     * A table's data is being copied: the rows and bytes of this one copy so far, sent now and then
     * (about every second or every 64 MB) during a long COPY so that one huge table shows movement.
     * {@code rows} is {@link #UNKNOWN} where the engine does not count rows while streaming (restore).
     * The copy's own {@link TableData} follows its last {@code DataProgress}, from the same thread.
     */
    record DataProgress(String namespace, String table, long rows, long bytes) implements ProgressEvent {}

    /** A table's data was copied. */
    record TableData(String namespace, String table, long rows, long bytes) implements ProgressEvent {}

    /** Something the user should know that does not stop the work. */
    record Warning(String message) implements ProgressEvent {}

    /** A detail shown only with {@code --verbose}. */
    record Info(String message) implements ProgressEvent {}
}
