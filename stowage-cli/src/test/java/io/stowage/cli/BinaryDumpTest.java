package io.stowage.cli;

import io.stowage.postgres.dump.BinaryCopiesHooks;
import io.stowage.postgres.dump.TableSplitHooks;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dump reads the tables whose columns the client formats more cheaply than the server in
 * {@code COPY ... (FORMAT binary)} and writes the text rows itself: the archive must hold exactly
 * the data files of a dump that reads every table in text, whole tables, split tables' parts and
 * head starts alike, in the directory, custom and plain formats, with and without {@code -j}. A session TimeZone that is not UTC (the
 * JVM's zone, which pgjdbc gives each session) keeps timestamptz columns, and so their tables, in text.
 */
class BinaryDumpTest {
    private static final String MODE = "stowage.dump.binary";
    private static PgServer server;
    private static String source;

    @BeforeAll
    static void tables() {
        server = Servers.get(15);
        source = server.createDatabase();
        server.execute(source,
                "ALTER DATABASE " + source + " SET timezone = 'Etc/UTC'",
                "CREATE TABLE public.ev (id bigint PRIMARY KEY, account_id int, created_at timestamptz, kind smallint,"
                        + " amount numeric(12,2), origin inet, note text)",
                "INSERT INTO public.ev SELECT g, g % 1000, timestamptz '2020-01-01 00:00:00+00' + g * interval '17 min 3.25 s',"
                        + " (g % 5)::smallint, CASE WHEN g % 11 = 0 THEN NULL ELSE (g * 1.37)::numeric(12,2) END,"
                        + " ('10.' || g % 256 || '.' || g % 100 || '.1')::inet,"
                        + " CASE g % 4 WHEN 0 THEN NULL WHEN 1 THEN E'tab\\there\\nnew\\\\back' WHEN 2 THEN 'grüße 東京 🐘' ELSE '' END"
                        + " FROM generate_series(1, 40000) g",
                "INSERT INTO public.ev (id, note) SELECT -1, string_agg(md5(g::text) || E'\\t', '') FROM generate_series(1, 40000) g",
                "CREATE TABLE public.tz_only (id int, at timestamptz)",
                "INSERT INTO public.tz_only SELECT g, timestamptz '1999-12-31 23:59:59.5+00' + g * interval '1 h 1 s' FROM generate_series(1, 60000) g",
                "CREATE TABLE public.ints (id int, v int)",
                "INSERT INTO public.ints SELECT g, g * 7 FROM generate_series(1, 60000) g",
                "ANALYZE");
    }

    @AfterAll
    static void dropSource() {
        if (server != null && source != null) {
            server.dropDatabase(source);
        }
    }

    /** Dumps {@code db} with binary copies in {@code mode} and returns the binary copies it started. */
    private static long dump(String db, String mode, Path out, String... flags) {
        String before = System.getProperty(MODE);
        System.setProperty(MODE, mode);
        long started = BinaryCopiesHooks.started();
        try {
            Cli.Result dump = Cli.run(args("dump", conn(server), flags, "-f", out.toString(), db));
            assertThat(dump.exit()).as(dump.toString()).isZero();
        } finally {
            if (before == null) {
                System.clearProperty(MODE);
            } else {
                System.setProperty(MODE, before);
            }
        }
        return BinaryCopiesHooks.started() - started;
    }

    /** The data files of a directory archive by name, with their bytes. */
    private static Map<String, byte[]> dataFiles(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(f -> f.getFileName().toString().endsWith(".dat")
                    && !f.getFileName().toString().equals("toc.dat")).toList()) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static void assertSameData(Path a, Path b) throws IOException {
        Map<String, byte[]> x = dataFiles(a);
        Map<String, byte[]> y = dataFiles(b);
        assertThat(x.keySet()).isEqualTo(y.keySet()).isNotEmpty();
        for (String name : x.keySet()) {
            assertThat(x.get(name)).as(name).isEqualTo(y.get(name));
        }
    }

    @Test
    void tablesReadInBinaryWriteTheTextDumpsDataFiles(@TempDir Path dir) throws Exception {
        Path binary = dir.resolve("binary");
        Path text = dir.resolve("text");
        // ev (numeric, timestamptz, inet) and tz_only qualify; ints, whose text is as cheap, does not
        assertThat(dump(source, "local", binary, "-Fd", "-j", "2", "-Z0")).isEqualTo(2);
        assertThat(dump(source, "false", text, "-Fd", "-j", "2", "-Z0")).isZero();
        assertSameData(binary, text);
        assertThat(dataFiles(binary).values().stream().mapToLong(b -> b.length).sum()).isGreaterThan(4 << 20);
    }

    @Test
    void serialDumpsTooPlainAndCustom(@TempDir Path dir) throws Exception {
        Path binary = dir.resolve("binary.sql");
        Path text = dir.resolve("text.sql");
        assertThat(dump(source, "local", binary, "-Fp")).isEqualTo(2);
        assertThat(dump(source, "false", text, "-Fp")).isZero();
        assertThat(Files.size(binary)).isGreaterThan(4 << 20);
        assertThat(Files.readAllBytes(binary)).isEqualTo(Files.readAllBytes(text));

        Path binaryFc = dir.resolve("binary.dump");
        Path textFc = dir.resolve("text.dump");
        assertThat(dump(source, "local", binaryFc, "-Fc")).isEqualTo(2);
        dump(source, "false", textFc, "-Fc");
        assertSameScript(binaryFc, textFc, dir);
    }

    /** The data-only scripts of two archives, which Stowage's restore writes, are the same. */
    private static void assertSameScript(Path archiveA, Path archiveB, Path dir) throws IOException {
        Path a = dir.resolve("a.sql");
        Path b = dir.resolve("b.sql");
        for (Path[] p : new Path[][] {{archiveA, a}, {archiveB, b}}) {
            Cli.Result r = Cli.run(args("restore", "-a", "-f", p[1].toString(), p[0].toString()));
            assertThat(r.exit()).as(r.toString()).isZero();
        }
        assertThat(Files.size(a)).isGreaterThan(4 << 20);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }

    @Test
    void splitPartsAndHeadStartsTooAndTheCustomFormat(@TempDir Path dir) throws Exception {
        Path binary = dir.resolve("binary");
        Path text = dir.resolve("text");
        System.setProperty("stowage.dump.headStartBytes", "0");
        try (AutoCloseable split = TableSplitHooks.threshold(1 << 20)) {
            // one head start per job (ev and tz_only, the biggest), then ints split; and then with
            // no head starts (custom format), ev and tz_only split
            assertThat(dump(source, "local", binary, "-Fd", "-j", "2", "-Z0")).isEqualTo(2);
            assertThat(dump(source, "false", text, "-Fd", "-j", "2", "-Z0")).isZero();
            assertSameData(binary, text);

            Path binaryFc = dir.resolve("binary.dump");
            Path textFc = dir.resolve("text.dump");
            assertThat(dump(source, "local", binaryFc, "-Fc", "-j", "2")).isGreaterThan(2);
            dump(source, "false", textFc, "-Fc", "-j", "2");
            assertSameScript(binaryFc, textFc, dir);
        } finally {
            System.clearProperty("stowage.dump.headStartBytes");
        }
    }

    @Test
    void aZoneThatIsNotUtcKeepsTimestamptzInText(@TempDir Path dir) throws Exception {
        // pgjdbc starts each session in the JVM's zone, which outranks the database's own
        java.util.TimeZone zone = java.util.TimeZone.getDefault();
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Europe/Paris"));
        String paris = server.createDatabase();
        try {
            server.execute(paris, "CREATE TABLE public.tz_only (id int, at timestamptz)",
                    "INSERT INTO public.tz_only SELECT g, timestamptz '2021-03-28 00:00:00+00' + g * interval '1 min'"
                            + " FROM generate_series(1, 60000) g");
            Path binary = dir.resolve("binary");
            Path text = dir.resolve("text");
            assertThat(dump(paris, "local", binary, "-Fd", "-j", "2", "-Z0")).isZero();
            dump(paris, "false", text, "-Fd", "-j", "2", "-Z0");
            assertSameData(binary, text);
            assertThat(new String(dataFiles(binary).values().iterator().next(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("2021-03-28 01:59:00+01\n").contains("2021-03-28 03:00:00+02\n");
        } finally {
            java.util.TimeZone.setDefault(zone);
            server.dropDatabase(paris);
        }
    }
}
