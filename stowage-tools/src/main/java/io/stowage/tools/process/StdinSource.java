package io.stowage.tools.process;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;

/** Where a child process reads its standard input from. */
public sealed interface StdinSource {

    /** No input: the child's stdin is closed at once, so a program that would prompt sees end of file instead of hanging. */
    record None() implements StdinSource {}

    /** The child reads a file directly (the operating system connects it; no copying thread). */
    record FromFile(Path file) implements StdinSource {
        public FromFile {
            Objects.requireNonNull(file, "file");
        }
    }

    /**
     * The runner copies this stream into the child's stdin on a thread of its own, then closes the
     * child's stdin. The caller owns (and closes) the stream.
     */
    record FromStream(InputStream stream) implements StdinSource {
        public FromStream {
            Objects.requireNonNull(stream, "stream");
        }
    }

    /** No input. */
    static StdinSource none() {
        return new None();
    }

    static StdinSource file(Path file) {
        return new FromFile(file);
    }

    static StdinSource stream(InputStream stream) {
        return new FromStream(stream);
    }
}
