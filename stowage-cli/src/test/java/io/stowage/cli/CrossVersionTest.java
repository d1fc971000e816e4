package io.stowage.cli;

import io.stowage.testkit.ComparisonReport;
import io.stowage.testkit.DatabaseComparator;
import io.stowage.testkit.FeatureFixture;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/** A dump taken on one major restores into another, older or newer, with nothing lost. */
class CrossVersionTest {

    @ParameterizedTest(name = "pagila {0} -> {1}")
    @CsvSource({"12, 18", "15, 16", "18, 12", "17, 13"})
    void pagilaMovesBetweenMajors(int from, int to, @TempDir Path dir) throws Exception {
        PgServer source = Servers.get(from);
        PgServer target = Servers.get(to);
        String sourceDb = Servers.freshPagila(source);
        moveAndCompare(source, sourceDb, target, dir);
    }

    @ParameterizedTest(name = "features {0} -> {1}")
    @CsvSource({"12, 18", "18, 12", "16, 14"})
    void featureFixtureMovesBetweenMajors(int from, int to, @TempDir Path dir) throws Exception {
        PgServer source = Servers.get(from);
        PgServer target = Servers.get(to);
        moveAndCompare(source, FeatureFixture.createCore(source), target, dir);
    }

    @org.junit.jupiter.api.Test
    void whatAnOlderTargetCannotHoldIsNamedAndTheRestArrives(@TempDir Path dir) throws Exception {
        PgServer source = Servers.get(17);
        PgServer target = Servers.get(13);
        String sourceDb = source.createDatabase();
        source.execute(sourceDb, "DROP ROLE IF EXISTS stowage_janitor", "CREATE ROLE stowage_janitor",
                "CREATE TYPE public.span AS RANGE (subtype = integer, multirange_type_name = public.many_spans)",
                "CREATE TABLE public.t (id int, s public.span)",
                "GRANT SELECT, MAINTAIN ON public.t TO stowage_janitor");
        target.execute("postgres", "DROP ROLE IF EXISTS stowage_janitor", "CREATE ROLE stowage_janitor");
        String targetDb = target.createDatabase();
        Path file = dir.resolve("dump.sql");
        assertThat(Cli.run(args("dump", conn(source), "-f", file.toString(), sourceDb)).exit()).isZero();

        Cli.Result restore = Cli.run(args("restore", conn(target), "-e", "-d", targetDb, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(restore.err()).contains("restoring a dump of PostgreSQL 17 into PostgreSQL 13",
                "not carried: TYPE public.span: the multirange type name public.many_spans",
                "not carried: ACL public.TABLE t: the MAINTAIN privilege");
        assertThat(target.queryColumn(targetDb, "SELECT has_table_privilege('stowage_janitor', 'public.t', 'SELECT')::text"))
                .containsExactly("true");
        assertThat(target.queryColumn(targetDb, "SELECT typtype::text FROM pg_type WHERE oid = 'public.span'::regtype")).containsExactly("r");
    }

    private static void moveAndCompare(PgServer source, String sourceDb, PgServer target, Path dir) throws Exception {
        String targetDb = target.createDatabase();
        Path file = dir.resolve("dump.sql");
        Cli.Result dump = Cli.run(args("dump", conn(source), "-f", file.toString(), sourceDb));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        Cli.Result restore = Cli.run(args("restore", conn(target), "-e", "-d", targetDb, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        ComparisonReport report = DatabaseComparator.create().compare(source, sourceDb, target, targetDb)
                .excluding(DatabaseComparator.CROSS_MAJOR_RENDERING);
        assertThat(report.differences()).as(report.toString()).isEmpty();
    }
}
