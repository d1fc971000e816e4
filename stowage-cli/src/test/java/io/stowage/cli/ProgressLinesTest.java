package io.stowage.cli;

import io.stowage.core.progress.ProgressEvent;
import io.stowage.core.progress.ProgressMeter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The text of progress: JSON lines, the bar, plain lines, and the reporter that writes them. */
class ProgressLinesTest {
    private static final List<String> FIELDS = List.of("type", "phase", "object", "rows", "bytes", "bytesPerSecond",
            "etaSeconds", "elapsedSeconds");
    private final AtomicLong clock = new AtomicLong();
    private final ProgressMeter meter = new ProgressMeter(clock::get, Duration.ofSeconds(10));

    private ProgressMeter.Snapshot midData() {
        meter.onEvent(new ProgressEvent.Totals(4, 400L << 20));
        meter.onEvent(new ProgressEvent.Phase("data"));
        clock.addAndGet(4_000_000_000L);
        meter.onEvent(new ProgressEvent.TableData("public", "film", 1000, 100L << 20));
        return meter.snapshot();
    }

    @Test
    void jsonEscapesOddNamesAndParsesBack() {
        String odd = "we\"ird\\ta\nble\u0001\t\u2028é";
        String line = new JsonLine().string("object", odd).count("rows", 5).count("unknown", -1)
                .decimal("rate", 1.5).decimal("eta", Double.NaN).toString();
        assertThat(line).doesNotContain("\n", "\u0001", "\u2028");
        Map<String, Object> parsed = MiniJson.parse(line);
        assertThat(parsed).containsEntry("object", odd).containsEntry("rows", 5L).containsEntry("unknown", null)
                .containsEntry("rate", 1.5).containsEntry("eta", null);
    }

    @Test
    void everyJsonLineHasEveryField() {
        ProgressMeter.Snapshot s = midData();
        for (String type : List.of("phase", "totals", "progress", "table", "done")) {
            Map<String, Object> parsed = MiniJson.parse(ProgressLines.json(type, s, "public.\"x\"\n", 7, 9));
            assertThat(parsed).containsKeys(FIELDS.toArray(String[]::new)).containsEntry("type", type);
            assertThat(parsed.get("bytes")).isEqualTo(100L << 20);
            assertThat(parsed.get("rows")).isEqualTo(1000L);
            assertThat((Double) parsed.get("bytesPerSecond")).isEqualTo(25.0 * (1 << 20));
            assertThat((Double) parsed.get("etaSeconds")).isEqualTo(12.0);
        }
        assertThat(MiniJson.parse(ProgressLines.json("table", s, "t", 7, 9))).containsEntry("tableRows", 7L).containsEntry("tableBytes", 9L);
    }

    @Test
    void theMiniParserRejectsInvalidJson() {
        assertThatThrownBy(() -> MiniJson.parse("{\"a\":\"x\ny\"}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MiniJson.parse("{\"a\":NaN}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MiniJson.parse("{\"a\":1}x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBarHasAFixedWidthAndOneLine() {
        ProgressMeter.Snapshot s = midData();
        for (int width : new int[] {40, 80, 120}) {
            String bar = ProgressLines.bar(s, width, false);
            assertThat(bar).hasSize(width - 1).doesNotContain("\n", "\r");
        }
        String bar = ProgressLines.bar(s, 120, false);
        assertThat(bar).startsWith("data").contains(" 25% [#####---------------]", "100 MB/400 MB", "25.0 MB/s", "ETA 0:12", "public.film");
        meter.onEvent(new ProgressEvent.DataProgress("public", "a\nb", 1, 1));
        assertThat(ProgressLines.bar(meter.snapshot(), 200, false)).contains("public.a?b").doesNotContain("\n");
    }

    @Test
    void theBarWithoutTotalsShowsTablesAndNoPercent() {
        meter.onEvent(new ProgressEvent.Phase("data"));
        clock.addAndGet(1_000_000_000L);
        meter.onEvent(new ProgressEvent.TableData("s", "t", 1, 2048));
        String bar = ProgressLines.bar(meter.snapshot(), 80, false);
        assertThat(bar).hasSize(79).contains("[1 tables", "2.00 kB", "ETA --:--").doesNotContain("%");
    }

    @Test
    void theFinalBarSaysDone() {
        String bar = ProgressLines.bar(midData(), 80, true);
        assertThat(bar).hasSize(79).startsWith("done").contains("100% [####################]", "in 0:04").doesNotContain("ETA");
    }

    @Test
    void barReporterRedrawsOneLineAndEndsItWithANewline() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ProgressReporter reporter = new ProgressReporter(ProgressMode.BAR, err, Duration.ofSeconds(1), 60, meter)) {
            reporter.onEvent(new ProgressEvent.Phase("data"));
            Thread.sleep(700); // a few 200 ms redraws
            String drawn = bytes.toString(StandardCharsets.UTF_8);
            assertThat(drawn).startsWith("\r").doesNotContain("\n");
            assertThat(drawn.split("\r", -1)).hasSizeGreaterThan(2);
            Terminal messages = reporter.messages(new Terminal(System.in, System.out, err, false));
            messages.say("warning: something");
            String after = bytes.toString(StandardCharsets.UTF_8).substring(drawn.length());
            assertThat(after).startsWith("\r" + " ".repeat(59) + "\r" + "stowage: warning: something");
            reporter.done();
        }
        String all = bytes.toString(StandardCharsets.UTF_8);
        assertThat(all).endsWith("\n");
        String last = all.substring(all.lastIndexOf('\r') + 1, all.length() - 1);
        assertThat(last).hasSize(59).startsWith("done");
        assertThat(all.chars().filter(c -> c == '\n').count()).isEqualTo(2); // the message's and the final one
    }

    @Test
    void barReporterWipesTheBarWhenTheRunFails() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ProgressReporter reporter = new ProgressReporter(ProgressMode.BAR, err, Duration.ofSeconds(1), 50, meter)) {
            Thread.sleep(450);
        }
        String all = bytes.toString(StandardCharsets.UTF_8);
        assertThat(all).contains("starting").endsWith("\r" + " ".repeat(49) + "\r").doesNotContain("\n");
    }

    @Test
    void plainLinesNameThePhaseAndFigures() {
        String line = ProgressLines.plain(midData());
        assertThat(line).isEqualTo("progress: data 25%, 1/4 tables, 1000 rows, 100 MB of ~400 MB, 25.0 MB/s, ETA 0:12, elapsed 0:04, at public.film");
    }

    @Test
    void autoIsABarOnlyOnATerminal() {
        assertThat(ProgressMode.AUTO.resolve(true)).isEqualTo(ProgressMode.BAR);
        assertThat(ProgressMode.AUTO.resolve(false)).isEqualTo(ProgressMode.NONE);
        assertThat(ProgressMode.JSON.resolve(true)).isEqualTo(ProgressMode.JSON);
        assertThat(ProgressMode.parse("Plain")).isEqualTo(ProgressMode.PLAIN);
    }
}
