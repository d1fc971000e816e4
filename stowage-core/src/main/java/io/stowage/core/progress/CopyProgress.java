package io.stowage.core.progress;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.LongSupplier;

/**
 * Counts the bytes (and rows, where known) of one running COPY and sends a
 * {@link ProgressEvent.DataProgress} when {@link #BYTES_STEP} bytes or {@link #NANOS_STEP} of time
 * have passed since the last one, so a long copy shows movement without flooding listeners.
 *
 * <p>Confined to the thread that runs the copy (not thread-safe), as the listener contract wants;
 * the caller sends the copy's {@link ProgressEvent.TableData} itself when it ends.
 */
public final class CopyProgress {
    /**
     * Report at least every 64 MB (the system property {@code stowage.progress.bytesStep} changes it
     * for the copies started after it is set, for tests that cannot afford tables this big).
     */
    public static final long BYTES_STEP = 64L << 20;
    /** Report at least every second. */
    public static final long NANOS_STEP = 1_000_000_000L;
    /** The clock is read once per this many bytes: cheap even when COPY writes row by row. */
    private static final long CLOCK_STEP = 64 << 10;

    private final ProgressListener listener;
    private final String namespace;
    private final String table;
    private final boolean countsRows;
    private final LongSupplier nanoClock;
    private final long bytesStep;
    private final long nanosStep;
    private long rows;
    private long bytes;
    private long reportedBytes;
    private long clockCheckedAt;
    private long reportedAt;

    /**
     * A copy on the system clock with the default steps.
     *
     * @param countsRows whether the caller counts rows while streaming; if not, DataProgress carries
     *                   {@link ProgressEvent#UNKNOWN} rows
     */
    public CopyProgress(ProgressListener listener, String namespace, String table, boolean countsRows) {
        this(listener, namespace, table, countsRows, System::nanoTime,
                Long.getLong("stowage.progress.bytesStep", BYTES_STEP), NANOS_STEP);
    }

    /** A copy with its own clock and steps (tests). */
    public CopyProgress(ProgressListener listener, String namespace, String table, boolean countsRows,
                        LongSupplier nanoClock, long bytesStep, long nanosStep) {
        this.listener = listener == null ? ProgressListener.NONE : listener;
        this.namespace = namespace;
        this.table = table;
        this.countsRows = countsRows;
        this.nanoClock = nanoClock;
        this.bytesStep = bytesStep;
        this.nanosStep = nanosStep;
        this.reportedAt = nanoClock.getAsLong();
    }

    /** Adds streamed bytes and rows, reporting when a step has passed. */
    public void add(long moreBytes, long moreRows) {
        bytes += moreBytes;
        rows += moreRows;
        if (bytes - reportedBytes >= bytesStep) {
            report(nanoClock.getAsLong());
        } else if (bytes - clockCheckedAt >= CLOCK_STEP) {
            clockCheckedAt = bytes;
            long now = nanoClock.getAsLong();
            if (now - reportedAt >= nanosStep) {
                report(now);
            }
        }
    }

    private void report(long now) {
        reportedBytes = bytes;
        clockCheckedAt = bytes;
        reportedAt = now;
        listener.onEvent(new ProgressEvent.DataProgress(namespace, table, countsRows ? rows : ProgressEvent.UNKNOWN, bytes));
    }

    public long bytes() {
        return bytes;
    }

    public long rows() {
        return rows;
    }

    /**
     * A stream that counts what passes into {@code out} and closes nothing. With {@code rowPerWrite},
     * each write call is one row: pgjdbc's {@code CopyManager.copyOut} hands each CopyData message
     * to one write, and COPY TO's text format sends one row per message. That figure is only for
     * progress; the final row count is what COPY returns.
     */
    public OutputStream counting(OutputStream out, boolean rowPerWrite) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                add(1, rowPerWrite ? 1 : 0);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                add(len, rowPerWrite ? 1 : 0);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }
}
