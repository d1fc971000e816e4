package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code restore} loads the tables it creates with COPY FREEZE by default (and with an explicit
 * {@code --freeze}), so their rows are frozen on the page (both xmin hint bits set, as pageinspect
 * shows them); with {@code --no-freeze} they are not, which is the control. The database still
 * equals the source. A table whose data is stored in fewer than 2 MB is loaded plainly either way.
 */
class FreezeRestoreTest {
    private static final String FROZEN = "SELECT bool_and((t_infomask & 768) = 768)::text"
            + " FROM public.heap_page_items(public.get_raw_page('fz.rows', 0))";
    private static final String SMALL_FROZEN = "SELECT bool_and((t_infomask & 768) = 768)::text"
            + " FROM public.heap_page_items(public.get_raw_page('fz.other', 0))";

    @ParameterizedTest(name = "-j {0} {1}")
    @CsvSource({"1, --freeze", "2, --freeze", "1, ''", "2, ''", "1, --no-freeze", "2, --no-freeze"})
    void freezeLoadsFrozenRows(int jobs, String flag, @TempDir Path dir) throws Exception {
        PgServer server = Servers.get(15);
        String source = server.createDatabase();
        server.execute(source, "CREATE SCHEMA fz",
                "CREATE TABLE fz.rows (id int PRIMARY KEY, v text)",
                // about 2.7 MB of data, stored uncompressed: above the size from which tables are frozen
                "INSERT INTO fz.rows SELECT i, repeat(md5(i::text), 4) FROM generate_series(1, 20000) i",
                "CREATE TABLE fz.other (id int)",
                "INSERT INTO fz.other VALUES (1)");
        Path archive = dir.resolve("fz.dump");
        Cli.Result dump = Cli.run(args("dump", conn(server), "-Fc", "-Z0", "-f", archive.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();

        String target = server.createDatabase();
        boolean freeze = !flag.equals("--no-freeze");
        Cli.Result restore = flag.isEmpty()
                ? Cli.run(args("restore", conn(server), "-j", String.valueOf(jobs), "-e", "-d", target, archive.toString()))
                : Cli.run(args("restore", conn(server), "-j", String.valueOf(jobs), flag, "-e", "-d", target, archive.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(RoundTripTest.assertIdentical(server, source, target)).isPositive();
        server.execute(target, "CREATE EXTENSION pageinspect SCHEMA public");
        assertThat(server.queryColumn(target, FROZEN)).containsExactly(String.valueOf(freeze));
        assertThat(server.queryColumn(target, SMALL_FROZEN)).as("a small table is not worth its TRUNCATE").containsExactly("false");
        server.dropDatabase(target);
        server.dropDatabase(source);
    }

    @org.junit.jupiter.api.Test
    void helpNamesTheOption() {
        Cli.Result help = Cli.run(new String[] {"restore", "--help"});
        assertThat(help.exit()).as(help.toString()).isZero();
        assertThat(help.out()).contains("--[no-]freeze").contains("Load each table this restore creates with COPY");
    }

    /**
     * A table split into several data entries is loaded part by part: no part may truncate what
     * another loaded, so --freeze leaves it alone, and every row arrives.
     */
    @org.junit.jupiter.api.Test
    void aSplitTableKeepsEveryPart(@TempDir Path dir) throws Exception {
        PgServer server = Servers.get(15);
        String source = server.createDatabase();
        server.execute(source, "CREATE SCHEMA fz",
                "CREATE TABLE fz.rows (id int PRIMARY KEY, v text)",
                "INSERT INTO fz.rows SELECT i, repeat('row ' || i, 20) FROM generate_series(1, 20000) i");
        Path archive = dir.resolve("fz.d");
        try (AutoCloseable threshold = io.stowage.postgres.dump.TableSplitHooks.threshold(150_000)) {
            Cli.Result dump = Cli.run(args("dump", conn(server), "-Fd", "-j", "2", "-f", archive.toString(), source));
            assertThat(dump.exit()).as(dump.toString()).isZero();
        }
        ReferenceTools.Run list = ReferenceTools.run(java.util.List.of("pg_restore", "-l", archive.toString()), null);
        assertThat(list.out().lines().filter(l -> l.contains("TABLE DATA fz rows")).count()).as(list.out()).isGreaterThan(1);

        for (int jobs : new int[] {1, 2}) {
            String target = server.createDatabase();
            Cli.Result restore = Cli.run(args("restore", conn(server), "-j", String.valueOf(jobs), "--freeze", "-e", "-d", target,
                    archive.toString()));
            assertThat(restore.exit()).as(restore.toString()).isZero();
            assertThat(server.queryColumn(target, "SELECT count(*) FROM fz.rows")).containsExactly("20000");
            assertThat(RoundTripTest.assertIdentical(server, source, target)).isPositive();
            server.dropDatabase(target);
        }
        server.dropDatabase(source);
    }
}
