package io.stowage.testkit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CorpusTest {

    @Test
    void pagilaScriptsAreShippedInOrderWithTheirLicence() throws Exception {
        assertThat(Corpus.PAGILA.id()).isEqualTo("pagila");
        assertThat(Corpus.PAGILA.scripts()).extracting(Corpus.Script::name)
                .containsExactly("pagila-schema.sql", "pagila-data.sql");
        for (Corpus.Script script : Corpus.PAGILA.scripts()) {
            try (InputStream in = script.open()) {
                String head = new String(in.readNBytes(200), StandardCharsets.UTF_8);
                assertThat(head).as(script.name()).contains("PostgreSQL database dump");
            }
        }
        try (InputStream notice = Corpus.class.getResourceAsStream("/io/stowage/testkit/corpus/pagila/NOTICE.md")) {
            assertThat(notice).isNotNull();
            assertThat(new String(notice.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("github.com/xzilla/pagila").contains("500acac").contains("PostgreSQL License");
        }
        long total = 0;
        try (InputStream all = Corpus.PAGILA.openAll()) {
            total = all.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertThat(total).isGreaterThan(3_000_000L);
    }

    /** psql is the reference loader here; the product's restore engine gets the same check below. */
    @Test
    void pagilaLoadedTwiceComparesIdenticalAndMatchesItsCounts() throws Exception {
        assumeTrue(Fixture.psqlAvailable(), "psql is not on the PATH");
        PgServer server = PgServers.getDefault();
        String a = server.createDatabase();
        String b = server.createDatabase();
        Fixture.loadWithPsql(server, a, Corpus.PAGILA);
        Fixture.loadWithPsql(server, b, Corpus.PAGILA);

        ComparisonReport report = DatabaseComparator.create().compare(server, a, server, b);
        assertThat(report.isIdentical()).as(report.toString()).isTrue();
        assertThat(report.about(ObjectKind.TABLE)).isEmpty();
        assertCounts(server, a);

        server.execute(b, "INSERT INTO public.actor (first_name, last_name) VALUES ('JANE', 'DOE')");
        ComparisonReport changed = DatabaseComparator.create().compare(server, a, server, b);
        assertThat(changed.differences()).extracting(Difference::toString).contains(
                "table public.actor: rows 200 vs 201", "sequence public.actor_actor_id_seq: last_value 200 vs 201");
        assertThat(changed.differences()).extracting(Difference::objectName)
                .containsOnly("public.actor", "public.actor_actor_id_seq");
    }

    @Test
    void pagilaOnTheNewestMajorMatchesTheDefault() throws Exception {
        assumeTrue(Fixture.psqlAvailable(), "psql is not on the PATH");
        PgServer newest = PgServers.get(18);
        PgServer standard = PgServers.getDefault();
        String a = newest.createDatabase();
        String b = standard.createDatabase();
        Fixture.loadWithPsql(newest, a, Corpus.PAGILA);
        Fixture.loadWithPsql(standard, b, Corpus.PAGILA);
        ComparisonReport report = DatabaseComparator.create().compare(newest, a, standard, b);
        assertThat(report.isIdentical()).as(report.toString()).isTrue();
    }

    @Test
    @Tag("needs-restorer")
    void pagilaLoadsThroughTheRestoreEngine() throws Exception {
        PgServer server = PgServers.getDefault();
        String restored = server.createDatabase();
        server.load(restored, Corpus.PAGILA);
        assertCounts(server, restored);
        if (Fixture.psqlAvailable()) {
            String reference = server.createDatabase();
            Fixture.loadWithPsql(server, reference, Corpus.PAGILA);
            ComparisonReport report = DatabaseComparator.create().compare(server, reference, server, restored);
            assertThat(report.isIdentical()).as(report.toString()).isTrue();
        }
    }

    private static void assertCounts(PgServer server, String db) {
        assertThat(server.queryColumn(db, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                + " AND n.nspname !~ '^pg_toast'"))
                .containsExactly(String.valueOf(Corpus.PAGILA.tableCount()));
        // query_to_xml runs a query built per table, all in one statement
        assertThat(server.queryColumn(db, "SELECT sum((xpath('/row/c/text()', query_to_xml("
                + "'SELECT count(*) AS c FROM ONLY ' || c.oid::regclass::text, false, true, '')))[1]::text::bigint)"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')"))
                .containsExactly(String.valueOf(Corpus.PAGILA.rowCount()));
    }
}
