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
 * A parallel restore into a server on this machine with at least as many jobs as cores builds its
 * indexes with {@code max_parallel_maintenance_workers = 0}; a restore without {@code -j} leaves the
 * database's setting. What each build ran with is recorded by an event trigger in the target
 * database (created before the restore, so it is not part of the archive), whose database default
 * is 3.
 */
class ParallelBuildWorkersTest {
    private static final String LOG = """
            CREATE TABLE public.pmw_log (index_name text, setting text);
            CREATE FUNCTION public.pmw_record() RETURNS event_trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO public.pmw_log (index_name, setting)
                SELECT c.object_identity, pg_catalog.current_setting('max_parallel_maintenance_workers')
                FROM pg_catalog.pg_event_trigger_ddl_commands() c WHERE c.command_tag = 'CREATE INDEX';
            END $$;
            CREATE EVENT TRIGGER pmw_record ON ddl_command_end WHEN TAG IN ('CREATE INDEX') EXECUTE FUNCTION public.pmw_record();
            """;

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
        assertThat(builds(server, archive, "-j", Integer.toString(jobs))).containsExactly("p.t_v 0", "p.t_v_id 0");
        assertThat(builds(server, archive)).containsExactly("p.t_v 3", "p.t_v_id 3");
        server.dropDatabase(source);
    }

    /** Restores {@code archive} into a new database and returns each index build's setting. */
    private static List<String> builds(PgServer server, Path archive, String... jobs) throws Exception {
        String target = server.createDatabase();
        server.execute(target, LOG, "ALTER DATABASE " + target + " SET max_parallel_maintenance_workers = 3");
        Cli.Result restore = Cli.run(args("restore", conn(server), jobs, "-e", "-d", target, archive.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        List<String> builds = server.queryColumn(target,
                "SELECT index_name || ' ' || setting FROM public.pmw_log WHERE index_name LIKE 'p.%' ORDER BY index_name");
        server.dropDatabase(target);
        return builds;
    }
}
