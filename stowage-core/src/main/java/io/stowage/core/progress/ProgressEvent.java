package io.stowage.core.progress;

/** Something an engine reports while it works. Listeners must be cheap: they run on the engine's thread. */
public sealed interface ProgressEvent {

    /** A phase begins: {@code catalog}, {@code pre-data}, {@code data}, {@code post-data}. */
    record Phase(String name) implements ProgressEvent {}

    /** One entry (object) was written or executed. */
    record Entry(String desc, String namespace, String tag) implements ProgressEvent {}

    /** A table's data was copied. */
    record TableData(String namespace, String table, long rows, long bytes) implements ProgressEvent {}

    /** Something the user should know that does not stop the work. */
    record Warning(String message) implements ProgressEvent {}

    /** A detail shown only with {@code --verbose}. */
    record Info(String message) implements ProgressEvent {}
}
