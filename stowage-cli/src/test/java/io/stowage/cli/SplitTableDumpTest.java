package io.stowage.cli;

import io.stowage.postgres.dump.ParallelDumpHooks;
import io.stowage.postgres.dump.TableSplitHooks;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.stowage.cli.ArchiveDumpTest.entries;
import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stowage dump -j N} splits a big table's data into several TABLE DATA entries, one per
 * range of heap blocks, read by different workers: with the threshold lowered, pagila's rental
 * table and bigger payment partitions and a generated table split; the archives restore with the
 * real pg_restore 15 (sequentially and with -j 2, whose TRUNCATE of the table's data entry must not
 * wipe loaded parts) and with Stowage to a database equal to the source; rows committed during the
 * dump stay out; PostgreSQL 13 (no TID Range Scan) and -j 1 never split.
 */
class SplitTableDumpTest {
    /** Small enough to split rental (about 1.2 MB), the bigger payment partitions and zz_big. */
    private static final long THRESHOLD = 150_000;

    private static PgServer server;
    private static String source;

    @BeforeAll
    static void pagilaWithABigTable() throws Exception {
        ReferenceTools.require("pg_restore", 15);
        server = Servers.get(15);
        source = Servers.freshPagila(server);
        server.execute(source, """
                CREATE TABLE public.zz_big (
                    id integer PRIMARY KEY, label text NOT NULL, body text,
                    twice integer GENERATED ALWAYS AS (id * 2) STORED);
                CREATE INDEX zz_big_label ON public.zz_big (label);
                INSERT INTO public.zz_big (id, label, body)
                    SELECT g, md5(g::text), CASE WHEN g % 500 = 0
                        THEN (SELECT string_agg(md5((g * 1000 + i)::text), '') FROM generate_series(1, 200) i) END
                    FROM generate_series(1, 30000) g;
                CREATE TABLE public.zz_ref (big_id integer REFERENCES public.zz_big);
                INSERT INTO public.zz_ref SELECT g FROM generate_series(1, 30000, 100) g;
                """);
    }

    @AfterAll
    static void dropSource() {
        if (server != null && source != null) {
            server.dropDatabase(source);
        }
    }

    @ParameterizedTest(name = "-F {0}")
    @CsvSource({"d", "c", "t"})
    void splitTablesRestoreEverywhere(String format, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("split." + format);
        AtomicInteger reached = new AtomicInteger();
        try (AutoCloseable threshold = TableSplitHooks.threshold(THRESHOLD);
             AutoCloseable hook = ParallelDumpHooks.beforeTable(table -> {
                 if (table.equals("public.zz_big") && reached.getAndIncrement() == 0) {
                     // committed after the snapshot, before the first part is read; a new row lands in
                     // the last pages, which the open-ended last part reads
                     server.execute(source, "INSERT INTO public.zz_big (id, label) VALUES (-1, 'ZZSNAP')");
                 }
             })) {
            Cli.Result dump = Cli.run(args("dump", conn(server), "-F", format, "-j", "2", "-f", out.toString(), source));
            assertThat(dump.exit()).as(dump.toString()).isZero();
        } finally {
            server.execute(source, "DELETE FROM public.zz_big WHERE id = -1");
        }
        assertThat(reached.get()).as("every part of zz_big passed the pause point").isGreaterThan(1);

        Map<String, Long> dataEntries = dataEntriesByTable(pgRestore("-l", out.toString()).out());
        assertThat(dataEntries.get("public.rental")).as(dataEntries.toString()).isGreaterThan(2);
        assertThat(dataEntries.get("public.zz_big")).isGreaterThan(2);
        assertThat(dataEntries.get("public.zz_ref")).as("a small table stays whole").isEqualTo(1);
        assertThat(dataEntries.keySet()).as("no data entry for the partitioned parent").doesNotContain("public.payment");
        assertThat(dataEntries.entrySet().stream().filter(e -> e.getKey().startsWith("public.payment_p") && e.getValue() > 1))
                .as("the bigger payment partitions split: " + dataEntries).isNotEmpty();

        String data = pgRestore("-a", "-t", "zz_big", "-f", "-", out.toString()).out();
        assertThat(data).as("-t selects every part of the table").contains("COPY public.zz_big (id, label, body) FROM stdin;")
                .doesNotContain("ZZSNAP");
        assertThat(data.lines().filter(l -> l.startsWith("COPY public.zz_big ")).count()).isEqualTo(dataEntries.get("public.zz_big"));

        List<List<String>> restores = new ArrayList<>();
        restores.add(List.of("--exit-on-error"));
        if (!"t".equals(format)) {
            restores.add(List.of("--exit-on-error", "-j", "2"));
        }
        for (List<String> flags : restores) {
            String target = server.createDatabase();
            List<String> restoreArgs = new ArrayList<>(flags);
            restoreArgs.addAll(List.of("-d", target, out.toString()));
            ReferenceTools.Run restore = pgRestore(restoreArgs.toArray(String[]::new));
            assertThat(restore.exit()).as(flags + ": " + restore.err()).isZero();
            assertSameRows(target);
            assertThat(RoundTripTest.assertIdentical(server, source, target)).isGreaterThan(200);
            server.dropDatabase(target);
        }

        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-e", "-d", target, out.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertSameRows(target);
        assertThat(RoundTripTest.assertIdentical(server, source, target)).isGreaterThan(200);
        server.dropDatabase(target);
    }

    @Test
    void oneJobNeverSplits(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("one.c");
        try (AutoCloseable threshold = TableSplitHooks.threshold(0)) {
            Cli.Result dump = Cli.run(args("dump", conn(server), "-Fc", "-j", "1", "-f", out.toString(), source));
            assertThat(dump.exit()).as(dump.toString()).isZero();
        }
        Map<String, Long> dataEntries = dataEntriesByTable(pgRestore("-l", out.toString()).out());
        assertThat(dataEntries).containsKeys("public.rental", "public.zz_big");
        assertThat(dataEntries.values()).containsOnly(1L);
    }

    @Test
    void postgres13NeverSplits(@TempDir Path dir) throws Exception {
        PgServer old = Servers.get(13);
        String db = Servers.freshPagila(old);
        try {
            Path split = dir.resolve("j2.d");
            try (AutoCloseable threshold = TableSplitHooks.threshold(0)) {
                Cli.Result dump = Cli.run(args("dump", conn(old), "-Fd", "-j", "2", "-f", split.toString(), db));
                assertThat(dump.exit()).as(dump.toString()).isZero();
            }
            Map<String, Long> dataEntries = dataEntriesByTable(pgRestore("-l", split.toString()).out());
            assertThat(dataEntries).containsKey("public.rental");
            assertThat(dataEntries.values()).as("one data entry per table on 13").containsOnly(1L);

            // the same database on 15 with the same threshold does split: the version is what decides
            String db15 = Servers.freshPagila(server);
            try {
                Path split15 = dir.resolve("j2-15.d");
                try (AutoCloseable threshold = TableSplitHooks.threshold(0)) {
                    Cli.Result dump = Cli.run(args("dump", conn(server), "-Fd", "-j", "2", "-f", split15.toString(), db15));
                    assertThat(dump.exit()).as(dump.toString()).isZero();
                }
                assertThat(dataEntriesByTable(pgRestore("-l", split15.toString()).out()).get("public.rental")).isGreaterThan(1);
            } finally {
                server.dropDatabase(db15);
            }
        } finally {
            old.dropDatabase(db);
        }
    }

    /** Row counts of every ordinary table and leaf partition are those of the source. */
    private static void assertSameRows(String target) {
        assertThat(rowCounts(target)).isEqualTo(rowCounts(source));
    }

    private static Map<String, String> rowCounts(String database) {
        List<String> tables = server.queryColumn(database, "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY 1");
        Map<String, String> counts = new TreeMap<>();
        for (String t : tables) {
            counts.put(t, server.queryColumn(database, "SELECT count(*) FROM ONLY " + t).get(0));
        }
        assertThat(counts).hasSizeGreaterThan(15);
        return counts;
    }

    /** The number of TABLE DATA entries of each table in a {@code pg_restore -l} listing. */
    private static Map<String, Long> dataEntriesByTable(String listing) {
        return entries(listing).stream().map(String::trim).filter(l -> l.contains(" TABLE DATA "))
                .map(l -> l.substring(l.indexOf(" TABLE DATA ") + " TABLE DATA ".length()).split(" "))
                .collect(Collectors.groupingBy(p -> p[0] + "." + p[1], TreeMap::new, Collectors.counting()));
    }

    private static ReferenceTools.Run pgRestore(String... args) {
        List<String> cmd = new ArrayList<>(List.of("pg_restore", "-h", "127.0.0.1", "-p",
                String.valueOf(server.port()), "-U", "postgres", "-w"));
        cmd.addAll(List.of(args));
        return ReferenceTools.run(cmd, null);
    }
}
