package io.stowage.postgres.archive;

import io.stowage.core.archive.Section;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parallel writers' scheduler: biggest first, the TOC-order window, failures and spool clean-up. */
class ParallelRunnerTest {

    private static TocEntry data(int dumpId) {
        return new TocEntry(dumpId, true, 1259, 16384 + dumpId, "t" + dumpId, "TABLE DATA", Section.DATA, "", "",
                "COPY public.t" + dumpId + " (a) FROM stdin;\n", "public", "", "", 0, "postgres", "false", List.of(),
                DataOffset.NOT_SET);
    }

    /** A source whose entry sizes are given and whose workers record what they start. */
    private static final class FakeSource implements ParallelDataSource {
        final Map<Integer, Long> sizes;
        final List<Integer> started = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        volatile int failOn = -1;
        /** Counted down when the failing entry fails; with {@link #slowAfterFailure} other entries wait for it. */
        final java.util.concurrent.CountDownLatch failed = new java.util.concurrent.CountDownLatch(1);
        volatile boolean slowAfterFailure;

        FakeSource(Map<Integer, Long> sizes) {
            this.sizes = sizes;
        }

        @Override
        public Worker openWorker() {
            opened.incrementAndGet();
            return new Worker() {
                @Override
                public long writeTableData(TocEntry entry, OutputStream out) throws IOException {
                    started.add(entry.dumpId());
                    if (entry.dumpId() == failOn) {
                        failed.countDown();
                        throw new IOException("broken " + entry.dumpId());
                    }
                    if (slowAfterFailure) {
                        // the other worker copies only once the failure happened, and then slowly,
                        // so that a runner that did not stop would start every remaining entry
                        try {
                            failed.await();
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IOException("interrupted", e);
                        }
                    }
                    out.write(("row of " + entry.dumpId() + "\n").getBytes());
                    return 1;
                }

                @Override
                public long writeLargeObjects(TocEntry entry, LargeObjectSink sink) {
                    return 0;
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }

        @Override
        public long sizeOf(TocEntry entry) {
            return sizes.getOrDefault(entry.dumpId(), 0L);
        }
    }

    @Test
    void oneWorkerStartsTheBiggestFirst() throws Exception {
        List<TocEntry> toc = List.of(data(1), data(2), data(3), data(4));
        FakeSource source = new FakeSource(Map.of(1, 10L, 2, 400L, 3, 30L, 4, 400L));
        List<Integer> handed = new ArrayList<>();
        try (ParallelRunner<AutoCloseable> runner = new ParallelRunner<>(toc, source, 1, 0, (e, s) -> {
            s.writeTableData(e, OutputStream.nullOutputStream());
            return null;
        })) {
            runner.start();
            for (int i = 0; i < runner.size(); i++) {
                handed.add(runner.next().entry().dumpId());
            }
        }
        assertThat(source.started).containsExactly(2, 4, 3, 1);
        assertThat(handed).containsExactly(2, 4, 3, 1);
        assertThat(source.opened).hasValue(1);
        assertThat(source.closed).hasValue(1);
    }

    @Test
    void theWindowKeepsWorkWithinTwiceTheJobsOfTheWriter() throws Exception {
        int n = 40;
        List<TocEntry> toc = new ArrayList<>();
        Map<Integer, Long> sizes = new ConcurrentHashMap<>();
        for (int i = 1; i <= n; i++) {
            toc.add(data(i));
            sizes.put(i, (long) i); // the biggest come last in TOC order
        }
        FakeSource source = new FakeSource(sizes);
        int jobs = 3;
        AtomicInteger appended = new AtomicInteger();
        List<Integer> aheadSeen = Collections.synchronizedList(new ArrayList<>());
        List<Integer> order = new ArrayList<>();
        try (ParallelRunner<AutoCloseable> runner = new ParallelRunner<>(toc, source, jobs, ParallelSpools.window(jobs), (e, s) -> {
            // how far this entry is from the one the writer waits for (TOC index = dump id - 1)
            aheadSeen.add(e.dumpId() - 1 - appended.get());
            s.writeTableData(e, OutputStream.nullOutputStream());
            return null;
        })) {
            runner.start();
            ParallelSpools.appendInTocOrder(runner, done -> {
                order.add(done.entry().dumpId());
                appended.incrementAndGet();
            });
        }
        assertThat(order).hasSize(n).isSorted();
        assertThat(aheadSeen).allSatisfy(d -> assertThat(d).isBetween(0, 2 * jobs - 1));
        assertThat(source.started).hasSize(n);
        // the first window is entries 1..6 and the biggest three start first; which of them a thread
        // records first is up to the threads, but a fourth entry starts only after one of them was recorded
        assertThat(source.started.get(0)).isIn(2 * jobs, 2 * jobs - 1, 2 * jobs - 2);
    }

    @Test
    void aFailingWorkerStopsTheRunAndNoSpoolIsLeft(@TempDir Path dir) {
        List<TocEntry> toc = new ArrayList<>();
        Map<Integer, Long> sizes = new ConcurrentHashMap<>();
        for (int i = 1; i <= 30; i++) {
            toc.add(data(i));
            sizes.put(i, 100L - i);
        }
        FakeSource source = new FakeSource(sizes);
        source.failOn = 1; // the biggest: started first
        source.slowAfterFailure = true;
        assertThatThrownBy(() -> {
            try (ParallelRunner<AtomicTarget> runner = new ParallelRunner<>(toc, source, 2, 0, (e, s) -> {
                AtomicTarget spool = AtomicTarget.scratch(dir, "t");
                try (OutputStream out = ParallelSpools.open(spool.temp())) {
                    s.writeTableData(e, out);
                    return spool;
                } catch (IOException ex) {
                    spool.close();
                    throw ex;
                }
            })) {
                runner.start();
                for (int i = 0; i < runner.size(); i++) {
                    try (AtomicTarget appendedSpool = runner.next().result()) {
                        assertThat(appendedSpool.temp()).exists(); // as a writer does: append, then delete
                    }
                }
            }
        }).isInstanceOf(IOException.class).hasMessage("broken 1");
        assertThat(source.started).hasSizeLessThan(30);
        assertThat(source.closed.get()).isEqualTo(source.opened.get());
        try (Stream<Path> left = Files.list(dir)) {
            // spools finished but not handed over, and the failed entry's, are deleted by the runner
            assertThat(left).isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
