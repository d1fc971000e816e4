package io.stowage.postgres.dump;

import io.stowage.core.archive.ArchiveEntry;
import io.stowage.core.options.DumpOptions;
import io.stowage.postgres.catalog.Catalog;
import io.stowage.postgres.catalog.CatalogId;
import io.stowage.postgres.catalog.DumpObject;
import io.stowage.postgres.catalog.ObjectKind;
import io.stowage.postgres.catalog.Relation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DumpPlannerTest {

    private static DumpObject table(Catalog c, String name, char relkind, long oid) {
        Relation r = new Relation(relkind, "public." + name, false, false);
        r.columns().add(new Relation.Column("id", "integer", null, '\0', true, null, true, '\0', false, null));
        if (relkind == 'v') {
            r.viewDefinition(" SELECT 1 AS id;");
        }
        DumpObject o = new DumpObject(ObjectKind.TABLE, CatalogId.of("pg_class", oid), "public", name, null)
                .desc(relkind == 'v' ? "VIEW" : "TABLE").owner("postgres").relation(r).drop("DROP x;\n");
        return c.add(o);
    }

    @Test
    void splitsAViewThatNeedsAPrimaryKeyIntoAShellAndAPostDataRule() {
        Catalog c = new Catalog();
        DumpObject customer = table(c, "customer", 'r', 1);
        DumpObject pkey = c.add(new DumpObject(ObjectKind.CONSTRAINT, CatalogId.of("pg_constraint", 2), "public",
                "customer_pkey", "customer").desc("CONSTRAINT").parent(customer).definition("ALTER TABLE ...;\n"));
        pkey.dependOn(customer);
        DumpObject view = table(c, "report", 'v', 3);
        DumpObject rule = c.add(new DumpObject(ObjectKind.RULE, CatalogId.of("pg_rewrite", 4), "public", "_RETURN", "report")
                .tag("report _RETURN").desc("RULE").owner("postgres").parent(view));
        rule.dependOn(customer);
        rule.dependOn(pkey);

        DumpOptions options = DumpOptions.builder().build();
        DumpPlanner planner = new DumpPlanner(c, options, new ObjectFilter(options, Map.of(), "db"), m -> { });
        planner.prepare(List.of(), Map.of(view, rule));
        planner.select();
        List<ArchiveEntry> entries = planner.plan(List.of()).entries();

        assertThat(entries).extracting(ArchiveEntry::desc)
                .containsExactly("TABLE", "VIEW", "TABLE DATA", "CONSTRAINT", "RULE");
        ArchiveEntry shell = entries.get(1);
        assertThat(shell.definition()).isEqualTo("CREATE VIEW public.report AS\nSELECT\n    NULL::integer AS id;\n");
        ArchiveEntry ruleEntry = entries.get(4);
        assertThat(ruleEntry.definition()).startsWith("CREATE OR REPLACE VIEW public.report AS\n SELECT 1 AS id;");
        assertThat(ruleEntry.dropStatement()).startsWith("CREATE OR REPLACE VIEW public.report AS\nSELECT\n    NULL::integer");
        assertThat(ruleEntry.dependencies()).contains(shell.dumpId(), entries.get(3).dumpId());
    }

    @Test
    void ofTwoViewsInALoopTheFirstByNameIsSplitWhateverTheMapOrder() {
        // a's query calls fb(b), b's query calls fa(a): pg_dump starts its loop search from the
        // object that sorts first, so a becomes shell plus rule and b stays whole
        for (boolean bFirst : new boolean[] {true, false}) {
            Catalog c = new Catalog();
            DumpObject a = table(c, "a", 'v', 10);
            DumpObject b = table(c, "b", 'v', 11);
            DumpObject fa = c.add(new DumpObject(ObjectKind.FUNC, CatalogId.of("pg_proc", 12), "public", "fa", null)
                    .desc("FUNCTION").definition("CREATE FUNCTION public.fa(public.a) ...;\n"));
            DumpObject fb = c.add(new DumpObject(ObjectKind.FUNC, CatalogId.of("pg_proc", 13), "public", "fb", null)
                    .desc("FUNCTION").definition("CREATE FUNCTION public.fb(public.b) ...;\n"));
            fa.dependOn(a);
            fb.dependOn(b);
            DumpObject ruleA = c.add(new DumpObject(ObjectKind.RULE, CatalogId.of("pg_rewrite", 14), "public", "_RETURN", "a")
                    .tag("a _RETURN").desc("RULE").owner("postgres").parent(a));
            DumpObject ruleB = c.add(new DumpObject(ObjectKind.RULE, CatalogId.of("pg_rewrite", 15), "public", "_RETURN", "b")
                    .tag("b _RETURN").desc("RULE").owner("postgres").parent(b));
            ruleA.dependOn(fb);
            ruleB.dependOn(fa);
            Map<DumpObject, DumpObject> rules = new java.util.LinkedHashMap<>();
            if (bFirst) {
                rules.put(b, ruleB);
                rules.put(a, ruleA);
            } else {
                rules.put(a, ruleA);
                rules.put(b, ruleB);
            }
            List<String> warnings = new java.util.ArrayList<>();
            List<ArchiveEntry> entries = plan(c, List.of(), rules, warnings);
            assertThat(entries).filteredOn(e -> e.desc().equals("RULE")).extracting(ArchiveEntry::tag)
                    .as("map order b first: %s", bFirst).containsExactly("a _RETURN");
            assertThat(warnings).as("no last-resort loop break").isEmpty();
        }
    }

    @Test
    void keepsAViewWholeWhenItOnlyNeedsPreDataObjects() {
        Catalog c = new Catalog();
        DumpObject customer = table(c, "customer", 'r', 1);
        DumpObject view = table(c, "report", 'v', 3);
        DumpObject rule = c.add(new DumpObject(ObjectKind.RULE, CatalogId.of("pg_rewrite", 4), "public", "_RETURN", "report")
                .parent(view));
        rule.dependOn(customer);
        DumpOptions options = DumpOptions.builder().schemaOnly(true).build();
        DumpPlanner planner = new DumpPlanner(c, options, new ObjectFilter(options, Map.of(), "db"), m -> { });
        planner.prepare(List.of(), Map.of(view, rule));
        planner.select();
        List<ArchiveEntry> entries = planner.plan(List.of()).entries();
        assertThat(entries).extracting(ArchiveEntry::desc).containsExactly("TABLE", "VIEW");
        assertThat(entries.get(1).definition()).isEqualTo("CREATE VIEW public.report AS\n SELECT 1 AS id;\n");
        assertThat(entries.get(1).dependencies()).containsExactly(entries.get(0).dumpId());
    }

    private static List<ArchiveEntry> plan(Catalog c, List<io.stowage.postgres.catalog.CatalogReader.PendingCheck> checks,
                                           Map<DumpObject, DumpObject> rules, List<String> warnings) {
        DumpOptions options = DumpOptions.builder().build();
        DumpPlanner planner = new DumpPlanner(c, options, new ObjectFilter(options, Map.of(), "db"), warnings::add);
        planner.prepare(List.of(), checks, rules);
        planner.select();
        return planner.plan(List.of()).entries();
    }

    @Test
    void postponesAMaterializedViewThatNeedsAPrimaryKey() {
        Catalog c = new Catalog();
        DumpObject customer = table(c, "customer", 'r', 1);
        DumpObject pkey = c.add(new DumpObject(ObjectKind.CONSTRAINT, CatalogId.of("pg_constraint", 2), "public",
                "customer_pkey", "customer").desc("CONSTRAINT").parent(customer).definition("ALTER TABLE ...;\n"));
        pkey.dependOn(customer);
        DumpObject mv = table(c, "totals", 'm', 3).desc("MATERIALIZED VIEW");
        DumpObject rule = c.add(new DumpObject(ObjectKind.RULE, CatalogId.of("pg_rewrite", 4), "public", "_RETURN", "totals")
                .parent(mv));
        rule.dependOn(pkey);
        List<String> warnings = new java.util.ArrayList<>();
        List<ArchiveEntry> entries = plan(c, List.of(), Map.of(mv, rule), warnings);
        assertThat(warnings).isEmpty();
        assertThat(entries).extracting(ArchiveEntry::desc).containsExactly("TABLE", "TABLE DATA", "CONSTRAINT", "MATERIALIZED VIEW");
        assertThat(entries.get(3).section()).isEqualTo(io.stowage.core.archive.Section.POST_DATA);
    }

    @Test
    void splitsOutACheckThatCallsAFunctionOnTheRowTypeAndKeepsOthersInline() {
        Catalog c = new Catalog();
        DumpObject t = table(c, "t", 'r', 1);
        t.relation().checks().add(new Relation.Check("loops", "CHECK (public.ok(t.*))", true, true));
        t.relation().checks().add(new Relation.Check("plain", "CHECK ((id > 0))", true, true));
        DumpObject fn = c.add(new DumpObject(ObjectKind.FUNC, CatalogId.of("pg_proc", 5), "public", "ok", "t")
                .desc("FUNCTION").definition("CREATE FUNCTION public.ok(public.t) ...;\n"));
        fn.dependOn(t);
        DumpObject loops = c.add(new DumpObject(ObjectKind.CONSTRAINT, CatalogId.of("pg_constraint", 6), "public", "loops", "t")
                .desc("CHECK CONSTRAINT").parent(t).definition("ALTER TABLE public.t\n    ADD CONSTRAINT loops CHECK (public.ok(t.*));\n"));
        loops.dependOn(fn);
        DumpObject plain = c.add(new DumpObject(ObjectKind.CONSTRAINT, CatalogId.of("pg_constraint", 7), "public", "plain", "t")
                .desc("CHECK CONSTRAINT").parent(t).definition("ALTER TABLE ...;\n"));
        List<String> warnings = new java.util.ArrayList<>();
        List<ArchiveEntry> entries = plan(c, List.of(
                new io.stowage.postgres.catalog.CatalogReader.PendingCheck(loops, t, null, "loops"),
                new io.stowage.postgres.catalog.CatalogReader.PendingCheck(plain, t, null, "plain")), Map.of(), warnings);
        assertThat(warnings).isEmpty();
        assertThat(entries).extracting(ArchiveEntry::desc).containsExactly("TABLE", "FUNCTION", "TABLE DATA", "CHECK CONSTRAINT");
        assertThat(entries.get(0).definition()).contains("CONSTRAINT plain CHECK ((id > 0))").doesNotContain("loops");
        assertThat(entries.get(3).section()).isEqualTo(io.stowage.core.archive.Section.POST_DATA);
    }
}
