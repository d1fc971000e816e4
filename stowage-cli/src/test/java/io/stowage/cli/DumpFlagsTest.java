package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/** pg_dump's selection and output flags, through the CLI, on pagila (PostgreSQL 15). */
class DumpFlagsTest {
    private static PgServer server;
    private static String pagila;

    @BeforeAll
    static void setUp() throws Exception {
        server = Servers.get(15);
        pagila = Servers.freshPagila(server);
        server.execute(pagila, "DROP ROLE IF EXISTS stowage_reader", "CREATE ROLE stowage_reader",
                "GRANT SELECT ON public.actor TO stowage_reader",
                "COMMENT ON TABLE public.actor IS 'people who appear in films'");
    }

    private static String dump(String... flags) {
        Cli.Result r = Cli.run(args("dump", conn(server), flags, pagila));
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out();
    }

    @Test
    void defaultDumpHasSchemaDataOwnersPrivilegesAndComments() {
        String sql = dump();
        assertThat(sql).contains("CREATE TABLE public.actor (", "COPY public.actor (", "ALTER TABLE public.actor OWNER TO postgres;",
                "GRANT SELECT ON TABLE public.actor TO stowage_reader;", "COMMENT ON TABLE public.actor IS 'people who appear in films';",
                "SELECT pg_catalog.setval('public.actor_actor_id_seq', 200, true);", "CREATE TYPE public.mpaa_rating AS ENUM",
                "CREATE DOMAIN public.year", "CREATE AGGREGATE public.group_concat(", "CREATE MATERIALIZED VIEW",
                "REFRESH MATERIALIZED VIEW", "ATTACH PARTITION public.payment_p2007_01", "CREATE TRIGGER last_updated",
                "FOREIGN KEY", "CREATE SCHEMA legacy;");
    }

    @Test
    void schemaOnlyHasNoData(@TempDir Path dir) throws Exception {
        String sql = dump("-s");
        assertThat(sql).contains("CREATE TABLE public.actor (").doesNotContain("COPY public.", "setval(");
        String target = restore(dir, sql);
        assertThat(count(target, "SELECT count(*) FROM public.actor")).isZero();
        assertThat(count(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isGreaterThan(15);
    }

    @Test
    void dataOnlyFillsAnExistingSchema(@TempDir Path dir) throws Exception {
        String schema = dump("-s");
        String data = dump("-a");
        assertThat(data).contains("COPY public.actor (", "setval(").doesNotContain("CREATE TABLE", "CREATE FUNCTION");
        String target = restore(dir, schema);
        // staff and store reference each other, so (as with pg_dump -a) their data cannot load
        // under that foreign key: lift it for the load and put it back as it was
        String fk = "staff_store_id_fkey";
        String definition = server.queryColumn(pagila,
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = '" + fk + "'").get(0);
        server.execute(target, "ALTER TABLE public.staff DROP CONSTRAINT " + fk);
        Path dataFile = Files.writeString(dir.resolve("data.sql"), data);
        Cli.Result r = Cli.run(args("restore", conn(server), "-e", "-d", target, dataFile.toString()));
        assertThat(r.exit()).as(r.toString()).isZero();
        server.execute(target, "ALTER TABLE public.staff ADD CONSTRAINT " + fk + " " + definition,
                // REFRESH is post-data: pg_dump puts it in neither -s nor -a output, and neither do we
                "REFRESH MATERIALIZED VIEW public.films_per_actor");
        RoundTripTest.assertIdentical(server, pagila, target);
    }

    @Test
    void tablePatternsSelectOnlyMatchingTables() {
        String sql = dump("-t", "actor", "-t", "public.film_*");
        assertThat(sql).contains("CREATE TABLE public.actor (", "CREATE TABLE public.film_actor (", "CREATE TABLE public.film_category (",
                "COPY public.film_actor (").doesNotContain("CREATE TABLE public.customer", "CREATE FUNCTION", "CREATE TABLE public.film (");
    }

    @Test
    void aTablePatternMatchingNothingIsAnError() {
        Cli.Result r = Cli.run(args("dump", conn(server), "-t", "no_such_table_*", pagila));
        ErrorCasesTest.assertOneLineError(r, 2, "no matching tables");
    }

    @Test
    void schemaPatternsSelectAndExclude() {
        String legacy = dump("-n", "legacy");
        assertThat(legacy).contains("CREATE SCHEMA legacy;", "CREATE VIEW legacy.rental").doesNotContain("CREATE TABLE public.");
        String notLegacy = dump("-N", "legacy");
        assertThat(notLegacy).contains("CREATE TABLE public.actor (").doesNotContain("legacy.");
    }

    @Test
    void excludedTablesAndExcludedTableData() {
        String sql = dump("-T", "payment*", "--exclude-table-data", "rental");
        assertThat(sql).doesNotContain("CREATE TABLE public.payment", "COPY public.rental ")
                .contains("CREATE TABLE public.rental (", "COPY public.actor (");
    }

    @Test
    void noOwnerNoPrivilegesNoComments() {
        String sql = dump("-O", "-x", "--no-comments");
        assertThat(sql).contains("CREATE TABLE public.actor (").doesNotContain("OWNER TO", "GRANT ", "REVOKE ", "COMMENT ON");
    }

    @Test
    void cleanWithIfExistsRestoresOverAnExistingCopy(@TempDir Path dir) throws Exception {
        String sql = dump("-c", "--if-exists");
        assertThat(sql).contains("DROP TABLE IF EXISTS public.actor;");
        assertThat(sql.indexOf("DROP TABLE IF EXISTS public.actor;")).isLessThan(sql.indexOf("CREATE TABLE public.actor ("));
        String target = Servers.freshPagila(server);
        server.execute(target, "DELETE FROM public.film_actor WHERE actor_id = 1", "UPDATE public.actor SET last_name = 'X'");
        Path file = Files.writeString(dir.resolve("clean.sql"), sql);
        for (int i = 0; i < 2; i++) {
            Cli.Result r = Cli.run(args("restore", conn(server), "-e", "-d", target, file.toString()));
            assertThat(r.exit()).as(r.toString()).isZero();
        }
        RoundTripTest.assertIdentical(server, pagila, target);
    }

    @Test
    void createIncludesTheDatabaseAndRestoresWithCreate(@TempDir Path dir) throws Exception {
        String copy = Servers.freshPagila(server);
        Cli.Result d = Cli.run(args("dump", conn(server), "-C", "-f", dir.resolve("c.sql").toString(), copy));
        assertThat(d.exit()).as(d.toString()).isZero();
        String sql = Files.readString(dir.resolve("c.sql"));
        assertThat(sql).contains("CREATE DATABASE " + copy, "\\connect " + copy);
        server.dropDatabase(copy);

        Cli.Result r = Cli.run(args("restore", conn(server), "-C", "-e", "-d", "postgres", dir.resolve("c.sql").toString()));
        assertThat(r.exit()).as(r.toString()).isZero();
        RoundTripTest.assertIdentical(server, Servers.freshPagila(server), copy);
    }

    /** --no-sync (pg_dump's flag) changes only whether the output is synced, never what is written. */
    @Test
    void noSyncWritesWhatASyncedDumpWrites(@TempDir Path dir) throws Exception {
        for (String sync : new String[] {"synced", "unsynced"}) {
            String[] extra = sync.equals("unsynced") ? new String[] {"--no-sync"} : new String[0];
            for (String[] format : new String[][] {{"-Fp", ".sql"}, {"-Fd", ".dir", "-j2"}}) {
                java.util.List<String> flags = new java.util.ArrayList<>(java.util.List.of(format).subList(0, 1));
                flags.addAll(java.util.List.of(format).subList(2, format.length));
                flags.addAll(java.util.List.of(extra));
                flags.addAll(java.util.List.of("-f", dir.resolve(sync + format[1]).toString()));
                Cli.Result r = Cli.run(args("dump", conn(server), flags.toArray(String[]::new), pagila));
                assertThat(r.exit()).as(r.toString()).isZero();
            }
        }
        assertThat(Files.readString(dir.resolve("unsynced.sql"))).isEqualTo(Files.readString(dir.resolve("synced.sql")))
                .contains("COPY public.actor (");
        java.util.List<String> names;
        try (java.util.stream.Stream<Path> files = Files.list(dir.resolve("synced.dir"))) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir.resolve("unsynced.dir"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).isEqualTo(names);
        }
        int compared = 0;
        for (String name : names) {
            if (name.endsWith(".dat.gz")) {
                assertThat(gunzip(dir.resolve("unsynced.dir").resolve(name))).as(name)
                        .isEqualTo(gunzip(dir.resolve("synced.dir").resolve(name)));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(15);
    }

    private static byte[] gunzip(Path file) throws java.io.IOException {
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    private String restore(Path dir, String sql) throws Exception {
        String target = server.createDatabase();
        Path file = Files.writeString(dir.resolve(target + ".sql"), sql);
        Cli.Result r = Cli.run(args("restore", conn(server), "-e", "-d", target, file.toString()));
        assertThat(r.exit()).as(r.toString()).isZero();
        return target;
    }

    private static long count(String db, String query) throws Exception {
        try (Connection c = server.connect(db); ResultSet rs = c.createStatement().executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
