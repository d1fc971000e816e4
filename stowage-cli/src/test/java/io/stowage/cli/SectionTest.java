package io.stowage.cli;

import io.stowage.testkit.FeatureFixture;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --section} on dump and restore, with pg_dump's and pg_restore's semantics: pre-data,
 * data and post-data applied one after the other rebuild the source exactly, whether the split
 * happens when dumping or when restoring.
 */
class SectionTest {
    private static final List<String> SECTIONS = List.of("pre-data", "data", "post-data");

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {12, 15, 18})
    void featureFixtureRestoredInThreeSteps(int major, @TempDir Path dir) throws Exception {
        PgServer server = Servers.get(major);
        String source = FeatureFixture.createCore(server);
        threeRestoresOfOneDump(server, source, dir);
        threeDumps(server, source, dir);
    }

    @Test
    void pagilaRestoredInThreeSteps(@TempDir Path dir) throws Exception {
        PgServer server = Servers.get(15);
        String source = Servers.freshPagila(server);
        threeRestoresOfOneDump(server, source, dir);
        threeDumps(server, source, dir);
    }

    /** One full dump, restored with --section pre-data, then data, then post-data. */
    private static void threeRestoresOfOneDump(PgServer server, String source, Path dir) throws Exception {
        Path full = dir.resolve("full.sql");
        ok(Cli.run(args("dump", conn(server), "-f", full.toString(), source)));
        String target = server.createDatabase();
        for (String section : SECTIONS) {
            ok(Cli.run(args("restore", conn(server), "-e", "--section", section, "-d", target, full.toString())));
            if (section.equals("pre-data")) {
                assertThat(rowCount(server, target)).as("nothing but pre-data restored yet").isZero();
                assertThat(indexCount(server, target)).as("no index before post-data").isZero();
            }
        }
        RoundTripTest.assertIdentical(server, source, target);
    }

    /** Three dumps, one per section, restored in order. */
    private static void threeDumps(PgServer server, String source, Path dir) throws Exception {
        String target = server.createDatabase();
        for (String section : SECTIONS) {
            Path file = dir.resolve(section + ".sql");
            ok(Cli.run(args("dump", conn(server), "--section", section, "-f", file.toString(), source)));
            String script = Files.readString(file, StandardCharsets.UTF_8);
            switch (section) {
                case "pre-data" -> assertThat(script).contains("CREATE TABLE ").doesNotContain("COPY ", "CREATE INDEX ",
                        "FK CONSTRAINT", "REFRESH MATERIALIZED VIEW");
                case "data" -> assertThat(script).contains("COPY ", "setval(").doesNotContain("CREATE ", "ALTER TABLE ");
                default -> assertThat(script).contains("CREATE INDEX ", "FK CONSTRAINT", "REFRESH MATERIALIZED VIEW")
                        .doesNotContain("CREATE TABLE ", "COPY ", "setval(");
            }
            ok(Cli.run(args("restore", conn(server), "-e", "-d", target, file.toString())));
        }
        RoundTripTest.assertIdentical(server, source, target);
    }

    @Test
    void schemaOnlyAndDataOnlyAreTheirSections(@TempDir Path dir) throws Exception {
        PgServer server = Servers.get(15);
        String source = Servers.freshPagila(server);
        String schema = dumpText(server, source, "-s");
        String prePost = dumpText(server, source, "--section", "pre-data", "--section", "post-data");
        // -s leaves out the data component, which in pg_dump includes refreshing materialized
        // views; --section post-data keeps those post-data entries
        assertThat(prePost).contains("REFRESH MATERIALIZED VIEW public.films_per_actor;");
        assertThat(schema).doesNotContain("REFRESH MATERIALIZED VIEW");
        String refresh = "(?m)^--\n-- Name: \\w+; Type: MATERIALIZED VIEW DATA;.*\n--\n\n.*\n\n\n";
        assertThat(prePost.replaceAll(refresh, "")).isEqualTo(schema).contains("CREATE TABLE public.actor ", "CREATE INDEX ");
        String data = dumpText(server, source, "-a");
        assertThat(data).contains("COPY public.actor ");
        // the same entries; only -a orders table data by foreign keys (pg_dump's getTableDataFKConstraints)
        assertThat(entries(dumpText(server, source, "--section", "data"))).containsExactlyInAnyOrderElementsOf(entries(data));

        // restore side: -s restores no rows; -s --section pre-data, -a, -s --section post-data
        // (the masks combined) rebuild the source (-a after all of -s would trip the foreign keys)
        Path full = dir.resolve("full.sql");
        ok(Cli.run(args("dump", conn(server), "-f", full.toString(), source)));
        String schemaOnly = server.createDatabase();
        ok(Cli.run(args("restore", conn(server), "-e", "-s", "-d", schemaOnly, full.toString())));
        assertThat(rowCount(server, schemaOnly)).isZero();
        assertThat(indexCount(server, schemaOnly)).isPositive();
        String target = server.createDatabase();
        ok(Cli.run(args("restore", conn(server), "-e", "-s", "--section", "pre-data", "-d", target, full.toString())));
        assertThat(indexCount(server, target)).isZero();
        ok(Cli.run(args("restore", conn(server), "-e", "-a", "-d", target, full.toString())));
        assertThat(rowCount(server, target)).isPositive();
        ok(Cli.run(args("restore", conn(server), "-e", "-s", "--section", "post-data", "-d", target, full.toString())));
        RoundTripTest.assertIdentical(server, source, target);
    }

    /** pg_dump's plain headers mapped to sections by our restore: a pg_dump 15 script in three steps. */
    @Test
    void pgDumpScriptRestoredInThreeSteps(@TempDir Path dir) throws Exception {
        ReferenceTools.require("pg_dump", 15);
        PgServer server = Servers.get(15);
        String source = FeatureFixture.createCore(server);
        ReferenceTools.Run ref = ReferenceTools.pgDump(server, source);
        assertThat(ref.exit()).as(ref.err()).isZero();
        Path full = dir.resolve("pg_dump.sql");
        Files.writeString(full, ref.out(), StandardCharsets.UTF_8);
        String target = server.createDatabase();
        for (String section : SECTIONS) {
            ok(Cli.run(args("restore", conn(server), "-e", "--section", section, "-d", target, full.toString())));
            if (!section.equals("post-data")) {
                assertThat(indexCount(server, target)).as("no index before post-data").isZero();
            }
        }
        RoundTripTest.assertIdentical(server, source, target);
    }

    @Test
    void unknownSectionIsAUsageError() {
        PgServer server = Servers.get(15);
        for (String command : List.of("dump", "restore")) {
            Cli.Result r = Cli.run(args(command, conn(server), "-d", "postgres", "--section", "bogus"));
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.errLines()).as(r.toString()).hasSize(1);
            assertThat(r.err()).contains("unrecognized section name: \"bogus\"");
        }
    }

    @Test
    void restoreRejectsWhatPgRestoreRejects() {
        PgServer server = Servers.get(15);
        Cli.Result both = Cli.run(args("restore", conn(server), "-d", "postgres", "-a", "-s", "x.sql"));
        assertThat(both.exit()).as(both.toString()).isEqualTo(2);
        assertThat(both.err()).contains("options -s/--schema-only and -a/--data-only cannot be used together");
        Cli.Result clean = Cli.run(args("restore", conn(server), "-d", "postgres", "-a", "-c", "x.sql"));
        assertThat(clean.exit()).as(clean.toString()).isEqualTo(2);
        assertThat(clean.err()).contains("options -c/--clean and -a/--data-only cannot be used together");
    }

    /**
     * pg_dump 12 to 18 do not reject --section with -s or -a: both masks apply, so -s with
     * --section data dumps nothing but the preamble, and -a with --section data is -a.
     */
    @Test
    void sectionCombinesWithSchemaOnlyAndDataOnlyAsPgDumpDoes() throws Exception {
        PgServer server = Servers.get(15);
        String source = Servers.freshPagila(server);
        String nothing = dumpText(server, source, "-s", "--section", "data");
        assertThat(nothing).doesNotContain("CREATE ", "COPY ", "-- Name:");
        assertThat(dumpText(server, source, "-a", "--section", "data")).isEqualTo(dumpText(server, source, "-a"));
        assertThat(dumpText(server, source, "-s", "--section", "pre-data"))
                .isEqualTo(dumpText(server, source, "--section", "pre-data"));
        if (pgDump15()) {
            ReferenceTools.Run ref = ReferenceTools.pgDump(server, source, "-s", "--section", "data");
            assertThat(ref.exit()).as("pg_dump accepts the combination too: " + ref.err()).isZero();
            assertThat(ref.out()).doesNotContain("CREATE ", "COPY ", "-- Name:");
        }
    }

    /** The script's entries, each from its header to the next. */
    private static List<String> entries(String script) {
        return List.of(script.split("\n--\n-- (?=(Data for )?Name: )"));
    }

    private static boolean pgDump15() {
        try {
            return ReferenceTools.run(List.of("pg_dump", "--version"), null).out().startsWith("pg_dump (PostgreSQL) 15.");
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String dumpText(PgServer server, String db, String... flags) {
        Cli.Result r = Cli.run(args("dump", conn(server), flags, db));
        ok(r);
        return r.out();
    }

    private static void ok(Cli.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    /** Rows in all user tables, counted exactly (statistics lag behind). */
    private static long rowCount(PgServer server, String db) {
        return Long.parseLong(server.queryColumn(db, "SELECT coalesce(sum((pg_catalog.xpath('/row/c/text()', "
                + "pg_catalog.query_to_xml(pg_catalog.format('SELECT count(*) AS c FROM ONLY %I.%I', schemaname, tablename), "
                + "false, true, '')))[1]::text::bigint), 0) FROM pg_catalog.pg_tables "
                + "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')").get(0));
    }

    private static long indexCount(PgServer server, String db) {
        return Long.parseLong(server.queryColumn(db, "SELECT count(*) FROM pg_catalog.pg_indexes "
                + "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')").get(0));
    }
}
