package io.stowage.postgres.restore;

import io.stowage.core.archive.Section;
import io.stowage.postgres.archive.DataOffset;
import io.stowage.postgres.archive.TocEntry;
import io.stowage.postgres.archive.TocSelection;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which index builds of a parallel restore run with the small {@code maintenance_work_mem}: GIN
 * indexes only, and only on tables stored in at most 512 MB, the size the schedule gives an index
 * item being its table's stored data. (What the server then runs them with is checked against a
 * real server by the CLI's GinBuildMemoryTest.)
 */
class GinBuildMemoryRuleTest {

    private static TocEntry entry(int id, String desc, Section section, String definition, Integer... deps) {
        boolean data = desc.equals("TABLE DATA");
        return new TocEntry(id, data, 0, 0, "e" + id, desc, section, definition, null,
                data ? "COPY public.t (a) FROM stdin;\n" : null, "public", null, null, 0, "postgres", "false", List.of(deps),
                DataOffset.NO_DATA);
    }

    private static final String GIN = "CREATE INDEX docs_attrs ON public.docs USING gin (attrs jsonb_path_ops);\n";
    private static final String PARTITIONED_GIN = "CREATE INDEX parts_tags ON ONLY public.parts USING gin (tags);\n";
    private static final String BTREE = "CREATE INDEX docs_id ON public.docs USING btree (id);\n";
    private static final String GIST = "CREATE INDEX docs_box ON public.docs USING gist (box);\n";
    // a btree whose expression mentions "USING gin (" in a string is not a GIN build
    private static final String TRICKY = "CREATE INDEX docs_x ON public.docs USING btree ((note = 'USING gin ('));\n";
    // and quoted names may hold anything
    private static final String QUOTED_GIN = "CREATE INDEX \"My \"\"x\"\" i\" ON \"S p\".\"T. USING gin (\" USING gin (a);\n";
    private static final String QUOTED_BTREE = "CREATE INDEX a ON \"S p\".\"T. USING gin (\" USING btree (a);\n";

    /** Each index's item size as the schedule computes it for a table stored in {@code tableBytes}. */
    private static Map<Integer, Long> itemSizes(long tableBytes) {
        List<TocEntry> entries = List.of(
                entry(1, "TABLE", Section.PRE_DATA, "CREATE TABLE public.docs (id int);\n"),
                entry(2, "TABLE DATA", Section.DATA, "", 1),
                entry(3, "INDEX", Section.POST_DATA, GIN, 1),
                entry(4, "INDEX", Section.POST_DATA, BTREE, 1));
        List<TocSelection.Selected> selected = new ArrayList<>();
        for (TocEntry e : entries) {
            selected.add(new TocSelection.Selected(e, !e.hadDumper(), e.hadDumper()));
        }
        RestoreSchedule schedule = RestoreSchedule.plan(new TocSelection(selected, false), e -> e.dumpId() == 2 ? tableBytes : 0L);
        Map<Integer, Long> sizes = new java.util.HashMap<>();
        RestoreSchedule.Item data = schedule.next();
        assertThat(data.dumpId()).isEqualTo(2);
        schedule.done(data);
        for (RestoreSchedule.Item i = schedule.next(); i != null; i = schedule.next()) {
            sizes.put(i.dumpId(), i.size());
        }
        return sizes;
    }

    private static TocSelection.Selected index(String definition) {
        return new TocSelection.Selected(entry(3, "INDEX", Section.POST_DATA, definition, 1), true, false);
    }

    @Test
    void ginBuildsOnTablesUpTo512MegabytesOnly() {
        long cap = ParallelRestore.GIN_SMALL_MEMORY_MAX_TABLE;
        assertThat(cap).isEqualTo(512L << 20);
        long small = itemSizes(300L << 20).get(3);
        long big = itemSizes(600L << 20).get(3);
        assertThat(small).as("an index item is as big as its table's data").isEqualTo(300L << 20);
        assertThat(big).isEqualTo(600L << 20);

        assertThat(ParallelRestore.buildsGinInSmallMemory(index(GIN), small)).isTrue();
        assertThat(ParallelRestore.buildsGinInSmallMemory(index(GIN), cap)).isTrue();
        assertThat(ParallelRestore.buildsGinInSmallMemory(index(GIN), 0)).as("size unknown").isTrue();
        assertThat(ParallelRestore.buildsGinInSmallMemory(index(PARTITIONED_GIN), small)).isTrue();
        assertThat(ParallelRestore.buildsGinInSmallMemory(index(QUOTED_GIN), small)).isTrue();
        assertThat(ParallelRestore.buildsGinInSmallMemory(index(GIN), big)).isFalse();
        assertThat(ParallelRestore.buildsGinInSmallMemory(index(GIN), cap + 1)).isFalse();

        for (String other : List.of(BTREE, GIST, TRICKY, QUOTED_BTREE)) {
            assertThat(ParallelRestore.buildsGinInSmallMemory(index(other), small)).as(other).isFalse();
        }
        TocSelection.Selected constraint = new TocSelection.Selected(
                entry(5, "CONSTRAINT", Section.POST_DATA, "ALTER TABLE ONLY public.docs ADD CONSTRAINT k UNIQUE (id);\n", 1), true, false);
        assertThat(ParallelRestore.buildsGinInSmallMemory(constraint, small)).isFalse();
    }
}
