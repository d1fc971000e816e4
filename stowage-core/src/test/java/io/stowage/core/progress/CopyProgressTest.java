package io.stowage.core.progress;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CopyProgressTest {
    private final List<ProgressEvent> events = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong();

    @Test
    void reportsEveryByteStep() {
        CopyProgress p = new CopyProgress(events::add, "s", "t", true, clock::get, 1000, Long.MAX_VALUE);
        for (int i = 0; i < 25; i++) {
            p.add(100, 1);
        }
        assertThat(events).containsExactly(new ProgressEvent.DataProgress("s", "t", 10, 1000),
                new ProgressEvent.DataProgress("s", "t", 20, 2000));
    }

    @Test
    void reportsAfterTheTimeStepOnceEnoughBytesPassedToLookAtTheClock() {
        CopyProgress p = new CopyProgress(events::add, "s", "t", false, clock::get, Long.MAX_VALUE, 1_000_000_000L);
        p.add(100 << 10, 0);
        assertThat(events).as("no time has passed").isEmpty();
        clock.addAndGet(2_000_000_000L);
        p.add(10, 0);
        assertThat(events).as("the clock is read only every 64 KB").isEmpty();
        p.add(64 << 10, 0);
        assertThat(events).containsExactly(new ProgressEvent.DataProgress("s", "t", ProgressEvent.UNKNOWN, (164 << 10) + 10));
    }

    @Test
    void countingStreamPassesBytesThroughAndCountsWritesAsRows() throws Exception {
        CopyProgress p = new CopyProgress(events::add, "s", "t", true, clock::get, 6, Long.MAX_VALUE);
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        OutputStream out = p.counting(target, true);
        out.write("1\ta\n".getBytes());
        out.write("2\tb\n".getBytes());
        out.close();
        assertThat(target.toString()).isEqualTo("1\ta\n2\tb\n");
        assertThat(p.bytes()).isEqualTo(8);
        assertThat(p.rows()).isEqualTo(2);
        assertThat(events).containsExactly(new ProgressEvent.DataProgress("s", "t", 2, 8));
    }
}
