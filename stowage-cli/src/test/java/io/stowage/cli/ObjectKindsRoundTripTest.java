package io.stowage.cli;

import io.stowage.testkit.ObjectKindsFixture;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The object kinds fixture (collations, conversions, casts, operators and their classes and
 * families, text search objects, foreign data wrappers, servers, user mappings, foreign tables,
 * extended statistics, per-column settings, index details, triggers) round-trips through the CLI
 * on every supported major, and on 15 matches the reference pg_dump and loads with psql.
 */
class ObjectKindsRoundTripTest {
    private static final int REFERENCE_MAJOR = 15;

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {12, 13, 14, 15, 16, 17, 18})
    void objectKindsRoundTrip(int major, @TempDir Path dir) throws Exception {
        PgServer server = Servers.get(major);
        String source = ObjectKindsFixture.create(server);
        String target = server.createDatabase();
        Path file = dir.resolve("kinds.sql");

        Cli.Result dump = Cli.run(args("dump", "-v", conn(server), "-f", file.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        String script = Files.readString(file);
        assertThat(script).contains("CREATE COLLATION kinds.c_libc (provider = libc, locale = 'C');",
                "CREATE CAST (kinds.money2 AS text) WITH FUNCTION kinds.money2_to_text(kinds.money2) AS ASSIGNMENT;",
                "CREATE OPERATOR CLASS kinds.abs_ops", "ALTER OPERATOR FAMILY kinds.loose_ops USING btree ADD",
                "CREATE TEXT SEARCH CONFIGURATION kinds.cfg", "ADD MAPPING FOR asciiword WITH kinds.dict, simple;",
                "CREATE SERVER kinds_srv TYPE 'remote' VERSION '1.0' FOREIGN DATA WRAPPER kinds_fdw",
                "CREATE USER MAPPING FOR kinds_user SERVER kinds_srv", "SERVER kinds_srv\nOPTIONS (",
                "CREATE STATISTICS kinds.measure_ab", "ALTER TABLE ONLY kinds.measure ALTER COLUMN a SET STATISTICS 500;",
                "ALTER INDEX kinds.measure_expr_idx ALTER COLUMN 2 SET STATISTICS 200;",
                "ALTER TABLE kinds.measure CLUSTER ON measure_id_idx;", "CREATE CONSTRAINT TRIGGER measure_check");
        // the user mapping's password is in the script, where it must be, and nowhere else
        assertThat(script).contains(ObjectKindsFixture.USER_MAPPING_PASSWORD);
        assertThat(dump.out() + dump.err()).contains("USER MAPPING").doesNotContain(ObjectKindsFixture.USER_MAPPING_PASSWORD);

        Cli.Result restore = Cli.run(args("restore", "-v", conn(server), "-e", "-d", target, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(restore.out() + restore.err()).doesNotContain(ObjectKindsFixture.USER_MAPPING_PASSWORD);
        assertThat(RoundTripTest.assertIdentical(server, source, target)).isGreaterThan(80);
    }

    @Test
    void restoredDatabaseHasTheSamePgDumpSchema(@TempDir Path dir) throws Exception {
        ReferenceTools.require("pg_dump", REFERENCE_MAJOR);
        PgServer server = Servers.get(REFERENCE_MAJOR);
        ReferenceTools.assertPgDumpSchemaSurvivesRoundTrip(server, ObjectKindsFixture.create(server), dir,
                "CREATE TEXT SEARCH PARSER kinds.prs", "CREATE FOREIGN TABLE kinds.remote");
    }

    @Test
    void ourDumpLoadsWithPsqlOnErrorStop(@TempDir Path dir) throws Exception {
        ReferenceTools.require("psql", REFERENCE_MAJOR);
        PgServer server = Servers.get(REFERENCE_MAJOR);
        ReferenceTools.assertOurDumpLoadsWithPsql(server, ObjectKindsFixture.create(server), dir);
    }

}
