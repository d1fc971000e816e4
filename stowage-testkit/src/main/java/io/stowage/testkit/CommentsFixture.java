package io.stowage.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * A database with a comment on one object of every kind that takes one in a database-level dump:
 * schema, enum, composite and range types, domain and domain constraint, collation, conversion,
 * cast, operator, operator family and class, text search parser, template, dictionary and
 * configuration, foreign data wrapper, server, foreign table, function, procedure, aggregate,
 * table, column, view, materialized view, sequence, index, constraints (primary key and check),
 * trigger, rule, policy, event trigger, publication, subscription, extension, large object and
 * statistics object. Each comment holds quotes, a backslash, a tab, a newline and unicode
 * (including an emoji) and names its object, so that no two are alike.
 */
public final class CommentsFixture {
    /** The large object's OID. */
    public static final long LARGE_OBJECT = 881_234;

    private CommentsFixture() {
    }

    /** What each COMMENT ON names, in the order they are set. */
    public static List<String> commentTargets() {
        return List.of(
                "SCHEMA cm", "TYPE cm.mood", "TYPE cm.pair", "TYPE cm.span", "DOMAIN cm.posint",
                "CONSTRAINT posint_check ON DOMAIN cm.posint", "COLLATION cm.coll", "CONVERSION cm.conv",
                "CAST (cm.mood AS integer)", "OPERATOR cm.=== (integer, integer)", "OPERATOR FAMILY cm.fam USING btree",
                "OPERATOR CLASS cm.cls USING btree", "TEXT SEARCH PARSER cm.prs", "TEXT SEARCH TEMPLATE cm.tmpl",
                "TEXT SEARCH DICTIONARY cm.dict", "TEXT SEARCH CONFIGURATION cm.cfg", "FOREIGN DATA WRAPPER cm_fdw",
                "SERVER cm_srv", "FOREIGN TABLE cm.ft", "FUNCTION cm.mood_int(cm.mood)", "PROCEDURE cm.proc(integer)",
                "AGGREGATE cm.total(integer)", "TABLE cm.t", "COLUMN cm.t.v", "VIEW cm.v", "MATERIALIZED VIEW cm.mv",
                "SEQUENCE cm.seq", "INDEX cm.t_v_idx", "CONSTRAINT t_pkey ON cm.t", "CONSTRAINT t_v_check ON cm.t",
                "TRIGGER t_trg ON cm.t", "RULE t_rule ON cm.t", "POLICY t_pol ON cm.t", "EVENT TRIGGER cm_evt",
                "PUBLICATION cm_pub", "SUBSCRIPTION cm_sub", "EXTENSION " + ExtensionFixture.EXTENSION,
                "LARGE OBJECT " + LARGE_OBJECT, "STATISTICS cm.st");
    }

    /** A comment text that is hard to carry, distinct per object. */
    public static String text(String target) {
        return "It's \"" + target + "\"\nsecond line\twith a tab, a backslash \\ and $$ dollars, ünïcödé ☃ 🚀";
    }

    /** Creates a fresh database holding the fixture on {@code server}; returns its name. */
    public static String create(PgServer server) {
        ExtensionFixture.install(server);
        String db = server.createDatabase();
        List<String> sql = new ArrayList<>(List.of(
                "CREATE SCHEMA cm",
                "CREATE TYPE cm.mood AS ENUM ('sad', 'happy')",
                "CREATE TYPE cm.pair AS (a integer, b text)",
                "CREATE TYPE cm.span AS RANGE (subtype = integer)",
                "CREATE DOMAIN cm.posint AS integer CONSTRAINT posint_check CHECK (VALUE > 0)",
                "CREATE COLLATION cm.coll (provider = libc, locale = 'C')",
                "CREATE CONVERSION cm.conv FOR 'LATIN1' TO 'UTF8' FROM pg_catalog.iso8859_1_to_utf8",
                "CREATE FUNCTION cm.mood_int(cm.mood) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 1'",
                "CREATE CAST (cm.mood AS integer) WITH FUNCTION cm.mood_int(cm.mood)",
                "CREATE FUNCTION cm.int_eq(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 = $2'",
                "CREATE OPERATOR cm.=== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = cm.int_eq)",
                "CREATE OPERATOR FAMILY cm.fam USING btree",
                "CREATE OPERATOR CLASS cm.cls FOR TYPE integer USING btree FAMILY cm.fam AS OPERATOR 1 <, OPERATOR 2 <=, "
                        + "OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 btint4cmp(integer, integer)",
                "CREATE TEXT SEARCH PARSER cm.prs (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype)",
                "CREATE TEXT SEARCH TEMPLATE cm.tmpl (INIT = dsimple_init, LEXIZE = dsimple_lexize)",
                "CREATE TEXT SEARCH DICTIONARY cm.dict (TEMPLATE = cm.tmpl)",
                "CREATE TEXT SEARCH CONFIGURATION cm.cfg (PARSER = cm.prs)",
                "CREATE FOREIGN DATA WRAPPER cm_fdw",
                "CREATE SERVER cm_srv FOREIGN DATA WRAPPER cm_fdw",
                "CREATE FOREIGN TABLE cm.ft (a integer) SERVER cm_srv",
                "CREATE PROCEDURE cm.proc(integer) LANGUAGE sql AS 'SELECT 1'",
                "CREATE AGGREGATE cm.total(integer) (SFUNC = int4pl, STYPE = integer)",
                "CREATE TABLE cm.t (id integer PRIMARY KEY, v text CONSTRAINT t_v_check CHECK (v <> ''))",
                "INSERT INTO cm.t VALUES (1, 'one')",
                "CREATE VIEW cm.v AS SELECT id FROM cm.t",
                "CREATE MATERIALIZED VIEW cm.mv AS SELECT id FROM cm.t",
                "CREATE SEQUENCE cm.seq",
                "CREATE INDEX t_v_idx ON cm.t (v)",
                "CREATE FUNCTION cm.trg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'",
                "CREATE TRIGGER t_trg BEFORE INSERT ON cm.t FOR EACH ROW EXECUTE FUNCTION cm.trg()",
                "CREATE RULE t_rule AS ON DELETE TO cm.t DO ALSO NOTHING",
                "CREATE POLICY t_pol ON cm.t USING (true)",
                "CREATE FUNCTION cm.evt() RETURNS event_trigger LANGUAGE plpgsql AS 'BEGIN END'",
                "CREATE EVENT TRIGGER cm_evt ON ddl_command_start EXECUTE FUNCTION cm.evt()",
                "ALTER EVENT TRIGGER cm_evt DISABLE",
                "CREATE PUBLICATION cm_pub FOR TABLE cm.t",
                "CREATE SUBSCRIPTION cm_sub CONNECTION 'host=127.0.0.1 port=1 dbname=nowhere' PUBLICATION x "
                        + "WITH (connect = false, slot_name = NONE, enabled = false)",
                "CREATE EXTENSION " + ExtensionFixture.EXTENSION + " WITH SCHEMA cm",
                "SELECT lo_create(" + LARGE_OBJECT + ")",
                "CREATE STATISTICS cm.st ON id, v FROM cm.t"));
        for (String target : commentTargets()) {
            sql.add("COMMENT ON " + target + " IS " + literal(text(target)));
        }
        server.execute(db, sql.toArray(String[]::new));
        return db;
    }

    /** An E'' literal of {@code s}. */
    public static String literal(String s) {
        return "E'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\t", "\\t") + "'";
    }
}
