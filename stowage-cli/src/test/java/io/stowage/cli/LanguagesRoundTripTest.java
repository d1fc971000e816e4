package io.stowage.cli;

import io.stowage.testkit.LanguagesFixture;
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
 * Procedural languages, transforms, access methods and tables using a new table access method
 * ({@link LanguagesFixture}) round-trip through the CLI on every supported major, and on 15 the
 * restored database has the source's pg_dump schema and our script loads with psql.
 */
class LanguagesRoundTripTest {
    private static final int REFERENCE_MAJOR = 15;

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {12, 13, 14, 15, 16, 17, 18})
    void languagesRoundTrip(int major, @TempDir Path dir) throws Exception {
        PgServer server = Servers.get(major);
        String source = LanguagesFixture.create(server);
        String target = server.createDatabase();
        Path file = dir.resolve("langs.sql");

        Cli.Result dump = Cli.run(args("dump", conn(server), "-f", file.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        String script = Files.readString(file);
        assertThat(script).contains(
                "CREATE TRUSTED PROCEDURAL LANGUAGE stowage_pl HANDLER langs.pl_handler INLINE langs.pl_inline"
                        + " VALIDATOR langs.pl_validator;",
                "CREATE PROCEDURAL LANGUAGE \"Stowage Plain\" HANDLER langs.pl_handler;",
                "ALTER PROCEDURAL LANGUAGE \"Stowage Plain\" OWNER TO langs_user;",
                "COMMENT ON LANGUAGE stowage_pl IS 'plpgsql by another name';",
                "REVOKE ALL ON LANGUAGE stowage_pl FROM PUBLIC;\nGRANT ALL ON LANGUAGE stowage_pl TO langs_user;",
                "REVOKE ALL ON LANGUAGE plpgsql FROM PUBLIC;",
                "CREATE TRANSFORM FOR integer LANGUAGE stowage_pl (FROM SQL WITH FUNCTION langs.from_sql(internal),"
                        + " TO SQL WITH FUNCTION langs.to_sql(internal));",
                "CREATE TRANSFORM FOR integer LANGUAGE \"Stowage Plain\" (FROM SQL WITH FUNCTION langs.from_sql(internal));",
                "COMMENT ON TRANSFORM FOR integer LANGUAGE stowage_pl IS 'never called';",
                "CREATE ACCESS METHOD stowage_heap TYPE TABLE HANDLER heap_tableam_handler;",
                "CREATE ACCESS METHOD \"Stowage Btree\" TYPE INDEX HANDLER bthandler;",
                "COMMENT ON ACCESS METHOD stowage_heap IS 'heap by another name';",
                "SET default_table_access_method = stowage_heap;\n\n--\n-- Name: on_new_am;",
                "SET default_table_access_method = heap;");
        // plpgsql itself is the extension's: only its changed privileges are written
        assertThat(script).doesNotContain("LANGUAGE plpgsql HANDLER", "CREATE OR REPLACE PROCEDURAL LANGUAGE");
        // a language comes after its handler function, a function written in it after the language
        assertThat(script.indexOf("CREATE FUNCTION langs.pl_handler()"))
                .isLessThan(script.indexOf("CREATE PROCEDURAL LANGUAGE \"Stowage Plain\""));
        assertThat(script.indexOf("CREATE TRUSTED PROCEDURAL LANGUAGE stowage_pl"))
                .isLessThan(script.indexOf("CREATE FUNCTION langs.add_one("))
                .isLessThan(script.indexOf("CREATE TRANSFORM FOR integer LANGUAGE stowage_pl"));

        Cli.Result restore = Cli.run(args("restore", conn(server), "-e", "-d", target, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(RoundTripTest.assertIdentical(server, source, target)).isGreaterThan(15);
    }

    @Test
    void referenceToolsAgreeOnPostgres15(@TempDir Path dir) throws Exception {
        ReferenceTools.require("pg_dump", REFERENCE_MAJOR);
        ReferenceTools.require("psql", REFERENCE_MAJOR);
        PgServer server = Servers.get(REFERENCE_MAJOR);
        String source = LanguagesFixture.create(server);
        Path file = dir.resolve("langs.sql");
        assertThat(Cli.run(args("dump", conn(server), "-f", file.toString(), source)).exit()).isZero();

        String restored = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-e", "-d", restored, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        ReferenceTools.Run a = ReferenceTools.pgDump(server, source, "-s");
        ReferenceTools.Run b = ReferenceTools.pgDump(server, restored, "-s");
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(b.exit()).as(b.err()).isZero();
        assertThat(a.out()).contains("CREATE TRUSTED PROCEDURAL LANGUAGE stowage_pl", "CREATE TRANSFORM FOR integer",
                "CREATE ACCESS METHOD stowage_heap");
        assertThat(ReferenceTools.withoutRestrictKeys(b.out())).isEqualTo(ReferenceTools.withoutRestrictKeys(a.out()));

        String loaded = server.createDatabase();
        ReferenceTools.Run psql = ReferenceTools.psqlFile(server, loaded, file);
        assertThat(psql.exit()).as(psql.err()).isZero();
        RoundTripTest.assertIdentical(server, source, loaded);
    }

}
