package io.stowage.cli;

import io.stowage.testkit.PgServer;
import io.stowage.testkit.SchemaFormsFixture;
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
 * The schema forms fixture (typed tables, multi-level and hash partitions, every constraint form,
 * view options, materialized views, sequences in every state, trigger states on partitions,
 * function attributes, aggregate forms, domains, enums with labels added out of order) round-trips
 * through the CLI with no difference on every supported major, and on 15 matches the reference
 * pg_dump and loads with psql.
 */
class SchemaFormsRoundTripTest {
    private static final int REFERENCE_MAJOR = 15;

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {12, 13, 14, 15, 16, 17, 18})
    void schemaFormsRoundTrip(int major, @TempDir Path dir) throws Exception {
        PgServer server = Servers.get(major);
        String source = SchemaFormsFixture.create(server);
        String target = server.createDatabase();
        Path file = dir.resolve("forms.sql");

        Cli.Result dump = Cli.run(args("dump", conn(server), "-f", file.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        String script = Files.readString(file);
        assertThat(script).contains("CREATE TABLE forms.people OF forms.person (",
                "ALTER TABLE ONLY forms.events ATTACH PARTITION forms.events_us FOR VALUES IN ('us');",
                "ALTER TABLE ONLY forms.events_eu ATTACH PARTITION forms.events_eu_rest DEFAULT;",
                "ALTER INDEX forms.events_pkey ATTACH PARTITION forms.events_us_pkey;",
                "  WITH CASCADED CHECK OPTION;", "  WITH NO DATA;", "REFRESH MATERIALIZED VIEW forms.item_totals_2;",
                "SELECT pg_catalog.setval('forms.s_int', 7, false);", "SORTOP = OPERATOR(pg_catalog.>)", "HYPOTHETICAL",
                "ALTER TABLE forms.items ENABLE REPLICA TRIGGER items_replica;");
        // NOT VALID constraints come after the data that violates them
        assertThat(script.indexOf("refs_id_positive CHECK ((id > 0)) NOT VALID"))
                .isGreaterThan(script.indexOf("COPY forms.refs "));
        assertThat(script.indexOf("refs_id_fk FOREIGN KEY (id) REFERENCES forms.parent_t(id) NOT VALID"))
                .isGreaterThan(script.indexOf("COPY forms.refs "));
        // a base type: its shell, then its I/O functions, then the type; its array type comes with it
        int shell = script.indexOf("CREATE TYPE forms.int42;\n");
        int input = script.indexOf("CREATE FUNCTION forms.int42_in(cstring) RETURNS forms.int42");
        int full = script.indexOf("CREATE TYPE forms.int42 (\n    INTERNALLENGTH = 4,\n    INPUT = forms.int42_in,\n"
                + "    OUTPUT = forms.int42_out,\n    RECEIVE = forms.int42_recv,\n    SEND = forms.int42_send,\n"
                + "    DEFAULT = '42',\n    CATEGORY = 'N',\n    ALIGNMENT = int4,\n    STORAGE = plain,\n    PASSEDBYVALUE\n);");
        assertThat(shell).isPositive().isLessThan(input);
        assertThat(input).isLessThan(full);
        assertThat(script).contains("    TYPMOD_IN = forms.tw_typmod_in,", "    COLLATABLE = true,", "    DEFAULT = 'zippo',",
                        "    PREFERRED = true,\n    DELIMITER = ';',", "    ELEMENT = double precision,",
                        "CREATE TYPE forms.int4r;\n", "    canonical = forms.int4r_canon,", "    subtype_diff = int4range_subdiff",
                        "    subtype_opclass = pg_catalog.text_pattern_ops,\n    collation = pg_catalog.\"C\"")
                .doesNotContain("_int42", "CREATE TYPE forms.textr_c;");
        if (major >= 18) {
            // a NOT VALID not-null waits for the rows holding NULLs, as pg_dump 18 writes it
            assertThat(script.indexOf("ALTER TABLE forms.nn_invalid\n    ADD CONSTRAINT nn_invalid_a NOT NULL a NOT VALID;"))
                    .isGreaterThan(script.indexOf("COPY forms.nn_invalid "));
            assertThat(script).contains("a integer CONSTRAINT nn_parent_a_only NOT NULL NO INHERIT",
                    "d integer NOT NULL NO INHERIT", "ALTER TABLE ONLY forms.nn_inv_child VALIDATE CONSTRAINT nn_invalid_a;",
                    "ALTER TABLE forms.nn_parted\n    ADD CONSTRAINT nn_parted_k NOT NULL k NOT VALID;");
            assertThat(script).doesNotContain("k integer NOT NULL");
        }
        if (major >= 13) {
            assertThat(script).contains("ALTER TABLE forms.events_eu ENABLE REPLICA TRIGGER events_trg;");
            // the mid-level partition's state recurses: the leaf's own state must come after it
            assertThat(script.indexOf("ALTER TABLE forms.events_eu_2024 ENABLE ALWAYS TRIGGER events_trg;"))
                    .isGreaterThan(script.indexOf("ALTER TABLE forms.events_eu ENABLE REPLICA TRIGGER events_trg;"));
        }

        Cli.Result restore = Cli.run(args("restore", conn(server), "-e", "-d", target, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(RoundTripTest.assertIdentical(server, source, target)).isGreaterThan(240);
    }

    @ParameterizedTest(name = "PostgreSQL {0} to {1}")
    @org.junit.jupiter.params.provider.CsvSource({"12, 18", "14, 16", "16, 17", "17, 18"})
    void schemaFormsMoveUpBetweenMajors(int from, int to, @TempDir Path dir) throws Exception {
        PgServer source = Servers.get(from);
        PgServer target = Servers.get(to);
        String sourceDb = SchemaFormsFixture.create(source);
        String targetDb = target.createDatabase();
        Path file = dir.resolve("forms.sql");
        Cli.Result dump = Cli.run(args("dump", conn(source), "-f", file.toString(), sourceDb));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        Cli.Result restore = Cli.run(args("restore", conn(target), "-e", "-d", targetDb, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        io.stowage.testkit.ComparisonReport report = io.stowage.testkit.DatabaseComparator.create()
                .compare(source, sourceDb, target, targetDb)
                .excluding(io.stowage.testkit.DatabaseComparator.CROSS_MAJOR_RENDERING)
                // known gap: from 15 an unlogged table's identity sequence is created unlogged, so a
                // logged one from 12-14 arrives unlogged (a target rule, not yet written)
                .excluding(d -> from < 15 && to >= 15 && d.objectName().equals("forms.unlogged_ident_id_seq")
                        && d.detail().startsWith("persistence "));
        assertThat(report.differences()).as(report.toString()).isEmpty();
    }

    @Test
    void restoredDatabaseHasTheSamePgDumpSchema(@TempDir Path dir) throws Exception {
        ReferenceTools.require("pg_dump", REFERENCE_MAJOR);
        PgServer server = Servers.get(REFERENCE_MAJOR);
        ReferenceTools.assertPgDumpSchemaSurvivesRoundTrip(server, SchemaFormsFixture.create(server), dir,
                "CREATE TABLE forms.people OF forms.person", "CREATE AGGREGATE forms.my_avg");
    }

    @Test
    void ourDumpLoadsWithPsqlOnErrorStop(@TempDir Path dir) throws Exception {
        ReferenceTools.require("psql", REFERENCE_MAJOR);
        PgServer server = Servers.get(REFERENCE_MAJOR);
        ReferenceTools.assertOurDumpLoadsWithPsql(server, SchemaFormsFixture.create(server), dir);
    }

}
