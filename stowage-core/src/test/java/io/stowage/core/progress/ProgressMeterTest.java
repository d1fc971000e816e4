package io.stowage.core.progress;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProgressMeterTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MB = 1_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final ProgressMeter meter = new ProgressMeter(clock::get, Duration.ofSeconds(10));

    private void advance(double seconds) {
        clock.addAndGet((long) (seconds * SECOND));
    }

    @Test
    void beforeAnyDataNothingIsKnown() {
        advance(3);
        ProgressMeter.Snapshot s = meter.snapshot();
        assertThat(s.phase()).isEmpty();
        assertThat(s.bytes()).isZero();
        assertThat(s.bytesPerSecond()).isNaN();
        assertThat(s.etaSeconds()).isNaN();
        assertThat(s.fraction()).isNaN();
        assertThat(s.elapsedSeconds()).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void rateCountsFromTheDataPhaseAndEtaIsRemainingOverRate() {
        meter.onEvent(new ProgressEvent.Phase("catalog"));
        advance(60); // a slow catalog must not drag the copying rate down
        meter.onEvent(new ProgressEvent.Totals(2, 100 * MB));
        meter.onEvent(new ProgressEvent.Phase("data"));
        advance(2);
        meter.onEvent(new ProgressEvent.TableData("public", "a", 10, 20 * MB));
        ProgressMeter.Snapshot s = meter.snapshot();
        assertThat(s.bytesPerSecond()).isCloseTo(10 * MB, within(1.0));
        assertThat(s.etaSeconds()).isCloseTo(8.0, within(1e-6));
        assertThat(s.fraction()).isCloseTo(0.2, within(1e-9));
        assertThat(s.entries()).isEqualTo(1);
        assertThat(s.entriesTotal()).isEqualTo(2);
        assertThat(s.object()).isEqualTo("public.a");
        assertThat(s.elapsedSeconds()).isCloseTo(62.0, within(1e-9));
    }

    @Test
    void rateIsAveragedOverTheWindowAndFollowsAChangeOfPace() {
        meter.onEvent(new ProgressEvent.Phase("data"));
        long bytes = 0;
        for (int i = 0; i < 20; i++) { // 20 s at 10 MB/s
            advance(1);
            bytes += 10 * MB;
            meter.onEvent(new ProgressEvent.DataProgress("s", "big", ProgressEvent.UNKNOWN, bytes));
        }
        assertThat(meter.snapshot().bytesPerSecond()).isCloseTo(10 * MB, within(0.02 * 10 * MB));
        for (int i = 0; i < 5; i++) { // then 5 s at 2 MB/s: the window holds half of each
            advance(1);
            bytes += 2 * MB;
            meter.onEvent(new ProgressEvent.DataProgress("s", "big", ProgressEvent.UNKNOWN, bytes));
        }
        assertThat(meter.snapshot().bytesPerSecond()).isCloseTo(6 * MB, within(0.1 * 6 * MB));
        for (int i = 0; i < 10; i++) {
            advance(1);
            bytes += 2 * MB;
            meter.onEvent(new ProgressEvent.DataProgress("s", "big", ProgressEvent.UNKNOWN, bytes));
        }
        assertThat(meter.snapshot().bytesPerSecond()).isCloseTo(2 * MB, within(0.1 * 2 * MB));
        assertThat(meter.snapshot().bytes()).isEqualTo(bytes);
    }

    @Test
    void rateFallsToZeroWhenCopyingStops() {
        meter.onEvent(new ProgressEvent.Totals(1, 100 * MB));
        meter.onEvent(new ProgressEvent.Phase("data"));
        advance(1);
        meter.onEvent(new ProgressEvent.DataProgress("s", "t", 5, 10 * MB));
        advance(30);
        ProgressMeter.Snapshot s = meter.snapshot();
        assertThat(s.bytesPerSecond()).isZero();
        assertThat(s.etaSeconds()).as("no rate, no ETA").isNaN();
    }

    @Test
    void unknownTotalsGiveNoEtaButARate() {
        meter.onEvent(new ProgressEvent.Totals(ProgressEvent.UNKNOWN, ProgressEvent.UNKNOWN));
        meter.onEvent(new ProgressEvent.Phase("data"));
        advance(4);
        meter.onEvent(new ProgressEvent.TableData(null, "t", 3, 8 * MB));
        ProgressMeter.Snapshot s = meter.snapshot();
        assertThat(s.bytesPerSecond()).isCloseTo(2 * MB, within(1.0));
        assertThat(s.etaSeconds()).isNaN();
        assertThat(s.fraction()).isNaN();
        assertThat(s.object()).isEqualTo("t");
    }

    @Test
    void unknownBytesFallBackToEntriesForTheFraction() {
        meter.onEvent(new ProgressEvent.Totals(4, ProgressEvent.UNKNOWN));
        meter.onEvent(new ProgressEvent.Phase("data"));
        meter.onEvent(new ProgressEvent.TableData("s", "a", 1, 10));
        assertThat(meter.snapshot().fraction()).isCloseTo(0.25, within(1e-9));
        assertThat(meter.snapshot().etaSeconds()).isNaN();
    }

    @Test
    void anUnderestimatedTotalDoesNotShowDoneWhileEntriesRemain() {
        meter.onEvent(new ProgressEvent.Totals(2, 10 * MB));
        meter.onEvent(new ProgressEvent.Phase("data"));
        advance(1);
        meter.onEvent(new ProgressEvent.TableData("s", "a", 1, 30 * MB));
        ProgressMeter.Snapshot s = meter.snapshot();
        assertThat(s.fraction()).isLessThan(1.0);
        assertThat(s.etaSeconds()).isZero();
        meter.onEvent(new ProgressEvent.TableData("s", "b", 1, 1));
        assertThat(meter.snapshot().fraction()).isEqualTo(1.0);
    }

    @Test
    void anOverestimatedTotalShowsDoneOnceEveryEntryIsIn() {
        meter.onEvent(new ProgressEvent.Totals(1, 100 * MB));
        meter.onEvent(new ProgressEvent.Phase("data"));
        meter.onEvent(new ProgressEvent.DataProgress("s", "a", 1, 60 * MB));
        assertThat(meter.snapshot().fraction()).isCloseTo(0.6, within(1e-9));
        meter.onEvent(new ProgressEvent.TableData("s", "a", 1, 70 * MB));
        assertThat(meter.snapshot().fraction()).isEqualTo(1.0);
    }

    @Test
    void tableDataReplacesTheInFlightFiguresOfItsCopy() {
        meter.onEvent(new ProgressEvent.Phase("data"));
        advance(1);
        meter.onEvent(new ProgressEvent.DataProgress("s", "t", 100, 64 * MB));
        assertThat(meter.snapshot().bytes()).isEqualTo(64 * MB);
        assertThat(meter.snapshot().rows()).isEqualTo(100);
        meter.onEvent(new ProgressEvent.DataProgress("s", "t", 150, 96 * MB));
        assertThat(meter.snapshot().bytes()).isEqualTo(96 * MB);
        meter.onEvent(new ProgressEvent.TableData("s", "t", 160, 100 * MB));
        ProgressMeter.Snapshot s = meter.snapshot();
        assertThat(s.bytes()).isEqualTo(100 * MB);
        assertThat(s.rows()).isEqualTo(160);
        assertThat(s.entries()).isEqualTo(1);
    }

    @Test
    void aCopyThatEndedWithoutTableDataStaysCountedWhenTheThreadMovesOn() {
        meter.onEvent(new ProgressEvent.Phase("data"));
        meter.onEvent(new ProgressEvent.DataProgress("s", "failed", 7, 50));
        meter.onEvent(new ProgressEvent.DataProgress("s", "next", 2, 10));
        assertThat(meter.snapshot().bytes()).isEqualTo(60);
        meter.onEvent(new ProgressEvent.TableData("s", "next", 3, 20));
        assertThat(meter.snapshot().bytes()).isEqualTo(70);
        assertThat(meter.snapshot().entries()).isEqualTo(1);
    }

    @Test
    void copiesOnSeveralThreadsAddUp() throws Exception {
        meter.onEvent(new ProgressEvent.Phase("data"));
        int threads = 4;
        int copies = 500;
        CountDownLatch go = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int w = 0; w < threads; w++) {
            String table = "t" + w;
            workers[w] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int c = 0; c < copies; c++) {
                    meter.onEvent(new ProgressEvent.DataProgress("s", table, 1, 100));
                    meter.onEvent(new ProgressEvent.DataProgress("s", table, 2, 200));
                    meter.onEvent(new ProgressEvent.TableData("s", table, 3, 300));
                    meter.snapshot();
                }
            });
            workers[w].start();
        }
        go.countDown();
        for (Thread t : workers) {
            t.join();
        }
        ProgressMeter.Snapshot s = meter.snapshot();
        assertThat(s.entries()).isEqualTo(threads * copies);
        assertThat(s.bytes()).isEqualTo(300L * threads * copies);
        assertThat(s.rows()).isEqualTo(3L * threads * copies);
    }

    @Test
    void manySmallTablesKeepFewSamples() {
        meter.onEvent(new ProgressEvent.Phase("data"));
        for (int i = 0; i < 100_000; i++) {
            clock.addAndGet(1_000_000); // 1 ms apart, 100 s in all
            meter.onEvent(new ProgressEvent.TableData("s", "t" + i, 1, 1000));
        }
        // 1000 bytes per ms throughout
        assertThat(meter.snapshot().bytesPerSecond()).isCloseTo(1e6, within(1e6 * 0.01));
    }
}
