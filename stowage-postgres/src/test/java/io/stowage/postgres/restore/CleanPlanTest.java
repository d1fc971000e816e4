package io.stowage.postgres.restore;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.options.RestoreOptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The -c drop derivation and the entry/statement filters, checked on small pg_dump-shaped scripts. */
class CleanPlanTest {
    private static final ConnectionSettings NOWHERE =
            new ConnectionSettings("127.0.0.1", 1, "nobody", null, "nodb", null, 1, null, null);

    static final String SCRIPT = """
            SET client_encoding = 'UTF8';
            SET standard_conforming_strings = on;

            --
            -- Name: app; Type: SCHEMA; Schema: -; Owner: alice
            --

            CREATE SCHEMA app;


            ALTER SCHEMA app OWNER TO alice;

            --
            -- Name: hstore; Type: EXTENSION; Schema: -; Owner: -
            --

            CREATE EXTENSION IF NOT EXISTS hstore WITH SCHEMA app;

            --
            -- Name: EXTENSION hstore; Type: COMMENT; Schema: -; Owner:\s
            --

            COMMENT ON EXTENSION hstore IS 'data type for storing sets of (key, value) pairs';

            --
            -- Name: f(integer); Type: FUNCTION; Schema: app; Owner: alice
            --

            CREATE FUNCTION app.f(p integer DEFAULT 1) RETURNS integer
                LANGUAGE sql
                AS $$ SELECT p; $$;


            ALTER FUNCTION app.f(p integer) OWNER TO alice;

            --
            -- Name: Order Items; Type: TABLE; Schema: app; Owner: alice
            --

            CREATE TABLE app."Order Items" (
                id integer NOT NULL,
                parent integer
            );


            ALTER TABLE app."Order Items" OWNER TO alice;

            --
            -- Name: plain; Type: TABLE; Schema: app; Owner: -
            --

            CREATE TABLE app.plain (
                id integer
            );

            --
            -- Name: v; Type: VIEW; Schema: app; Owner: alice
            --

            CREATE VIEW app.v AS
             SELECT 1 AS one;


            ALTER TABLE app.v OWNER TO alice;

            --
            -- Name: Order Items id; Type: DEFAULT; Schema: app; Owner: alice
            --

            ALTER TABLE ONLY app."Order Items" ALTER COLUMN id SET DEFAULT 0;

            --
            -- Data for Name: Order Items; Type: TABLE DATA; Schema: app; Owner: alice
            --

            COPY app."Order Items" (id, parent) FROM stdin;
            1	\\N
            \\.

            --
            -- Name: Order Items Order Items_pkey; Type: CONSTRAINT; Schema: app; Owner: alice
            --

            ALTER TABLE ONLY app."Order Items"
                ADD CONSTRAINT "Order Items_pkey" PRIMARY KEY (id);

            --
            -- Name: idx_parent; Type: INDEX; Schema: app; Owner: alice
            --

            CREATE INDEX idx_parent ON app."Order Items" USING btree (parent);

            --
            -- Name: Order Items trg; Type: TRIGGER; Schema: app; Owner: alice
            --

            CREATE TRIGGER trg BEFORE UPDATE OF parent ON app."Order Items" FOR EACH ROW EXECUTE FUNCTION app.f();

            --
            -- Name: Order Items r; Type: RULE; Schema: app; Owner: alice
            --

            CREATE RULE r AS
                ON DELETE TO app."Order Items" DO INSTEAD NOTHING;

            --
            -- Name: Order Items fk; Type: FK CONSTRAINT; Schema: app; Owner: alice
            --

            ALTER TABLE app."Order Items"
                ADD CONSTRAINT fk FOREIGN KEY (parent) REFERENCES app."Order Items"(id);

            --
            -- Name: TABLE "Order Items"; Type: COMMENT; Schema: app; Owner: alice
            --

            COMMENT ON TABLE app."Order Items" IS 'items; with a semicolon';

            --
            -- Name: TABLE "Order Items"; Type: ACL; Schema: app; Owner: alice
            --

            GRANT SELECT ON TABLE app."Order Items" TO bob;

            """;

    private static List<String> drops(RestoreOptions options) throws IOException {
        NativeRestorer restorer = new NativeRestorer(NOWHERE, options, null);
        ScriptReader reader = new ScriptReader(new ByteArrayInputStream(SCRIPT.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        return restorer.plan(reader).drops().stream().map(NativeRestorer.PlannedDrop::sql).toList();
    }

    @Test
    void dropsInReverseEntryOrder() throws IOException {
        assertThat(drops(RestoreOptions.builder().clean(true).build())).containsExactly(
                "ALTER TABLE ONLY app.\"Order Items\" DROP CONSTRAINT fk;",
                "DROP RULE r ON app.\"Order Items\";",
                "DROP TRIGGER trg ON app.\"Order Items\";",
                "DROP INDEX app.idx_parent;",
                "ALTER TABLE ONLY app.\"Order Items\" DROP CONSTRAINT \"Order Items_pkey\";",
                "ALTER TABLE app.\"Order Items\" ALTER COLUMN id DROP DEFAULT;",
                "DROP VIEW app.v;",
                "DROP TABLE app.plain;",
                "DROP TABLE app.\"Order Items\";",
                "DROP FUNCTION app.f(p integer);",
                "DROP EXTENSION hstore;",
                "DROP SCHEMA app;");
    }

    @Test
    void dropsWithIfExists() throws IOException {
        assertThat(drops(RestoreOptions.builder().clean(true).ifExists(true).build())).containsExactly(
                "ALTER TABLE IF EXISTS ONLY app.\"Order Items\" DROP CONSTRAINT IF EXISTS fk;",
                "DROP RULE IF EXISTS r ON app.\"Order Items\";",
                "DROP TRIGGER IF EXISTS trg ON app.\"Order Items\";",
                "DROP INDEX IF EXISTS app.idx_parent;",
                "ALTER TABLE IF EXISTS ONLY app.\"Order Items\" DROP CONSTRAINT IF EXISTS \"Order Items_pkey\";",
                "ALTER TABLE IF EXISTS app.\"Order Items\" ALTER COLUMN id DROP DEFAULT;",
                "DROP VIEW IF EXISTS app.v;",
                "DROP TABLE IF EXISTS app.plain;",
                "DROP TABLE IF EXISTS app.\"Order Items\";",
                "DROP FUNCTION IF EXISTS app.f(p integer);",
                "DROP EXTENSION IF EXISTS hstore;",
                "DROP SCHEMA IF EXISTS app;");
    }

    @Test
    void dropsStillDerivedWithNoOwner() throws IOException {
        // -O skips the owner statements when executing, but they still name the objects to drop.
        assertThat(drops(RestoreOptions.builder().clean(true).noOwner(true).build()))
                .contains("DROP FUNCTION app.f(p integer);", "DROP VIEW app.v;").hasSize(12);
    }

    @Test
    void ownerlessObjectsOfTheWholeDatabaseGetTheirDropsToo() throws IOException {
        // casts, transforms, access methods and user mappings have no owner statement; without
        // their drops a second -c restore fails on "already exists" or on objects depending on them
        String script = """
                --
                -- Name: CAST (integer AS app.pos); Type: CAST; Schema: -; Owner: -
                --

                CREATE CAST (integer AS app.pos) WITH FUNCTION app.to_pos(integer) AS ASSIGNMENT;

                --
                -- Name: TRANSFORM FOR app.pos LANGUAGE plpgsql; Type: TRANSFORM; Schema: -; Owner: -
                --

                CREATE TRANSFORM FOR app.pos LANGUAGE plpgsql (FROM SQL WITH FUNCTION app.f1(internal), TO SQL WITH FUNCTION app.f2(internal));

                --
                -- Name: heap2; Type: ACCESS METHOD; Schema: -; Owner: -
                --

                CREATE ACCESS METHOD heap2 TYPE TABLE HANDLER heap_tableam_handler;

                --
                -- Name: USER MAPPING "Bob" SERVER srv; Type: USER MAPPING; Schema: -; Owner: alice
                --

                CREATE USER MAPPING FOR "Bob" SERVER srv OPTIONS (
                    password 'x'
                );
                """;
        NativeRestorer restorer = new NativeRestorer(NOWHERE, RestoreOptions.builder().clean(true).ifExists(true).build(), null);
        NativeRestorer.CleanPlan plan = restorer.plan(new ScriptReader(
                new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        assertThat(plan.drops()).extracting(NativeRestorer.PlannedDrop::sql).containsExactly(
                "DROP USER MAPPING IF EXISTS FOR \"Bob\" SERVER srv;",
                "DROP ACCESS METHOD IF EXISTS heap2;",
                "DROP TRANSFORM IF EXISTS FOR app.pos LANGUAGE plpgsql;",
                "DROP CAST IF EXISTS (integer AS app.pos);");
    }

    @Test
    void scriptsWithTheirOwnDropsAreRecognised() throws IOException {
        String script = "SET x = 1;\nDROP TABLE public.t;\nALTER TABLE ONLY public.u DROP CONSTRAINT c;\n"
                + "--\n-- Name: t; Type: TABLE; Schema: public; Owner: me\n--\nCREATE TABLE public.t ();\nALTER TABLE public.t OWNER TO me;\n";
        NativeRestorer restorer = new NativeRestorer(NOWHERE, RestoreOptions.builder().clean(true).build(), null);
        NativeRestorer.CleanPlan plan = restorer.plan(new ScriptReader(
                new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        assertThat(plan.scriptHasDrops()).isTrue();
        assertThat(CleanPlanTestSupport.planFor(SCRIPT).scriptHasDrops()).isFalse();
    }

    @Test
    void entryFilters() {
        ScriptItem.EntryHeader acl = new ScriptItem.EntryHeader("TABLE t", "ACL", "s", "o", false, 1);
        ScriptItem.EntryHeader comment = new ScriptItem.EntryHeader("TABLE t", "COMMENT", "s", "o", false, 1);
        ScriptItem.EntryHeader table = new ScriptItem.EntryHeader("t", "TABLE", "s", "o", false, 1);
        ScriptItem.EntryHeader database = new ScriptItem.EntryHeader("shop", "DATABASE", null, "o", false, 1);
        ScriptItem.EntryHeader dbComment = new ScriptItem.EntryHeader("DATABASE shop", "COMMENT", null, "o", false, 1);

        EntryFilter all = new EntryFilter(RestoreOptions.builder().create(true).build());
        assertThat(List.of(acl, comment, table, database, dbComment)).allMatch(all::wanted);

        EntryFilter x = new EntryFilter(RestoreOptions.builder().noPrivileges(true).build());
        assertThat(x.wanted(acl)).isFalse();
        assertThat(x.wanted(comment)).isTrue();
        assertThat(x.skipReason(SqlTokens.of("GRANT SELECT ON t TO bob;", true))).isNotNull();

        EntryFilter noComments = new EntryFilter(RestoreOptions.builder().noComments(true).build());
        assertThat(noComments.wanted(comment)).isFalse();
        assertThat(noComments.wanted(acl)).isTrue();

        EntryFilter intoD = new EntryFilter(RestoreOptions.builder().build());
        assertThat(intoD.wanted(database)).isFalse();
        assertThat(intoD.wanted(dbComment)).isFalse();
        assertThat(intoD.wanted(table)).isTrue();
        assertThat(intoD.skipReason(SqlTokens.of("DROP DATABASE shop;", true))).isNotNull();

        EntryFilter o = new EntryFilter(RestoreOptions.builder().noOwner(true).build());
        assertThat(o.skipReason(SqlTokens.of("ALTER TABLE app.\"Order Items\" OWNER TO alice;", true))).isNotNull();
        assertThat(o.skipReason(SqlTokens.of("ALTER FUNCTION app.f(p integer) OWNER TO alice;", true))).isNotNull();
        assertThat(o.skipReason(SqlTokens.of("SET SESSION AUTHORIZATION 'alice';", true))).isNotNull();
        assertThat(o.skipReason(SqlTokens.of("ALTER TABLE t ADD COLUMN owner text;", true))).isNull();
        assertThat(o.skipReason(SqlTokens.of("COMMENT ON TABLE t IS 'ALTER x OWNER TO y';", true))).isNull();
        assertThat(intoD.skipReason(SqlTokens.of("ALTER TABLE t OWNER TO alice;", true))).isNull();

        assertThat(intoD.skipReason(SqlTokens.of("SET client_encoding = 'LATIN1';", true))).isNotNull();
    }
}
