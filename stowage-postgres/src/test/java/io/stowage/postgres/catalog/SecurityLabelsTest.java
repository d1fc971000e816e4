package io.stowage.postgres.catalog;

import io.stowage.core.archive.Section;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SECURITY LABEL entries as pg_dump's dumpSecLabel and dumpTableSecLabel write them, tested here
 * on catalog rows; the end-to-end test with a real provider (the test kit's, on PostgreSQL 15) is
 * stowage-cli's SecurityLabelsRoundTripTest.
 */
class SecurityLabelsTest {
    @Test
    void statementQuotesProviderAndLabel() {
        assertThat(SecurityLabels.statement("selinux", "TABLE public.t", "system_u:object_r:sepgsql_table_t:s0"))
                .isEqualTo("SECURITY LABEL FOR selinux ON TABLE public.t IS 'system_u:object_r:sepgsql_table_t:s0';\n");
        assertThat(SecurityLabels.statement("My Provider", "SCHEMA s", "it's"))
                .isEqualTo("SECURITY LABEL FOR \"My Provider\" ON SCHEMA s IS 'it''s';\n");
    }

    @Test
    void labelsBecomeSatellitesBeforeTheAcl() {
        Catalog catalog = new Catalog();
        DumpObject table = catalog.add(new DumpObject(ObjectKind.TABLE, CatalogId.of("pg_class", 100), "public", "Order", null)
                .desc("TABLE").owner("alice"));
        table.satellites().add(new Satellite("COMMENT", "TABLE \"Order\"", "public", "alice", Section.NONE, "COMMENT ...;\n"));
        table.satellites().add(new Satellite("ACL", "TABLE \"Order\"", "public", "alice", Section.NONE, "GRANT ...;\n"));
        DumpObject function = catalog.add(new DumpObject(ObjectKind.FUNC, CatalogId.of("pg_proc", 200), "app", "f", "integer")
                .tag("f(integer)").desc("FUNCTION").owner("bob"));
        DumpObject lo = catalog.add(new DumpObject(ObjectKind.LARGE_OBJECT, CatalogId.of("pg_largeobject", 300), null, "300", null)
                .desc("LARGE OBJECT").owner("bob"));
        SecurityLabels.attach(List.of(
                new SecurityLabels.Label("pg_class", 100, 0, null, "a", "tbl-a"),
                new SecurityLabels.Label("pg_class", 100, 0, null, "b", "tbl-b"),
                new SecurityLabels.Label("pg_class", 100, 2, "Id", "a", "col"),
                new SecurityLabels.Label("pg_proc", 200, 0, null, "a", "fn"),
                new SecurityLabels.Label("pg_largeobject", 300, 0, null, "a", "lo"),
                new SecurityLabels.Label("pg_class", 999, 0, null, "a", "not dumped")), catalog);

        assertThat(table.satellites()).extracting(Satellite::desc)
                .containsExactly("COMMENT", "SECURITY LABEL", "SECURITY LABEL", "ACL");
        Satellite tableLabel = table.satellites().get(1);
        assertThat(tableLabel.tag()).isEqualTo("TABLE \"Order\"");
        assertThat(tableLabel.definition()).isEqualTo("SECURITY LABEL FOR a ON TABLE public.\"Order\" IS 'tbl-a';\n"
                + "SECURITY LABEL FOR b ON TABLE public.\"Order\" IS 'tbl-b';\n");
        Satellite columnLabel = table.satellites().get(2);
        assertThat(columnLabel.tag()).isEqualTo("COLUMN \"Order\".\"Id\"");
        assertThat(columnLabel.definition()).isEqualTo("SECURITY LABEL FOR a ON COLUMN public.\"Order\".\"Id\" IS 'col';\n");
        assertThat(function.satellites()).singleElement().satisfies(s -> {
            assertThat(s.tag()).isEqualTo("FUNCTION f(integer)");
            assertThat(s.definition()).isEqualTo("SECURITY LABEL FOR a ON FUNCTION app.f(integer) IS 'fn';\n");
            assertThat(s.owner()).isEqualTo("bob");
        });
        assertThat(lo.satellites()).singleElement()
                .satisfies(s -> assertThat(s.definition()).isEqualTo("SECURITY LABEL FOR a ON LARGE OBJECT 300 IS 'lo';\n"));
    }

    @Test
    void aProcedureIsLabelledByItsIdentityArgumentsAsPgDumpDoes() {
        Catalog catalog = new Catalog();
        DumpObject proc = catalog.add(new DumpObject(ObjectKind.FUNC, CatalogId.of("pg_proc", 400), "app", "p", "integer")
                .tag("p(integer)").desc("PROCEDURE").owner("bob"));
        DumpObject agg = catalog.add(new DumpObject(ObjectKind.AGG, CatalogId.of("pg_proc", 401), "app", "total", "integer")
                .tag("total(integer)").desc("AGGREGATE").owner("bob"));
        SecurityLabels.attach(List.of(
                new SecurityLabels.Label("pg_proc", 400, 0, null, "a", "proc", "IN integer"),
                new SecurityLabels.Label("pg_proc", 401, 0, null, "a", "agg", "integer")), catalog);
        assertThat(proc.satellites()).singleElement().satisfies(s -> {
            assertThat(s.tag()).isEqualTo("PROCEDURE p(IN integer)");
            assertThat(s.definition()).isEqualTo("SECURITY LABEL FOR a ON PROCEDURE app.p(IN integer) IS 'proc';\n");
        });
        assertThat(agg.satellites()).singleElement()
                .satisfies(s -> assertThat(s.definition()).isEqualTo("SECURITY LABEL FOR a ON AGGREGATE app.total(integer) IS 'agg';\n"));
    }

    @Test
    void queryReadsEveryLabelWithItsColumnName() {
        assertThat(SecurityLabels.QUERY).contains("pg_catalog.pg_seclabel", "a.attname", "ORDER BY l.classoid, l.objoid, l.objsubid",
                "pg_catalog.pg_shseclabel", "pg_get_function_identity_arguments");
    }
}
