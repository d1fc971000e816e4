package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A parallel restore runs the indexes and constraints of small tables several to a query: each
 * build a transaction shares with others (an event trigger records the transaction of every
 * CREATE INDEX and ALTER TABLE). An entry that fails takes its query's others down with it; they
 * then run one by one, so the failure is reported once, for its own entry, and everything else is
 * restored.
 */
class BatchedEntriesRestoreTest {
    private static final String LOG = """
            CREATE TABLE public.zz_log (tag text, tx bigint);
            CREATE FUNCTION public.zz_record() RETURNS event_trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO public.zz_log SELECT c.command_tag, pg_catalog.txid_current()
                FROM pg_catalog.pg_event_trigger_ddl_commands() c;
            END $$;
            CREATE EVENT TRIGGER zz_record ON ddl_command_end WHEN TAG IN ('CREATE INDEX', 'ALTER TABLE')
              EXECUTE FUNCTION public.zz_record();
            """;

    @Test
    void smallTablesIndexesShareQueriesAndAFailureIsReportedForItsOwnEntry(@TempDir Path dir) throws Exception {
        PgServer server = Servers.get(15);
        String source = server.createDatabase();
        StringBuilder ddl = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            ddl.append("CREATE TABLE public.t").append(i).append(" (id int PRIMARY KEY, v text, p int REFERENCES public.t")
                    .append(i == 1 ? 1 : i - 1).append(");\n");
            ddl.append("INSERT INTO public.t").append(i).append(" SELECT g, 'v' || g, g FROM generate_series(1, 500) g;\n");
            ddl.append("CREATE INDEX t").append(i).append("_v_idx ON public.t").append(i).append(" (v);\n");
        }
        server.execute(source, ddl.toString());
        Path archive = dir.resolve("t.d");
        Cli.Result dump = Cli.run(args("dump", conn(server), "-Fd", "-f", archive.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();

        String clean = server.createDatabase();
        server.execute(clean, LOG);
        Cli.Result ok = Cli.run(args("restore", conn(server), "-j", "2", "-e", "-d", clean, archive.toString()));
        assertThat(ok.exit()).as(ok.toString()).isZero();
        // the 30 indexes were built in fewer transactions than builds
        assertThat(server.queryColumn(clean, "SELECT count(*) FROM public.zz_log WHERE tag = 'CREATE INDEX'")).containsExactly("30");
        assertThat(Long.parseLong(server.queryColumn(clean,
                "SELECT count(DISTINCT tx) FROM public.zz_log WHERE tag = 'CREATE INDEX'").get(0))).isLessThan(30);
        server.execute(clean, "DROP EVENT TRIGGER zz_record", "DROP FUNCTION public.zz_record()", "DROP TABLE public.zz_log");
        assertThat(RoundTripTest.assertIdentical(server, source, clean)).isPositive();

        String clash = server.createDatabase();
        server.execute(clash, "CREATE TABLE public.blocker (x int)", "CREATE INDEX t7_v_idx ON public.blocker (x)");
        Cli.Result failed = Cli.run(args("restore", conn(server), "-j", "2", "-d", clash, archive.toString()));
        assertThat(failed.exit()).as(failed.toString()).isEqualTo(8);
        assertThat(failed.err()).contains("warning: errors ignored on restore: 1").contains("t7_v_idx").contains("already exists");
        assertThat(server.queryColumn(clash, "SELECT count(*) FROM pg_indexes WHERE tablename ~ '^t[0-9]+$'")).containsExactly("59");
        assertThat(server.queryColumn(clash, "SELECT count(*) FROM pg_constraint WHERE contype IN ('p', 'f')"
                + " AND conrelid::regclass::text ~ '^t[0-9]+$'")).containsExactly("60");
        server.dropDatabase(clash);
        server.dropDatabase(clean);
        server.dropDatabase(source);
    }
}
