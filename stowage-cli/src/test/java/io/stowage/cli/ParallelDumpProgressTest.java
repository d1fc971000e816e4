package io.stowage.cli;

import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.DumpOptions;
import io.stowage.core.progress.ProgressEvent;
import io.stowage.core.progress.ProgressMeter;
import io.stowage.postgres.dump.NativeDumper;
import io.stowage.postgres.dump.ParallelDumpHooks;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A parallel directory dump reports each running COPY as it goes: DataProgress events during the
 * copy, then its TableData, both from the thread that copies (the listener contract, which the
 * progress meter keys copies in flight by), for the workers' copies and the head starts' alike.
 * The progress step and the head-start threshold are lowered so that pagila's tables show both.
 */
class ParallelDumpProgressTest {
    private record Seen(ProgressEvent event, Thread thread) {
    }

    @Test
    void workersAndHeadStartsReportTheirCopiesWhileTheyRun(@TempDir Path dir) throws Exception {
        PgServer server = Servers.get(15);
        String source = Servers.freshPagila(server);
        // the head starts pick the biggest tables by the planner's page counts
        server.execute(source, "ANALYZE");
        List<Seen> seen = new ArrayList<>();
        ProgressMeter meter = new ProgressMeter();
        // pagila's tables copy faster than the catalog is read: the copies wait for the data phase,
        // so that the head starts' are still running when the dump adopts them
        CountDownLatch dataPhase = new CountDownLatch(1);
        System.setProperty("stowage.progress.bytesStep", Long.toString(16 << 10));
        System.setProperty("stowage.dump.headStartBytes", "0");
        try (AutoCloseable hook = ParallelDumpHooks.beforeTable(table -> dataPhase.await(60, TimeUnit.SECONDS))) {
            new NativeDumper(server.settings(source), DumpOptions.builder().format(ArchiveFormat.DIRECTORY).jobs(2)
                    .output(dir.resolve("p.d")).build(), event -> {
                        synchronized (seen) {
                            seen.add(new Seen(event, Thread.currentThread()));
                        }
                        meter.onEvent(event);
                        if (event instanceof ProgressEvent.Phase p && p.name().equals("data")) {
                            dataPhase.countDown();
                        }
                    }).run();
        } finally {
            System.clearProperty("stowage.progress.bytesStep");
            System.clearProperty("stowage.dump.headStartBytes");
        }

        Set<String> headStarts = new TreeSet<>();
        Map<String, Thread> progressThread = new HashMap<>();
        Map<String, Long> progressBytes = new HashMap<>();
        Set<String> reportedWhileRunning = new TreeSet<>();
        long tableBytes = 0;
        for (Seen s : seen) {
            if (s.event() instanceof ProgressEvent.Info i && i.message().startsWith("head start: copying the data of ")) {
                headStarts.add(i.message().split(" ")[6]);
            } else if (s.event() instanceof ProgressEvent.DataProgress d) {
                String table = d.namespace() + "." + d.table();
                Thread before = progressThread.put(table, s.thread());
                assertThat(before == null || before == s.thread()).as("one thread copies " + table).isTrue();
                assertThat(d.bytes()).isGreaterThan(progressBytes.getOrDefault(table, 0L));
                progressBytes.put(table, d.bytes());
            } else if (s.event() instanceof ProgressEvent.TableData t) {
                String table = t.namespace() + "." + t.table();
                Thread copier = progressThread.remove(table);
                if (copier != null) {
                    assertThat(s.thread()).as("the TableData of " + table + " comes from its copying thread").isSameAs(copier);
                    assertThat(t.bytes()).isGreaterThanOrEqualTo(progressBytes.remove(table));
                    reportedWhileRunning.add(table);
                }
                tableBytes += t.bytes();
            }
        }
        assertThat(progressThread).as("copies whose TableData never came").isEmpty();
        // pagila's rental (1.2 MB of COPY text) and payment's partitions are copied in 16 kB steps
        assertThat(reportedWhileRunning).contains("public.rental", "public.film", "public.payment_p2007_04");
        // the head starts (the two biggest tables, with no threshold) show theirs
        assertThat(headStarts).hasSize(2);
        assertThat(headStarts).contains("public.rental");
        assertThat(reportedWhileRunning).containsAll(headStarts);
        assertThat(meter.snapshot().bytes()).isEqualTo(tableBytes);
        server.dropDatabase(source);
    }
}
