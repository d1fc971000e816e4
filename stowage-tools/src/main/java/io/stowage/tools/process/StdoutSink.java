package io.stowage.tools.process;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;

/** Where a child process's standard output goes. */
public sealed interface StdoutSink {

    /** Thrown away by the operating system. */
    record Discard() implements StdoutSink {}

    /** Written to a file directly (created or truncated; the operating system connects it, no copying thread). */
    record ToFile(Path file) implements StdoutSink {
        public ToFile {
            Objects.requireNonNull(file, "file");
        }
    }

    /**
     * Copied into this stream on a thread of its own while the child runs. The caller owns the
     * stream: the runner flushes it but does not close it.
     */
    record ToStream(OutputStream stream) implements StdoutSink {
        public ToStream {
            Objects.requireNonNull(stream, "stream");
        }
    }

    static StdoutSink discard() {
        return new Discard();
    }

    static StdoutSink file(Path file) {
        return new ToFile(file);
    }

    static StdoutSink stream(OutputStream stream) {
        return new ToStream(stream);
    }
}
