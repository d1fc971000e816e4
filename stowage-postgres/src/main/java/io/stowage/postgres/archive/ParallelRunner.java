package io.stowage.postgres.archive;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs the data entries of an archive on {@code jobs} worker threads and hands their results to
 * the writer's thread as they complete.
 *
 * <p>Scheduling: without a window (formats that address data by file or by offset), entries start
 * biggest first, as pg_dump orders its parallel work. With a window of {@code w} (formats read
 * sequentially, whose entries must be appended in TOC order), an entry may start only while fewer
 * than {@code w} entries lie between it and the next entry the writer has to append; within that
 * window the biggest starts first. The entry the writer waits for is always in the window, so the
 * writer never waits for an entry nobody may start, and at most {@code w} results (spool files)
 * exist at a time.
 *
 * <p>Failures: the first failure of a worker (or of the writer, through {@link #close()}) stops
 * every worker: no new entry starts, entries in progress are cancelled through their worker, and
 * {@link #next()} rethrows it. Results never handed over are closed (spools deleted).
 *
 * @param <R> what a task leaves for the writer: a spool file to append, or null
 */
final class ParallelRunner<R extends AutoCloseable> implements AutoCloseable {

    /** Writes one entry's payload with a worker's source, on that worker's thread. */
    @FunctionalInterface
    interface Task<R> {
        R run(TocEntry entry, ArchiveDataSource source) throws IOException;
    }

    /** A finished entry: its position among the data entries in TOC order and the task's result. */
    record Done<R>(int index, TocEntry entry, R result) {
    }

    private record Item(int index, TocEntry entry, long size) {
    }

    private final ParallelDataSource source;
    private final int jobs;
    private final int window;
    private final Task<R> task;
    private final int total;
    // unbounded: every entry, biggest first, and a cursor; windowed: the entries not started, by TOC index
    private final List<Item> bySize;
    private int cursor;
    private final TreeMap<Integer, Item> unstarted = new TreeMap<>();
    private final Deque<Done<R>> done = new ArrayDeque<>();
    private final List<ParallelDataSource.Worker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private int appended;
    private int handedOver;
    private Throwable failure;
    private boolean closed;

    /**
     * @param dataEntries the data entries in TOC order
     * @param window      0 for no window, else how far ahead of the writer's next entry work may start
     */
    ParallelRunner(List<TocEntry> dataEntries, ParallelDataSource source, int jobs, int window, Task<R> task) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, not " + jobs);
        }
        this.source = source;
        this.jobs = jobs;
        this.window = window;
        this.task = task;
        this.total = dataEntries.size();
        List<Item> items = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            items.add(new Item(i, dataEntries.get(i), source.sizeOf(dataEntries.get(i))));
        }
        if (window <= 0) {
            items.sort(Comparator.comparingLong(Item::size).reversed().thenComparingInt(Item::index));
            bySize = items;
        } else {
            bySize = List.of();
            for (Item item : items) {
                unstarted.put(item.index(), item);
            }
        }
    }

    /** Starts the workers (no more than there are entries). */
    void start() {
        start(List.of(), List.of());
    }

    /**
     * Starts {@code jobs - late.size()} workers (no more than there are entries) and the {@code late}
     * ones, already open and busy: once its {@code ready} future completes, each takes entries too.
     * Until then they are cancelled with the others when the run fails; if a {@code ready} fails, so
     * does the run.
     */
    void start(List<ParallelDataSource.Worker> late, List<? extends CompletableFuture<?>> ready) {
        synchronized (this) {
            workers.addAll(late);
        }
        int n = Math.min(jobs - late.size(), total);
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> work(null), "stowage-dump-worker-" + (i + 1));
            t.setDaemon(true);
            threads.add(t);
        }
        for (int i = 0; i < late.size(); i++) {
            ParallelDataSource.Worker worker = late.get(i);
            CompletableFuture<?> done = ready.get(i);
            Thread t = new Thread(() -> {
                try {
                    done.join();
                } catch (CompletionException | java.util.concurrent.CancellationException e) {
                    fail(e.getCause() != null ? e.getCause() : e);
                    synchronized (this) {
                        workers.remove(worker);
                    }
                    worker.close();
                    return;
                }
                work(worker);
            }, "stowage-dump-worker-" + (n + i + 1));
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    /** How many entries there are to hand over. */
    int size() {
        return total;
    }

    /**
     * The next finished entry, in completion order; waits for one.
     *
     * @throws IOException the first worker failure (a StowageException passes as thrown)
     */
    synchronized Done<R> next() throws IOException {
        if (handedOver >= total) {
            throw new IllegalStateException("every entry was handed over");
        }
        while (done.isEmpty() && failure == null) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(new IOException("interrupted while waiting for the dump's workers", e));
            }
        }
        if (failure != null) {
            throw rethrow(failure);
        }
        handedOver++;
        return done.removeFirst();
    }

    /** Tells the runner the writer has appended one more entry in TOC order, which moves the window. */
    synchronized void appended() {
        appended++;
        notifyAll();
    }

    private static IOException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof IOException io) {
            return io;
        }
        return new IOException(t);
    }

    /** A worker's loop, with {@code opened} (already in {@link #workers}) or a worker of its own. */
    private void work(ParallelDataSource.Worker opened) {
        ParallelDataSource.Worker worker = opened;
        if (worker == null) {
            try {
                worker = source.openWorker();
            } catch (Throwable t) {
                fail(t);
                return;
            }
        }
        try {
            synchronized (this) {
                if (opened == null) {
                    workers.add(worker);
                }
                if (failure != null) {
                    return;
                }
            }
            Item item;
            while ((item = take()) != null) {
                R result = task.run(item.entry(), worker);
                synchronized (this) {
                    done.addLast(new Done<>(item.index(), item.entry(), result));
                    notifyAll();
                }
            }
        } catch (Throwable t) {
            fail(t);
        } finally {
            synchronized (this) {
                workers.remove(worker);
            }
            worker.close();
        }
    }

    /** The next entry to start, waiting while the window is full; null when none is left or the run failed. */
    private synchronized Item take() throws InterruptedException {
        while (true) {
            if (failure != null || closed) {
                return null;
            }
            if (window <= 0) {
                return cursor < bySize.size() ? bySize.get(cursor++) : null;
            }
            if (unstarted.isEmpty()) {
                return null;
            }
            Item best = null;
            for (Item item : unstarted.headMap(appended + window).values()) {
                if (best == null || item.size() > best.size()) {
                    best = item;
                }
            }
            if (best != null) {
                unstarted.remove(best.index());
                return best;
            }
            wait();
        }
    }

    private void fail(Throwable t) {
        List<ParallelDataSource.Worker> running;
        synchronized (this) {
            if (failure == null) {
                failure = t;
            } else if (failure != t) {
                failure.addSuppressed(t);
            }
            notifyAll();
            running = new ArrayList<>(workers);
        }
        for (ParallelDataSource.Worker w : running) {
            try {
                w.cancel();
            } catch (RuntimeException ignored) {
                // best effort: the worker ends at its next entry anyway
            }
        }
    }

    /**
     * Stops the workers (cancelling their entries when the writer has not taken every result),
     * waits for them and closes the results never handed over.
     */
    @Override
    public void close() {
        boolean complete;
        synchronized (this) {
            complete = handedOver >= total || failure != null;
            closed = true;
            notifyAll();
        }
        if (!complete) {
            fail(new IOException("the archive writer stopped"));
        }
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        synchronized (this) {
            for (Done<R> d : done) {
                closeQuietly(d.result());
            }
            done.clear();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // a spool that could not be deleted: the shutdown hook tries again
            }
        }
    }

    /** The data entries of a TOC, in TOC order. */
    static List<TocEntry> dataEntries(List<TocEntry> toc) {
        List<TocEntry> out = new ArrayList<>();
        for (TocEntry e : toc) {
            if (e.hadDumper()) {
                out.add(e);
            }
        }
        return out;
    }
}
