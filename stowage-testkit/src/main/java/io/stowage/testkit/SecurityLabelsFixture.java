package io.stowage.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * A database with a security label of the kit's provider ({@link LabelProvider#PROVIDER}) on one
 * object of every kind pg_dump labels: schema, table (one with a quoted, unicode name), its
 * columns, view and view column, materialized view, sequence, foreign table and its column,
 * function, procedure, aggregate, enum, composite and range types, domain, large object, event
 * trigger, publication and subscription
 * (extensions take no label: PostgreSQL refuses one). Each label holds quotes, a backslash, a tab, a
 * newline and unicode (including an emoji) and names its object, so that no two are alike. Needs a
 * server from {@link PgServers#startWithLabelProvider(int)}.
 */
public final class SecurityLabelsFixture {
    /** The large object's OID. */
    public static final long LARGE_OBJECT = 771_234;
    /** The table with an awkward name, as SQL. */
    public static final String ODD_TABLE = "sl.\"Odd \"\"T\"\" ü\"";

    private SecurityLabelsFixture() {
    }

    /** What each SECURITY LABEL names, in the order they are set. */
    public static List<String> labelTargets() {
        return List.of(
                "SCHEMA sl", "TABLE sl.t", "COLUMN sl.t.v", "TABLE " + ODD_TABLE, "COLUMN " + ODD_TABLE + ".\"Col ☃\"",
                "VIEW sl.v", "COLUMN sl.v.id", "MATERIALIZED VIEW sl.mv", "SEQUENCE sl.seq", "FOREIGN TABLE sl.ft",
                "COLUMN sl.ft.a", "FUNCTION sl.f(integer)", "PROCEDURE sl.proc(integer)", "AGGREGATE sl.total(integer)",
                "TYPE sl.mood", "TYPE sl.pair", "TYPE sl.span", "DOMAIN sl.posint", "LARGE OBJECT " + LARGE_OBJECT,
                "EVENT TRIGGER sl_evt", "PUBLICATION sl_pub", "SUBSCRIPTION sl_sub", "LANGUAGE sl_lang");
    }

    /** A label text that is hard to carry, distinct per object. */
    public static String text(String target) {
        return "It's \"" + target + "\"\nsecond line\twith a tab, a backslash \\ and $$ dollars, ünïcödé ☃ 🚀";
    }

    /** {@code SECURITY LABEL FOR stowage ON target IS text(target)}. */
    public static String statement(String target) {
        return "SECURITY LABEL FOR " + LabelProvider.PROVIDER + " ON " + target + " IS " + CommentsFixture.literal(text(target));
    }

    /** Creates a fresh database holding the fixture on {@code server}; returns its name. */
    public static String create(PgServer server) {
        String db = server.createDatabase();
        create(server, db);
        return db;
    }

    /** Creates the fixture in the existing, empty database {@code db} on {@code server}. */
    public static void create(PgServer server, String db) {
        List<String> sql = new ArrayList<>(List.of(
                "CREATE SCHEMA sl",
                "CREATE TYPE sl.mood AS ENUM ('sad', 'happy')",
                "CREATE TYPE sl.pair AS (a integer, b text)",
                "CREATE TYPE sl.span AS RANGE (subtype = integer)",
                "CREATE DOMAIN sl.posint AS integer CONSTRAINT posint_check CHECK (VALUE > 0)",
                "CREATE FOREIGN DATA WRAPPER sl_fdw",
                "CREATE SERVER sl_srv FOREIGN DATA WRAPPER sl_fdw",
                "CREATE FOREIGN TABLE sl.ft (a integer) SERVER sl_srv",
                "CREATE FUNCTION sl.f(integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT $1'",
                "CREATE PROCEDURE sl.proc(integer) LANGUAGE sql AS 'SELECT 1'",
                "CREATE AGGREGATE sl.total(integer) (SFUNC = int4pl, STYPE = integer)",
                "CREATE TABLE sl.t (id integer PRIMARY KEY, v text)",
                "INSERT INTO sl.t VALUES (1, 'one')",
                "CREATE TABLE " + ODD_TABLE + " (\"Col ☃\" integer)",
                "CREATE VIEW sl.v AS SELECT id FROM sl.t",
                "CREATE MATERIALIZED VIEW sl.mv AS SELECT id FROM sl.t",
                "CREATE SEQUENCE sl.seq",
                "CREATE FUNCTION sl.evt() RETURNS event_trigger LANGUAGE plpgsql AS 'BEGIN END'",
                "CREATE EVENT TRIGGER sl_evt ON ddl_command_start EXECUTE FUNCTION sl.evt()",
                "ALTER EVENT TRIGGER sl_evt DISABLE",
                "CREATE PUBLICATION sl_pub FOR TABLE sl.t",
                "CREATE SUBSCRIPTION sl_sub CONNECTION 'host=127.0.0.1 port=1 dbname=nowhere' PUBLICATION x "
                        + "WITH (connect = false, slot_name = NONE, enabled = false)",
                "SELECT lo_create(" + LARGE_OBJECT + ")",
                // a procedural language of its own, on plpgsql's handler (no C to compile)
                "CREATE FUNCTION sl.lang_handler() RETURNS language_handler AS '$libdir/plpgsql', 'plpgsql_call_handler' LANGUAGE C",
                "CREATE LANGUAGE sl_lang HANDLER sl.lang_handler"));
        for (String target : labelTargets()) {
            sql.add(statement(target));
        }
        server.execute(db, sql.toArray(String[]::new));
    }
}
