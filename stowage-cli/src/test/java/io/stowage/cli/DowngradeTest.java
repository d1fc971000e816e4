package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dump of PostgreSQL 18 holding what older majors cannot take restores into 12 and 14 with -e:
 * every object that cannot be carried is named, what can be adapted is, and the rest arrives.
 */
class DowngradeTest {

    @ParameterizedTest(name = "18 -> {0}")
    @ValueSource(ints = {12, 14})
    void newerFeaturesAreNamedAndTheRestArrives(int targetMajor, @TempDir Path dir) throws Exception {
        PgServer source = Servers.get(18);
        PgServer target = Servers.get(targetMajor);
        String sourceDb = source.createDatabase();
        source.execute(sourceDb,
                "CREATE SCHEMA app",
                "CREATE TABLE app.item (id integer PRIMARY KEY, code text, body text, twice integer GENERATED ALWAYS AS (id * 2))",
                "ALTER TABLE app.item ALTER COLUMN body SET COMPRESSION pglz",
                "CREATE UNIQUE INDEX item_code ON app.item (code) NULLS NOT DISTINCT",
                "INSERT INTO app.item (id, code, body) VALUES (1, 'a', 'one'), (2, NULL, 'two')",
                "CREATE FUNCTION app.item_count() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT count(*) FROM app.item; END",
                "COMMENT ON FUNCTION app.item_count() IS 'standard body'",
                "REVOKE ALL ON FUNCTION app.item_count() FROM PUBLIC",
                "CREATE FUNCTION app.plain() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
                "CREATE VIEW app.mine WITH (security_invoker = true) AS SELECT id, code FROM app.item",
                "CREATE UNLOGGED SEQUENCE app.tickets",
                "SELECT setval('app.tickets', 42)",
                "CREATE PUBLICATION some_cols FOR TABLE app.item (id, code) WHERE (id > 0)",
                "CREATE PUBLICATION whole_schema FOR TABLES IN SCHEMA app");
        Path file = dir.resolve("dump.sql");
        Cli.Result dump = Cli.run(args("dump", conn(source), "-f", file.toString(), sourceDb));
        assertThat(dump.exit()).as(dump.toString()).isZero();

        String targetDb = target.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(target), "-e", "-d", targetDb, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(restore.err()).contains(
                "restoring a dump of PostgreSQL 18 into PostgreSQL " + targetMajor,
                "not carried: TABLE app.item: the virtual generated column",
                "NULLS NOT DISTINCT cannot be carried",
                "security_invoker",
                "an unlogged sequence",
                "publication some_cols",
                "TABLES IN SCHEMA");
        if (targetMajor < 14) {
            assertThat(restore.err()).contains("the compression method pglz of column body",
                    "not carried: FUNCTION app.item_count(): a SQL-standard function body",
                    "COMMENT app.FUNCTION item_count(): skipped with its object", "ACL app.FUNCTION item_count()");
        } else {
            assertThat(restore.err()).doesNotContain("item_count()", "compression method");
        }
        // the rest arrives
        assertThat(target.queryColumn(targetDb, "SELECT string_agg(id || ':' || coalesce(code, '-') || ':' || twice, ',' ORDER BY id) FROM app.item"))
                .containsExactly("1:a:2,2:-:4");
        assertThat(target.queryColumn(targetDb, "SELECT last_value::text FROM app.tickets")).containsExactly("42");
        assertThat(target.queryColumn(targetDb, "SELECT app.plain()::text")).containsExactly("1");
        assertThat(target.queryColumn(targetDb, "SELECT count(*)::text FROM app.mine")).containsExactly("2");
        assertThat(target.queryColumn(targetDb, "SELECT count(*)::text FROM pg_proc WHERE proname = 'item_count'"))
                .containsExactly(targetMajor >= 14 ? "1" : "0");
    }

    /** pg_dump 18's own preamble, as it writes it: \\restrict and SET transaction_timeout (17+). */
    private static final String PG_DUMP_18_SCRIPT = """
            --
            -- PostgreSQL database dump
            --

            \\restrict aZ3kQ9xLmT0vN5bWcR8yE2uHgJ6pD1sF4oK7iV0qXlYt

            -- Dumped from database version 18.1
            -- Dumped by pg_dump version 18.1

            SET statement_timeout = 0;
            SET lock_timeout = 0;
            SET idle_in_transaction_session_timeout = 0;
            SET transaction_timeout = 0;
            SET client_encoding = 'UTF8';
            SET standard_conforming_strings = on;
            SELECT pg_catalog.set_config('search_path', '', false);
            SET check_function_bodies = false;
            SET xmloption = content;
            SET client_min_messages = warning;
            SET row_security = off;

            SET default_tablespace = '';

            SET default_table_access_method = heap;

            --
            -- Name: t; Type: TABLE; Schema: public; Owner: postgres
            --

            CREATE TABLE public.t (
                id integer
            );


            ALTER TABLE public.t OWNER TO postgres;

            --
            -- Data for Name: t; Type: TABLE DATA; Schema: public; Owner: postgres
            --

            COPY public.t (id) FROM stdin;
            1
            2
            \\.


            --
            -- PostgreSQL database dump complete
            --

            \\unrestrict aZ3kQ9xLmT0vN5bWcR8yE2uHgJ6pD1sF4oK7iV0qXlYt

            """;

    @ParameterizedTest(name = "pg_dump 18 script -> {0}")
    @ValueSource(ints = {12, 16})
    void aPgDump18PreambleRestoresIntoOlderServers(int targetMajor, @TempDir Path dir) throws Exception {
        PgServer target = Servers.get(targetMajor);
        String targetDb = target.createDatabase();
        Path file = dir.resolve("pg_dump18.sql");
        java.nio.file.Files.writeString(file, PG_DUMP_18_SCRIPT);
        Cli.Result restore = Cli.run(args("restore", conn(target), "-e", "-d", targetDb, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(restore.err()).contains("restoring a dump of PostgreSQL 18 into PostgreSQL " + targetMajor)
                .doesNotContain("not carried", "transaction_timeout");
        assertThat(target.queryColumn(targetDb, "SELECT string_agg(id::text, ',' ORDER BY id) FROM public.t")).containsExactly("1,2");
    }
}
