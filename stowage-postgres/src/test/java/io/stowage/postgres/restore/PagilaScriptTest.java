package io.stowage.postgres.restore;

import io.stowage.core.options.RestoreOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads a real pg_dump 16 plain file (pagila's schema). Every expected number was derived
 * independently of this code from the same file:
 * <ul>
 *   <li>entries by type: {@code grep -o '^-- \(Data for \)\?Name: .*; Type: [A-Z ]*;' | sed 's/.*Type: //' | sort | uniq -c}</li>
 *   <li>statements by first word: loading the file with psql into a server with log_statement=all and
 *       counting the logged statements ({@code grep 'LOG:  statement: ' | awk '{print toupper($1)}' | uniq -c})</li>
 *   <li>owner statements: {@code grep -c '^ALTER .* OWNER TO .*;$'} = 61</li>
 *   <li>drops for -c: pg_dump -c of the loaded database writes 161 drop statements before its first entry
 *       (61 owners + 20 CONSTRAINT + 37 FK CONSTRAINT + 26 INDEX + 15 TRIGGER + 2 RULE)</li>
 * </ul>
 */
class PagilaScriptTest {

    private static byte[] script() throws IOException {
        try (InputStream in = PagilaScriptTest.class.getResourceAsStream("/restore/pagila-schema.sql")) {
            return in.readAllBytes();
        }
    }

    @Test
    void entriesAndStatementsByType() throws IOException {
        byte[] bytes = script();
        ScriptProbe probe = ScriptProbe.of(java.util.Arrays.copyOf(bytes, Math.min(bytes.length, ScriptProbe.PREFIX)), "pagila");
        assertThat(probe.encoding().pgName()).isEqualTo("UTF8");
        assertThat(probe.databaseName()).isNull();

        Map<String, Integer> entries = new TreeMap<>();
        Map<String, Integer> commands = new TreeMap<>();
        List<ScriptItem> other = new ArrayList<>();
        int owners = 0;
        try (ScriptReader reader = new ScriptReader(new java.io.ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
            for (ScriptItem item = reader.next(); item != null; item = reader.next()) {
                if (item instanceof ScriptItem.EntryHeader h) {
                    entries.merge(h.desc(), 1, Integer::sum);
                } else if (item instanceof ScriptItem.Statement s) {
                    SqlTokens t = SqlTokens.of(s.sql(), true);
                    commands.merge(t.command().toUpperCase(Locale.ROOT), 1, Integer::sum);
                    if (EntryFilter.isOwnerTo(t)) {
                        owners++;
                    }
                } else {
                    other.add(item);
                }
            }
        }
        assertThat(entries).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("AGGREGATE", 1), Map.entry("COMMENT", 1), Map.entry("CONSTRAINT", 20), Map.entry("DOMAIN", 1),
                Map.entry("FK CONSTRAINT", 37), Map.entry("FUNCTION", 9), Map.entry("INDEX", 26),
                Map.entry("MATERIALIZED VIEW", 1), Map.entry("PROCEDURE", 2), Map.entry("RULE", 2), Map.entry("SCHEMA", 1),
                Map.entry("SEQUENCE", 13), Map.entry("TABLE ATTACH", 8), Map.entry("TABLE", 23), Map.entry("TRIGGER", 15),
                Map.entry("TYPE", 1), Map.entry("VIEW", 9)));
        assertThat(entries.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(170);
        assertThat(commands).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ALTER", 126, "CREATE", 104, "SET", 11, "SELECT", 1, "COMMENT", 1));
        assertThat(owners).isEqualTo(61);
        assertThat(other).isEmpty();
    }

    @Test
    void cleanDerivesAsManyDropsAsPgDumpWrites() throws IOException {
        NativeRestorer.CleanPlan plan = CleanPlanTestSupport.planFor(script(), RestoreOptions.builder().clean(true).build());
        assertThat(plan.scriptHasDrops()).isFalse();
        assertThat(plan.drops()).hasSize(161);
        // Spot checks against the lines pg_dump -c wrote for the same objects.
        assertThat(plan.drops()).extracting(NativeRestorer.PlannedDrop::sql).contains(
                "DROP SCHEMA legacy;",
                "DROP AGGREGATE public.group_concat(text);",
                "DROP MATERIALIZED VIEW public.nicer_but_slower_film_list;",
                "DROP TRIGGER last_updated ON public.store;",
                "DROP RULE payment_pk_update ON public.payment;",
                "DROP INDEX public.idx_title;",
                "ALTER TABLE ONLY public.store DROP CONSTRAINT store_manager_staff_id_fkey;");
        assertThat(plan.drops().get(plan.drops().size() - 1).sql()).isEqualTo("DROP SCHEMA legacy;");
    }
}
