package io.stowage.postgres.restore;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TargetCompatibilityTest {
    private static final String RANGE = """
            CREATE TYPE public.floatrange AS RANGE (
                subtype = double precision,
                multirange_type_name = public.floatmultirange,
                subtype_diff = public.float8mi
            );""";

    @Test
    void sameOrNewerTargetsGetStatementsUnchanged() {
        for (int target : new int[] {18, 19}) {
            TargetCompatibility.Adapted a = new TargetCompatibility(18, target).adapt(RANGE, "TYPE public.floatrange");
            assertThat(a.sql()).isEqualTo(RANGE);
            assertThat(a.losses()).isEmpty();
        }
        assertThat(new TargetCompatibility(0, 12).adapt(RANGE, "x").sql()).as("unknown source: no guessing").isEqualTo(RANGE);
    }

    @Test
    void theDefaultMultirangeNameIsDroppedSilentlyBefore14() {
        TargetCompatibility.Adapted a = new TargetCompatibility(16, 13).adapt(RANGE, "TYPE public.floatrange");
        assertThat(a.sql()).doesNotContain("multirange").contains("subtype = double precision,", "subtype_diff = public.float8mi");
        assertThat(a.losses()).isEmpty();
        assertThat(new TargetCompatibility(16, 14).adapt(RANGE, "x").sql()).isEqualTo(RANGE);
    }

    @Test
    void aCustomMultirangeNameIsNamedAsNotCarried() {
        String custom = "CREATE TYPE app.\"Span\" AS RANGE (multirange_type_name = app.\"Many Spans\", subtype = integer);";
        TargetCompatibility.Adapted a = new TargetCompatibility(15, 12).adapt(custom, "TYPE app.Span");
        assertThat(a.sql()).isEqualTo("CREATE TYPE app.\"Span\" AS RANGE ( subtype = integer);");
        assertThat(a.losses()).singleElement().asString().contains("TYPE app.Span", "app.\"Many Spans\"", "PostgreSQL 12");
    }

    @Test
    void defaultMultirangeNamesFollowThePostgresRule() {
        assertThat(TargetCompatibility.defaultMultirangeName("floatrange")).isEqualTo("floatmultirange");
        assertThat(TargetCompatibility.defaultMultirangeName("rangeofdays")).isEqualTo("multirangeofdays");
        assertThat(TargetCompatibility.defaultMultirangeName("span")).isEqualTo("span_multirange");
    }

    @Test
    void maintainIsTakenOutOfGrantsBefore17() {
        TargetCompatibility c = new TargetCompatibility(17, 16);
        TargetCompatibility.Adapted mixed = c.adapt("GRANT SELECT,MAINTAIN ON TABLE public.t TO bob;", "ACL TABLE t");
        assertThat(mixed.sql()).isEqualTo("GRANT SELECT ON TABLE public.t TO bob;");
        assertThat(mixed.losses()).singleElement().asString().contains("MAINTAIN", "PostgreSQL 16");

        TargetCompatibility.Adapted only = c.adapt("REVOKE GRANT OPTION FOR MAINTAIN ON TABLE public.t FROM bob;", "ACL TABLE t");
        assertThat(only.sql()).isNull();
        assertThat(only.losses()).hasSize(1);

        TargetCompatibility.Adapted other = c.adapt("GRANT SELECT ON TABLE public.maintain TO maintain;", "ACL");
        assertThat(other.sql()).isEqualTo("GRANT SELECT ON TABLE public.maintain TO maintain;");
        assertThat(other.losses()).isEmpty();
        assertThat(new TargetCompatibility(18, 17).adapt("GRANT MAINTAIN ON TABLE public.t TO bob;", "x").sql())
                .isEqualTo("GRANT MAINTAIN ON TABLE public.t TO bob;");
    }

    private static TargetCompatibility.Adapted adapt(int source, int target, String sql) {
        return new TargetCompatibility(source, target).adapt(sql, "OBJ x");
    }

    @Test
    void sqlStandardBodiesAreNotCarriedBefore14AndTakeTheirCommentAndAclAlong() {
        String atomic = "CREATE FUNCTION public.n() RETURNS bigint\n    LANGUAGE sql STABLE\n    BEGIN ATOMIC\n SELECT count(*) AS count\n    FROM public.t;\nEND;";
        String ret = "CREATE FUNCTION public.add(a integer, b integer) RETURNS integer\n    LANGUAGE sql IMMUTABLE\n    RETURN (a + b);";
        String plpgsql = "CREATE FUNCTION public.f() RETURNS integer\n    LANGUAGE plpgsql\n    AS $$\nBEGIN\n    RETURN 1;\nEND$$;";
        assertThat(adapt(18, 13, atomic).sql()).isNull();
        assertThat(adapt(18, 13, atomic).losses()).singleElement().asString().contains("OBJ x", "SQL-standard function body", "PostgreSQL 13");
        assertThat(adapt(18, 13, ret).sql()).isNull();
        assertThat(adapt(18, 13, plpgsql).sql()).isEqualTo(plpgsql);
        assertThat(adapt(18, 13, plpgsql).losses()).isEmpty();
        assertThat(adapt(18, 14, atomic).sql()).isEqualTo(atomic);

        TargetCompatibility c = new TargetCompatibility(18, 12);
        ScriptItem.EntryHeader fn = new ScriptItem.EntryHeader("n()", "FUNCTION", "public", "postgres", false, 1);
        assertThat(c.adapt(atomic, fn).sql()).isNull();
        assertThat(c.adapt("ALTER FUNCTION public.n() OWNER TO bob;", fn).sql()).as("rest of the entry").isNull();
        ScriptItem.EntryHeader comment = new ScriptItem.EntryHeader("FUNCTION n()", "COMMENT", "public", "postgres", false, 9);
        TargetCompatibility.Adapted skipped = c.adapt("COMMENT ON FUNCTION public.n() IS 'x';", comment);
        assertThat(skipped.sql()).isNull();
        assertThat(skipped.losses()).singleElement().asString().contains("COMMENT public.FUNCTION n()");
        ScriptItem.EntryHeader other = new ScriptItem.EntryHeader("FUNCTION m()", "COMMENT", "public", "postgres", false, 12);
        assertThat(c.adapt("COMMENT ON FUNCTION public.m() IS 'x';", other).sql()).isNotNull();
    }

    @Test
    void compressionIsDroppedAndNamedBefore14() {
        String sql = "ALTER TABLE ONLY public.t ALTER COLUMN body SET COMPRESSION lz4;";
        assertThat(adapt(16, 13, sql).sql()).isNull();
        assertThat(adapt(16, 13, sql).losses()).singleElement().asString().contains("lz4", "body", "public.t", "PostgreSQL 13");
        assertThat(adapt(16, 14, sql).sql()).isEqualTo(sql);
    }

    @Test
    void nullsNotDistinctIsDroppedAndNamedBefore15() {
        String idx = "CREATE UNIQUE INDEX u ON public.t USING btree (a) NULLS NOT DISTINCT;";
        assertThat(adapt(15, 14, idx).sql()).isEqualTo("CREATE UNIQUE INDEX u ON public.t USING btree (a);");
        assertThat(adapt(15, 14, idx).losses()).singleElement().asString().contains("NULLS NOT DISTINCT");
        String con = "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_a_key UNIQUE NULLS NOT DISTINCT (a);";
        assertThat(adapt(16, 12, con).sql()).isEqualTo("ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_a_key UNIQUE (a);");
        String literal = "CREATE VIEW public.v AS\n SELECT ' NULLS NOT DISTINCT' AS x;";
        assertThat(adapt(16, 12, literal).sql()).isEqualTo(literal);
        assertThat(adapt(16, 15, idx).sql()).isEqualTo(idx);
    }

    @Test
    void securityInvokerIsDroppedAndNamedBefore15() {
        String v = "CREATE VIEW public.v WITH (security_barrier='true', security_invoker='true') AS\n SELECT 1 AS x;";
        TargetCompatibility.Adapted a = adapt(15, 14, v);
        assertThat(a.sql()).isEqualTo("CREATE VIEW public.v WITH (security_barrier='true') AS\n SELECT 1 AS x;");
        assertThat(a.losses()).singleElement().asString().contains("security_invoker", "PostgreSQL 14");
        String only = "CREATE OR REPLACE VIEW public.v WITH (security_invoker='false') AS\n SELECT 1 AS x;";
        assertThat(adapt(15, 14, only).sql()).isEqualTo("CREATE OR REPLACE VIEW public.v AS\n SELECT 1 AS x;");
        assertThat(adapt(15, 14, only).losses()).as("false is what the older server does anyway").isEmpty();
        assertThat(adapt(15, 15, v).sql()).isEqualTo(v);
    }

    @Test
    void unloggedSequencesBecomeLoggedBefore15() {
        String seq = "CREATE UNLOGGED SEQUENCE public.s\n    START WITH 1;";
        assertThat(adapt(15, 14, seq).sql()).isEqualTo("CREATE SEQUENCE public.s\n    START WITH 1;");
        assertThat(adapt(15, 14, seq).losses()).singleElement().asString().contains("unlogged sequence");
        assertThat(adapt(15, 14, "CREATE UNLOGGED TABLE public.t (a integer);").sql()).isEqualTo("CREATE UNLOGGED TABLE public.t (a integer);");
    }

    @Test
    void publicationFiltersAndSchemasAreNotCarriedBefore15() {
        String cols = "ALTER PUBLICATION p ADD TABLE ONLY sec.account (id, balance) WHERE ((balance > (0)::numeric));";
        assertThat(adapt(16, 14, cols).sql()).isNull();
        assertThat(adapt(16, 14, cols).losses()).singleElement().asString().contains("sec.account", "publication p");
        String schema = "ALTER PUBLICATION p ADD TABLES IN SCHEMA sec_pub;";
        assertThat(adapt(16, 14, schema).sql()).isNull();
        assertThat(adapt(16, 14, schema).losses()).singleElement().asString().contains("TABLES IN SCHEMA", "sec_pub");
        String plain = "ALTER PUBLICATION p ADD TABLE ONLY sec.account;";
        assertThat(adapt(16, 14, plain).sql()).isEqualTo(plain);
        assertThat(adapt(16, 15, cols).sql()).isEqualTo(cols);
    }

    @Test
    void virtualGeneratedColumnsAreStoredBefore18() {
        String t = "CREATE TABLE public.t (\n    a integer,\n    b integer GENERATED ALWAYS AS ((a * 2)),\n"
                + "    c integer GENERATED ALWAYS AS ((a + 1)) STORED,\n    d text GENERATED ALWAYS AS (('x)'::text))\n);";
        TargetCompatibility.Adapted a = adapt(18, 17, t);
        assertThat(a.sql()).isEqualTo("CREATE TABLE public.t (\n    a integer,\n    b integer GENERATED ALWAYS AS ((a * 2)) STORED,\n"
                + "    c integer GENERATED ALWAYS AS ((a + 1)) STORED,\n    d text GENERATED ALWAYS AS (('x)'::text)) STORED\n);");
        assertThat(a.losses()).hasSize(2).allSatisfy(l -> assertThat(l).contains("virtual", "STORED"));
        assertThat(adapt(18, 18, t).sql()).isEqualTo(t);
        String identity = "CREATE TABLE public.i (id integer GENERATED ALWAYS AS IDENTITY);";
        assertThat(adapt(18, 12, identity).sql()).isEqualTo(identity);
    }

    @Test
    void notNullConstraintFormsOf18AreAdapted() {
        String add = "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_a_nn NOT NULL a;";
        assertThat(adapt(18, 17, add).sql()).isEqualTo("ALTER TABLE ONLY public.t ALTER COLUMN a SET NOT NULL;");
        assertThat(adapt(18, 17, add).losses()).isEmpty();
        String notValid = "ALTER TABLE public.t\n    ADD CONSTRAINT t_b_nn NOT NULL b NOT VALID;";
        assertThat(adapt(18, 16, notValid).sql()).isNull();
        assertThat(adapt(18, 16, notValid).losses()).singleElement().asString().contains("NOT VALID", "t_b_nn", "PostgreSQL 16");
        String inline = "CREATE TABLE public.p (\n    a integer CONSTRAINT p_a_nn NOT NULL NO INHERIT\n);";
        assertThat(adapt(18, 15, inline).sql()).isEqualTo("CREATE TABLE public.p (\n    a integer CONSTRAINT p_a_nn NOT NULL\n);");
        assertThat(adapt(18, 15, inline).losses()).singleElement().asString().contains("NO INHERIT");
        assertThat(adapt(18, 18, notValid).sql()).isEqualTo(notValid);
    }

    @Test
    void transactionTimeoutOfPgDump17IsDroppedSilentlyBefore17() {
        assertThat(adapt(17, 16, "SET transaction_timeout = 0;").sql()).isNull();
        assertThat(adapt(17, 16, "SET transaction_timeout = 0;").losses()).isEmpty();
        assertThat(adapt(18, 17, "SET transaction_timeout = 0;").sql()).isEqualTo("SET transaction_timeout = 0;");
        assertThat(adapt(17, 16, "SET lock_timeout = 0;").sql()).isEqualTo("SET lock_timeout = 0;");
    }
}
