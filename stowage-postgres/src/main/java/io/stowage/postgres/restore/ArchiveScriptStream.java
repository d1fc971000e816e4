package io.stowage.postgres.restore;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.RestoreOptions;
import io.stowage.postgres.archive.ArchiveScriptWriter;
import io.stowage.postgres.archive.OpenArchive;
import io.stowage.postgres.archive.TocSelection;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;

/**
 * The plain SQL script of a custom, directory or tar archive as a stream: a writer thread runs
 * {@link ArchiveScriptWriter} into a pipe that the plain restore path reads, so that every restore
 * option applies and no table's data is held in memory or on disk. A failure of the writer (a
 * corrupt or truncated archive) is rethrown to the reader when it reaches the end of the pipe.
 */
final class ArchiveScriptStream extends InputStream {
    private static final int PIPE = 256 * 1024;

    private final PipedInputStream pipe;
    private final Thread writer;
    private volatile RuntimeException failure;

    /** What the writer thread writes into the pipe. */
    @FunctionalInterface
    interface ScriptAction {
        void write(OutputStream out) throws IOException;
    }

    private ArchiveScriptStream(PipedInputStream pipe, ScriptAction action) throws IOException {
        this.pipe = pipe;
        PipedOutputStream sink = new PipedOutputStream(pipe);
        this.writer = new Thread(() -> write(action, sink), "stowage-archive-script");
        writer.setDaemon(true);
    }

    /** Starts writing the script of the selected entries of an archive whose TOC has been read (any format). */
    static ArchiveScriptStream start(OpenArchive archive, TocSelection selection, RestoreOptions options) throws IOException {
        return start(out -> new ArchiveScriptWriter(archive, selection, options, out).write());
    }

    /** Starts writing whatever {@code action} writes with an {@link ArchiveScriptWriter}. */
    static ArchiveScriptStream start(ScriptAction action) throws IOException {
        ArchiveScriptStream stream = new ArchiveScriptStream(new PipedInputStream(PIPE), action);
        stream.writer.start();
        return stream;
    }

    private void write(ScriptAction action, PipedOutputStream sink) {
        try (OutputStream out = new BufferedOutputStream(sink, 64 * 1024)) {
            action.write(out);
        } catch (StowageException e) {
            failure = e;
        } catch (IOException e) {
            if (!closed) {
                failure = new StowageException(ErrorCode.INPUT, "cannot read archive: " + e.getMessage(), "check the input", e);
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            try {
                sink.close();
            } catch (IOException ignored) {
                // the reader has gone away
            }
        }
    }

    private volatile boolean closed;

    @Override
    public int read() throws IOException {
        int b = pipe.read();
        if (b < 0) {
            checkWriter();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = pipe.read(b, off, len);
        } catch (IOException e) {
            checkWriter();
            throw e;
        }
        if (n < 0) {
            checkWriter();
        }
        return n;
    }

    /** At the end of the pipe: the writer's failure, if it failed. */
    private void checkWriter() {
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops the writer if the restore ended before the script did. */
    @Override
    public void close() {
        closed = true;
        try {
            pipe.close();
        } catch (IOException ignored) {
            // nothing to release
        }
    }
}
