package io.stowage.testkit;

/**
 * A database exercising the object kinds outside any schema that a database-level pg_dump still
 * carries: procedural languages (a trusted one with handler, inline and validator, privileges
 * revoked from PUBLIC and granted to {@link #ROLE}, a comment; an untrusted one with a handler
 * only and another owner), a function written in the new language, transforms (both directions,
 * one direction only, a comment), access methods (a table method and an index method with a
 * comment), a table and a materialized view using the table method, an operator class of the
 * index method, and privileges on plpgsql (an extension's language) changed since CREATE EXTENSION.
 *
 * <p>No C is compiled: the languages reuse plpgsql's handler functions from {@code $libdir/plpgsql},
 * the transform functions are {@code LANGUAGE internal} declarations of built-ins that take
 * {@code internal} ({@code gtsvector_decompress} returns internal, {@code int4recv} returns
 * integer; both exist on 12 to 18 and are never called, since plpgsql ignores transforms) and the
 * access methods use the heap and btree handlers. An index built with the renamed btree method
 * fails ("unexpected non-btree AM"), so there is an operator class of it but no index.
 */
public final class LanguagesFixture {
    /** The role granted USAGE on the languages and owning one of them. */
    public static final String ROLE = "langs_user";

    private static final String ROLE_SQL = "DO $$ BEGIN CREATE ROLE " + ROLE
            + "; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$";

    /** The fixture's SQL; the same on every major from 12 to 18. */
    public static final String SQL = """
            CREATE SCHEMA langs;
            CREATE FUNCTION langs.pl_handler() RETURNS language_handler AS '$libdir/plpgsql', 'plpgsql_call_handler' LANGUAGE C;
            CREATE FUNCTION langs.pl_inline(internal) RETURNS void AS '$libdir/plpgsql', 'plpgsql_inline_handler' LANGUAGE C STRICT;
            CREATE FUNCTION langs.pl_validator(oid) RETURNS void AS '$libdir/plpgsql', 'plpgsql_validator' LANGUAGE C STRICT;
            CREATE TRUSTED LANGUAGE stowage_pl HANDLER langs.pl_handler INLINE langs.pl_inline VALIDATOR langs.pl_validator;
            CREATE LANGUAGE "Stowage Plain" HANDLER langs.pl_handler;
            ALTER LANGUAGE "Stowage Plain" OWNER TO langs_user;
            COMMENT ON LANGUAGE stowage_pl IS 'plpgsql by another name';
            REVOKE USAGE ON LANGUAGE stowage_pl FROM PUBLIC;
            GRANT USAGE ON LANGUAGE stowage_pl TO langs_user;
            REVOKE USAGE ON LANGUAGE plpgsql FROM PUBLIC;
            GRANT USAGE ON LANGUAGE plpgsql TO langs_user WITH GRANT OPTION;
            CREATE FUNCTION langs.add_one(a integer) RETURNS integer LANGUAGE stowage_pl IMMUTABLE
                AS $$ BEGIN RETURN a + 1; END $$;
            CREATE FUNCTION langs.from_sql(internal) RETURNS internal LANGUAGE internal IMMUTABLE STRICT AS 'gtsvector_decompress';
            CREATE FUNCTION langs.to_sql(internal) RETURNS integer LANGUAGE internal IMMUTABLE STRICT AS 'int4recv';
            CREATE TRANSFORM FOR integer LANGUAGE stowage_pl (FROM SQL WITH FUNCTION langs.from_sql(internal),
                TO SQL WITH FUNCTION langs.to_sql(internal));
            CREATE TRANSFORM FOR integer LANGUAGE "Stowage Plain" (FROM SQL WITH FUNCTION langs.from_sql(internal));
            COMMENT ON TRANSFORM FOR integer LANGUAGE stowage_pl IS 'never called';
            CREATE ACCESS METHOD stowage_heap TYPE TABLE HANDLER heap_tableam_handler;
            CREATE ACCESS METHOD "Stowage Btree" TYPE INDEX HANDLER bthandler;
            COMMENT ON ACCESS METHOD stowage_heap IS 'heap by another name';
            CREATE TABLE langs.on_new_am (id integer PRIMARY KEY, note text) USING stowage_heap;
            INSERT INTO langs.on_new_am VALUES (1, 'one'), (2, NULL);
            CREATE TABLE langs.on_heap (id integer);
            CREATE MATERIALIZED VIEW langs.mv_new_am USING stowage_heap AS SELECT id FROM langs.on_new_am;
            CREATE OPERATOR CLASS langs.int4_ops DEFAULT FOR TYPE integer USING "Stowage Btree" AS
                OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 btint4cmp(integer, integer);
            """;

    private LanguagesFixture() {
    }

    /** Creates a fresh database on {@code server} holding the fixture and returns its name. */
    public static String create(PgServer server) {
        server.execute(PgServer.MAINTENANCE_DB, ROLE_SQL);
        String db = server.createDatabase();
        server.execute(db, SQL);
        return db;
    }
}
