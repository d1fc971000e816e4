package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dependency loops broken as pg_dump breaks them (pg_dump_sort.c, repairDependencyLoop): each
 * database restores with -e and compares identical, and on 15 pg_dump -s of both agrees.
 */
class DependencyLoopsTest {

    /** The loops, each in its own schema; SQL-standard bodies only from 14. */
    static List<String> loops(int major) {
        List<String> sql = new ArrayList<>(List.of(
                // a view and a materialized view grouped by a primary key (functional dependency)
                "CREATE SCHEMA pk",
                "CREATE TABLE pk.t (id integer PRIMARY KEY, v text)",
                "INSERT INTO pk.t VALUES (1, 'a'), (2, 'b')",
                "CREATE VIEW pk.v AS SELECT id, v FROM pk.t GROUP BY id",
                "CREATE MATERIALIZED VIEW pk.m AS SELECT id, v FROM pk.t GROUP BY id",
                "CREATE INDEX m_id ON pk.m (id)",
                "CREATE VIEW pk.on_m AS SELECT id FROM pk.m",
                // a CHECK constraint and a default calling functions on the table's row type
                "CREATE SCHEMA rowtype",
                "CREATE TABLE rowtype.t (id integer, v integer)",
                "CREATE FUNCTION rowtype.ok(rowtype.t) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1.v IS NULL OR $1.v > 0'",
                "CREATE FUNCTION rowtype.dflt(rowtype.t) RETURNS integer LANGUAGE sql AS 'SELECT 7'",
                "CREATE FUNCTION rowtype.zero() RETURNS rowtype.t LANGUAGE sql AS 'SELECT NULL::rowtype.t'",
                "ALTER TABLE rowtype.t ADD CONSTRAINT t_ok CHECK (rowtype.ok(t.*))",
                "ALTER TABLE rowtype.t ADD COLUMN w integer DEFAULT rowtype.dflt(rowtype.zero())",
                "COMMENT ON CONSTRAINT t_ok ON rowtype.t IS 'split out of CREATE TABLE'",
                "INSERT INTO rowtype.t VALUES (1, 2)",
                // a domain CHECK calling a function on the domain
                "CREATE SCHEMA dom",
                "CREATE DOMAIN dom.small AS integer",
                "CREATE FUNCTION dom.biggest() RETURNS dom.small LANGUAGE plpgsql VOLATILE AS 'BEGIN RETURN 999; END'",
                "ALTER DOMAIN dom.small ADD CONSTRAINT small_fits CHECK (CASE WHEN VALUE < 1000 THEN true ELSE VALUE <= dom.biggest() END)",
                "CREATE TABLE dom.t (s dom.small)",
                "INSERT INTO dom.t VALUES (5)",
                // two views referring to each other's row types through functions
                "CREATE SCHEMA mutual",
                "CREATE VIEW mutual.a AS SELECT 1 AS id",
                "CREATE FUNCTION mutual.fa(mutual.a) RETURNS integer LANGUAGE sql AS 'SELECT $1.id'",
                "CREATE VIEW mutual.b AS SELECT mutual.fa(a.*) AS x FROM mutual.a",
                "CREATE FUNCTION mutual.fb(mutual.b) RETURNS integer LANGUAGE sql AS 'SELECT $1.x'",
                "CREATE OR REPLACE VIEW mutual.a AS SELECT 1 AS id, (SELECT mutual.fb(b.*) FROM mutual.b LIMIT 1) AS y",
                // a function in an index expression, created after the table
                "CREATE SCHEMA idx",
                "CREATE TABLE idx.t (s text)",
                "CREATE FUNCTION idx.norm(text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower($1)'",
                "CREATE INDEX t_norm ON idx.t (idx.norm(s))",
                "INSERT INTO idx.t VALUES ('X')"));
        if (major >= 14) {
            sql.addAll(List.of(
                    "CREATE SCHEMA atomic",
                    "CREATE TABLE atomic.t (id integer PRIMARY KEY)",
                    "CREATE FUNCTION atomic.n() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT count(*) FROM atomic.t; END",
                    "CREATE TABLE atomic.u (n bigint DEFAULT atomic.n())",
                    // a default calling a function whose body reads the same table
                    "CREATE TABLE atomic.self (id integer)",
                    "CREATE FUNCTION atomic.next_id() RETURNS integer LANGUAGE sql BEGIN ATOMIC "
                            + "SELECT COALESCE(max(id), 0) + 1 FROM atomic.self; END",
                    "ALTER TABLE atomic.self ALTER COLUMN id SET DEFAULT atomic.next_id()",
                    "INSERT INTO atomic.self DEFAULT VALUES",
                    "INSERT INTO atomic.t VALUES (1), (2)",
                    "INSERT INTO atomic.u DEFAULT VALUES",
                    // a function body needing a unique index: pg_dump postpones it to post-data
                    "CREATE FUNCTION atomic.upsert(i integer) RETURNS void LANGUAGE sql BEGIN ATOMIC "
                            + "INSERT INTO atomic.t VALUES (i) ON CONFLICT (id) DO NOTHING; END"));
        }
        return sql;
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {12, 15, 18})
    void loopsRestoreIdentically(int major, @TempDir Path dir) throws Exception {
        PgServer server = Servers.get(major);
        String source = server.createDatabase();
        server.execute(source, loops(major).toArray(String[]::new));
        Path file = dir.resolve("loops.sql");
        Cli.Result dump = Cli.run(args("dump", conn(server), "-f", file.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        assertThat(dump.err()).as("no loop is left to the last-resort break").doesNotContain("dependency loop");
        String script = Files.readString(file);
        assertThat(script).contains(
                "-- Name: t t_ok; Type: CHECK CONSTRAINT; Schema: rowtype;",
                "-- Name: t w; Type: DEFAULT; Schema: rowtype;",
                "-- Name: small small_fits; Type: CHECK CONSTRAINT; Schema: dom;");
        // the materialized view waits for the primary key it needs, in post-data
        assertThat(script.indexOf("CREATE MATERIALIZED VIEW pk.m")).isGreaterThan(script.indexOf("ADD CONSTRAINT t_pkey PRIMARY KEY"));

        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-e", "-d", target, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        RoundTripTest.assertIdentical(server, source, target);

        if (major == 15) {
            ReferenceTools.require("pg_dump", 15);
            ReferenceTools.Run a = ReferenceTools.pgDump(server, source, "-s");
            ReferenceTools.Run b = ReferenceTools.pgDump(server, target, "-s");
            assertThat(a.exit()).as(a.err()).isZero();
            assertThat(ReferenceTools.withoutRestrictKeys(b.out()))
                    .isEqualTo(ReferenceTools.withoutRestrictKeys(a.out()));
        }
    }
}
