package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code --progress} through the CLI on pagila (PostgreSQL 15). */
class ProgressTest {
    private static final Pattern DUMP_SUMMARY = Pattern.compile("dump complete: (\\d+) entries, (\\d+) tables, (\\d+) rows");
    private static final Pattern RESTORE_SUMMARY = Pattern.compile("restore complete: \\d+ entries, \\d+ statements, (\\d+) tables, (\\d+) rows");
    private static PgServer server;
    private static String pagila;

    @BeforeAll
    static void setUp() throws Exception {
        server = Servers.get(15);
        pagila = Servers.freshPagila(server);
    }

    /** The JSON lines of standard error, each parsed (and so checked to be one valid object). */
    private static List<Map<String, Object>> jsonLines(Cli.Result r) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : r.errLines()) {
            if (line.startsWith("{")) {
                Map<String, Object> object = MiniJson.parse(line);
                assertThat(object).as(line).containsKeys("type", "phase", "object", "rows", "bytes", "bytesPerSecond",
                        "etaSeconds", "elapsedSeconds");
                lines.add(object);
            } else {
                assertThat(line).as("text lines are the CLI's own messages").startsWith("stowage: ");
            }
        }
        return lines;
    }

    private static List<Object> phases(List<Map<String, Object>> lines) {
        return lines.stream().filter(l -> l.get("type").equals("phase")).map(l -> l.get("phase")).toList();
    }

    private static void assertMonotonic(List<Map<String, Object>> lines, String field) {
        long previous = 0;
        for (Map<String, Object> l : lines) {
            long value = (Long) l.get(field);
            assertThat(value).as(field + " in " + l).isGreaterThanOrEqualTo(previous);
            previous = value;
        }
    }

    @Test
    void jsonDumpAndRestoreReportPhasesTablesAndTotals(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("pagila.dump");
        Cli.Result dump = Cli.run(args("dump", conn(server), "-v", "-Fc", "-f", archive.toString(), "--progress=json", pagila));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        assertThat(dump.out()).isEmpty();
        List<Map<String, Object>> lines = jsonLines(dump);
        assertThat(phases(lines)).containsExactly("catalog", "data");
        assertMonotonic(lines, "rows");
        assertMonotonic(lines, "bytes");
        Map<String, Object> totals = lines.stream().filter(l -> l.get("type").equals("totals")).findFirst().orElseThrow();
        assertThat(lines.indexOf(totals)).isLessThan(lines.indexOf(lines.stream().filter(l -> "data".equals(l.get("phase"))).findFirst().orElseThrow()) + 1);
        assertThat((Long) totals.get("bytesTotal")).isPositive();
        List<Map<String, Object>> tables = lines.stream().filter(l -> l.get("type").equals("table")).toList();
        assertThat(tables).extracting(l -> l.get("object")).contains("public.film", "public.payment_p2007_01");
        Map<String, Object> done = lines.get(lines.size() - 1);
        assertThat(done.get("type")).isEqualTo("done");
        assertThat(done.get("percent")).isEqualTo(100.0);
        Matcher summary = DUMP_SUMMARY.matcher(dump.err());
        assertThat(summary.find()).as(dump.err()).isTrue();
        assertThat(done.get("entries")).isEqualTo(Long.valueOf(summary.group(2)));
        assertThat(done.get("rows")).isEqualTo(Long.valueOf(summary.group(3)));
        assertThat(totals.get("entriesTotal")).isEqualTo(Long.valueOf(summary.group(2)));
        assertThat(done.get("bytes")).isEqualTo(tables.stream().mapToLong(l -> (Long) l.get("tableBytes")).sum());
        assertThat(done.get("rows")).isEqualTo(tables.stream().mapToLong(l -> (Long) l.get("tableRows")).sum());

        String target = "progress_target";
        server.createDatabase(target);
        Cli.Result restore = Cli.run(args("restore", conn(server), "-v", "-d", target, "--progress=json", archive.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        List<Map<String, Object>> restored = jsonLines(restore);
        assertThat(phases(restored)).containsExactly("pre-data", "data", "post-data");
        assertMonotonic(restored, "rows");
        assertMonotonic(restored, "bytes");
        Map<String, Object> end = restored.get(restored.size() - 1);
        assertThat(end.get("type")).isEqualTo("done");
        Matcher rs = RESTORE_SUMMARY.matcher(restore.err());
        assertThat(rs.find()).as(restore.err()).isTrue();
        assertThat(end.get("rows")).isEqualTo(Long.valueOf(rs.group(2))).isEqualTo(done.get("rows"));
        assertThat(end.get("entries")).isEqualTo(Long.valueOf(rs.group(1))).isEqualTo(done.get("entries"));
        assertThat(end.get("bytes")).as("the same COPY text went out and came back").isEqualTo(done.get("bytes"));
        assertThat(restored.stream().filter(l -> l.get("type").equals("totals")).findFirst().orElseThrow().get("entriesTotal"))
                .isEqualTo(done.get("entries"));
    }

    @Test
    void parallelDumpAnnouncesItsTotalsAndReportsEveryTableOnce(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("pagila.dir");
        Cli.Result dump = Cli.run(args("dump", conn(server), "-Fd", "-j", "2", "-f", archive.toString(), "--progress=json", pagila));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        List<Map<String, Object>> lines = jsonLines(dump);
        assertMonotonic(lines, "rows");
        assertMonotonic(lines, "bytes");
        Map<String, Object> totals = lines.stream().filter(l -> l.get("type").equals("totals")).findFirst().orElseThrow();
        assertThat((Long) totals.get("bytesTotal")).isPositive();
        List<Map<String, Object>> tables = lines.stream().filter(l -> l.get("type").equals("table")).toList();
        assertThat(totals.get("entriesTotal")).isEqualTo((long) tables.size());
        assertThat(tables).extracting(l -> l.get("object")).doesNotHaveDuplicates().contains("public.film");
        Map<String, Object> done = lines.get(lines.size() - 1);
        assertThat(done.get("type")).isEqualTo("done");
        assertThat(done.get("percent")).isEqualTo(100.0);
        assertThat(done.get("rows")).isEqualTo(tables.stream().mapToLong(l -> (Long) l.get("tableRows")).sum());
    }

    @Test
    void directoryRestoreKnowsItsBytesInAdvance(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("pagila.d");
        Cli.Result dump = Cli.run(args("dump", conn(server), "-Fd", "-Z0", "-f", archive.toString(), pagila));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        String target = "progress_dir_target";
        server.createDatabase(target);
        Cli.Result restore = Cli.run(args("restore", conn(server), "-d", target, "--progress=json", archive.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        List<Map<String, Object>> lines = jsonLines(restore);
        Map<String, Object> totals = lines.stream().filter(l -> l.get("type").equals("totals")).findFirst().orElseThrow();
        Map<String, Object> done = lines.get(lines.size() - 1);
        // each .dat file is the entry's COPY text plus its "\." end line
        assertThat((Long) totals.get("bytesTotal")).isGreaterThanOrEqualTo((Long) done.get("bytes"))
                .isLessThanOrEqualTo((Long) done.get("bytes") + 8 * (Long) totals.get("entriesTotal"));
    }

    @Test
    void plainPrintsPeriodicLines() {
        Cli.Result r = Cli.run(args("dump", conn(server), "--progress=plain", "--progress-interval", "0.02", pagila));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("COPY public.film ");
        List<String> lines = r.errLines();
        assertThat(lines).allMatch(l -> l.startsWith("stowage: progress: "));
        assertThat(lines.size()).as(r.err()).isGreaterThanOrEqualTo(3);
        assertThat(lines.get(lines.size() - 1)).startsWith("stowage: progress: done, ").containsPattern("\\d+ tables, \\d+ rows");
    }

    @Test
    void autoShowsNothingWhenStandardErrorIsNotATerminal() {
        Cli.Result r = Cli.run(args("dump", conn(server), "-s", pagila));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void anUnknownModeIsAUsageError() {
        Cli.Result r = Cli.run(args("dump", conn(server), "--progress=fancy", pagila));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unrecognized progress mode: \"fancy\"");
    }
}
