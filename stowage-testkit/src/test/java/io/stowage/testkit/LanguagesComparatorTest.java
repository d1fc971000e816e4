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

/** The comparator sees the languages, transforms, access methods and table access methods of {@link LanguagesFixture}. */
class LanguagesComparatorTest {
    private static PgServer server;
    private static String fixture;

    @BeforeAll
    static void buildFixture() {
        server = PgServers.getDefault();
        fixture = LanguagesFixture.create(server);
    }

    @Test
    void twoBuildsOfTheFixtureAreIdentical() throws Exception {
        String other = LanguagesFixture.create(server);
        ComparisonReport report = DatabaseComparator.create().compare(server, fixture, server, other);
        assertThat(report.isIdentical()).as(report.toString()).isTrue();
        server.dropDatabase(other);
    }

    static Stream<Arguments> mutations() {
        return Stream.of(
                mutation("a language dropped", List.of("DROP LANGUAGE \"Stowage Plain\" CASCADE"),
                        "language \"Stowage Plain\": only in first database", "\"Stowage Plain\"",
                        "FOR integer LANGUAGE \"Stowage Plain\""),
                mutation("a language made untrusted", List.of("UPDATE pg_language SET lanpltrusted = false WHERE lanname = 'stowage_pl'"),
                        "language stowage_pl: trusted t vs f", "stowage_pl"),
                mutation("a language's inline handler", List.of("UPDATE pg_language SET laninline = 0 WHERE lanname = 'stowage_pl'"),
                        "language stowage_pl: inline langs.pl_inline(internal) vs (none)", "stowage_pl"),
                mutation("a language's validator", List.of("UPDATE pg_language SET lanvalidator = 0 WHERE lanname = 'stowage_pl'"),
                        "language stowage_pl: validator langs.pl_validator(oid) vs (none)", "stowage_pl"),
                mutation("a language's handler", List.of(
                                "CREATE FUNCTION langs.other_handler() RETURNS language_handler AS '$libdir/plpgsql', "
                                        + "'plpgsql_call_handler' LANGUAGE C",
                                "UPDATE pg_language SET lanplcallfoid = 'langs.other_handler'::regproc WHERE lanname = 'stowage_pl'"),
                        "language stowage_pl: handler langs.pl_handler() vs langs.other_handler()", "stowage_pl",
                        "langs.other_handler()"),
                mutation("a language's owner", List.of("ALTER LANGUAGE stowage_pl OWNER TO " + LanguagesFixture.ROLE),
                        "language stowage_pl: owner ", "stowage_pl"),
                mutation("a language's privilege", List.of("REVOKE USAGE ON LANGUAGE stowage_pl FROM " + LanguagesFixture.ROLE),
                        "language stowage_pl: acl ", "stowage_pl"),
                mutation("an extension language's privilege", List.of("GRANT USAGE ON LANGUAGE plpgsql TO PUBLIC"),
                        "language plpgsql: acl ", "plpgsql"),
                mutation("a language's comment", List.of("COMMENT ON LANGUAGE stowage_pl IS NULL"),
                        "language stowage_pl: comment plpgsql by another name vs (none)", "stowage_pl"),
                mutation("a transform dropped", List.of("DROP TRANSFORM FOR integer LANGUAGE \"Stowage Plain\""),
                        "transform FOR integer LANGUAGE \"Stowage Plain\": only in first database",
                        "FOR integer LANGUAGE \"Stowage Plain\""),
                mutation("a transform's function", List.of(
                                "DROP TRANSFORM FOR integer LANGUAGE \"Stowage Plain\"",
                                "CREATE TRANSFORM FOR integer LANGUAGE \"Stowage Plain\" (TO SQL WITH FUNCTION langs.to_sql(internal))"),
                        "transform FOR integer LANGUAGE \"Stowage Plain\": ", "FOR integer LANGUAGE \"Stowage Plain\""),
                mutation("a transform's comment", List.of("COMMENT ON TRANSFORM FOR integer LANGUAGE stowage_pl IS 'other'"),
                        "transform FOR integer LANGUAGE stowage_pl: comment never called vs other", "FOR integer LANGUAGE stowage_pl"),
                mutation("an access method dropped", List.of("DROP ACCESS METHOD \"Stowage Btree\" CASCADE"),
                        "access method \"Stowage Btree\": only in first database", "\"Stowage Btree\"",
                        "langs.int4_ops USING \"Stowage Btree\""),
                mutation("an access method's handler", List.of(
                                "UPDATE pg_am SET amhandler = 'hashhandler'::regproc WHERE amname = 'Stowage Btree'"),
                        "access method \"Stowage Btree\": handler bthandler vs hashhandler", "\"Stowage Btree\""),
                mutation("an access method's comment", List.of("COMMENT ON ACCESS METHOD stowage_heap IS NULL"),
                        "access method stowage_heap: comment heap by another name vs (none)", "stowage_heap"),
                mutation("a table's access method", List.of("ALTER TABLE langs.on_heap SET ACCESS METHOD stowage_heap"),
                        "table langs.on_heap: access method heap vs stowage_heap", "langs.on_heap"));
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
