package io.stowage.cli;

import io.stowage.testkit.ComparisonReport;
import io.stowage.testkit.DatabaseComparator;
import io.stowage.testkit.ExtensionFixture;
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
 * Extensions as pg_dump dumps them ({@link ExtensionFixture}): CREATE EXTENSION without a version,
 * members left out, configuration tables' data filtered by the registered condition, configuration
 * sequences' values, and privileges changed on members after install.
 */
class ExtensionRoundTripTest {

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {12, 15, 18})
    void extensionRoundTrip(int major, @TempDir Path dir) throws Exception {
        PgServer server = Servers.get(major);
        String source = ExtensionFixture.create(server);
        Path file = dir.resolve("ext.sql");
        Cli.Result dump = Cli.run(args("dump", conn(server), "-f", file.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        String script = Files.readString(file);
        assertThat(script).contains(
                "CREATE EXTENSION IF NOT EXISTS stowage_fx_cfg WITH SCHEMA fx_ext;",
                "COMMENT ON EXTENSION stowage_fx_cfg IS 'configuration lives here';",
                "-- Data for Name: fx_cfg; Type: TABLE DATA; Schema: fx_ext;",
                "COPY fx_ext.fx_cfg (id, name, builtin) FROM stdin;\n3\tmine\tf\n4\talso \"mine\"\tf\n\\.\n",
                "SELECT pg_catalog.setval('fx_ext.fx_counter', 5, true);",
                "SELECT pg_catalog.setval('fx_ext.fx_cfg_id_seq', 4, true);",
                "GRANT SELECT ON TABLE fx_ext.fx_private TO stowage_fx_reader;",
                "CREATE TABLE fx_ext.mine")
                .doesNotContain("shipped one", "CREATE TABLE fx_ext.fx_cfg", "CREATE FUNCTION fx_ext.fx_hello",
                        "CREATE VIEW fx_ext.fx_names", "fx_private TO postgres");
        // the referenced configuration table's data comes first
        assertThat(script.indexOf("COPY fx_ext.fx_kind")).isLessThan(script.indexOf("COPY fx_ext.fx_item"));

        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-e", "-d", target, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        RoundTripTest.assertIdentical(server, source, target);
        assertThat(server.queryColumn(target, "SELECT string_agg(name, ',' ORDER BY id) FROM fx_ext.fx_cfg"))
                .containsExactly("shipped one,shipped two,mine,also \"mine\"");

        // the comparator sees configuration data and sequence values, which are extension members
        server.execute(target, "DELETE FROM fx_ext.fx_item WHERE id = 2", "SELECT nextval('fx_ext.fx_counter')");
        ComparisonReport report = DatabaseComparator.create().compare(server, source, server, target);
        assertThat(report.toString()).contains("fx_ext.fx_item", "fx_ext.fx_counter");
    }

    @Test
    void dataOnlyCarriesConfigurationDataAndPgDumpAgrees(@TempDir Path dir) throws Exception {
        PgServer server = Servers.get(15);
        String source = ExtensionFixture.create(server);
        Path data = dir.resolve("data.sql");
        assertThat(Cli.run(args("dump", conn(server), "-a", "-f", data.toString(), source)).exit()).isZero();
        assertThat(Files.readString(data)).contains("COPY fx_ext.fx_cfg (id, name, builtin) FROM stdin;",
                "SELECT pg_catalog.setval('fx_ext.fx_counter', 5, true);").doesNotContain("CREATE EXTENSION");

        Path file = dir.resolve("ext.sql");
        assertThat(Cli.run(args("dump", conn(server), "-f", file.toString(), source)).exit()).isZero();
        String restored = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-e", "-d", restored, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        ReferenceTools.require("pg_dump", 15);
        for (String flags : new String[] {"-s", "-a"}) {
            ReferenceTools.Run a = ReferenceTools.pgDump(server, source, flags);
            ReferenceTools.Run b = ReferenceTools.pgDump(server, restored, flags);
            assertThat(a.exit()).as(a.err()).isZero();
            assertThat(ReferenceTools.withoutRestrictKeys(b.out()))
                    .as("pg_dump " + flags).isEqualTo(ReferenceTools.withoutRestrictKeys(a.out()));
        }
    }
}
