package io.stowage.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * A database holding the object kinds outside tables and functions: collations (libc, and ICU
 * where the server has it), a conversion, casts, operators, operator families and classes, text
 * search parsers, templates, dictionaries and configurations, foreign data wrappers, servers, user
 * mappings and a foreign table, extended statistics, per-column statistics, storage, compression
 * and options, a clustered index and indexes of every access method, constraint triggers,
 * transition tables, WHEN clauses and trigger states on partitions.
 *
 * <p>Features a major lacks are left out on that major inside the fixture, never by skipping a
 * test: SET COMPRESSION and expression statistics from 14, statistics targets on extended
 * statistics and per-partition trigger states from 13. The wrapper has no handler, so no
 * extension is needed. The user mapping carries {@link #USER_MAPPING_PASSWORD} so that tests can
 * prove it never leaks into logs.
 */
public final class ObjectKindsFixture {
    private ObjectKindsFixture() {
    }

    /** The role the fixture grants to and maps; created once per server. */
    public static final String ROLE = "kinds_user";

    /** The password in the fixture's user mapping options. */
    public static final String USER_MAPPING_PASSWORD = "um-secret-6f1c2a";

    private static final String ROLE_SQL = "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + ROLE
            + "') THEN CREATE ROLE " + ROLE + "; END IF; END $$";

    private static final String COMMON_SQL = """
            CREATE SCHEMA kinds;
            CREATE COLLATION kinds.c_libc (provider = libc, locale = 'C');
            CREATE COLLATION kinds.c_split (lc_collate = 'C', lc_ctype = 'POSIX');
            COMMENT ON COLLATION kinds.c_libc IS 'plain C';
            CREATE CONVERSION kinds.latin1_to_utf8 FOR 'LATIN1' TO 'UTF8' FROM pg_catalog.iso8859_1_to_utf8;
            COMMENT ON CONVERSION kinds.latin1_to_utf8 IS 'a conversion';
            CREATE TYPE kinds.money2 AS (amount numeric, currency text);
            CREATE FUNCTION kinds.money2_to_text(kinds.money2) RETURNS text LANGUAGE sql IMMUTABLE
                AS 'SELECT $1.amount || '' '' || $1.currency';
            CREATE CAST (kinds.money2 AS text) WITH FUNCTION kinds.money2_to_text(kinds.money2) AS ASSIGNMENT;
            COMMENT ON CAST (kinds.money2 AS text) IS 'money as text';
            CREATE CAST (kinds.money2 AS json) WITH INOUT AS IMPLICIT;
            CREATE CAST (xml AS bytea) WITHOUT FUNCTION;
            CREATE FUNCTION kinds.int_eq_text(integer, text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1::text = $2';
            CREATE FUNCTION kinds.text_eq_int(text, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 = $2::text';
            CREATE OPERATOR kinds.=== (FUNCTION = kinds.int_eq_text, LEFTARG = integer, RIGHTARG = text,
                COMMUTATOR = OPERATOR(kinds.===), RESTRICT = eqsel, JOIN = eqjoinsel);
            CREATE FUNCTION kinds.int_ne_text(integer, text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1::text <> $2';
            CREATE OPERATOR kinds.!== (FUNCTION = kinds.int_ne_text, LEFTARG = integer, RIGHTARG = text,
                NEGATOR = OPERATOR(kinds.===));
            CREATE FUNCTION kinds.neg(integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT -$1';
            CREATE OPERATOR kinds.~~~ (FUNCTION = kinds.neg, RIGHTARG = integer);
            COMMENT ON OPERATOR kinds.~~~ (NONE, integer) IS 'prefix negation';
            CREATE FUNCTION kinds.abs_lt(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT abs($1) < abs($2)';
            CREATE FUNCTION kinds.abs_le(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT abs($1) <= abs($2)';
            CREATE FUNCTION kinds.abs_eq(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT abs($1) = abs($2)';
            CREATE FUNCTION kinds.abs_ge(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT abs($1) >= abs($2)';
            CREATE FUNCTION kinds.abs_gt(integer, integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT abs($1) > abs($2)';
            CREATE FUNCTION kinds.abs_cmp(integer, integer) RETURNS integer LANGUAGE sql IMMUTABLE
                AS 'SELECT CASE WHEN abs($1) < abs($2) THEN -1 WHEN abs($1) > abs($2) THEN 1 ELSE 0 END';
            CREATE OPERATOR kinds.<# (FUNCTION = kinds.abs_lt, LEFTARG = integer, RIGHTARG = integer);
            CREATE OPERATOR kinds.<=# (FUNCTION = kinds.abs_le, LEFTARG = integer, RIGHTARG = integer);
            CREATE OPERATOR kinds.=# (FUNCTION = kinds.abs_eq, LEFTARG = integer, RIGHTARG = integer, MERGES, HASHES);
            CREATE OPERATOR kinds.>=# (FUNCTION = kinds.abs_ge, LEFTARG = integer, RIGHTARG = integer);
            CREATE OPERATOR kinds.># (FUNCTION = kinds.abs_gt, LEFTARG = integer, RIGHTARG = integer);
            CREATE OPERATOR CLASS kinds.abs_ops FOR TYPE integer USING btree AS
                OPERATOR 1 kinds.<#, OPERATOR 2 kinds.<=#, OPERATOR 3 kinds.=#, OPERATOR 4 kinds.>=#, OPERATOR 5 kinds.>#,
                FUNCTION 1 kinds.abs_cmp(integer, integer);
            COMMENT ON OPERATOR CLASS kinds.abs_ops USING btree IS 'absolute value order';
            CREATE OPERATOR FAMILY kinds.loose_ops USING btree;
            ALTER OPERATOR FAMILY kinds.loose_ops USING btree ADD OPERATOR 1 kinds.<# (integer, integer),
                FUNCTION 1 (integer, integer) kinds.abs_cmp(integer, integer);
            COMMENT ON OPERATOR FAMILY kinds.loose_ops USING btree IS 'loose';
            CREATE FUNCTION kinds.dist(point, point) RETURNS float8 LANGUAGE sql IMMUTABLE AS 'SELECT $1 <-> $2';
            CREATE OPERATOR kinds.<-># (FUNCTION = kinds.dist, LEFTARG = point, RIGHTARG = point);
            CREATE OPERATOR FAMILY kinds.pt_ops USING gist;
            ALTER OPERATOR FAMILY kinds.pt_ops USING gist ADD OPERATOR 15 kinds.<-># (point, point) FOR ORDER BY pg_catalog.float_ops;
            CREATE OPERATOR CLASS kinds.empty_ops FOR TYPE kinds.money2 USING hash AS STORAGE kinds.money2;
            CREATE TEXT SEARCH PARSER kinds.prs (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end,
                HEADLINE = prsd_headline, LEXTYPES = prsd_lextype);
            COMMENT ON TEXT SEARCH PARSER kinds.prs IS 'parser';
            CREATE TEXT SEARCH TEMPLATE kinds.tmpl (INIT = dsimple_init, LEXIZE = dsimple_lexize);
            CREATE TEXT SEARCH TEMPLATE kinds.tmpl_noinit (LEXIZE = dsimple_lexize);
            COMMENT ON TEXT SEARCH TEMPLATE kinds.tmpl IS 'template';
            CREATE TEXT SEARCH DICTIONARY kinds.dict (TEMPLATE = kinds.tmpl, stopwords = 'english', accept = false);
            COMMENT ON TEXT SEARCH DICTIONARY kinds.dict IS 'dict';
            CREATE TEXT SEARCH CONFIGURATION kinds.cfg (PARSER = kinds.prs);
            ALTER TEXT SEARCH CONFIGURATION kinds.cfg ADD MAPPING FOR asciiword, word WITH kinds.dict, simple;
            ALTER TEXT SEARCH CONFIGURATION kinds.cfg ADD MAPPING FOR int WITH simple;
            COMMENT ON TEXT SEARCH CONFIGURATION kinds.cfg IS 'cfg';
            CREATE TEXT SEARCH CONFIGURATION kinds.english_copy (COPY = pg_catalog.english);
            CREATE FOREIGN DATA WRAPPER kinds_fdw OPTIONS (debug 'true');
            CREATE FOREIGN DATA WRAPPER kinds_fdw2 VALIDATOR postgresql_fdw_validator;
            COMMENT ON FOREIGN DATA WRAPPER kinds_fdw IS 'fdw';
            GRANT USAGE ON FOREIGN DATA WRAPPER kinds_fdw TO kinds_user;
            CREATE SERVER kinds_srv TYPE 'remote' VERSION '1.0' FOREIGN DATA WRAPPER kinds_fdw
                OPTIONS (host 'example.invalid', port '5432');
            CREATE SERVER kinds_srv2 FOREIGN DATA WRAPPER kinds_fdw2;
            COMMENT ON SERVER kinds_srv IS 'server';
            GRANT USAGE ON FOREIGN SERVER kinds_srv TO kinds_user WITH GRANT OPTION;
            CREATE USER MAPPING FOR kinds_user SERVER kinds_srv OPTIONS (user 'remote', password '%PASSWORD%');
            CREATE USER MAPPING FOR PUBLIC SERVER kinds_srv;
            CREATE FOREIGN TABLE kinds.remote (
                id integer OPTIONS (column_name 'remote_id') NOT NULL,
                label text COLLATE kinds.c_libc,
                extra text
            ) SERVER kinds_srv OPTIONS (schema_name 'remote', table_name 'things');
            ALTER FOREIGN TABLE kinds.remote ALTER COLUMN extra SET STATISTICS 50;
            COMMENT ON FOREIGN TABLE kinds.remote IS 'remote things';
            GRANT SELECT ON kinds.remote TO kinds_user;
            CREATE TABLE kinds.measure (
                id integer NOT NULL,
                a integer,
                b integer,
                t text COLLATE kinds.c_libc,
                tags text[],
                pos point,
                r int4range,
                body text
            );
            ALTER TABLE kinds.measure ALTER COLUMN a SET STATISTICS 500;
            ALTER TABLE kinds.measure ALTER COLUMN t SET STORAGE EXTERNAL;
            ALTER TABLE kinds.measure ALTER COLUMN b SET (n_distinct = -0.5);
            ALTER TABLE kinds.measure ALTER COLUMN body SET STATISTICS 0, ALTER COLUMN body SET STORAGE MAIN;
            CREATE STATISTICS kinds.measure_ab (ndistinct, dependencies) ON a, b FROM kinds.measure;
            COMMENT ON STATISTICS kinds.measure_ab IS 'ab stats';
            CREATE STATISTICS kinds.measure_abt ON a, b, t FROM kinds.measure;
            CREATE UNIQUE INDEX measure_id_idx ON kinds.measure (id) INCLUDE (a);
            ALTER TABLE kinds.measure CLUSTER ON measure_id_idx;
            CREATE INDEX measure_partial_idx ON kinds.measure (a) WHERE b > 0;
            CREATE INDEX measure_expr_idx ON kinds.measure (lower(t) COLLATE "C" DESC NULLS LAST, (a + b));
            ALTER INDEX kinds.measure_expr_idx ALTER COLUMN 2 SET STATISTICS 200;
            CREATE INDEX measure_abs_idx ON kinds.measure (a kinds.abs_ops);
            CREATE INDEX measure_hash_idx ON kinds.measure USING hash (b);
            CREATE INDEX measure_gist_idx ON kinds.measure USING gist (pos);
            CREATE INDEX measure_spgist_idx ON kinds.measure USING spgist (r);
            CREATE INDEX measure_gin_idx ON kinds.measure USING gin (tags) WITH (fastupdate = off);
            CREATE INDEX measure_brin_idx ON kinds.measure USING brin (id) WITH (pages_per_range = 16);
            CREATE INDEX measure_pattern_idx ON kinds.measure (t text_pattern_ops);
            CREATE TABLE kinds.clustered_pk (id integer PRIMARY KEY, v text);
            ALTER TABLE kinds.clustered_pk CLUSTER ON clustered_pk_pkey;
            CREATE FUNCTION kinds.audit_trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
            CREATE CONSTRAINT TRIGGER measure_check AFTER INSERT OR UPDATE ON kinds.measure
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kinds.audit_trg();
            CREATE TRIGGER measure_batch AFTER INSERT ON kinds.measure REFERENCING NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION kinds.audit_trg();
            CREATE TRIGGER measure_when AFTER UPDATE ON kinds.measure FOR EACH ROW
                WHEN (OLD.a IS DISTINCT FROM NEW.a) EXECUTE FUNCTION kinds.audit_trg();
            CREATE TABLE kinds.part (id integer, at date) PARTITION BY RANGE (at);
            CREATE TABLE kinds.part_2024 PARTITION OF kinds.part FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE TABLE kinds.part_2025 PARTITION OF kinds.part FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            CREATE TRIGGER part_trg AFTER INSERT ON kinds.part FOR EACH ROW EXECUTE FUNCTION kinds.audit_trg();
            INSERT INTO kinds.measure VALUES (1, 1, -2, 'x', '{a}', '(1,2)', '[1,3)', 'body'),
                (2, -3, 4, 'Y', '{b,c}', '(3,4)', '[2,5)', NULL);
            INSERT INTO kinds.clustered_pk VALUES (1, 'one');
            INSERT INTO kinds.part VALUES (1, '2024-06-01'), (2, '2025-06-01');
            """;

    /** The fixture's SQL for a server of this major, the ICU parts only where {@code icu}. */
    public static List<String> sql(int major, boolean icu) {
        List<String> sql = new ArrayList<>();
        sql.add(COMMON_SQL.replace("%PASSWORD%", USER_MAPPING_PASSWORD));
        if (icu) {
            sql.add("CREATE COLLATION kinds.und_ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)");
            sql.add("COMMENT ON COLLATION kinds.und_ci IS 'case-insensitive'");
            sql.add("CREATE TABLE kinds.uses_ci (name text COLLATE kinds.und_ci)");
            sql.add("INSERT INTO kinds.uses_ci VALUES ('Alpha'), ('beta')");
        }
        if (major >= 13) {
            sql.add("ALTER STATISTICS kinds.measure_abt SET STATISTICS 300");
            // on 12 the partitions' trigger clones are internal and carry no state of their own
            sql.add("ALTER TABLE kinds.part_2024 DISABLE TRIGGER part_trg");
            sql.add("ALTER TABLE kinds.part_2025 ENABLE REPLICA TRIGGER part_trg");
        }
        if (major >= 14) {
            sql.add("ALTER TABLE kinds.measure ALTER COLUMN body SET COMPRESSION pglz");
            sql.add("CREATE STATISTICS kinds.measure_expr ON (a + b), (lower(t)) FROM kinds.measure");
        }
        return sql;
    }

    /** Creates a fresh database on {@code server} holding the fixture and returns its name. */
    public static String create(PgServer server) {
        server.execute(PgServer.MAINTENANCE_DB, ROLE_SQL);
        String db = server.createDatabase();
        boolean icu = !server.queryColumn(db, "SELECT 1 FROM pg_catalog.pg_collation WHERE collprovider = 'i' LIMIT 1").isEmpty();
        server.execute(db, sql(server.major(), icu).toArray(String[]::new));
        return db;
    }
}
