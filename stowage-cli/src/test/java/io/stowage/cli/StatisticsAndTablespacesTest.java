package io.stowage.cli;

import io.stowage.testkit.ComparisonReport;
import io.stowage.testkit.DatabaseComparator;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code --statistics} (PostgreSQL 18) and tablespace placement with {@code --no-tablespaces}, through the CLI. */
class StatisticsAndTablespacesTest {
    private static final String REL_STATS = "SELECT relname || ' ' || relpages || ' ' || reltuples FROM pg_class "
            + "WHERE relname IN ('measured', 'measured_lower') ORDER BY relname";
    private static final String COLUMN_STATS = "SELECT s::text FROM pg_stats s WHERE schemaname = 'public' "
            + "AND tablename IN ('measured', 'measured_lower') ORDER BY tablename, attname";

    @Test
    void statisticsComeBackWithoutAnalyzeOnTheTarget(@TempDir Path dir) throws Exception {
        PgServer server = Servers.get(18);
        String source = server.createDatabase();
        // autovacuum off on the table (a reloption the dump carries): nothing but the dump may set its statistics
        server.execute(source,
                "CREATE TABLE public.measured (id int, kind text, tags int[]) WITH (autovacuum_enabled = false)",
                "INSERT INTO public.measured SELECT g, 'kind ' || (g % 7), ARRAY[g % 3, g % 5] FROM generate_series(1, 5000) g",
                "CREATE INDEX measured_lower ON public.measured (lower(kind))",
                "ANALYZE public.measured");
        List<String> relStats = server.queryColumn(source, REL_STATS);
        List<String> columnStats = server.queryColumn(source, COLUMN_STATS);
        assertThat(columnStats).hasSizeGreaterThan(3); // three columns and the index expression

        Path dump = dir.resolve("stats.sql");
        Cli.Result d = Cli.run(args("dump", conn(server), "--statistics", "-f", dump.toString(), source));
        assertThat(d.exit()).as(d.toString()).isZero();
        String script = Files.readString(dump);
        assertThat(script).contains("-- Statistics for Name: measured; Type: STATISTICS DATA; Schema: public; Owner: -",
                "SELECT * FROM pg_catalog.pg_restore_relation_stats(\n\t'version', '18",
                "\t'attnum', '1'::smallint,");
        // tables' statistics in data, after the rows; the index's after the index
        assertThat(script.indexOf("Type: STATISTICS DATA")).isGreaterThan(script.indexOf("Type: TABLE DATA"));
        assertThat(script.lastIndexOf("Type: STATISTICS DATA")).isGreaterThan(script.indexOf("Type: INDEX"));

        String target = server.createDatabase();
        Cli.Result r = Cli.run(args("restore", conn(server), "-e", "-d", target, dump.toString()));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(server.queryColumn(target, REL_STATS)).isEqualTo(relStats);
        assertThat(server.queryColumn(target, COLUMN_STATS)).isEqualTo(columnStats);

        // by default there are none, and then the target has none either
        Cli.Result plain = Cli.run(args("dump", conn(server), source));
        assertThat(plain.out()).doesNotContain("pg_restore_relation_stats");
        String bare = server.createDatabase();
        Files.writeString(dir.resolve("plain.sql"), plain.out());
        Cli.Result rp = Cli.run(args("restore", conn(server), "-e", "-d", bare, dir.resolve("plain.sql").toString()));
        assertThat(rp.exit()).as(rp.toString()).isZero();
        assertThat(server.queryColumn(bare, COLUMN_STATS)).isEmpty();

        // --statistics-only: nothing but the statistics
        Cli.Result only = Cli.run(args("dump", conn(server), "--statistics-only", source));
        assertThat(only.exit()).as(only.toString()).isZero();
        assertThat(only.out()).contains("pg_restore_attribute_stats").doesNotContain("CREATE TABLE", "COPY ");
    }

    @Test
    void statisticsNeedPostgres18() {
        PgServer server = Servers.get(15);
        String source = server.createDatabase();
        server.execute(source, "CREATE TABLE public.t (id int)", "INSERT INTO public.t VALUES (1)", "ANALYZE public.t");
        Cli.Result d = Cli.run(args("dump", conn(server), "--statistics", source));
        assertThat(d.exit()).as(d.toString()).isZero();
        assertThat(d.out()).doesNotContain("STATISTICS DATA").contains("CREATE TABLE public.t");
        assertThat(d.err()).contains("statistics").contains("PostgreSQL 18");
    }

    @Test
    void tablespacePlacementRoundTripsAndNoTablespacesLeavesItOut(@TempDir Path dir) throws Exception {
        PgServer server = Servers.get(15);
        String space = "stowage_space_" + Long.toString(System.nanoTime() & 0xffffff, 36);
        Path location = serverOwnedDirectory(server, space);
        server.execute("postgres", "CREATE TABLESPACE " + space + " LOCATION '" + location + "'");
        String source = server.createDatabase();
        try {
            server.execute(source,
                    "CREATE TABLE public.placed (id int PRIMARY KEY USING INDEX TABLESPACE " + space + ", v text) TABLESPACE " + space,
                    "CREATE INDEX placed_v ON public.placed (v) TABLESPACE " + space,
                    "CREATE TABLE public.home (id int)",
                    "INSERT INTO public.placed VALUES (1, 'a'), (2, 'b')");
            Path dump = dir.resolve("ts.sql");
            Cli.Result d = Cli.run(args("dump", conn(server), "-f", dump.toString(), source));
            assertThat(d.exit()).as(d.toString()).isZero();
            assertThat(Files.readString(dump)).contains("SET default_tablespace = " + space + ";");

            String target = server.createDatabase();
            Cli.Result r = Cli.run(args("restore", conn(server), "-e", "-d", target, dump.toString()));
            assertThat(r.exit()).as(r.toString()).isZero();
            ComparisonReport report = DatabaseComparator.create().compare(server, source, server, target);
            assertThat(report.differences()).as(report.toString()).isEmpty();
            assertThat(placement(server, target)).containsExactly("placed " + space, "placed_pkey " + space, "placed_v " + space);

            // --no-tablespaces on restore: everything in the default tablespace, which the comparator sees
            String flat = server.createDatabase();
            Cli.Result rf = Cli.run(args("restore", conn(server), "-e", "--no-tablespaces", "-d", flat, dump.toString()));
            assertThat(rf.exit()).as(rf.toString()).isZero();
            assertThat(placement(server, flat)).isEmpty();
            ComparisonReport differs = DatabaseComparator.create().compare(server, source, server, flat);
            assertThat(differs.differences()).extracting(x -> x.detail()).anyMatch(s -> s.startsWith("tablespace"));

            // --no-tablespaces on dump: no placement in the script
            Cli.Result dn = Cli.run(args("dump", conn(server), "--no-tablespaces", source));
            assertThat(dn.exit()).as(dn.toString()).isZero();
            assertThat(dn.out()).doesNotContain(space);
            String flat2 = server.createDatabase();
            Path noTs = dir.resolve("nots.sql");
            Files.writeString(noTs, dn.out());
            Cli.Result rn = Cli.run(args("restore", conn(server), "-e", "-d", flat2, noTs.toString()));
            assertThat(rn.exit()).as(rn.toString()).isZero();
            assertThat(placement(server, flat2)).isEmpty();
            for (String db : List.of(target, flat, flat2)) {
                server.dropDatabase(db);
            }
        } finally {
            server.dropDatabase(source);
            server.execute("postgres", "DROP TABLESPACE IF EXISTS " + space);
        }
    }

    private static List<String> placement(PgServer server, String db) {
        return server.queryColumn(db, "SELECT c.relname || ' ' || t.spcname FROM pg_class c "
                + "JOIN pg_tablespace t ON t.oid = c.reltablespace WHERE c.relnamespace = 'public'::regnamespace ORDER BY 1");
    }

    /**
     * An empty directory the server can use as a tablespace: the server must own it (it sets its
     * permissions), and when the tests run as root the embedded server runs as another user, the
     * owner of its data directory; the directories above it must let that user through.
     */
    private static Path serverOwnedDirectory(PgServer server, String name) throws Exception {
        Path parent = Files.createTempDirectory("stowage-ts-");
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxrwxrwx"));
        parent.toFile().deleteOnExit();
        Path location = Files.createDirectory(parent.resolve(name));
        Path dataDir = Path.of(server.queryColumn("postgres", "SHOW data_directory").get(0));
        Object uid = Files.getAttribute(dataDir, "unix:uid");
        Object gid = Files.getAttribute(dataDir, "unix:gid");
        if (!uid.equals(Files.getAttribute(location, "unix:uid"))) {
            Files.setAttribute(location, "unix:uid", uid);
            Files.setAttribute(location, "unix:gid", gid);
        }
        Files.setPosixFilePermissions(location, PosixFilePermissions.fromString("rwx------"));
        return location;
    }
}
