package io.stowage.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * A database holding the harder forms of tables, types, functions, views, sequences and triggers:
 * typed tables; hash, list and range partitions, sub-partitions, DEFAULT partitions, a partition
 * whose column order differs from its parent's, partitioned keys with attached indexes and foreign
 * keys referencing a partitioned table; EXCLUDE, DEFERRABLE, NOT VALID (CHECK, FK and domain) and
 * NO INHERIT constraints, inherited and merged CHECK constraints; views with check options,
 * security_barrier, recursive views, views on views and INSTEAD OF triggers; materialized views
 * with and without data, indexed and stacked; sequences with every option and in every state,
 * owned and shared sequences, identity columns; triggers in every enable state, statement-level,
 * TRUNCATE and constraint triggers, triggers on partitioned tables; functions with every attribute,
 * OUT/INOUT and VARIADIC arguments and defaults, polymorphic functions; ordered-set, hypothetical
 * and moving aggregates, with combine, serial and deserial functions, sort operators and
 * FINALFUNC_MODIFY; domains over domains and with collations; an enum whose labels were added out
 * of order; a composite type with a dropped attribute; column collations, generated columns and
 * defaults calling functions; multiple inheritance, a typed partitioned table, a window function
 * (in language internal, as C is not available) and settings that need list quoting.
 *
 * <p>Features a major lacks are added only on the majors that have them (see {@link #sql}): from
 * 13 anycompatible and per-partition trigger states; from 14 SQL-standard bodies and procedures
 * with OUT arguments; from 15 NULLS NOT DISTINCT, security_invoker and unlogged sequences; from 18
 * virtual generated columns.
 */
public final class SchemaFormsFixture {
    private SchemaFormsFixture() {
    }

    private static final String TABLES_SQL = """
            CREATE SCHEMA forms;
            CREATE TYPE forms.person AS (id integer, name text, born date);
            CREATE TABLE forms.people OF forms.person (
                id WITH OPTIONS PRIMARY KEY,
                name WITH OPTIONS NOT NULL DEFAULT 'anon'
            );
            CREATE TABLE forms.plain_typed OF forms.person;
            CREATE TABLE forms.hashed (id integer NOT NULL, v text) PARTITION BY HASH (id);
            CREATE TABLE forms.hashed_0 PARTITION OF forms.hashed FOR VALUES WITH (MODULUS 2, REMAINDER 0);
            CREATE TABLE forms.hashed_1 PARTITION OF forms.hashed FOR VALUES WITH (MODULUS 2, REMAINDER 1);
            CREATE TABLE forms.events (
                id integer NOT NULL,
                region text NOT NULL,
                at date NOT NULL,
                payload text,
                CONSTRAINT events_pkey PRIMARY KEY (id, region, at),
                CONSTRAINT events_uniq UNIQUE (region, at, id)
            ) PARTITION BY LIST (region);
            CREATE TABLE forms.events_eu PARTITION OF forms.events FOR VALUES IN ('eu') PARTITION BY RANGE (at);
            CREATE TABLE forms.events_eu_2024 PARTITION OF forms.events_eu
                FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE TABLE forms.events_eu_rest PARTITION OF forms.events_eu DEFAULT;
            CREATE TABLE forms.events_other PARTITION OF forms.events DEFAULT;
            CREATE TABLE forms.events_us (payload text, at date NOT NULL, dropme integer, region text NOT NULL, id integer NOT NULL);
            ALTER TABLE forms.events_us DROP COLUMN dropme;
            ALTER TABLE forms.events ATTACH PARTITION forms.events_us FOR VALUES IN ('us');
            CREATE INDEX events_payload_idx ON forms.events (payload);
            CREATE TABLE forms.event_notes (
                id integer, region text, at date, note text,
                CONSTRAINT event_notes_event_fk FOREIGN KEY (id, region, at) REFERENCES forms.events ON DELETE CASCADE
            );
            CREATE TABLE forms.booking (
                id integer,
                room integer,
                during tsrange,
                cancelled boolean DEFAULT false,
                CONSTRAINT booking_no_overlap EXCLUDE USING gist (during WITH &&) WHERE (NOT cancelled),
                CONSTRAINT booking_room_once EXCLUDE (room WITH =) DEFERRABLE INITIALLY DEFERRED
            );
            CREATE TABLE forms.parent_t (
                id integer PRIMARY KEY,
                code text CONSTRAINT parent_t_code_key UNIQUE DEFERRABLE INITIALLY IMMEDIATE,
                qty integer,
                CONSTRAINT qty_pos CHECK (qty > 0) NO INHERIT,
                CONSTRAINT code_len CHECK (length(code) < 10)
            );
            CREATE TABLE forms.child_t (extra text, CONSTRAINT code_len CHECK (length(code) < 10)) INHERITS (forms.parent_t);
            CREATE TABLE forms.child2_t (extra2 text, CONSTRAINT own_check CHECK (extra2 <> '')) INHERITS (forms.parent_t);
            CREATE TABLE forms.refs (
                id integer,
                parent integer,
                CONSTRAINT refs_parent_fk FOREIGN KEY (parent) REFERENCES forms.parent_t DEFERRABLE INITIALLY DEFERRED
            );
            INSERT INTO forms.parent_t VALUES (1, 'one', 1), (2, 'two', 2);
            INSERT INTO forms.child_t VALUES (3, 'three', -3, 'x');
            INSERT INTO forms.child2_t VALUES (4, 'four', NULL, 'y');
            INSERT INTO forms.refs VALUES (1, 1), (-5, 2);
            """;

    /** A batch of its own: the deferred foreign key's pending checks would block these ALTERs in one transaction. */
    private static final String NOT_VALID_SQL = """
            ALTER TABLE forms.refs ADD CONSTRAINT refs_id_fk FOREIGN KEY (id) REFERENCES forms.parent_t NOT VALID;
            ALTER TABLE forms.refs ADD CONSTRAINT refs_id_positive CHECK (id > 0) NOT VALID;
            INSERT INTO forms.people VALUES (1, 'Ann', '1990-01-02');
            INSERT INTO forms.people (id) VALUES (2);
            INSERT INTO forms.hashed SELECT g, 'v' || g FROM generate_series(1, 10) g;
            INSERT INTO forms.events VALUES (1, 'eu', '2024-03-01', 'a'), (2, 'eu', '2023-03-01', 'b'),
                (3, 'us', '2024-03-01', 'c'), (4, 'asia', '2024-03-01', 'd');
            INSERT INTO forms.event_notes VALUES (1, 'eu', '2024-03-01', 'note'), (3, 'us', '2024-03-01', 'note us');
            INSERT INTO forms.booking VALUES (1, 1, '[2024-01-01,2024-01-02)', false), (2, 2, '[2024-01-01,2024-01-02)', true);
            """;

    private static final String VIEWS_SQL = """
            CREATE TABLE forms.items (id integer PRIMARY KEY, name text, price numeric CHECK (price >= 0));
            INSERT INTO forms.items VALUES (1, 'pen', 2), (2, 'lamp', 30), (3, NULL, 5);
            CREATE VIEW forms.cheap AS SELECT id, name, price FROM forms.items WHERE price < 10 WITH LOCAL CHECK OPTION;
            CREATE VIEW forms.cheap_named WITH (security_barrier) AS
                SELECT id, name FROM forms.cheap WHERE name IS NOT NULL WITH CASCADED CHECK OPTION;
            CREATE VIEW forms.cheap_barrier_off WITH (security_barrier = false, check_option = local) AS
                SELECT id FROM forms.cheap_named;
            CREATE RECURSIVE VIEW forms.countdown (n) AS VALUES (5) UNION ALL SELECT n - 1 FROM countdown WHERE n > 0;
            CREATE VIEW forms.item_names AS SELECT i.id, upper(i.name) AS name FROM forms.items i JOIN forms.items j ON j.id = i.id;
            CREATE FUNCTION forms.item_names_ins() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO forms.items (id, name) VALUES (NEW.id, NEW.name);
                RETURN NEW;
            END
            $$;
            CREATE TRIGGER item_names_ins INSTEAD OF INSERT ON forms.item_names
                FOR EACH ROW EXECUTE FUNCTION forms.item_names_ins();
            CREATE MATERIALIZED VIEW forms.item_totals AS SELECT count(*) AS n, sum(price) AS total FROM forms.items;
            CREATE UNIQUE INDEX item_totals_n ON forms.item_totals (n);
            CREATE MATERIALIZED VIEW forms.item_totals_2 AS SELECT n * 2 AS n2, total FROM forms.item_totals;
            CREATE INDEX item_totals_2_total ON forms.item_totals_2 (total DESC);
            CREATE MATERIALIZED VIEW forms.empty_mv AS SELECT id FROM forms.items WITH NO DATA;
            CREATE MATERIALIZED VIEW forms.empty_on_mv AS SELECT n2 FROM forms.item_totals_2 WITH NO DATA;
            """;

    private static final String SEQUENCES_SQL = """
            CREATE SEQUENCE forms.s_small AS smallint INCREMENT BY -3 MINVALUE -1000 MAXVALUE 100 START WITH 50 CACHE 5 CYCLE;
            SELECT setval('forms.s_small', 20, false);
            CREATE SEQUENCE forms.s_int AS integer START 7;
            CREATE SEQUENCE forms.s_big AS bigint INCREMENT 10 MINVALUE 5 MAXVALUE 100000 START 5 NO CYCLE;
            SELECT nextval('forms.s_big'), nextval('forms.s_big');
            CREATE SEQUENCE forms.s_desc INCREMENT BY -1;
            SELECT nextval('forms.s_desc');
            CREATE TABLE forms.counters (id integer, other integer);
            CREATE SEQUENCE forms.s_owned OWNED BY forms.counters.id;
            ALTER TABLE forms.counters ALTER COLUMN id SET DEFAULT nextval('forms.s_owned');
            CREATE SEQUENCE forms.s_shared;
            CREATE TABLE forms.shared_a (id bigint DEFAULT nextval('forms.s_shared'), v text);
            CREATE TABLE forms.shared_b (id bigint DEFAULT nextval('forms.s_shared'), w text);
            INSERT INTO forms.counters (other) VALUES (1), (2);
            INSERT INTO forms.shared_a (v) VALUES ('a');
            INSERT INTO forms.shared_b (w) VALUES ('b'), ('c');
            CREATE TABLE forms.idents (
                a integer GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 5 MAXVALUE 10000 CACHE 3 CYCLE),
                b bigint GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME forms.idents_b_custom MINVALUE -10 START WITH -10),
                c smallint GENERATED BY DEFAULT AS IDENTITY,
                d text
            );
            INSERT INTO forms.idents (d) VALUES ('one'), ('two');
            """;

    private static final String TRIGGERS_SQL = """
            CREATE FUNCTION forms.noop_trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
            CREATE TRIGGER items_replica AFTER INSERT ON forms.items FOR EACH ROW EXECUTE FUNCTION forms.noop_trg();
            ALTER TABLE forms.items ENABLE REPLICA TRIGGER items_replica;
            CREATE TRIGGER items_always AFTER UPDATE ON forms.items FOR EACH ROW EXECUTE FUNCTION forms.noop_trg();
            ALTER TABLE forms.items ENABLE ALWAYS TRIGGER items_always;
            CREATE TRIGGER items_off AFTER DELETE ON forms.items FOR EACH STATEMENT EXECUTE FUNCTION forms.noop_trg();
            ALTER TABLE forms.items DISABLE TRIGGER items_off;
            CREATE TRIGGER items_truncate AFTER TRUNCATE ON forms.items FOR EACH STATEMENT EXECUTE FUNCTION forms.noop_trg();
            CREATE TRIGGER items_before BEFORE INSERT OR UPDATE OF name ON forms.items FOR EACH ROW EXECUTE FUNCTION forms.noop_trg();
            CREATE CONSTRAINT TRIGGER items_deferrable AFTER INSERT ON forms.items
                DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION forms.noop_trg();
            CREATE CONSTRAINT TRIGGER items_not_deferrable AFTER UPDATE ON forms.items
                FOR EACH ROW EXECUTE FUNCTION forms.noop_trg();
            CREATE TRIGGER events_trg AFTER INSERT ON forms.events FOR EACH ROW EXECUTE FUNCTION forms.noop_trg();
            CREATE TRIGGER events_stmt AFTER DELETE ON forms.events FOR EACH STATEMENT EXECUTE FUNCTION forms.noop_trg();
            ALTER TABLE forms.events DISABLE TRIGGER events_stmt;
            """;

    private static final String FUNCTIONS_SQL = """
            CREATE FUNCTION forms.secdef(integer) RETURNS integer LANGUAGE sql
                SECURITY DEFINER LEAKPROOF STRICT IMMUTABLE PARALLEL SAFE COST 5 AS 'SELECT $1 + 1';
            CREATE FUNCTION forms.series(n integer DEFAULT 3, VARIADIC extra text[] DEFAULT '{}'::text[]) RETURNS SETOF integer
                LANGUAGE sql STABLE PARALLEL RESTRICTED ROWS 42
                SET search_path = pg_catalog, forms SET work_mem = '8MB'
                AS 'SELECT generate_series(1, n)';
            CREATE FUNCTION forms.volatile_unsafe() RETURNS double precision LANGUAGE sql VOLATILE CALLED ON NULL INPUT
                AS 'SELECT random()';
            CREATE FUNCTION forms.first_of(anyelement, anyelement) RETURNS anyelement LANGUAGE sql IMMUTABLE
                AS 'SELECT coalesce($1, $2)';
            CREATE FUNCTION forms.first_arr(anyarray) RETURNS anyelement LANGUAGE sql IMMUTABLE AS 'SELECT $1[1]';
            CREATE FUNCTION forms.out_params(a integer, OUT doubled integer, INOUT label text) LANGUAGE sql
                AS 'SELECT a * 2, label || ''!''';
            CREATE FUNCTION forms.table_fn(lim integer) RETURNS TABLE (id integer, name text) LANGUAGE sql STABLE
                AS 'SELECT id, name FROM forms.items ORDER BY id LIMIT lim';
            CREATE PROCEDURE forms.proc_inout(INOUT total integer, step integer DEFAULT 1) LANGUAGE plpgsql
                AS $$ BEGIN total := total + step; END $$;
            CREATE PROCEDURE forms.proc_secdef() LANGUAGE sql SECURITY DEFINER SET work_mem = '4MB' AS 'SELECT 1';
            CREATE FUNCTION forms.default_label() RETURNS text LANGUAGE sql STABLE AS 'SELECT ''label''';
            CREATE FUNCTION forms.arr_append(double precision[], double precision) RETURNS double precision[]
                LANGUAGE sql IMMUTABLE AS 'SELECT $1 || $2';
            CREATE FUNCTION forms.arr_pick(double precision[], double precision, double precision) RETURNS double precision
                LANGUAGE sql IMMUTABLE AS 'SELECT $1[greatest(1, ceil($2 * array_length($1, 1))::integer)]';
            CREATE AGGREGATE forms.pick_frac(double precision ORDER BY double precision) (
                SFUNC = forms.arr_append, STYPE = double precision[], FINALFUNC = forms.arr_pick, FINALFUNC_EXTRA,
                INITCOND = '{}');
            CREATE AGGREGATE forms.my_rank(VARIADIC "any" ORDER BY VARIADIC "any") (
                SFUNC = ordered_set_transition_multi, STYPE = internal, FINALFUNC = rank_final, FINALFUNC_EXTRA,
                HYPOTHETICAL);
            CREATE AGGREGATE forms.my_pct(double precision ORDER BY anyelement) (
                SFUNC = ordered_set_transition, STYPE = internal, FINALFUNC = percentile_disc_final, FINALFUNC_EXTRA,
                FINALFUNC_MODIFY = SHAREABLE);
            CREATE FUNCTION forms.int_add(integer, integer) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS 'SELECT $1 + $2';
            CREATE FUNCTION forms.int_sub(integer, integer) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS 'SELECT $1 - $2';
            CREATE AGGREGATE forms.msum(integer) (
                SFUNC = forms.int_add, STYPE = integer, INITCOND = '0', COMBINEFUNC = forms.int_add, PARALLEL = SAFE,
                MSFUNC = forms.int_add, MINVFUNC = forms.int_sub, MSTYPE = integer, MINITCOND = '0');
            CREATE AGGREGATE forms.my_max(integer) (
                SFUNC = int4larger, STYPE = integer, SORTOP = >, COMBINEFUNC = int4larger, PARALLEL = SAFE);
            CREATE AGGREGATE forms.my_avg(numeric) (
                SFUNC = numeric_avg_accum, STYPE = internal, SSPACE = 128, FINALFUNC = numeric_avg,
                FINALFUNC_MODIFY = READ_WRITE,
                COMBINEFUNC = numeric_avg_combine, SERIALFUNC = numeric_avg_serialize,
                DESERIALFUNC = numeric_avg_deserialize, PARALLEL = RESTRICTED,
                MSFUNC = numeric_avg_accum, MINVFUNC = numeric_accum_inv, MSTYPE = internal, MSSPACE = 64,
                MFINALFUNC = numeric_avg, MFINALFUNC_MODIFY = SHAREABLE);
            """;

    private static final String TYPES_SQL = """
            CREATE DOMAIN forms.posint AS integer CONSTRAINT posint_check CHECK (VALUE > 0);
            CREATE DOMAIN forms.smallposint AS forms.posint DEFAULT 1 NOT NULL CONSTRAINT small CHECK (VALUE < 1000);
            CREATE DOMAIN forms.ctext AS text COLLATE "C";
            CREATE DOMAIN forms.ctext_short AS forms.ctext CHECK (length(VALUE) < 20);
            CREATE TABLE forms.domained (a forms.smallposint, b forms.ctext, c forms.ctext_short);
            INSERT INTO forms.domained VALUES (5, 'x', 'short'), (8, 'y', NULL);
            ALTER DOMAIN forms.posint ADD CONSTRAINT posint_even CHECK (VALUE % 2 = 0) NOT VALID;
            CREATE TYPE forms.mood AS ENUM ('sad', 'happy');
            CREATE TYPE forms.addr AS (street text, zip text, city text);
            ALTER TYPE forms.addr DROP ATTRIBUTE zip;
            ALTER TYPE forms.addr ADD ATTRIBUTE country text COLLATE "C";
            CREATE TABLE forms.colfeat (
                id integer,
                name text COLLATE "C",
                label text DEFAULT forms.default_label(),
                doubled integer GENERATED ALWAYS AS (id * 2) STORED,
                loud text GENERATED ALWAYS AS (upper(name COLLATE "POSIX")) STORED,
                home forms.addr,
                added date DEFAULT '2024-01-01'::date
            );
            INSERT INTO forms.colfeat (id, name, home) VALUES (1, 'a', ROW('Main St', 'Oslo', 'NO')), (2, NULL, NULL);
            """;

    /**
     * Multiple inheritance with merged columns and defaults, a typed partitioned table, generated
     * columns and local constraints on partitions, self-referencing and partitioned foreign keys,
     * a WHEN trigger with a column list on a partitioned table, a window function in language
     * internal, settings that need list quoting, aggregates with quoted initial values, views with
     * column aliases and LIMIT, a materialized view with storage options, an unlogged table's
     * identity and serial sequences.
     */
    private static final String MORE_TABLES_SQL = """
            CREATE FUNCTION forms.my_row_number() RETURNS bigint LANGUAGE internal WINDOW IMMUTABLE AS 'window_row_number';
            CREATE FUNCTION forms."Mixed Case"(a integer) RETURNS integer LANGUAGE sql AS 'SELECT a'
              SET search_path = "$user", public, forms SET DateStyle = 'ISO, DMY' SET TimeZone = 'UTC';
            CREATE FUNCTION forms.empty_path() RETURNS integer LANGUAGE sql SET search_path = '' AS 'SELECT 1';
            CREATE PROCEDURE forms.var_proc(VARIADIC vals integer[]) LANGUAGE sql AS 'SELECT 1';
            CREATE AGGREGATE forms.strict_cat(text) (SFUNC = textcat, STYPE = text);
            CREATE AGGREGATE forms.quoted_init(VARIADIC text[]) (SFUNC = array_cat, STYPE = text[], INITCOND = '{"it''s", "a \\"b\\""}');
            CREATE TYPE forms.addr_parted AS (region text, zip integer);
            CREATE TABLE forms.typed_part OF forms.addr_parted (region WITH OPTIONS NOT NULL) PARTITION BY LIST (region);
            CREATE TABLE forms.typed_part_n PARTITION OF forms.typed_part FOR VALUES IN ('n');
            CREATE TABLE forms.base1 (a integer DEFAULT 1, b text NOT NULL, CONSTRAINT b_nonempty CHECK (b <> ''));
            CREATE TABLE forms.base2 (a integer DEFAULT 1, c text);
            CREATE TABLE forms.multi (a integer DEFAULT 7, d text NOT NULL, CONSTRAINT d_short CHECK (length(d) < 5)) INHERITS (forms.base1, forms.base2);
            ALTER TABLE forms.multi ALTER COLUMN c SET NOT NULL;
            CREATE TABLE forms.gen_part (id integer, at date, twice integer GENERATED ALWAYS AS (id * 2) STORED) PARTITION BY RANGE (at);
            CREATE TABLE forms.gen_part_2024 PARTITION OF forms.gen_part (CONSTRAINT id_pos CHECK (id > 0)) FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE INDEX gen_part_2024_twice ON forms.gen_part_2024 (twice);
            CREATE TABLE forms.tree (id integer PRIMARY KEY, parent integer REFERENCES forms.tree ON UPDATE CASCADE ON DELETE SET NULL);
            CREATE TABLE forms.key_opts (id integer, code text, n integer,
                CONSTRAINT key_opts_pkey PRIMARY KEY (id) WITH (fillfactor = 80),
                CONSTRAINT key_opts_code UNIQUE (code) INCLUDE (n) WITH (fillfactor = 60) DEFERRABLE INITIALLY DEFERRED,
                CONSTRAINT key_opts_n UNIQUE (n) WITH (fillfactor = 70) DEFERRABLE);
            CREATE TABLE forms.part_fk (id integer, item integer REFERENCES forms.items (id) MATCH FULL) PARTITION BY HASH (id);
            CREATE TABLE forms.part_fk_0 PARTITION OF forms.part_fk FOR VALUES WITH (MODULUS 1, REMAINDER 0);
            CREATE TRIGGER gen_part_when AFTER UPDATE OF id ON forms.gen_part FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION forms.noop_trg();
            CREATE VIEW forms.aliased (x, y) AS SELECT id, name FROM forms.items ORDER BY name DESC NULLS LAST LIMIT 2;
            CREATE MATERIALIZED VIEW forms.mv_opts WITH (fillfactor = 50, autovacuum_enabled = false) AS SELECT id FROM forms.items;
            CREATE UNLOGGED TABLE forms.unlogged_ident (id integer GENERATED ALWAYS AS IDENTITY, s serial);
            CREATE TABLE forms.other_owner_seq (id integer);
            CREATE SEQUENCE forms.s_neg AS smallint INCREMENT BY -1;
            INSERT INTO forms.multi VALUES (1, 'b', 'c', 'd');
            INSERT INTO forms.gen_part (id, at) VALUES (1, '2024-05-05');
            INSERT INTO forms.tree VALUES (1, NULL), (2, 1);
            INSERT INTO forms.typed_part VALUES ('n', 1);
            """;

    /**
     * PostgreSQL 18's catalogued NOT NULL constraints: a NOT VALID one over rows holding NULLs (with
     * a comment, and an inheritance child created after it, whose inherited copy is valid), NO
     * INHERIT ones on a parent and on a child, named and commented ones, a local not-null on an
     * inherited column, and a partitioned table's, with a partition created in place, one attached
     * with names of its own, and a NOT VALID one reaching both.
     */
    private static final String NOT_NULL_18_SQL = """
            CREATE TABLE forms.nn_invalid (a integer, b text);
            INSERT INTO forms.nn_invalid VALUES (NULL, 'null a'), (1, 'one');
            ALTER TABLE forms.nn_invalid ADD CONSTRAINT nn_invalid_a NOT NULL a NOT VALID;
            COMMENT ON CONSTRAINT nn_invalid_a ON forms.nn_invalid IS 'not checked yet';
            CREATE TABLE forms.nn_inv_child (c integer) INHERITS (forms.nn_invalid);
            INSERT INTO forms.nn_inv_child VALUES (2, 'two', 3);
            CREATE TABLE forms.nn_parent (
                a integer CONSTRAINT nn_parent_a_only NOT NULL NO INHERIT,
                b integer NOT NULL,
                c integer CONSTRAINT nn_parent_c_named NOT NULL);
            COMMENT ON CONSTRAINT nn_parent_c_named ON forms.nn_parent IS 'named not-null';
            COMMENT ON CONSTRAINT nn_parent_b_not_null ON forms.nn_parent IS 'default name, commented';
            CREATE TABLE forms.nn_child (d integer NOT NULL NO INHERIT) INHERITS (forms.nn_parent);
            ALTER TABLE forms.nn_child ALTER COLUMN a SET NOT NULL;
            INSERT INTO forms.nn_parent VALUES (1, 2, 3);
            INSERT INTO forms.nn_child VALUES (1, 2, 3, 4);
            CREATE TABLE forms.nn_parted (id integer NOT NULL, k integer, v text CONSTRAINT nn_parted_v_named NOT NULL)
                PARTITION BY RANGE (id);
            CREATE TABLE forms.nn_parted_1 PARTITION OF forms.nn_parted FOR VALUES FROM (0) TO (10);
            CREATE TABLE forms.nn_parted_2 (v text NOT NULL, k integer, id integer NOT NULL);
            ALTER TABLE forms.nn_parted ATTACH PARTITION forms.nn_parted_2 FOR VALUES FROM (10) TO (20);
            INSERT INTO forms.nn_parted VALUES (1, NULL, 'x'), (11, NULL, 'y');
            ALTER TABLE forms.nn_parted ADD CONSTRAINT nn_parted_k NOT NULL k NOT VALID;
            """;

    /**
     * User-defined base types built, without C, on built-in I/O functions in language internal (as
     * PostgreSQL's create_type regression test does): a by-value integer with send/receive, a
     * default and a category; a text-like one with typmod functions, storage, collatable, preferred,
     * a default and a delimiter; a fixed-length one made LIKE point with an element type; a table
     * using them with data, defaults and arrays. And range types with a canonical function (which,
     * like a base type's input function, needs a shell type first), subtype_diff, a non-default
     * operator class and collation, a named multirange (14+). The first {@code %s} is the pair
     * type's SUBSCRIPT option (14+), the second the multirange name.
     */
    private static final String BASE_TYPES_SQL = """
            CREATE TYPE forms.int42;
            CREATE FUNCTION forms.int42_in(cstring) RETURNS forms.int42 AS 'int4in' LANGUAGE internal IMMUTABLE STRICT;
            CREATE FUNCTION forms.int42_out(forms.int42) RETURNS cstring AS 'int4out' LANGUAGE internal IMMUTABLE STRICT;
            CREATE FUNCTION forms.int42_recv(internal) RETURNS forms.int42 AS 'int4recv' LANGUAGE internal IMMUTABLE STRICT;
            CREATE FUNCTION forms.int42_send(forms.int42) RETURNS bytea AS 'int4send' LANGUAGE internal IMMUTABLE STRICT;
            CREATE TYPE forms.int42 (internallength = 4, input = forms.int42_in, output = forms.int42_out,
                receive = forms.int42_recv, send = forms.int42_send, alignment = int4, default = 42, passedbyvalue, category = 'N');
            COMMENT ON TYPE forms.int42 IS 'an int4 by another name';
            CREATE TYPE forms.text_w_default;
            CREATE FUNCTION forms.text_w_default_in(cstring) RETURNS forms.text_w_default AS 'textin' LANGUAGE internal STABLE STRICT;
            CREATE FUNCTION forms.text_w_default_out(forms.text_w_default) RETURNS cstring AS 'textout' LANGUAGE internal STABLE STRICT;
            CREATE FUNCTION forms.tw_typmod_in(cstring[]) RETURNS integer AS 'varchartypmodin' LANGUAGE internal IMMUTABLE STRICT;
            CREATE FUNCTION forms.tw_typmod_out(integer) RETURNS cstring AS 'varchartypmodout' LANGUAGE internal IMMUTABLE STRICT;
            CREATE TYPE forms.text_w_default (internallength = variable, input = forms.text_w_default_in,
                output = forms.text_w_default_out, typmod_in = forms.tw_typmod_in, typmod_out = forms.tw_typmod_out,
                alignment = int4, storage = main, default = 'zippo', category = 'S',
                preferred = true, collatable = true, delimiter = ';');
            CREATE TYPE forms.pair;
            CREATE FUNCTION forms.pair_in(cstring) RETURNS forms.pair AS 'point_in' LANGUAGE internal IMMUTABLE STRICT;
            CREATE FUNCTION forms.pair_out(forms.pair) RETURNS cstring AS 'point_out' LANGUAGE internal IMMUTABLE STRICT;
            CREATE TYPE forms.pair (LIKE = point, input = forms.pair_in, output = forms.pair_out, element = float8%s);
            CREATE TABLE forms.based (
                id integer,
                v forms.int42 DEFAULT '7',
                t forms.text_w_default(8) COLLATE "C",
                p forms.pair,
                vs forms.int42[] DEFAULT '{1,2}',
                ts forms.text_w_default[]
            );
            INSERT INTO forms.based VALUES (1, '11', 'hello', '(1,2)', '{3,4,NULL}', '{x;"y;z";NULL}');
            INSERT INTO forms.based (id) VALUES (2);
            CREATE TYPE forms.int4r;
            CREATE FUNCTION forms.int4r_canon(forms.int4r) RETURNS forms.int4r AS 'int4range_canonical' LANGUAGE internal IMMUTABLE STRICT;
            CREATE TYPE forms.int4r AS RANGE (subtype = integer, canonical = forms.int4r_canon, subtype_diff = int4range_subdiff);
            CREATE TYPE forms.textr_c AS RANGE (subtype = text, collation = "C", subtype_opclass = text_pattern_ops%s);
            CREATE TABLE forms.ranged (a forms.int4r, b forms.textr_c);
            INSERT INTO forms.ranged VALUES ('[1,5]', '[a,b)'), (NULL, 'empty');
            """;

    /** Enough labels squeezed before one label that PostgreSQL has to renumber enumsortorder. */
    private static final String MANY_ENUM_LABELS = "DO $$ BEGIN FOR i IN 1..40 LOOP EXECUTE format('ALTER TYPE forms.mood ADD VALUE %L BEFORE %L', 'x' || i, 'happy'); END LOOP; END $$;";

    /** Enum labels added out of order, so that enumsortorder holds odd fractions; each its own statement. */
    private static final List<String> ENUM_LABELS = List.of(
            "ALTER TYPE forms.mood ADD VALUE 'ok' BEFORE 'happy'",
            "ALTER TYPE forms.mood ADD VALUE 'meh' AFTER 'sad'",
            "ALTER TYPE forms.mood ADD VALUE 'ecstatic'",
            "ALTER TYPE forms.mood ADD VALUE 'numb' BEFORE 'sad'",
            "ALTER TYPE forms.mood ADD VALUE 'fine' BEFORE 'ok'",
            "CREATE TABLE forms.moods (m forms.mood, at integer)",
            "INSERT INTO forms.moods VALUES ('numb', 1), ('fine', 2), ('ecstatic', 3), ('sad', 4)");

    /** The fixture's SQL for a server of this major, one batch per list element. */
    public static List<String> sql(int major) {
        List<String> sql = new ArrayList<>();
        sql.add(TABLES_SQL);
        sql.add(NOT_VALID_SQL);
        sql.add(VIEWS_SQL);
        sql.add(SEQUENCES_SQL);
        sql.add(TRIGGERS_SQL);
        sql.add(FUNCTIONS_SQL);
        sql.add(TYPES_SQL);
        sql.addAll(ENUM_LABELS);
        sql.add(MORE_TABLES_SQL);
        sql.add(BASE_TYPES_SQL.formatted(major >= 14 ? ", subscript = raw_array_subscript_handler" : "",
                major >= 14 ? ", multirange_type_name = forms.many_textr" : ""));
        if (major >= 14) {
            // a function on the multirange depends on it, which stands for its range type
            sql.add("CREATE FUNCTION forms.many_count(forms.many_textr) RETURNS integer LANGUAGE sql AS 'SELECT 1'");
        }
        sql.add(MANY_ENUM_LABELS);
        if (major >= 13) {
            // on 12 the partitions' trigger clones are internal and carry no state of their own
            sql.add("ALTER TABLE forms.events_us DISABLE TRIGGER events_trg");
            // a mid-level partition (itself partitioned) in one state, one of its partitions in another
            sql.add("ALTER TABLE forms.events_eu ENABLE REPLICA TRIGGER events_trg");
            sql.add("ALTER TABLE forms.events_eu_2024 ENABLE ALWAYS TRIGGER events_trg");
            sql.add("CREATE FUNCTION forms.pick(anycompatible, anycompatible) RETURNS anycompatible LANGUAGE sql IMMUTABLE "
                    + "AS 'SELECT coalesce($1, $2)'");
        }
        if (major >= 14) {
            sql.add("CREATE FUNCTION forms.atomic_add(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE "
                    + "RETURN a + b");
            sql.add("""
                    CREATE FUNCTION forms.atomic_count() RETURNS bigint LANGUAGE sql STABLE
                    BEGIN ATOMIC
                        SELECT count(*) FROM forms.items;
                    END""");
            sql.add("""
                    CREATE PROCEDURE forms.atomic_proc(x integer) LANGUAGE sql
                    BEGIN ATOMIC
                        INSERT INTO forms.items (id, name) VALUES (x, 'p');
                        UPDATE forms.items SET price = 0 WHERE id = x;
                    END""");
            sql.add("CREATE PROCEDURE forms.out_proc(IN a integer, OUT b integer, INOUT c text DEFAULT 'c') LANGUAGE plpgsql "
                    + "AS $$ BEGIN b := a; c := c || '!'; END $$");
        }
        if (major >= 15) {
            sql.add("CREATE TABLE forms.nnd (a integer, b integer, CONSTRAINT nnd_ab UNIQUE NULLS NOT DISTINCT (a, b))");
            sql.add("CREATE UNIQUE INDEX nnd_b_idx ON forms.nnd (b) NULLS NOT DISTINCT");
            sql.add("INSERT INTO forms.nnd VALUES (1, NULL), (NULL, 2)");
            sql.add("CREATE VIEW forms.invoker WITH (security_invoker = true) AS SELECT id FROM forms.items");
            sql.add("CREATE VIEW forms.invoker_barrier WITH (security_invoker, security_barrier) AS SELECT id FROM forms.cheap");
            sql.add("CREATE UNLOGGED SEQUENCE forms.s_unlogged START 3");
            sql.add("SELECT nextval('forms.s_unlogged')");
        }
        if (major >= 18) {
            sql.add("ALTER TABLE forms.colfeat ADD COLUMN tripled integer GENERATED ALWAYS AS (id * 3) VIRTUAL");
            sql.add(NOT_NULL_18_SQL);
        }
        return sql;
    }

    /** Creates a fresh database on {@code server} holding the fixture and returns its name. */
    public static String create(PgServer server) {
        String db = server.createDatabase();
        server.execute(db, sql(server.major()).toArray(String[]::new));
        return db;
    }
}
