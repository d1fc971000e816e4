package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stowage restore -j N}: pg_dump 15 and Stowage archives of pagila restored with several
 * connections come out equal to the source; errors and usage errors behave as the sequential path
 * and pg_restore; and the workers really do run side by side.
 */
class ParallelArchiveRestoreTest {
    @TempDir
    static Path dir;
    private static PgServer server;
    private static String source;

    @BeforeAll
    static void archives() throws Exception {
        ReferenceTools.require("pg_dump", 15);
        server = Servers.get(15);
        source = Servers.freshPagila(server);
        for (String format : new String[] {"c", "d"}) {
            ReferenceTools.Run dump = ReferenceTools.pgDump(server, source, "-F" + format, "-f", archive("pg_dump", format).toString());
            assertThat(dump.exit()).as(dump.err()).isZero();
        }
        Cli.Result ours = Cli.run(args("dump", conn(server), "-Fd", "-f", archive("stowage", "d").toString(), source));
        assertThat(ours.exit()).as(ours.toString()).isZero();
    }

    private static Path archive(String tool, String format) {
        return dir.resolve(tool + "." + format);
    }

    @ParameterizedTest(name = "{0} -F{1} -j {2}")
    @CsvSource({"pg_dump, c, 2", "pg_dump, c, 3", "pg_dump, d, 2", "pg_dump, d, 3", "stowage, d, 2", "stowage, d, 3"})
    void restoresInParallelToTheSource(String tool, String format, int jobs) throws Exception {
        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-j", String.valueOf(jobs), "-e", "-d", target,
                archive(tool, format).toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(RoundTripTest.assertIdentical(server, source, target)).isPositive();
        server.dropDatabase(target);
    }

    @Test
    void cleanRestoresOverAnEarlierRestore() throws Exception {
        String target = server.createDatabase();
        Cli.Result first = Cli.run(args("restore", conn(server), "-j", "2", "-d", target, archive("pg_dump", "c").toString()));
        assertThat(first.exit()).as(first.toString()).isZero();
        server.execute(target, "DELETE FROM public.film_actor", "ALTER TABLE public.actor ADD COLUMN extra int");
        Cli.Result again = Cli.run(args("restore", conn(server), "-j", "2", "-c", "--if-exists", "-e", "-d", target,
                archive("pg_dump", "c").toString()));
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(RoundTripTest.assertIdentical(server, source, target)).isPositive();
        server.dropDatabase(target);
    }

    /** Schema first, then the data with -j and --disable-triggers: the data entries take the script path. */
    @Test
    void dataOnlyWithDisabledTriggers() throws Exception {
        String target = server.createDatabase();
        Cli.Result schema = Cli.run(args("restore", conn(server), "-s", "-e", "-d", target, archive("stowage", "d").toString()));
        assertThat(schema.exit()).as(schema.toString()).isZero();
        Cli.Result data = Cli.run(args("restore", conn(server), "-j", "2", "-a", "--disable-triggers", "-e", "-d", target,
                archive("stowage", "d").toString()));
        assertThat(data.exit()).as(data.toString()).isZero();
        // a materialized view's data is post-data, which neither -s nor -a restores (as with pg_restore)
        server.execute(target, "REFRESH MATERIALIZED VIEW public.films_per_actor");
        assertThat(RoundTripTest.assertIdentical(server, source, target)).isPositive();
        server.dropDatabase(target);
    }

    @Test
    void createsTheDatabaseAndCleansItWithCreate() throws Exception {
        String dumped = Servers.freshPagila(server);
        Path archive = dir.resolve("create.d");
        ReferenceTools.Run dump = ReferenceTools.pgDump(server, dumped, "-Fd", "-C", "-f", archive.toString());
        assertThat(dump.exit()).as(dump.err()).isZero();
        server.dropDatabase(dumped);

        Cli.Result create = Cli.run(args("restore", conn(server), "-j", "2", "-C", "-e", "-d", "postgres", archive.toString()));
        assertThat(create.exit()).as(create.toString()).isZero();
        assertThat(RoundTripTest.assertIdentical(server, source, dumped)).isPositive();

        server.execute(dumped, "DROP TABLE public.film_actor CASCADE");
        Cli.Result recreate = Cli.run(args("restore", conn(server), "-j", "3", "-C", "-c", "-e", "-d", "postgres", archive.toString()));
        assertThat(recreate.exit()).as(recreate.toString()).isZero();
        assertThat(RoundTripTest.assertIdentical(server, source, dumped)).isPositive();
        server.dropDatabase(dumped);
    }

    /** An index name taken by another table: CREATE INDEX fails in the parallel phase. */
    private static String targetWithClash() {
        String target = server.createDatabase();
        server.execute(target, "CREATE TABLE public.blocker (x int)", "CREATE INDEX idx_actor_last_name ON public.blocker (x)");
        return target;
    }

    @Test
    void aFailingEntryIsCountedAsInTheSequentialRestore() throws Exception {
        String sequential = targetWithClash();
        Cli.Result one = Cli.run(args("restore", conn(server), "-d", sequential, archive("pg_dump", "c").toString()));
        String parallel = targetWithClash();
        Cli.Result two = Cli.run(args("restore", conn(server), "-j", "2", "-d", parallel, archive("pg_dump", "c").toString()));

        assertThat(two.exit()).as(two.toString()).isEqualTo(8).isEqualTo(one.exit());
        assertThat(two.err()).contains("warning: errors ignored on restore: 1")
                .contains("error in entry").contains("idx_actor_last_name").contains("already exists");
        assertThat(one.err()).contains("warning: errors ignored on restore: 1");
        // everything else was restored: the rows, and the other indexes of actor
        assertThat(server.queryColumn(parallel, "SELECT count(*) FROM public.rental")).containsExactly(
                server.queryColumn(source, "SELECT count(*) FROM public.rental").get(0));
        assertThat(server.queryColumn(parallel, "SELECT count(*) FROM pg_indexes WHERE tablename = 'actor'"))
                .containsExactly("1"); // actor_pkey; its idx_actor_last_name failed
        server.dropDatabase(sequential);
        server.dropDatabase(parallel);
    }

    @Test
    void exitOnErrorStopsAtTheFirstError() {
        String target = targetWithClash();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-j", "2", "-e", "-d", target, archive("pg_dump", "d").toString()));
        assertThat(restore.exit()).as(restore.toString()).isEqualTo(8);
        assertThat(restore.err()).contains("restore failed in entry").contains("idx_actor_last_name").contains("already exists")
                .doesNotContain("errors ignored");
        server.dropDatabase(target);
    }

    /**
     * The workers connect while the leader restores the pre-data section: when that fails (-e), they
     * are gone, their sessions closed, by the time the restore returns.
     */
    @Test
    void aPreDataFailureLeavesNoWorkerSessionBehind() {
        String target = server.createDatabase();
        server.execute(target, "CREATE TYPE public.mpaa_rating AS ENUM ('clash')");
        Cli.Result restore = Cli.run(args("restore", conn(server), "-j", "3", "-e", "-d", target, archive("pg_dump", "d").toString()));
        assertThat(restore.exit()).as(restore.toString()).isEqualTo(8);
        assertThat(restore.err()).contains("restore failed in entry").contains("mpaa_rating").contains("already exists");
        assertThat(server.queryColumn("postgres", "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE datname = '" + target + "'"))
                .containsExactly("0");
        server.dropDatabase(target);
    }

    /**
     * Thousands of small tables: the workers load tables while the leader's script (the pre-data
     * section) is still being written and run, and every table's rows arrive exactly once.
     */
    @Test
    void manySmallTablesAreEachLoadedOnce(@org.junit.jupiter.api.io.TempDir Path dir) {
        String source = server.createDatabase();
        for (int batch = 0; batch < 6; batch++) {
            server.execute(source, "DO $$ BEGIN FOR i IN " + (batch * 500 + 1) + ".." + (batch * 500 + 500)
                    + " LOOP EXECUTE format('CREATE TABLE public.m%s (v int); INSERT INTO public.m%s VALUES (%s)', i, i, i);"
                    + " END LOOP; END $$");
        }
        Path archive = dir.resolve("many.d");
        Cli.Result dump = Cli.run(args("dump", conn(server), "-Fd", "-f", archive.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-j", "2", "-e", "-d", target, archive.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        String counts = "SELECT count(*) || ' ' || sum(n) FROM (SELECT (xpath('/row/n/text()', query_to_xml("
                + "format('SELECT count(*) AS n FROM public.%I', c.relname), false, true, '')))[1]::text::int AS n"
                + " FROM pg_catalog.pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r') t";
        assertThat(server.queryColumn(target, counts)).as("tables and rows").containsExactly("3000 3000");
        server.dropDatabase(target);
        server.dropDatabase(source);
    }

    @Test
    void usageErrorsAsPgRestore() throws Exception {
        String target = server.createDatabase();
        Cli.Result single = Cli.run(args("restore", conn(server), "-j", "2", "-1", "-d", target, archive("pg_dump", "c").toString()));
        assertThat(single.exit()).isEqualTo(2);
        assertThat(single.err()).contains("cannot specify both --single-transaction and multiple jobs");

        Path tar = dir.resolve("pagila.tar");
        ReferenceTools.Run dump = ReferenceTools.pgDump(server, source, "-Ft", "-f", tar.toString());
        assertThat(dump.exit()).as(dump.err()).isZero();
        Cli.Result fromTar = Cli.run(args("restore", conn(server), "-j", "2", "-d", target, tar.toString()));
        assertThat(fromTar.exit()).isEqualTo(2);
        assertThat(fromTar.err()).contains("parallel restore is not supported with this archive file format");

        Path plain = dir.resolve("plain.sql");
        Files.writeString(plain, "CREATE TABLE t (x int);\n", StandardCharsets.UTF_8);
        Cli.Result fromPlain = Cli.run(args("restore", conn(server), "-j", "2", "-d", target, plain.toString()));
        assertThat(fromPlain.exit()).isEqualTo(2);
        assertThat(fromPlain.err()).contains("parallel restore is not supported with this archive file format");

        Cli.Result fromStdin = Cli.runWithInput(Files.readAllBytes(archive("pg_dump", "c")),
                args("restore", conn(server), "-j", "2", "-d", target));
        assertThat(fromStdin.exit()).isEqualTo(2);
        assertThat(fromStdin.err()).contains("parallel restore from standard input is not supported");
        assertThat(server.queryColumn(target, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"))
                .containsExactly("0");
        server.dropDatabase(target);
    }

    /**
     * Two tables whose CHECK constraint waits, at its first row, until the COPYs into both have checked
     * in (or fails after 10 s): the restore succeeds only if two workers load data side by side, and the
     * sequential restore, the control, fails.
     */
    @Test
    void workersRunSideBySide() throws Exception {
        String db = server.createDatabase();
        server.execute(db, """
                CREATE FUNCTION public.rendezvous() RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
                DECLARE
                    deadline timestamptz := clock_timestamp() + interval '10 seconds';
                BEGIN
                    IF current_setting('rv.skip', true) = 'on' OR current_setting('rv.met', true) = 'on' THEN
                        RETURN true;
                    END IF;
                    -- each COPY checks in once; a sequence is not transactional, so the other
                    -- session sees the count at once, and it stays when a session ends
                    IF coalesce(current_setting('rv.in', true), '') <> 'on' THEN
                        PERFORM pg_catalog.nextval('public.rv_seq');
                        PERFORM pg_catalog.set_config('rv.in', 'on', false);
                    END IF;
                    WHILE clock_timestamp() < deadline LOOP
                        IF (SELECT last_value FROM public.rv_seq) >= 2 THEN
                            PERFORM pg_catalog.set_config('rv.met', 'on', false);
                            RETURN true;
                        END IF;
                        PERFORM pg_catalog.pg_sleep(0.02);
                    END LOOP;
                    RETURN false;
                END $$""",
                "CREATE TABLE public.a (id int CHECK (public.rendezvous()))",
                "CREATE TABLE public.b (id int CHECK (public.rendezvous()))",
                "SET rv.skip = on",
                "INSERT INTO public.a SELECT generate_series(1, 100)",
                "INSERT INTO public.b SELECT generate_series(1, 100)");
        Path archive = dir.resolve("rendezvous.dump");
        Cli.Result dump = Cli.run(args("dump", conn(server), "-Fc", "-f", archive.toString(), db));
        assertThat(dump.exit()).as(dump.toString()).isZero();

        String control = server.createDatabase();
        server.execute(control, "CREATE SEQUENCE public.rv_seq");
        Cli.Result sequential = Cli.run(args("restore", conn(server), "-e", "-d", control, archive.toString()));
        assertThat(sequential.exit()).as(sequential.toString()).isEqualTo(8);
        assertThat(sequential.err()).contains("violates check constraint");
        server.dropDatabase(control);

        String target = server.createDatabase();
        server.execute(target, "CREATE SEQUENCE public.rv_seq");
        Cli.Result restore = Cli.run(args("restore", conn(server), "-j", "2", "-e", "-d", target, archive.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(server.queryColumn(target, "SELECT (SELECT count(*) FROM public.a) + (SELECT count(*) FROM public.b)"))
                .containsExactly("200");
        server.dropDatabase(target);
        server.dropDatabase(db);
    }

    /**
     * The settings a parallel restore adds to its sessions ({@code synchronous_commit} and
     * {@code jit} off) are in force where the rows are loaded: a CHECK constraint that holds only
     * when both are set off by the session itself fails the sequential restore, the control, whose
     * session leaves them at the server's values.
     */
    @Test
    void workersLoadWithTheDocumentedSessionSettings() throws Exception {
        String db = server.createDatabase();
        server.execute(db, """
                CREATE FUNCTION public.restore_settings() RETURNS boolean LANGUAGE sql STABLE AS $$
                    SELECT coalesce(pg_catalog.current_setting('rs.skip', true), '') = 'on'
                        OR (SELECT count(*) = 2 FROM pg_catalog.pg_settings
                            WHERE name IN ('synchronous_commit', 'jit') AND setting = 'off' AND source = 'session')
                $$""",
                "CREATE TABLE public.loaded (id int CHECK (public.restore_settings()))",
                "SET rs.skip = on",
                "INSERT INTO public.loaded SELECT generate_series(1, 10)");
        Path archive = dir.resolve("settings.dump");
        Cli.Result dump = Cli.run(args("dump", conn(server), "-Fc", "-f", archive.toString(), db));
        assertThat(dump.exit()).as(dump.toString()).isZero();

        String control = server.createDatabase();
        Cli.Result sequential = Cli.run(args("restore", conn(server), "-e", "-d", control, archive.toString()));
        assertThat(sequential.exit()).as(sequential.toString()).isEqualTo(8);
        assertThat(sequential.err()).contains("violates check constraint");
        server.dropDatabase(control);

        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-j", "2", "-e", "-d", target, archive.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(server.queryColumn(target, "SELECT count(*) FROM public.loaded")).containsExactly("10");
        server.dropDatabase(target);
        server.dropDatabase(db);
    }
}
