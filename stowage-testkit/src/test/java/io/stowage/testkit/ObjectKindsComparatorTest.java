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

/** The comparator sees every kind the {@link ObjectKindsFixture} holds, and each kind's changes. */
class ObjectKindsComparatorTest {
    private static PgServer server;
    private static String fixture;

    @BeforeAll
    static void buildFixture() {
        server = PgServers.getDefault();
        fixture = ObjectKindsFixture.create(server);
    }

    @Test
    void twoBuildsOfTheFixtureAreIdentical() throws Exception {
        String other = ObjectKindsFixture.create(server);
        ComparisonReport report = DatabaseComparator.create().compare(server, fixture, server, other);
        assertThat(report.isIdentical()).as(report.toString()).isTrue();
        assertThat(report.objectsCompared()).isGreaterThan(80);
    }

    @Test
    void eachNewKindIsListed() throws Exception {
        // dropping the schema and the database-level objects leaves each new kind "only in first database"
        String copy = server.copyDatabase(fixture);
        server.execute(copy, "DROP SCHEMA kinds CASCADE", "DROP SERVER kinds_srv, kinds_srv2 CASCADE",
                "DROP FOREIGN DATA WRAPPER kinds_fdw, kinds_fdw2 CASCADE", "DROP CAST (xml AS bytea)");
        ComparisonReport report = DatabaseComparator.create().compare(server, fixture, server, copy);
        Set<ObjectKind> kinds = report.differences().stream().map(Difference::kind).collect(Collectors.toSet());
        assertThat(kinds).contains(ObjectKind.COLLATION, ObjectKind.CONVERSION, ObjectKind.CAST, ObjectKind.OPERATOR,
                ObjectKind.OPERATOR_FAMILY, ObjectKind.OPERATOR_CLASS, ObjectKind.TEXT_SEARCH_PARSER,
                ObjectKind.TEXT_SEARCH_TEMPLATE, ObjectKind.TEXT_SEARCH_DICTIONARY, ObjectKind.TEXT_SEARCH_CONFIGURATION,
                ObjectKind.FOREIGN_DATA_WRAPPER, ObjectKind.FOREIGN_SERVER, ObjectKind.USER_MAPPING, ObjectKind.STATISTICS);
        server.dropDatabase(copy);
    }

    static Stream<Arguments> mutations() {
        return Stream.of(
                mutation("a collation dropped", List.of("DROP COLLATION kinds.c_split"),
                        "collation kinds.c_split: only in first database", "kinds.c_split"),
                mutation("a collation comment", List.of("COMMENT ON COLLATION kinds.c_libc IS 'changed'"),
                        "collation kinds.c_libc: comment plain C vs changed", "kinds.c_libc"),
                mutation("a conversion dropped", List.of("DROP CONVERSION kinds.latin1_to_utf8"),
                        "conversion kinds.latin1_to_utf8: only in first database", "kinds.latin1_to_utf8"),
                mutation("a cast dropped", List.of("DROP CAST (kinds.money2 AS json)"),
                        "cast (kinds.money2 AS json): only in first database", "(kinds.money2 AS json)"),
                mutation("an operator's restriction estimator", List.of("ALTER OPERATOR kinds.=# (integer, integer) SET (RESTRICT = eqsel)"),
                        "operator kinds.=#(integer,integer): restrict - vs eqsel(", "kinds.=#(integer,integer)"),
                mutation("a loose operator family member", List.of(
                                "ALTER OPERATOR FAMILY kinds.loose_ops USING btree DROP OPERATOR 1 (integer, integer)"),
                        "operator family kinds.loose_ops USING btree: loose members ", "kinds.loose_ops USING btree"),
                mutation("an operator class comment", List.of("COMMENT ON OPERATOR CLASS kinds.abs_ops USING btree IS NULL"),
                        "operator class kinds.abs_ops USING btree: comment absolute value order vs (none)",
                        "kinds.abs_ops USING btree"),
                mutation("a text search parser comment", List.of("COMMENT ON TEXT SEARCH PARSER kinds.prs IS 'other'"),
                        "text search parser kinds.prs: comment parser vs other", "kinds.prs"),
                mutation("a text search template dropped", List.of("DROP TEXT SEARCH TEMPLATE kinds.tmpl_noinit"),
                        "text search template kinds.tmpl_noinit: only in first database", "kinds.tmpl_noinit"),
                mutation("a text search dictionary option", List.of("ALTER TEXT SEARCH DICTIONARY kinds.dict (accept = true)"),
                        "text search dictionary kinds.dict: options ", "kinds.dict"),
                mutation("a text search mapping", List.of("ALTER TEXT SEARCH CONFIGURATION kinds.cfg DROP MAPPING FOR int"),
                        "text search configuration kinds.cfg: mappings ", "kinds.cfg"),
                mutation("a wrapper option", List.of("ALTER FOREIGN DATA WRAPPER kinds_fdw OPTIONS (SET debug 'false')"),
                        "foreign data wrapper kinds_fdw: options debug=true vs debug=false", "kinds_fdw"),
                mutation("a server privilege", List.of("REVOKE USAGE ON FOREIGN SERVER kinds_srv FROM kinds_user CASCADE"),
                        "foreign server kinds_srv: acl ", "kinds_srv"),
                mutation("a server option", List.of("ALTER SERVER kinds_srv OPTIONS (SET port '5433')"),
                        "foreign server kinds_srv: options ", "kinds_srv"),
                mutation("a user mapping dropped", List.of("DROP USER MAPPING FOR PUBLIC SERVER kinds_srv"),
                        "user mapping public on kinds_srv: only in first database", "public on kinds_srv"),
                mutation("a foreign table option", List.of("ALTER FOREIGN TABLE kinds.remote OPTIONS (SET table_name 'other')"),
                        "table kinds.remote: foreign options ", "kinds.remote"),
                mutation("a foreign column option", List.of("ALTER FOREIGN TABLE kinds.remote ALTER COLUMN id OPTIONS (SET column_name 'x')"),
                        "column kinds.remote.id: fdw options column_name=remote_id vs column_name=x", "kinds.remote.id"),
                mutation("extended statistics dropped", List.of("DROP STATISTICS kinds.measure_ab"),
                        "statistics kinds.measure_ab: only in first database", "kinds.measure_ab"),
                mutation("an extended statistics target", List.of("ALTER STATISTICS kinds.measure_abt SET STATISTICS 20"),
                        "statistics kinds.measure_abt: statistics target 300 vs 20", "kinds.measure_abt"),
                mutation("a column statistics target", List.of("ALTER TABLE kinds.measure ALTER COLUMN a SET STATISTICS 100"),
                        "column kinds.measure.a: statistics target 500 vs 100", "kinds.measure.a"),
                mutation("a column storage", List.of("ALTER TABLE kinds.measure ALTER COLUMN t SET STORAGE EXTENDED"),
                        "column kinds.measure.t: storage e vs x", "kinds.measure.t"),
                mutation("a column compression", List.of("ALTER TABLE kinds.measure ALTER COLUMN body SET COMPRESSION default"),
                        "column kinds.measure.body: compression p vs", "kinds.measure.body"),
                mutation("a column option", List.of("ALTER TABLE kinds.measure ALTER COLUMN b RESET (n_distinct)"),
                        "column kinds.measure.b: options n_distinct=-0.5 vs (none)", "kinds.measure.b"),
                mutation("a clustered index", List.of("ALTER TABLE kinds.measure SET WITHOUT CLUSTER"),
                        "index kinds.measure_id_idx: clustered t vs f", "kinds.measure_id_idx"),
                mutation("an index column statistics target", List.of("ALTER INDEX kinds.measure_expr_idx ALTER COLUMN 2 SET STATISTICS 100"),
                        "index kinds.measure_expr_idx: column statistics targets 2=200 vs 2=100", "kinds.measure_expr_idx"));
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

    @Test
    void aUserMappingPasswordChangeIsReportedWithoutThePassword() throws Exception {
        String copy = server.copyDatabase(fixture);
        server.execute(copy, "ALTER USER MAPPING FOR kinds_user SERVER kinds_srv OPTIONS (SET password 'another-secret-77')");
        ComparisonReport report = DatabaseComparator.create().compare(server, fixture, server, copy);
        assertThat(report.differences()).extracting(Difference::toString)
                .singleElement().asString().startsWith("user mapping kinds_user on kinds_srv: options ");
        assertThat(report.toString()).doesNotContain(ObjectKindsFixture.USER_MAPPING_PASSWORD, "another-secret-77");
        server.dropDatabase(copy);
    }
}
