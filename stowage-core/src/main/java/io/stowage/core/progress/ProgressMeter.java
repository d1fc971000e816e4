package io.stowage.core.progress;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Turns a run's {@link ProgressEvent}s into figures a person or a program can show: phase,
 * current object, entries, rows and bytes done, throughput and the time left.
 *
 * <p>Throughput is a windowed moving average: the bytes copied over the last {@code window} (10 s
 * by default), so it follows a change of pace within seconds without jumping on every table, and
 * falls to zero when the copying stops. The time left is the estimated bytes still to copy over
 * that rate; it is unknown (NaN) when the totals or the rate are.
 *
 * <p>Thread-safe: feed it from any number of engine threads and read {@link #snapshot()} from
 * another. Bytes of a COPY still running are counted from its latest
 * {@link ProgressEvent.DataProgress}, keyed by the thread that sends it (the listener contract);
 * its {@link ProgressEvent.TableData} then replaces them with the copy's final figures.
 */
public final class ProgressMeter implements ProgressListener {
    /** The default averaging window of the throughput. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

    /** Samples closer together than this fraction of the window are merged, which bounds the samples kept. */
    private static final int SAMPLES_PER_WINDOW = 40;

    private final LongSupplier nanoClock;
    private final long windowNanos;
    private final long started;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>(); // {nanos, bytes}, oldest first
    private final Map<Thread, InFlight> inFlight = new HashMap<>();

    private String phase = "";
    private String object;
    private long entriesTotal = ProgressEvent.UNKNOWN;
    private long bytesTotal = ProgressEvent.UNKNOWN;
    private long entries;
    private long rows;
    private long bytes;
    private long inFlightRows;
    private long inFlightBytes;

    /** The bytes and rows a running copy has reported so far. */
    private static final class InFlight {
        String namespace;
        String table;
        long rows;
        long bytes;
    }

    /** A meter on the system clock with the default window. */
    public ProgressMeter() {
        this(System::nanoTime, DEFAULT_WINDOW);
    }

    /**
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime}; tests pass their own)
     * @param window    the span the throughput is averaged over
     */
    public ProgressMeter(LongSupplier nanoClock, Duration window) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the window must be positive: " + window);
        }
        this.windowNanos = window.toNanos();
        this.started = nanoClock.getAsLong();
    }

    @Override
    public synchronized void onEvent(ProgressEvent event) {
        long now = nanoClock.getAsLong();
        if (event instanceof ProgressEvent.Phase p) {
            phase = p.name();
            object = null;
            if (p.name().equals("data")) {
                // the rate counts from here: the catalog's minutes say nothing about copying speed
                samples.clear();
                samples.addLast(new long[] {now, bytes + inFlightBytes});
            }
        } else if (event instanceof ProgressEvent.Totals t) {
            entriesTotal = t.entries();
            bytesTotal = t.bytes();
        } else if (event instanceof ProgressEvent.DataProgress d) {
            InFlight copy = inFlight.computeIfAbsent(Thread.currentThread(), k -> new InFlight());
            if (!Objects.equals(copy.namespace, d.namespace()) || !Objects.equals(copy.table, d.table()) || d.bytes() < copy.bytes) {
                // a new copy on this thread while the last one sent no TableData (it failed): what
                // that one streamed stays counted, so the figures never go backwards
                settle(copy);
                copy.namespace = d.namespace();
                copy.table = d.table();
            }
            long r = Math.max(0, d.rows());
            inFlightRows += r - copy.rows;
            inFlightBytes += d.bytes() - copy.bytes;
            copy.rows = r;
            copy.bytes = d.bytes();
            object = name(d.namespace(), d.table());
            sample(now);
        } else if (event instanceof ProgressEvent.TableData t) {
            InFlight copy = inFlight.remove(Thread.currentThread());
            if (copy != null) {
                inFlightRows -= copy.rows;
                inFlightBytes -= copy.bytes;
            }
            entries++;
            rows += t.rows();
            bytes += t.bytes();
            object = name(t.namespace(), t.table());
            sample(now);
        } else if (event instanceof ProgressEvent.Entry e) {
            object = name(e.namespace(), e.tag());
        }
    }

    /** Folds a copy that ended without its TableData into the done figures (not into the entries). */
    private void settle(InFlight copy) {
        inFlightRows -= copy.rows;
        inFlightBytes -= copy.bytes;
        rows += copy.rows;
        bytes += copy.bytes;
        copy.rows = 0;
        copy.bytes = 0;
    }

    private static String name(String namespace, String table) {
        return namespace == null || namespace.isEmpty() ? table : namespace + "." + table;
    }

    private void sample(long now) {
        long total = bytes + inFlightBytes;
        if (samples.isEmpty()) {
            samples.addLast(new long[] {started, 0}); // no data phase announced: count from the start of the run
        }
        if (samples.size() >= 2 && now - secondLast()[0] < windowNanos / SAMPLES_PER_WINDOW) {
            long[] last = samples.peekLast();
            last[0] = now;
            last[1] = total;
        } else {
            samples.addLast(new long[] {now, total});
        }
    }

    private long[] secondLast() {
        var it = samples.descendingIterator();
        it.next();
        return it.next();
    }

    /** The figures now. */
    public synchronized Snapshot snapshot() {
        long now = nanoClock.getAsLong();
        long totalBytes = bytes + inFlightBytes;
        double rate = Double.NaN;
        if (!samples.isEmpty()) {
            // keep one sample at or before the window's start as the anchor
            while (samples.size() >= 2 && secondOldest()[0] <= now - windowNanos) {
                samples.removeFirst();
            }
            long[] anchor = samples.peekFirst();
            long span = now - anchor[0];
            if (span > 0) {
                rate = (totalBytes - anchor[1]) * 1e9 / span;
            }
        }
        double eta = Double.NaN;
        if (phase.equals("data") && bytesTotal >= 0 && rate > 0) {
            eta = Math.max(0, bytesTotal - totalBytes) / rate;
        }
        return new Snapshot(phase, object, entries, entriesTotal, rows + inFlightRows, totalBytes, bytesTotal, rate, eta,
                (now - started) / 1e9);
    }

    private long[] secondOldest() {
        var it = samples.iterator();
        it.next();
        return it.next();
    }

    /**
     * The figures at one moment.
     *
     * @param phase          the phase under way ({@code ""} before the first)
     * @param object         the table or object last reported, or null
     * @param entries        data entries copied completely
     * @param entriesTotal   data entries expected, or {@link ProgressEvent#UNKNOWN}
     * @param rows           rows copied, those of copies still running included where known
     * @param bytes          bytes copied, those of copies still running included
     * @param bytesTotal     estimated bytes to copy, or {@link ProgressEvent#UNKNOWN}
     * @param bytesPerSecond throughput over the window, NaN before there is any
     * @param etaSeconds     estimated seconds left in the data phase, NaN when unknown
     * @param elapsedSeconds seconds since the meter was made
     */
    public record Snapshot(String phase, String object, long entries, long entriesTotal, long rows, long bytes,
                           long bytesTotal, double bytesPerSecond, double etaSeconds, double elapsedSeconds) {

        /**
         * How far the data phase has got, 0 to 1: by bytes when their total is known, else by
         * entries; capped below 1 while entries remain and 1 once they are all in (the byte total
         * is an estimate), NaN when neither total is known.
         */
        public double fraction() {
            double f;
            if (entriesTotal >= 0 && entries >= entriesTotal) {
                return 1.0; // every entry is in, whatever the byte estimate said
            }
            if (bytesTotal > 0) {
                f = Math.min(1.0, (double) bytes / bytesTotal);
            } else if (entriesTotal > 0) {
                f = Math.min(1.0, (double) entries / entriesTotal);
            } else if (bytesTotal == 0 || entriesTotal == 0) {
                return 1.0;
            } else {
                return Double.NaN;
            }
            if (f >= 1.0 && entriesTotal >= 0 && entries < entriesTotal) {
                return 0.99;
            }
            return f;
        }
    }
}
