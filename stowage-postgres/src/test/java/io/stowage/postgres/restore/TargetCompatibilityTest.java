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
}
