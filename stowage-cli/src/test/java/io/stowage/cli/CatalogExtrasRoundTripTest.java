package io.stowage.cli;

import io.stowage.testkit.CatalogExtrasFixture;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row-level security, policies, default privileges, large objects, event triggers, publications
 * and subscriptions ({@link CatalogExtrasFixture}) round-trip through the CLI, are written as
 * pg_dump writes them, and follow -c/--if-exists, -O and -x.
 */
class CatalogExtrasRoundTripTest {

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {12, 15, 18})
    void extrasRoundTrip(int major, @TempDir Path dir) throws Exception {
        PgServer server = Servers.get(major);
        String source = CatalogExtrasFixture.create(server);
        String target = server.createDatabase();
        Path file = dir.resolve("extras.sql");

        Cli.Result dump = Cli.run(args("dump", conn(server), "-v", "-f", file.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        assertThat(dump.out() + dump.err()).as("the subscription's password is never shown")
                .doesNotContain(CatalogExtrasFixture.SUBSCRIPTION_PASSWORD)
                .contains("subscription fx_sub holds a password");
        String script = Files.readString(file);
        assertThat(script).contains(
                "ALTER TABLE sec.account ENABLE ROW LEVEL SECURITY;\n\n",
                "ALTER TABLE ONLY sec.account FORCE ROW LEVEL SECURITY;",
                "CREATE POLICY account_limit ON sec.account AS RESTRICTIVE FOR UPDATE USING ((balance >= (0)::numeric))"
                        + " WITH CHECK ((balance >= (0)::numeric));",
                "CREATE POLICY account_read ON sec.account FOR SELECT TO stowage_fx_reader USING ((owner_name = CURRENT_USER));",
                "COMMENT ON POLICY account_read ON sec.account IS 'readers see their own rows';",
                "ALTER DEFAULT PRIVILEGES FOR ROLE stowage_fx_owner IN SCHEMA sec GRANT SELECT,INSERT ON TABLES  TO stowage_fx_reader;",
                "ALTER DEFAULT PRIVILEGES FOR ROLE stowage_fx_owner REVOKE ALL ON FUNCTIONS  FROM PUBLIC;",
                "-- Name: 771003; Type: BLOB; Schema: -; Owner: stowage_fx_owner",
                "SELECT pg_catalog.lo_create('771003');",
                "ALTER LARGE OBJECT 771003 OWNER TO stowage_fx_owner;",
                "COMMENT ON LARGE OBJECT 771003 IS 'about three megabytes';",
                "GRANT SELECT ON LARGE OBJECT 771003 TO stowage_fx_reader;",
                "-- Data for Name: BLOBS; Type: BLOBS; Schema: -; Owner: -\n--\n\nBEGIN;\n\n",
                "SELECT pg_catalog.lo_open('771002', 131072);\nSELECT pg_catalog.lo_close(0);\n\n",
                "CREATE EVENT TRIGGER fx_ddl_start ON ddl_command_start\n         WHEN TAG IN ('CREATE TABLE', 'DROP TABLE')\n"
                        + "   EXECUTE FUNCTION sec.log_ddl();",
                "ALTER EVENT TRIGGER fx_ddl_end DISABLE;",
                "ALTER EVENT TRIGGER \"Fx Drop\" ENABLE REPLICA;",
                "CREATE PUBLICATION fx_all FOR ALL TABLES WITH (publish = 'insert, update');",
                "ALTER PUBLICATION fx_some ADD TABLE ONLY sec.account;",
                "CREATE SUBSCRIPTION fx_sub CONNECTION 'host=127.0.0.1 port=1 dbname=nowhere user=fx password="
                        + CatalogExtrasFixture.SUBSCRIPTION_PASSWORD + "' PUBLICATION fx_remote, \"Other Pub\""
                        + " WITH (connect = false, slot_name = 'fx_sub'");
        if (major >= 15) {
            assertThat(script).contains("ALTER PUBLICATION fx_cols ADD TABLE ONLY sec.account (id, balance) WHERE ((balance > (0)::numeric));",
                    "ALTER PUBLICATION fx_schema ADD TABLES IN SCHEMA sec_pub;");
        }
        // the 3.2 MB object is written 16 kB per lowrite, as pg_dump writes it
        assertThat(lowritesOf(script, "771003")).isEqualTo((CatalogExtrasFixture.BIG_OBJECT_BYTES + 16383) / 16384);
        // event triggers come last, after the ACLs
        assertThat(script.indexOf("CREATE EVENT TRIGGER")).isGreaterThan(script.lastIndexOf("GRANT SELECT ON LARGE OBJECT"));

        Cli.Result restore = Cli.run(args("restore", conn(server), "-e", "-d", target, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        RoundTripTest.assertIdentical(server, source, target);
    }

    private static int lowritesOf(String script, String oid) {
        int start = script.indexOf("SELECT pg_catalog.lo_open('" + oid + "', 131072);\n");
        int end = script.indexOf("SELECT pg_catalog.lo_close(0);", start);
        Matcher m = Pattern.compile("(?m)^SELECT pg_catalog\\.lowrite\\(0, '\\\\x([0-9a-f]*)'\\);$")
                .matcher(script.substring(start, end));
        int lines = 0;
        while (m.find()) {
            assertThat(m.group(1).length()).isLessThanOrEqualTo(2 * 16384);
            lines++;
        }
        return lines;
    }

    @Test
    void cleanIfExistsTwiceOverAnExistingCopy(@TempDir Path dir) throws Exception {
        PgServer server = Servers.get(15);
        String source = CatalogExtrasFixture.create(server);
        // without its publisher a subscription with a slot cannot be dropped, by pg_dump's scripts either
        server.execute(source, "ALTER SUBSCRIPTION fx_sub SET (slot_name = NONE)");
        // -c drops objects, never default privileges: a global default for the restoring role that
        // the existing copy already holds would grant on the tables the script re-creates before
        // their ACLs are set, as with pg_dump's own scripts
        server.execute(source, "ALTER DEFAULT PRIVILEGES REVOKE ALL ON TABLES FROM stowage_fx_owner");
        String target = server.createDatabase();
        Path file = dir.resolve("extras.sql");
        assertThat(Cli.run(args("dump", conn(server), "-f", file.toString(), source)).exit()).isZero();
        Cli.Result first = Cli.run(args("restore", conn(server), "-e", "-d", target, file.toString()));
        assertThat(first.exit()).as(first.toString()).isZero();

        Path clean = dir.resolve("clean.sql");
        Cli.Result dump = Cli.run(args("dump", conn(server), "-c", "--if-exists", "-f", clean.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        assertThat(Files.readString(clean)).contains(
                "SELECT pg_catalog.lo_unlink(oid) FROM pg_catalog.pg_largeobject_metadata WHERE oid = '771003';",
                "DROP POLICY IF EXISTS account_read ON sec.account;", "DROP EVENT TRIGGER IF EXISTS fx_ddl_start;",
                "DROP PUBLICATION IF EXISTS fx_some;", "DROP SUBSCRIPTION IF EXISTS fx_sub;");
        for (int run = 1; run <= 2; run++) {
            Cli.Result again = Cli.run(args("restore", conn(server), "-e", "-d", target, clean.toString()));
            assertThat(again.exit()).as("run " + run + ": " + again).isZero();
            RoundTripTest.assertIdentical(server, source, target);
        }
        // the restore engine derives the same drops from a script dumped without -c
        for (int run = 1; run <= 2; run++) {
            Cli.Result again = Cli.run(args("restore", conn(server), "-e", "-c", "--if-exists", "-d", target, file.toString()));
            assertThat(again.exit()).as("restore -c run " + run + ": " + again).isZero();
            RoundTripTest.assertIdentical(server, source, target);
        }
    }

    @Test
    void noOwnerAndNoPrivilegesLeaveTheNewEntriesOut(@TempDir Path dir) throws Exception {
        PgServer server = Servers.get(15);
        String source = CatalogExtrasFixture.create(server);
        Path noOwner = dir.resolve("no-owner.sql");
        Path noPrivileges = dir.resolve("no-privileges.sql");
        assertThat(Cli.run(args("dump", conn(server), "-O", "-f", noOwner.toString(), source)).exit()).isZero();
        assertThat(Cli.run(args("dump", conn(server), "-x", "-f", noPrivileges.toString(), source)).exit()).isZero();

        String o = Files.readString(noOwner);
        assertThat(o).contains("SELECT pg_catalog.lo_create('771003');", "CREATE PUBLICATION fx_some",
                        "ALTER DEFAULT PRIVILEGES FOR ROLE stowage_fx_owner")
                .doesNotContain("OWNER TO");
        String x = Files.readString(noPrivileges);
        assertThat(x).contains("ALTER LARGE OBJECT 771003 OWNER TO stowage_fx_owner;", "CREATE POLICY account_read")
                .doesNotContain("GRANT ", "REVOKE ", "ALTER DEFAULT PRIVILEGES", "Type: DEFAULT ACL", "Type: ACL");

        // the restore engine's own -O and -x filter the same entries from a full dump
        Path full = dir.resolve("full.sql");
        assertThat(Cli.run(args("dump", conn(server), "-f", full.toString(), source)).exit()).isZero();
        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-e", "-O", "-x", "-d", target, full.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        try (var c = server.connect(target); var st = c.createStatement();
             var rs = st.executeQuery("SELECT (SELECT count(*) FROM pg_default_acl), "
                     + "(SELECT count(*) FROM pg_largeobject_metadata WHERE lomacl IS NOT NULL), "
                     + "(SELECT count(*) FROM pg_largeobject_metadata WHERE lomowner <> 'postgres'::regrole), "
                     + "(SELECT count(*) FROM pg_policy), (SELECT count(*) FROM pg_largeobject_metadata)")) {
            rs.next();
            assertThat(rs.getInt(1)).as("default privileges").isZero();
            assertThat(rs.getInt(2)).as("large object ACLs").isZero();
            assertThat(rs.getInt(3)).as("large object owners").isZero();
            assertThat(rs.getInt(4)).as("policies").isEqualTo(5);
            assertThat(rs.getInt(5)).as("large objects").isEqualTo(4);
        }
    }

    @Test
    void referenceToolsAgreeOnPostgres15(@TempDir Path dir) throws Exception {
        ReferenceTools.require("pg_dump", 15);
        ReferenceTools.require("psql", 15);
        PgServer server = Servers.get(15);
        String source = CatalogExtrasFixture.create(server);
        Path file = dir.resolve("extras.sql");
        assertThat(Cli.run(args("dump", conn(server), "-f", file.toString(), source)).exit()).isZero();

        String restored = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-e", "-d", restored, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        for (String flags : new String[] {"-s", "-a"}) {
            ReferenceTools.Run a = ReferenceTools.pgDump(server, source, flags);
            ReferenceTools.Run b = ReferenceTools.pgDump(server, restored, flags);
            assertThat(a.exit()).as(a.err()).isZero();
            assertThat(b.exit()).as(b.err()).isZero();
            assertThat(ReferenceTools.withoutRestrictKeys(b.out())).as("pg_dump " + flags).isEqualTo(ReferenceTools.withoutRestrictKeys(a.out()));
        }

        String loaded = server.createDatabase();
        ReferenceTools.Run psql = ReferenceTools.psqlFile(server, loaded, file);
        assertThat(psql.exit()).as(psql.err()).isZero();
        RoundTripTest.assertIdentical(server, source, loaded);
    }

}
