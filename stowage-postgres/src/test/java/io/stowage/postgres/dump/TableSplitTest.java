package io.stowage.postgres.dump;

import io.stowage.core.archive.Section;
import io.stowage.postgres.archive.TocEntry;
import io.stowage.postgres.catalog.DumpObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TableSplitTest {
    private static TocEntry entry(int id, String desc, Section section, List<Integer> deps) {
        boolean data = "TABLE DATA".equals(desc);
        return new TocEntry(id, data, 0, 16400, "t", desc, section, data ? null : "X", null,
                data ? "COPY public.t (a, b) FROM stdin;\n" : null, "public", null, null, 0, "me", "false", deps, null);
    }

    private final List<TocEntry> toc = List.of(
            entry(1, "TABLE", Section.PRE_DATA, List.of()),
            entry(2, "TABLE DATA", Section.DATA, List.of(1)),
            entry(3, "TABLE DATA", Section.DATA, List.of(5, 2)),
            entry(4, "INDEX", Section.POST_DATA, List.of(1)),
            entry(5, "TABLE", Section.PRE_DATA, List.of()));

    @Test
    void anchorKeepsItsPlaceAndPartsFollowIt() {
        TableSplit.Result r = TableSplit.split(toc, Map.of(2, 10L), Map.of(2, 1000L, 3, 10L), 2, 300);
        assertThat(r.toc()).extracting(TocEntry::dumpId).containsExactly(1, 2, 6, 7, 8, 9, 3, 4, 5);
        assertThat(r.ranges()).containsEntry(2, TableSplit.Range.ANCHOR)
                .containsEntry(6, new TableSplit.Range(0, 3)).containsEntry(7, new TableSplit.Range(3, 6))
                .containsEntry(8, new TableSplit.Range(6, 9)).containsEntry(9, new TableSplit.Range(9, -1));
        TocEntry part = r.toc().get(2);
        assertThat(part.dependencies()).as("anchor first, so pg_restore maps the table to the anchor only").containsExactly(2, 1);
        assertThat(part.tag()).isEqualTo("t");
        assertThat(part.copyStatement()).isEqualTo("COPY public.t (a, b) FROM stdin;\n");
        assertThat(part.hadDumper()).isTrue();
        assertThat(r.toc().get(6).dependencies()).as("data ordered after the table's data waits for every part")
                .containsExactly(5, 2, 6, 7, 8, 9);
        assertThat(r.toc().get(7).dependencies()).as("post-data waits for every part").containsExactly(1, 6, 7, 8, 9);
        assertThat(r.sizes()).containsEntry(2, 0L).containsEntry(6, 250L).containsEntry(3, 10L);
    }

    @Test
    void withoutItsTableOnlyTheDataEntriesFollowTheParts() {
        List<TocEntry> dataOnly = List.of(
                entry(2, "TABLE DATA", Section.DATA, List.of(7)),
                entry(4, "INDEX", Section.POST_DATA, List.of(7)),
                entry(7, "SCHEMA", Section.PRE_DATA, List.of()));
        TableSplit.Result r = TableSplit.split(dataOnly, Map.of(2, 10L), Map.of(2, 1000L), 2, 500);
        assertThat(r.toc()).extracting(TocEntry::dumpId).containsExactly(2, 8, 9, 4, 7);
        assertThat(r.toc().get(3).dependencies()).as("a schema is no table: its dependents do not wait for the parts")
                .containsExactly(7);
    }

    @Test
    void partsAreCappedByJobsAndBlocks() {
        assertThat(TableSplit.split(toc, Map.of(2, 1000L), Map.of(2, 1000L), 2, 1).ranges()).hasSize(1 + 4);
        assertThat(TableSplit.split(toc, Map.of(2, 3L), Map.of(2, 1000L), 4, 1).ranges()).hasSize(1 + 3);
        TableSplit.Result oneBlock = TableSplit.split(toc, Map.of(2, 1L), Map.of(2, 1000L), 2, 1);
        assertThat(oneBlock.toc()).isSameAs(toc);
        assertThat(oneBlock.ranges()).isEmpty();
    }

    @Test
    void partCopiesItsBlocksOnly() {
        DumpObject.TableData t = new DumpObject.TableData("public.t", "(a, b)", 16400);
        assertThat(new TableSplit.Range(3, 6).copyToStdout(t)).isEqualTo("COPY (SELECT a, b FROM ONLY public.t WHERE "
                + "ctid >= '(3,0)'::pg_catalog.tid AND ctid < '(6,0)'::pg_catalog.tid) TO STDOUT");
        assertThat(new TableSplit.Range(9, -1).copyToStdout(t)).isEqualTo("COPY (SELECT a, b FROM ONLY public.t WHERE "
                + "ctid >= '(9,0)'::pg_catalog.tid) TO STDOUT");
    }

    @Test
    void thresholdIsAShareOfTheWorkAndAtLeast64MB() {
        // compressed: half a worker's share; uncompressed: a whole one
        assertThat(TableSplit.threshold(1000L << 20, 2, true)).isEqualTo(250L << 20);
        assertThat(TableSplit.threshold(1000L << 20, 2, false)).isEqualTo(500L << 20);
        assertThat(TableSplit.threshold(100L << 20, 2, true)).isEqualTo(64L << 20);
        assertThat(TableSplit.threshold(100L << 20, 2, false)).isEqualTo(64L << 20);
    }
}
