package io.stowage.cli;

import io.stowage.testkit.FeatureFixture;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feature fixture (every object kind the native engine carries: serial and identity columns,
 * generated columns, domains with constraints, composite and range types, partitions with a
 * DEFAULT partition and a partitioned index, UNLOGGED tables with reloptions, deferrable foreign
 * keys, rules, triggers, procedures, aggregates, a populated materialized view, grants, comments,
 * default privileges, row-level security with a policy, a large object with a comment)
 * round-trips through the CLI on every supported major.
 */
class FeatureRoundTripTest {

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {12, 13, 14, 15, 16, 17, 18})
    void featureFixtureRoundTrips(int major, @TempDir Path dir) throws Exception {
        PgServer server = Servers.get(major);
        String source = FeatureFixture.createAll(server);
        String target = server.createDatabase();
        Path file = dir.resolve("features.sql");

        Cli.Result dump = Cli.run(args("dump", conn(server), "-f", file.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        assertThat(Files.readString(file)).contains("CREATE UNLOGGED TABLE app.scratch", "GENERATED ALWAYS AS",
                "PARTITION BY RANGE", "CREATE RULE film_no_delete", "CREATE AGGREGATE public.total(",
                "ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA app GRANT SELECT ON TABLES  TO PUBLIC;",
                "ALTER TABLE public.film ENABLE ROW LEVEL SECURITY;", "CREATE POLICY film_cheap ON public.film FOR SELECT",
                "SELECT pg_catalog.lo_create('424242');", "COMMENT ON LARGE OBJECT 424242 IS 'a greeting';",
                "SELECT pg_catalog.lo_open('424242', 131072);");

        Cli.Result restore = Cli.run(args("restore", conn(server), "-e", "-d", target, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        RoundTripTest.assertIdentical(server, source, target);
    }
}
