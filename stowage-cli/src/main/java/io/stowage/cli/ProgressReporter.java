package io.stowage.cli;

import io.stowage.core.progress.ProgressEvent;
import io.stowage.core.progress.ProgressListener;
import io.stowage.core.progress.ProgressMeter;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows one run's progress on standard error as {@link ProgressMode} asks, from the engine's
 * events (on any thread) through a {@link ProgressMeter}.
 *
 * <p>The bar and the plain lines are drawn by a timer thread of their own, not by the engine's
 * threads: the throughput and ETA keep moving while a COPY or an index build sends nothing, and a
 * slow terminal never slows a copy. JSON lines are written per event, under one lock, so their
 * figures never go backwards from one line to the next. Messages (warnings, {@code -v}) go
 * through {@link #messages}, which wipes the bar before printing so the two never share a line.
 * Progress holds only phases, object names and counts: nothing of the connection.
 */
final class ProgressReporter implements ProgressListener, AutoCloseable {
    /** The bar is redrawn this often. */
    private static final long BAR_MILLIS = 200;

    private final ProgressMode mode;
    private final PrintStream err;
    private final int width;
    private final ProgressMeter meter;
    private final ScheduledExecutorService timer;
    private final Object lock = new Object();
    private boolean barShown;
    private boolean finished;

    ProgressReporter(ProgressMode mode, PrintStream err, Duration interval, int width) {
        this(mode, err, interval, width, new ProgressMeter());
    }

    ProgressReporter(ProgressMode mode, PrintStream err, Duration interval, int width, ProgressMeter meter) {
        if (mode == ProgressMode.AUTO) {
            throw new IllegalArgumentException("resolve AUTO first");
        }
        this.mode = mode;
        this.err = err;
        this.width = width;
        this.meter = meter;
        if (mode == ProgressMode.BAR || mode == ProgressMode.PLAIN) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "stowage-progress");
                t.setDaemon(true);
                return t;
            });
            long period = mode == ProgressMode.BAR ? BAR_MILLIS : Math.max(1, interval.toMillis());
            timer.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
    }

    ProgressMode mode() {
        return mode;
    }

    @Override
    public void onEvent(ProgressEvent event) {
        if (mode == ProgressMode.NONE) {
            return;
        }
        if (mode != ProgressMode.JSON) {
            meter.onEvent(event);
            return;
        }
        synchronized (lock) {
            meter.onEvent(event);
            String line = json(event);
            if (line != null && !finished) {
                err.print(line + "\n");
                err.flush();
            }
        }
    }

    private String json(ProgressEvent event) {
        if (event instanceof ProgressEvent.Phase p) {
            return ProgressLines.json("phase", meter.snapshot(), null, -1, -1);
        } else if (event instanceof ProgressEvent.Totals) {
            return ProgressLines.json("totals", meter.snapshot(), null, -1, -1);
        } else if (event instanceof ProgressEvent.DataProgress d) {
            return ProgressLines.json("progress", meter.snapshot(), name(d.namespace(), d.table()), d.rows(), d.bytes());
        } else if (event instanceof ProgressEvent.TableData t) {
            return ProgressLines.json("table", meter.snapshot(), name(t.namespace(), t.table()), t.rows(), t.bytes());
        }
        return null;
    }

    private static String name(String namespace, String table) {
        return namespace == null || namespace.isEmpty() ? table : namespace + "." + table;
    }

    private void tick() {
        synchronized (lock) {
            if (finished) {
                return;
            }
            ProgressMeter.Snapshot s = meter.snapshot();
            if (mode == ProgressMode.BAR) {
                err.print("\r" + ProgressLines.bar(s, width, false));
                barShown = true;
            } else {
                err.print("stowage: " + ProgressLines.plain(s) + "\n");
            }
            err.flush();
        }
    }

    /** The run succeeded: the final bar, plain line or JSON {@code done} object. */
    void done() {
        synchronized (lock) {
            if (finished) {
                return;
            }
            ProgressMeter.Snapshot s = meter.snapshot();
            switch (mode) {
                case BAR -> err.print("\r" + ProgressLines.bar(s, width, true) + "\n");
                case PLAIN -> err.print("stowage: " + ProgressLines.plainDone(s) + "\n");
                case JSON -> err.print(ProgressLines.json("done", s, null, -1, -1) + "\n");
                default -> { }
            }
            err.flush();
            barShown = false;
            finished = true;
        }
    }

    /** Stops the timer; after a failure, wipes the bar so the error message starts a clean line. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        synchronized (lock) {
            clearBar();
            finished = true;
        }
    }

    private void clearBar() {
        if (barShown) {
            err.print("\r" + " ".repeat(width - 1) + "\r");
            err.flush();
            barShown = false;
        }
    }

    /** {@code terminal} with a standard error that wipes the bar before each message. */
    Terminal messages(Terminal terminal) {
        if (mode != ProgressMode.BAR) {
            return terminal;
        }
        OutputStream wiping = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (lock) {
                    clearBar();
                    err.write(b, off, len);
                    err.flush();
                }
            }
        };
        return new Terminal(terminal.in(), terminal.out(), new PrintStream(wiping, true, StandardCharsets.UTF_8), terminal.verbose());
    }
}
