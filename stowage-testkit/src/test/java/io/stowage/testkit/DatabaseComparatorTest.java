package io.stowage.testkit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseComparatorTest {
    private static PgServer server;
    private static String fixture;

    @BeforeAll
    static void buildFixture() {
        server = PgServers.getDefault();
        server.execute(PgServer.MAINTENANCE_DB,
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stowage_reader')"
                        + " THEN CREATE ROLE stowage_reader; END IF; END $$");
        fixture = Fixture.create(server);
    }

    @Test
    void databasesBuiltFromTheSameSqlAreIdentical() throws Exception {
        String other = Fixture.create(server);
        ComparisonReport report = DatabaseComparator.create().compare(server, fixture, server, other);
        assertThat(report.isIdentical()).as(report.toString()).isTrue();
        assertThat(report.toString()).startsWith("databases are identical (");
        // every kind of object in the fixture was seen
        assertThat(report.objectsCompared()).isGreaterThan(60);
    }

    @Test
    void sameFixtureOnTheNextMajorIsIdentical() throws Exception {
        PgServer newest = PgServers.get(18);
        String other = Fixture.create(newest);
        ComparisonReport report = DatabaseComparator.create().compare(server, fixture, newest, other);
        assertThat(report.isIdentical()).as(report.toString()).isTrue();
    }

    @Test
    void oldestMajorDiffersOnlyWhereThePostgresOutputChanged() throws Exception {
        PgServer oldest = PgServers.get(12);
        String other = Fixture.create(oldest);
        ComparisonReport report = DatabaseComparator.create().compare(oldest, other, server, fixture);
        // 15 gave schema public to pg_database_owner; 16 stopped qualifying columns in view definitions.
        assertThat(report.toString())
                .contains("schema public: owner postgres vs pg_database_owner")
                .contains("view public.actor_names: definition differs: line 1: \"SELECT actor.actor_id,\" vs \"SELECT actor_id,\"");
        ComparisonReport filtered = report.excluding(DatabaseComparator.CROSS_MAJOR_RENDERING);
        assertThat(filtered.isIdentical()).as(filtered.toString()).isTrue();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {13, 14, 15, 16})
    void everyOtherMajorMatchesTheDefaultApartFromRendering(int major) throws Exception {
        PgServer other = PgServers.get(major);
        String db = Fixture.create(other);
        ComparisonReport report = DatabaseComparator.create().compare(other, db, server, fixture)
                .excluding(DatabaseComparator.CROSS_MAJOR_RENDERING);
        assertThat(report.isIdentical()).as(report.toString()).isTrue();
        assertThat(report.objectsCompared()).isGreaterThan(60);
    }

    @Test
    void onEighteenNotNullConstraintsAreCompared() throws Exception {
        PgServer newest = PgServers.get(18);
        String first = Fixture.create(newest);
        String second = newest.copyDatabase(first);
        newest.execute(second, "ALTER TABLE public.film RENAME CONSTRAINT film_title_not_null TO film_title_required");
        ComparisonReport report = DatabaseComparator.create().compare(newest, first, newest, second);
        assertThat(report.differences()).extracting(Difference::toString).containsExactly(
                "constraint public.film.film_title_not_null: only in first database",
                "constraint public.film.film_title_required: only in second database");
    }

    @Test
    void withoutContentsIgnoresRowsButNotSequences() throws Exception {
        String copy = server.copyDatabase(fixture);
        server.execute(copy, "DELETE FROM app.scratch", "SELECT setval('public.actor_actor_id_seq', 50)");
        ComparisonReport report = DatabaseComparator.create().withoutContents().compare(server, fixture, server, copy);
        assertThat(report.differences()).extracting(Difference::toString)
                .containsExactly("sequence public.actor_actor_id_seq: last_value 3 vs 50");
    }

    static Stream<Arguments> mutations() {
        return Stream.of(
                mutation("a row changed", List.of("UPDATE public.film SET price = 1.99 WHERE film_id = 2"),
                        "table public.film: row content differs (checksum ", "public.film"),
                mutation("a row added to a partition", List.of("INSERT INTO app.event VALUES (3, '2024-05-05', NULL)"),
                        "table app.event_2024: rows 1 vs 2", "app.event_2024"),
                mutation("a column default", List.of("ALTER TABLE public.actor ALTER COLUMN last_name SET DEFAULT 'nobody'"),
                        "column public.actor.last_name: default 'unknown'::character varying vs 'nobody'::character varying",
                        "public.actor.last_name"),
                mutation("a column type", List.of("ALTER TABLE app.scratch ALTER COLUMN k TYPE varchar(255)"),
                        "column app.scratch.k: type text vs character varying(255)", "app.scratch.k"),
                mutation("a sequence value", List.of("SELECT setval('public.actor_actor_id_seq', 200)"),
                        "sequence public.actor_actor_id_seq: last_value 3 vs 200", "public.actor_actor_id_seq"),
                mutation("an index added", List.of("CREATE INDEX actor_last_name_idx ON public.actor (last_name)"),
                        "index public.actor_last_name_idx: only in second database", "public.actor_last_name_idx"),
                mutation("a comment", List.of("COMMENT ON COLUMN public.film.title IS 'the title'"),
                        "column public.film.title: comment (none) vs the title", "public.film.title"),
                mutation("a table comment removed", List.of("COMMENT ON TABLE public.actor IS NULL"),
                        "table public.actor: comment people vs (none)", "public.actor"),
                mutation("a grant", List.of("GRANT SELECT ON public.actor TO stowage_reader"),
                        "table public.actor: acl default vs ", "public.actor"),
                mutation("a revoke on a schema", List.of("REVOKE USAGE ON SCHEMA app FROM PUBLIC"),
                        "schema app: acl ", "app"),
                mutation("an enum label order", List.of(
                                "ALTER TYPE public.mood RENAME VALUE 'sad' TO 'tmp'",
                                "ALTER TYPE public.mood RENAME VALUE 'happy' TO 'sad'",
                                "ALTER TYPE public.mood RENAME VALUE 'tmp' TO 'happy'"),
                        "type public.mood: labels 'sad', 'ok', 'happy' vs 'happy', 'ok', 'sad'", "public.mood", "public.actor"),
                mutation("a large object's content", List.of("SELECT lo_put(424242, 0, '\\x4a'::bytea)"),
                        "large object 424242: content differs (checksum ", "424242"),
                mutation("a trigger disabled", List.of("ALTER TABLE public.actor DISABLE TRIGGER actor_touch"),
                        "trigger public.actor.actor_touch: state enabled vs disabled", "public.actor.actor_touch"),
                mutation("a table dropped", List.of("DROP TABLE app.scratch"),
                        "table app.scratch: only in first database", "app.scratch", "app.scratch.k"),
                mutation("a foreign key dropped", List.of("ALTER TABLE public.film_actor DROP CONSTRAINT film_actor_actor_id_fkey"),
                        "constraint public.film_actor.film_actor_actor_id_fkey: only in first database",
                        "public.film_actor.film_actor_actor_id_fkey"),
                mutation("a domain constraint dropped", List.of("ALTER DOMAIN public.posint DROP CONSTRAINT posint_check"),
                        "constraint public.posint.posint_check: only in first database", "public.posint.posint_check"),
                mutation("a function body", List.of(
                                "CREATE OR REPLACE FUNCTION public.add(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE"
                                        + " AS 'SELECT b + a'"),
                        "function public.add(integer,integer): definition differs: line ", "public.add(integer,integer)"),
                mutation("a policy", List.of("ALTER POLICY film_cheap ON public.film USING (price < 60)"),
                        "policy public.film.film_cheap: using (price < (50)::numeric) vs (price < (60)::numeric)",
                        "public.film.film_cheap"),
                mutation("a materialized view left stale", List.of("INSERT INTO public.film (title, price) VALUES ('New', 1)"),
                        "table public.film: rows 2 vs 3", "public.film", "public.film_film_id_seq"),
                mutation("an extension installed (its members are not listed)", List.of("CREATE EXTENSION citext SCHEMA app"),
                        "extension citext: only in second database", "citext"),
                mutation("a column privilege", List.of("GRANT UPDATE (title) ON public.film TO stowage_reader"),
                        "column public.film.title: acl (none) vs stowage_reader=w/postgres", "public.film.title"),
                mutation("a rule dropped", List.of("DROP RULE film_no_delete ON public.film"),
                        "rule public.film.film_no_delete: only in first database", "public.film.film_no_delete"));
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

        assertThat(report.isIdentical()).isFalse();
        List<String> lines = report.differences().stream().map(Difference::toString).collect(Collectors.toList());
        assertThat(lines).as(report.toString()).anySatisfy(line -> assertThat(line).startsWith(expectedLinePrefix));
        assertThat(report.differences()).as(report.toString())
                .allSatisfy(d -> assertThat(objects).contains(d.objectName()));
        assertThat(report.toString()).contains(expectedLinePrefix);
        server.dropDatabase(copy);
    }
}
