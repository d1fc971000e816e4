package io.stowage.postgres.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/** What the parallel custom and tar writers share: spool files and appending them in TOC order. */
final class ParallelSpools {
    private static final int BUFFER = 64 * 1024;

    private ParallelSpools() {
    }

    /**
     * How far ahead of the writer work may start when the archive is read sequentially (custom to
     * a pipe, tar): {@code 2 × jobs} entries, that is every worker busy plus as many finished spools
     * waiting for an entry before them. Spools, not memory, hold the waiting entries, so the disk
     * needs room for the biggest {@code 2 × jobs} entries at once.
     */
    static int window(int jobs) {
        return 2 * jobs;
    }

    /** A scratch file's stream; a failed write names the file. */
    static OutputStream open(Path spool) throws IOException {
        return new BufferedOutputStream(new GuardedOutput(Files.newOutputStream(spool, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE), "scratch file \"" + spool + "\"", true), BUFFER);
    }

    /** Copies a spool file to the archive. */
    static void append(Path spool, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(spool)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        }
    }

    /** Appends one finished entry to the archive. */
    @FunctionalInterface
    interface Appender<R> {
        void append(ParallelRunner.Done<R> done) throws IOException;
    }

    /**
     * Hands every entry to {@code appender} in TOC order as soon as it and every entry before it
     * are finished, closing (deleting) each result once appended.
     */
    static <R extends AutoCloseable> void appendInTocOrder(ParallelRunner<R> runner, Appender<R> appender) throws IOException {
        Map<Integer, ParallelRunner.Done<R>> waiting = new HashMap<>();
        int next = 0;
        try {
            for (int i = 0; i < runner.size(); i++) {
                ParallelRunner.Done<R> done = runner.next();
                waiting.put(done.index(), done);
                ParallelRunner.Done<R> ready;
                while ((ready = waiting.remove(next)) != null) {
                    try {
                        appender.append(ready);
                    } finally {
                        ParallelRunner.closeQuietly(ready.result());
                    }
                    next++;
                    runner.appended();
                }
            }
        } finally {
            for (ParallelRunner.Done<R> d : waiting.values()) {
                ParallelRunner.closeQuietly(d.result());
            }
        }
        if (!waiting.isEmpty() || next != runner.size()) {
            throw new IllegalStateException("entries left unappended: " + waiting.keySet());
        }
    }
}
