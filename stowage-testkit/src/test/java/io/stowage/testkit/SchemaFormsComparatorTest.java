package io.stowage.testkit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The comparator sees the properties the {@link SchemaFormsFixture} exercises: trigger states on
 * partitions, enum sort order, typed tables, local and inherited constraints, function attributes
 * one by one, sequence options and view options.
 */
class SchemaFormsComparatorTest {
    private static PgServer server;
    private static String fixture;

    @BeforeAll
    static void buildFixture() {
        server = PgServers.getDefault();
        fixture = SchemaFormsFixture.create(server);
    }

    @Test
    void twoBuildsOfTheFixtureAreIdentical() throws Exception {
        String other = SchemaFormsFixture.create(server);
        ComparisonReport report = DatabaseComparator.create().compare(server, fixture, server, other);
        assertThat(report.isIdentical()).as(report.toString()).isTrue();
        assertThat(report.objectsCompared()).isGreaterThan(240);
        server.dropDatabase(other);
    }

    @Test
    void anEnumWithTheSameLabelsInAnotherOrderDiffers() throws Exception {
        List<String> labels = server.queryColumn(fixture,
                "SELECT enumlabel FROM pg_enum WHERE enumtypid = 'forms.mood'::regtype ORDER BY enumsortorder");
        assertThat(labels).hasSizeGreaterThan(40).startsWith("numb", "sad");
        List<String> swapped = new java.util.ArrayList<>(labels);
        java.util.Collections.swap(swapped, 0, 1);
        String copy = server.copyDatabase(fixture);
        server.execute(copy, "ALTER TABLE forms.moods ALTER COLUMN m TYPE text", "DROP TYPE forms.mood",
                "CREATE TYPE forms.mood AS ENUM (" + swapped.stream().map(l -> "'" + l + "'").collect(Collectors.joining(", ")) + ")",
                "ALTER TABLE forms.moods ALTER COLUMN m TYPE forms.mood USING m::forms.mood");
        ComparisonReport report = DatabaseComparator.create().compare(server, fixture, server, copy);
        assertThat(report.differences()).extracting(Difference::toString).as(report.toString())
                .singleElement().asString().startsWith("type forms.mood: labels ").contains("'sad', 'numb'");
        server.dropDatabase(copy);
    }

    static Stream<Arguments> mutations() {
        return Stream.of(
                mutation("a partition's trigger clone state", List.of("ALTER TABLE forms.events_us ENABLE TRIGGER events_trg"),
                        "trigger forms.events_us.events_trg: state disabled vs enabled", "forms.events_us.events_trg"),
                mutation("a typed table made plain", List.of("ALTER TABLE forms.plain_typed NOT OF"),
                        "table forms.plain_typed: of type forms.person vs (none)", "forms.plain_typed"),
                mutation("an inherited constraint made local too",
                        List.of("ALTER TABLE forms.child2_t ADD CONSTRAINT code_len CHECK (length(code) < 10)"),
                        "constraint forms.child2_t.code_len: local f vs t", "forms.child2_t.code_len"),
                mutation("a function's leakproof flag", List.of("ALTER FUNCTION forms.secdef(integer) NOT LEAKPROOF"),
                        "function forms.secdef(integer): leakproof t vs f", "forms.secdef(integer)"),
                mutation("a function's setting", List.of("ALTER FUNCTION forms.series(integer, text[]) RESET work_mem"),
                        "function forms.series(integer,text[]): settings ", "forms.series(integer,text[])"),
                mutation("a function's row estimate", List.of("ALTER FUNCTION forms.series(integer, text[]) ROWS 7"),
                        "function forms.series(integer,text[]): rows 42 vs 7", "forms.series(integer,text[])"),
                mutation("a procedure's security", List.of("ALTER PROCEDURE forms.proc_secdef() SECURITY INVOKER"),
                        "procedure forms.proc_secdef(): security definer t vs f", "forms.proc_secdef()"),
                mutation("a sequence's cycle option", List.of("ALTER SEQUENCE forms.s_small NO CYCLE"),
                        "sequence forms.s_small: cycle t vs f", "forms.s_small"),
                mutation("a sequence's is_called", List.of("SELECT setval('forms.s_int', 7, true)"),
                        "sequence forms.s_int: is_called f vs t", "forms.s_int"),
                mutation("a view's check option", List.of("ALTER VIEW forms.cheap SET (check_option = cascaded)"),
                        "view forms.cheap: options check_option=local vs check_option=cascaded", "forms.cheap"),
                mutation("a view's security barrier", List.of("ALTER VIEW forms.cheap_named RESET (security_barrier)"),
                        "view forms.cheap_named: options ", "forms.cheap_named"),
                mutation("an aggregate's finalfunc_modify", List.of("DROP AGGREGATE forms.my_pct(double precision ORDER BY anyelement)",
                                "CREATE AGGREGATE forms.my_pct(double precision ORDER BY anyelement) (SFUNC = ordered_set_transition, "
                                        + "STYPE = internal, FINALFUNC = percentile_disc_final, FINALFUNC_EXTRA, FINALFUNC_MODIFY = READ_WRITE)"),
                        "aggregate forms.my_pct(double precision,anyelement): finalfunc_modify s vs w",
                        "forms.my_pct(double precision,anyelement)"),
                mutation("a materialized view left unpopulated", List.of("REFRESH MATERIALIZED VIEW forms.item_totals_2 WITH NO DATA"),
                        "materialized view forms.item_totals_2: ", "forms.item_totals_2"));
    }

    private static Arguments mutation(String name, List<String> sql, String expectedLinePrefix, String... objects) {
        return Arguments.of(name, sql, expectedLinePrefix, Set.of(objects));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void eachMutationIsReportedAgainstTheRightObject(String name, List<String> sql, String expectedLinePrefix,
                                                    Set<String> objects) throws Exception {
        String copy = server.copyDatabase(fixture);
        server.execute(copy, sql.toArray(String[]::new));
        ComparisonReport report = DatabaseComparator.create().compare(server, fixture, server, copy);

        List<String> lines = report.differences().stream().map(Difference::toString).collect(Collectors.toList());
        assertThat(lines).as(report.toString()).anySatisfy(line -> assertThat(line).startsWith(expectedLinePrefix));
        assertThat(report.differences()).as(report.toString())
                .allSatisfy(d -> assertThat(objects).contains(d.objectName()));
        server.dropDatabase(copy);
    }
}
