package io.stowage.testkit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kit's own security label provider loads into a PostgreSQL 15 server, takes labels, rejects
 * its one invalid label; and the comparator reports a security label per object and provider.
 */
class LabelProviderTest {
    private static PgServer server;

    @BeforeAll
    static void start() {
        Optional<String> missing = LabelProvider.unavailableReason(15);
        if (missing.isPresent()) {
            System.err.println("SKIPPED LOUDLY: " + missing.get());
        }
        assumeTrue(missing.isEmpty(), () -> "SKIPPED LOUDLY: " + missing.orElse(""));
        server = PgServers.startWithLabelProvider(15);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void providerIsLoadedAndTakesLabels() {
        String db = server.createDatabase();
        assertThat(server.queryColumn(db, "SHOW shared_preload_libraries").get(0)).endsWith("stowage_label.so");
        server.execute(db, "CREATE TABLE t (a integer)",
                "SECURITY LABEL FOR stowage ON TABLE t IS 'it''s ☃'",
                "SECURITY LABEL ON COLUMN t.a IS 'col'"); // the only provider needs no FOR
        assertThat(server.queryColumn(db, "SELECT provider || ':' || label FROM pg_seclabel ORDER BY objsubid"))
                .containsExactly("stowage:it's ☃", "stowage:col");
    }

    @Test
    void providerRejectsItsInvalidLabel() {
        String db = server.createDatabase();
        server.execute(db, "CREATE SCHEMA s");
        assertThatThrownBy(() -> server.execute(db, "SECURITY LABEL FOR stowage ON SCHEMA s IS 'invalid'"))
                .hasMessageContaining("not a valid security label for provider stowage")
                .hasMessageContaining("SQLSTATE 42602");
        assertThatThrownBy(() -> server.execute(db, "SECURITY LABEL FOR nobody ON SCHEMA s IS 'x'"))
                .hasMessageContaining("security label provider \"nobody\" is not loaded");
    }

    @Test
    void comparatorReportsLabelsPerObjectAndProvider() throws Exception {
        String first = server.createDatabase();
        server.execute(first, "CREATE SCHEMA s", "CREATE TABLE s.t (a integer)", "CREATE FUNCTION s.f() RETURNS int"
                        + " LANGUAGE sql AS 'SELECT 1'",
                "SECURITY LABEL FOR stowage ON TABLE s.t IS 'table'",
                "SECURITY LABEL FOR stowage ON COLUMN s.t.a IS 'column'",
                "SECURITY LABEL FOR stowage ON FUNCTION s.f() IS 'function'");
        String second = server.createDatabase();
        server.execute(second, "CREATE SCHEMA s", "CREATE TABLE s.t (a integer)", "CREATE FUNCTION s.f() RETURNS int"
                        + " LANGUAGE sql AS 'SELECT 1'",
                "SECURITY LABEL FOR stowage ON TABLE s.t IS 'table'",
                "SECURITY LABEL FOR stowage ON COLUMN s.t.a IS 'column'",
                "SECURITY LABEL FOR stowage ON FUNCTION s.f() IS 'function'");
        ComparisonReport same = DatabaseComparator.create().compare(server, first, server, second);
        assertThat(same.isIdentical()).as(same.toString()).isTrue();

        server.execute(second, "SECURITY LABEL FOR stowage ON TABLE s.t IS 'changed'",
                "SECURITY LABEL FOR stowage ON COLUMN s.t.a IS NULL",
                "SECURITY LABEL FOR stowage ON SCHEMA s IS 'new'");
        ComparisonReport report = DatabaseComparator.create().compare(server, first, server, second);
        List<String> lines = report.differences().stream().map(Difference::toString).toList();
        assertThat(lines).as(report.toString()).containsExactlyInAnyOrder(
                "security label table s.t for stowage: label table vs changed",
                "security label table column s.t.a for stowage: only in first database",
                "security label schema s for stowage: only in second database");
    }
}
