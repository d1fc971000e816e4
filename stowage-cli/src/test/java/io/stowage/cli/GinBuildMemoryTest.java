package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code restore -j} builds GIN indexes with {@code maintenance_work_mem} at most 16 MB and every
 * other index with the session's own setting, which it resets to after each GIN build. What each
 * build ran with is recorded by an event trigger in the target database (created before the
 * restore, so it is not part of the archive), whose database default is 64 MB; a database whose
 * default is below 16 MB keeps it for GIN builds too. The same trigger records
 * {@code max_parallel_maintenance_workers}: 0 in a parallel restore into a server on this machine
 * with at least as many jobs as cores, the database's own setting without {@code -j}.
 */
class GinBuildMemoryTest {
    private static final String LOG = """
            CREATE TABLE public.mwm_log (seq serial, index_name text, setting text, workers text);
            CREATE FUNCTION public.mwm_record() RETURNS event_trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO public.mwm_log (index_name, setting, workers)
                SELECT c.object_identity, pg_catalog.current_setting('maintenance_work_mem'),
                       pg_catalog.current_setting('max_parallel_maintenance_workers')
                FROM pg_catalog.pg_event_trigger_ddl_commands() c WHERE c.command_tag = 'CREATE INDEX';
            END $$;
            CREATE EVENT TRIGGER mwm_record ON ddl_command_end WHEN TAG IN ('CREATE INDEX') EXECUTE FUNCTION public.mwm_record();
            """;

    @Test
    void ginBuildsUseAtMost16MegabytesAndOtherBuildsTheSessionsSetting(@TempDir Path dir) throws Exception {
        PgServer server = Servers.get(15);
        String source = server.createDatabase();
        server.execute(source, "CREATE SCHEMA g",
                "CREATE TABLE g.docs (id int, attrs jsonb, tags text[], body text)",
                "INSERT INTO g.docs SELECT i, jsonb_build_object('k', i), ARRAY['t' || (i % 50)], 'body ' || i FROM generate_series(1, 5000) i",
                "CREATE INDEX docs_attrs ON g.docs USING gin (attrs jsonb_path_ops)",
                "CREATE INDEX docs_tags ON g.docs USING gin (tags)",
                "CREATE INDEX docs_id ON g.docs (id)",
                "CREATE INDEX docs_body ON g.docs USING btree (body)",
                "CREATE TABLE g.parts (id int, tags text[]) PARTITION BY RANGE (id)",
                "CREATE TABLE g.parts_1 PARTITION OF g.parts FOR VALUES FROM (0) TO (1000)",
                "INSERT INTO g.parts SELECT i, ARRAY['p' || i] FROM generate_series(0, 999) i",
                "CREATE INDEX parts_tags ON g.parts USING gin (tags)");
        Path archive = dir.resolve("g.d");
        Cli.Result dump = Cli.run(args("dump", conn(server), "-Fd", "-f", archive.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();

        String target = server.createDatabase();
        server.execute(target, LOG, "ALTER DATABASE " + target + " SET maintenance_work_mem = '64MB'");
        Cli.Result restore = Cli.run(args("restore", conn(server), "-j", "2", "-e", "-d", target, archive.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        List<String> builds = server.queryColumn(target,
                "SELECT index_name || ' ' || setting FROM public.mwm_log WHERE index_name LIKE 'g.%' ORDER BY index_name");
        assertThat(builds).containsExactly(
                "g.docs_attrs 16MB", "g.docs_body 64MB", "g.docs_id 64MB", "g.docs_tags 16MB",
                "g.parts_1_tags_idx 16MB", "g.parts_tags 16MB");
        assertThat(server.queryColumn(target, "SELECT count(*) FROM g.docs WHERE attrs @> '{\"k\": 77}'")).containsExactly("1");
        server.execute(target, "DROP EVENT TRIGGER mwm_record", "DROP FUNCTION public.mwm_record()", "DROP TABLE public.mwm_log");
        assertThat(RoundTripTest.assertIdentical(server, source, target)).isPositive();
        server.dropDatabase(target);

        String small = server.createDatabase();
        server.execute(small, LOG, "ALTER DATABASE " + small + " SET maintenance_work_mem = '8MB'");
        Cli.Result again = Cli.run(args("restore", conn(server), "-j", "2", "-e", "-d", small, archive.toString()));
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(server.queryColumn(small,
                "SELECT DISTINCT setting FROM public.mwm_log WHERE index_name LIKE 'g.%'")).containsExactly("8MB");
        server.dropDatabase(small);
        server.dropDatabase(source);
    }

    @Test
    void jobsAsManyAsTheCoresOfALocalServerBuildIndexesWithoutParallelWorkers(@TempDir Path dir) throws Exception {
        PgServer server = Servers.get(15);
        String source = server.createDatabase();
        server.execute(source, "CREATE SCHEMA p",
                "CREATE TABLE p.t (id int PRIMARY KEY, v text)",
                "INSERT INTO p.t SELECT i, 'v' || i FROM generate_series(1, 2000) i",
                "CREATE INDEX t_v ON p.t (v)",
                "CREATE UNIQUE INDEX t_v_id ON p.t (v, id)");
        Path archive = dir.resolve("p.d");
        Cli.Result dump = Cli.run(args("dump", conn(server), "-Fd", "-f", archive.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();

        int jobs = Math.max(2, Runtime.getRuntime().availableProcessors());
        assertThat(workers(server, archive, "-j", Integer.toString(jobs))).containsExactly("p.t_v 0", "p.t_v_id 0");
        assertThat(workers(server, archive)).containsExactly("p.t_v 3", "p.t_v_id 3");
        server.dropDatabase(source);
    }

    /** Restores {@code archive} into a new database whose default is 3 workers; each index build's setting. */
    private static List<String> workers(PgServer server, Path archive, String... jobs) throws Exception {
        String target = server.createDatabase();
        server.execute(target, LOG, "ALTER DATABASE " + target + " SET max_parallel_maintenance_workers = 3");
        Cli.Result restore = Cli.run(args("restore", conn(server), jobs, "-e", "-d", target, archive.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        List<String> builds = server.queryColumn(target,
                "SELECT index_name || ' ' || workers FROM public.mwm_log WHERE index_name LIKE 'p.%' ORDER BY index_name");
        server.dropDatabase(target);
        return builds;
    }
}
