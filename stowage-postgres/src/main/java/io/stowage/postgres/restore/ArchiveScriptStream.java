package io.stowage.postgres.restore;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.postgres.archive.ArchiveHeader;
import io.stowage.postgres.archive.ArchiveScriptWriter;
import io.stowage.postgres.archive.CustomArchive;
import io.stowage.postgres.archive.CustomArchiveReader;
import io.stowage.postgres.archive.TarArchiveReader;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

    private ArchiveScriptStream(PipedInputStream pipe, CustomArchive archive, boolean create) throws IOException {
        this.pipe = pipe;
        PipedOutputStream sink = new PipedOutputStream(pipe);
        this.writer = new Thread(() -> write(archive, create, sink), "stowage-archive-script");
        writer.setDaemon(true);
    }

    /** True when {@code in} (not consumed) starts with pg_dump's archive magic, {@code PGDMP}. */
    static boolean isCustomArchive(BufferedInputStream in) throws IOException {
        byte[] magic = ArchiveHeader.MAGIC.getBytes(StandardCharsets.US_ASCII);
        in.mark(magic.length);
        byte[] start = in.readNBytes(magic.length);
        in.reset();
        return Arrays.equals(start, magic);
    }

    /**
     * Reads the archive's header and TOC from {@code in} (errors surface here) and starts writing
     * its script.
     *
     * @param source how to name the archive in messages
     * @param create as pg_restore -C: keep the DATABASE entries and \connect after them
     */
    static ArchiveScriptStream start(InputStream in, String source, boolean create) throws IOException {
        return start(CustomArchiveReader.open(in, source), create);
    }

    /** True when {@code in} (not consumed) is a tar: the ustar magic at offset 257. */
    static boolean isTar(BufferedInputStream in) throws IOException {
        in.mark(512);
        byte[] start = in.readNBytes(512);
        in.reset();
        return TarArchiveReader.isTar(start);
    }

    /** As {@link #start(InputStream, String, boolean)} for a tar-format archive. */
    static ArchiveScriptStream startTar(InputStream in, String source, boolean create) throws IOException {
        return start(TarArchiveReader.open(in, source), create);
    }

    /** Starts writing the script of an archive whose TOC has been read (any format). */
    static ArchiveScriptStream start(CustomArchive archive, boolean create) throws IOException {
        ArchiveScriptStream stream = new ArchiveScriptStream(new PipedInputStream(PIPE), archive, create);
        stream.writer.start();
        return stream;
    }

    private void write(CustomArchive archive, boolean create, PipedOutputStream sink) {
        try (OutputStream out = new BufferedOutputStream(sink, 64 * 1024)) {
            new ArchiveScriptWriter(archive, create, out).write();
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
