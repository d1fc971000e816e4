package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/** pg_restore's flags on plain dumps, through the CLI (PostgreSQL 15). */
class RestoreFlagsTest {
    private static final String OWNER = "stowage_owner";
    private static PgServer server;
    private static String source;
    private static Path dumpFile;

    @BeforeAll
    static void setUp(@TempDir Path dir) throws Exception {
        server = Servers.get(15);
        source = server.createDatabase();
        server.execute(source, "DROP ROLE IF EXISTS " + OWNER, "CREATE ROLE " + OWNER,
                "CREATE TABLE public.items (id int PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO public.items SELECT g, 'item ' || g FROM generate_series(1, 1000) g",
                "ALTER TABLE public.items OWNER TO " + OWNER,
                "GRANT SELECT ON public.items TO PUBLIC",
                "COMMENT ON TABLE public.items IS 'things'");
        dumpFile = dir.resolve("items.sql");
        Cli.Result r = Cli.run(args("dump", conn(server), "-f", dumpFile.toString(), source));
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    @Test
    void plainRestoreKeepsOwnerPrivilegesAndComments() throws Exception {
        String target = restore();
        assertThat(query(target, "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'public.items'::regclass")).isEqualTo(OWNER);
        assertThat(query(target, "SELECT has_table_privilege('public', 'public.items', 'SELECT')::text")).isEqualTo("true");
        assertThat(query(target, "SELECT obj_description('public.items'::regclass, 'pg_class')")).isEqualTo("things");
        assertThat(query(target, "SELECT count(*)::text FROM public.items")).isEqualTo("1000");
    }

    @Test
    void noOwnerLeavesObjectsToTheRestoringUser() throws Exception {
        String target = restore("-O");
        assertThat(query(target, "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'public.items'::regclass")).isEqualTo("postgres");
    }

    @Test
    void noPrivilegesSkipsGrants() throws Exception {
        String target = restore("-x");
        assertThat(query(target, "SELECT coalesce(relacl::text, 'default') FROM pg_class WHERE oid = 'public.items'::regclass")).isEqualTo("default");
    }

    @Test
    void noCommentsSkipsComments() throws Exception {
        String target = restore("--no-comments");
        assertThat(query(target, "SELECT coalesce(obj_description('public.items'::regclass, 'pg_class'), 'none')")).isEqualTo("none");
    }

    @Test
    void singleTransactionRollsEverythingBackOnError(@TempDir Path dir) throws Exception {
        String target = server.createDatabase();
        server.execute(target, "CREATE TABLE public.blocker (x int)");
        // the dump's tables load, then a statement fails: with -1 nothing of it may remain
        Path bad = dir.resolve("bad.sql");
        Files.writeString(bad, Files.readString(dumpFile) + "\nCREATE TABLE public.blocker (x int);\n");
        Cli.Result r = Cli.run(args("restore", conn(server), "-1", "-d", target, bad.toString()));
        assertThat(r.exit()).as(r.toString()).isEqualTo(8);
        assertThat(query(target, "SELECT (to_regclass('public.items') IS NULL)::text")).isEqualTo("true");
    }

    @Test
    void singleTransactionStaysOneTransactionAcrossLargeObjectData(@TempDir Path dir) throws Exception {
        // pg_dump writes large object data between its own BEGIN and COMMIT; under -1 that COMMIT
        // must not end the one transaction, or a later error would leave the first part behind
        String withBlob = server.createDatabase();
        server.execute(withBlob, "CREATE TABLE public.before_blob (id int)",
                "SELECT lo_from_bytea(0, 'some bytes')", "CREATE TABLE public.after_blob (id int)");
        Path file = dir.resolve("blob.sql");
        assertThat(Cli.run(args("dump", conn(server), "-f", file.toString(), withBlob)).exit()).isZero();
        assertThat(Files.readString(file)).contains("BEGIN;", "COMMIT;", "lowrite");
        Files.writeString(file, Files.readString(file) + "\nCREATE TABLE public.before_blob (id int);\n");

        String target = server.createDatabase();
        Cli.Result r = Cli.run(args("restore", conn(server), "-1", "-d", target, file.toString()));
        assertThat(r.exit()).as(r.toString()).isEqualTo(8);
        assertThat(query(target, "SELECT count(*)::text FROM pg_largeobject_metadata")).isEqualTo("0");
        assertThat(query(target, "SELECT (to_regclass('public.before_blob') IS NULL)::text")).isEqualTo("true");
    }

    @Test
    void cleanTwiceInARowGivesTheSameDatabase() throws Exception {
        String target = restore();
        for (int i = 0; i < 2; i++) {
            Cli.Result r = Cli.run(args("restore", conn(server), "-c", "--if-exists", "-e", "-d", target, dumpFile.toString()));
            assertThat(r.exit()).as(r.toString()).isZero();
        }
        RoundTripTest.assertIdentical(server, source, target);
    }

    @Test
    void cleanWithoutIfExistsOnAnEmptyDatabaseReportsTheFailedDrops() throws Exception {
        String target = server.createDatabase();
        Cli.Result r = Cli.run(args("restore", conn(server), "-c", "-d", target, dumpFile.toString()));
        // like pg_restore: the drops fail, are counted, and everything else is restored
        assertThat(r.exit()).as(r.toString()).isEqualTo(8);
        assertThat(r.err()).contains("errors ignored on restore");
        assertThat(query(target, "SELECT count(*)::text FROM public.items")).isEqualTo("1000");
    }

    @Test
    void createWithoutADatabaseEntryIsAnInputError() throws Exception {
        Cli.Result r = Cli.run(args("restore", conn(server), "-C", "-d", "postgres", dumpFile.toString()));
        ErrorCasesTest.assertOneLineError(r, 6, "-C");
    }

    private String restore(String... flags) throws Exception {
        String target = server.createDatabase();
        Cli.Result r = Cli.run(args("restore", conn(server), flags, "-e", "-d", target, dumpFile.toString()));
        assertThat(r.exit()).as(r.toString()).isZero();
        return target;
    }

    private static String query(String db, String sql) throws Exception {
        try (Connection c = server.connect(db); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
