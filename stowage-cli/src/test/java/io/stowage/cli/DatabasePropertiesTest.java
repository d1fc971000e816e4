package io.stowage.cli;

import io.stowage.testkit.ComparisonReport;
import io.stowage.testkit.DatabaseComparator;
import io.stowage.testkit.ObjectKind;
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
 * {@code -C}: the database's own properties (comment, settings, a role's settings in it, ACL,
 * connection limit, encoding, locale provider and ICU locale) go through {@code stowage dump -C}
 * and {@code stowage restore -C -d postgres}, and {@code -C -c} drops and re-creates it.
 */
class DatabasePropertiesTest {
    private static final String ROLE = "stowage_db_role";
    private static final String GRANTEE = "stowage_db_grantee";

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {12, 15, 18})
    void createCarriesTheDatabaseProperties(int major, @TempDir Path dir) throws Exception {
        PgServer server = Servers.get(major);
        String name = "dbprops_" + major + "_" + Long.toString(System.nanoTime() & 0xffffff, 36);
        server.execute("postgres",
                "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + ROLE + "') THEN CREATE ROLE " + ROLE
                        + "; END IF; IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + GRANTEE + "') THEN CREATE ROLE "
                        + GRANTEE + "; END IF; END$$");
        boolean icu = major >= 15 && !server.queryColumn("postgres",
                "SELECT 1 FROM pg_collation WHERE collprovider = 'i' LIMIT 1").isEmpty();
        server.execute("postgres", "CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'"
                + (icu ? " LOCALE_PROVIDER icu ICU_LOCALE 'de-DE'" : "") + " CONNECTION LIMIT 7",
                "COMMENT ON DATABASE " + name + " IS 'the database''s comment'",
                "ALTER DATABASE " + name + " SET search_path = app, \"Mixed Case\", public",
                "ALTER DATABASE " + name + " SET work_mem = '8MB'",
                "ALTER ROLE " + ROLE + " IN DATABASE " + name + " SET work_mem = '16MB'",
                "REVOKE CONNECT, TEMPORARY ON DATABASE " + name + " FROM PUBLIC",
                "GRANT CONNECT ON DATABASE " + name + " TO " + GRANTEE);
        server.execute(name, "CREATE TABLE public.t (id int PRIMARY KEY, v text)", "INSERT INTO public.t VALUES (1, 'one')");
        String schemaBefore = major == 15 ? referenceSchema(server, name) : null;

        Path dump = dir.resolve("db.sql");
        Cli.Result d = Cli.run(args("dump", conn(server), "-C", "-f", dump.toString(), name));
        assertThat(d.exit()).as(d.toString()).isZero();
        String script = Files.readString(dump);
        assertThat(script).contains("ALTER ROLE " + ROLE + " IN DATABASE " + name + " SET work_mem TO '16MB';",
                "ALTER DATABASE " + name + " SET search_path TO 'app', 'Mixed Case', 'public';",
                "ALTER DATABASE " + name + " CONNECTION LIMIT = 7;");
        if (icu) {
            assertThat(script).contains("LOCALE_PROVIDER = icu", "ICU_LOCALE = 'de-DE'");
        }

        // keep the original under another name as the oracle; the name is now free for -C
        String original = name + "_orig";
        server.execute("postgres", "ALTER DATABASE " + name + " RENAME TO " + original);
        try {
            Cli.Result r = Cli.run(args("restore", conn(server), "-C", "-e", "-d", "postgres", dump.toString()));
            assertThat(r.exit()).as(r.toString()).isZero();
            assertIdentical(server, original, name);
            if (major == 15) {
                assertThat(referenceSchema(server, name)).isEqualTo(schemaBefore);
            }

            // -C -c: drops the restored database first, then creates it again
            server.execute(name, "ALTER DATABASE " + name + " CONNECTION LIMIT 3", "COMMENT ON DATABASE " + name + " IS 'changed'");
            Cli.Result again = Cli.run(args("restore", conn(server), "-C", "-c", "-e", "-d", "postgres", dump.toString()));
            assertThat(again.exit()).as(again.toString()).isZero();
            assertIdentical(server, original, name);
        } finally {
            server.dropDatabase(name);
            server.dropDatabase(original);
        }
    }

    @Test
    void withoutCreateNothingAboutTheDatabaseIsDumped() {
        PgServer server = Servers.get(15);
        String db = server.createDatabase();
        server.execute("postgres", "COMMENT ON DATABASE " + db + " IS 'not without -C'",
                "ALTER DATABASE " + db + " SET work_mem = '8MB'", "REVOKE TEMPORARY ON DATABASE " + db + " FROM PUBLIC");
        Cli.Result d = Cli.run(args("dump", conn(server), db));
        assertThat(d.exit()).as(d.toString()).isZero();
        // pg_dump 11+ writes the database's comment, settings and ACL only with -C
        assertThat(d.out()).doesNotContain("ON DATABASE", "ALTER DATABASE", "CREATE DATABASE");
    }

    private static void assertIdentical(PgServer server, String expected, String actual) throws Exception {
        ComparisonReport report = DatabaseComparator.create().withDatabase().compare(server, expected, server, actual);
        assertThat(report.differences()).as(report.toString()).isEmpty();
        assertThat(report.about(ObjectKind.DATABASE)).isEmpty();
        // the comparison covered the properties: a database without them differs
        String plain = server.createDatabase();
        try {
            ComparisonReport bare = DatabaseComparator.create().withoutContents().withDatabase().compare(server, expected, server, plain);
            assertThat(bare.about(ObjectKind.DATABASE)).extracting(d -> d.detail().split(" ")[0])
                    .contains("comment", "settings", "role", "acl", "connection");
        } finally {
            server.dropDatabase(plain);
        }
    }

    /** pg_dump 15's -C -s output, without the random \restrict keys. */
    private static String referenceSchema(PgServer server, String db) {
        ReferenceTools.require("pg_dump", 15);
        ReferenceTools.Run run = ReferenceTools.pgDump(server, db, "-C", "-s");
        assertThat(run.exit()).as(run.err()).isZero();
        return ReferenceTools.withoutRestrictKeys(run.out());
    }
}
