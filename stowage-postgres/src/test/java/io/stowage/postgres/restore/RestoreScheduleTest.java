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

class RestoreScheduleTest {

    private static TocEntry entry(int id, String desc, Section section, Integer... deps) {
        boolean data = desc.equals("TABLE DATA");
        return new TocEntry(id, data, 0, 0, "e" + id, desc, section, data ? "" : "CREATE something;", null,
                data ? "COPY public.t FROM stdin;\n" : null, "public", null, null, 0, "postgres", "false", List.of(deps),
                DataOffset.NO_DATA);
    }

    private static TocSelection selection(TocEntry... entries) {
        List<TocSelection.Selected> selected = new ArrayList<>();
        for (TocEntry e : entries) {
            selected.add(new TocSelection.Selected(e, !e.hadDumper(), e.hadDumper()));
        }
        return new TocSelection(selected, false);
    }

    /** A schema, two tables with data, two indexes and a key on the first, a foreign key between them, an ACL. */
    private static RestoreSchedule pagilaLike() {
        TocSelection selection = selection(
                entry(1, "SCHEMA", Section.PRE_DATA),
                entry(2, "TABLE", Section.PRE_DATA, 1),
                entry(3, "TABLE", Section.PRE_DATA, 1),
                entry(10, "TABLE DATA", Section.DATA, 2),
                entry(11, "TABLE DATA", Section.DATA, 3),
                entry(20, "INDEX", Section.POST_DATA, 2),
                entry(21, "INDEX", Section.POST_DATA, 2),
                entry(22, "CONSTRAINT", Section.POST_DATA, 2),
                entry(23, "FK CONSTRAINT", Section.POST_DATA, 2, 3, 22),
                entry(30, "ACL", Section.NONE, 1));
        Map<Integer, Long> sizes = Map.of(10, 10L, 11, 100L);
        return RestoreSchedule.plan(selection, e -> sizes.getOrDefault(e.dumpId(), 0L));
    }

    private static int next(RestoreSchedule schedule) {
        RestoreSchedule.Item item = schedule.next();
        return item == null ? -1 : item.dumpId();
    }

    private static void done(RestoreSchedule schedule, List<RestoreSchedule.Item> running, int id) {
        // the schedule hands items out; find the one with this id among those seen
        for (RestoreSchedule.Item i : running) {
            if (i.dumpId() == id) {
                schedule.done(i);
                return;
            }
        }
        throw new AssertionError("not running: " + id);
    }

    @Test
    void preDataRunsFirstThenDataBiggestFirstThenTheLongestChainAndIndexesSideBySideAndLockingEntriesAlone() {
        RestoreSchedule schedule = pagilaLike();
        assertThat(schedule.prefork()).extracting(s -> s.entry().dumpId()).containsExactly(1, 2, 3);

        List<RestoreSchedule.Item> handed = new ArrayList<>();
        RestoreSchedule.Item first = schedule.next();
        RestoreSchedule.Item second = schedule.next();
        handed.add(first);
        handed.add(second);
        assertThat(first.dumpId()).as("the bigger table's data first").isEqualTo(11);
        assertThat(second.dumpId()).isEqualTo(10);
        assertThat(next(schedule)).as("indexes wait for their table's data").isEqualTo(-1);

        done(schedule, handed, 10);
        RestoreSchedule.Item key = schedule.next();
        handed.add(key);
        assertThat(key.dumpId()).as("the key first: the foreign key, the longest chain, waits for it").isEqualTo(22);
        assertThat(next(schedule)).as("the indexes wait while the key locks their table").isEqualTo(-1);
        done(schedule, handed, 22);
        RestoreSchedule.Item indexA = schedule.next();
        RestoreSchedule.Item indexB = schedule.next();
        handed.add(indexA);
        handed.add(indexB);
        assertThat(List.of(indexA.dumpId(), indexB.dumpId())).as("two indexes of one table at once").containsExactly(20, 21);
        assertThat(next(schedule)).as("the foreign key waits for the other table's data").isEqualTo(-1);
        done(schedule, handed, 20);
        done(schedule, handed, 21);
        assertThat(next(schedule)).as("the foreign key still waits for the other table's data").isEqualTo(-1);

        done(schedule, handed, 11);
        RestoreSchedule.Item fk = schedule.next();
        handed.add(fk);
        assertThat(fk.dumpId()).isEqualTo(23);
        assertThat(next(schedule)).as("ACLs run after every entry of the main pass").isEqualTo(-1);
        done(schedule, handed, 23);
        RestoreSchedule.Item acl = schedule.next();
        assertThat(acl.dumpId()).isEqualTo(30);
        schedule.done(acl);
        assertThat(schedule.finished()).isTrue();
    }

    /**
     * A small table's key that a big table's foreign key waits for goes before a bigger entry that
     * nothing waits for: by size alone the foreign key's validation would run last, alone.
     */
    @Test
    void aSmallStepALongOneWaitsForGoesFirst() {
        TocSelection selection = selection(
                entry(1, "SCHEMA", Section.PRE_DATA),
                entry(2, "TABLE", Section.PRE_DATA, 1),
                entry(3, "TABLE", Section.PRE_DATA, 1),
                entry(4, "TABLE", Section.PRE_DATA, 1),
                entry(10, "TABLE DATA", Section.DATA, 2),
                entry(11, "TABLE DATA", Section.DATA, 3),
                entry(12, "TABLE DATA", Section.DATA, 4),
                entry(20, "INDEX", Section.POST_DATA, 4),
                entry(22, "CONSTRAINT", Section.POST_DATA, 3),
                entry(23, "FK CONSTRAINT", Section.POST_DATA, 2, 3, 22));
        Map<Integer, Long> sizes = Map.of(10, 1000L, 11, 1L, 12, 50L);
        RestoreSchedule schedule = RestoreSchedule.plan(selection, e -> sizes.getOrDefault(e.dumpId(), 0L));
        List<RestoreSchedule.Item> handed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            handed.add(schedule.next());
        }
        assertThat(handed).extracting(RestoreSchedule.Item::dumpId).containsExactly(10, 11, 12);
        done(schedule, handed, 11);
        done(schedule, handed, 12);
        RestoreSchedule.Item first = schedule.next();
        assertThat(first.dumpId()).as("the ten-row key before the bigger index").isEqualTo(22);
        assertThat(schedule.next().dumpId()).isEqualTo(20);
    }

    /**
     * While the leader restores the pre-data section, a table's data starts once the table and every
     * later pre-data entry on it are restored; the rest waits for the whole section.
     */
    @Test
    void tableDataStartsBeforeTheEndOfThePreDataSectionOnceItsTableIsDone() {
        TocSelection selection = selection(
                entry(1, "SCHEMA", Section.PRE_DATA),
                entry(2, "TABLE", Section.PRE_DATA, 1),
                entry(3, "DEFAULT", Section.PRE_DATA, 2),
                entry(4, "TABLE", Section.PRE_DATA, 1),
                entry(5, "FUNCTION", Section.PRE_DATA, 1),
                entry(10, "TABLE DATA", Section.DATA, 2),
                entry(11, "TABLE DATA", Section.DATA, 4),
                entry(20, "INDEX", Section.POST_DATA, 2));
        Map<Integer, Long> sizes = Map.of(10, 10L, 11, 100L);
        RestoreSchedule schedule = RestoreSchedule.plan(selection, e -> sizes.getOrDefault(e.dumpId(), 0L));
        assertThat(schedule.prefork()).extracting(s -> s.entry().dumpId()).containsExactly(1, 2, 3, 4, 5);
        schedule.preDataStarts();
        assertThat(next(schedule)).isEqualTo(-1);
        schedule.preDataEntryDone("TABLE", "public", "e2");
        assertThat(next(schedule)).as("its default is still to come").isEqualTo(-1);
        schedule.preDataEntryDone("DEFAULT", "public", "e3");
        List<RestoreSchedule.Item> handed = new ArrayList<>();
        RestoreSchedule.Item t = schedule.next();
        handed.add(t);
        assertThat(t.dumpId()).isEqualTo(10);
        assertThat(next(schedule)).as("the other table is not created yet").isEqualTo(-1);
        schedule.preDataEntryDone("TABLE", "public", "e99");
        assertThat(next(schedule)).as("a header that matches no entry changes nothing").isEqualTo(-1);
        schedule.preDataEntryDone("TABLE", "public", "e4");
        RestoreSchedule.Item u = schedule.next();
        handed.add(u);
        assertThat(u.dumpId()).isEqualTo(11);
        done(schedule, handed, 10);
        done(schedule, handed, 11);
        assertThat(next(schedule)).as("the index waits for the whole section").isEqualTo(-1);
        schedule.preDataDone();
        assertThat(next(schedule)).isEqualTo(20);
        // the leader's script is written while the workers finish entries: a finished data entry
        // must never become the leader's, which would load it a second time
        for (TocSelection.Selected s : selection.entries()) {
            assertThat(schedule.isPrefork(s)).as("entry " + s.entry().dumpId())
                    .isEqualTo(s.entry().dumpId() < 10);
        }
    }

    @Test
    void lockingEntriesOnOneTableDoNotRunTogether() {
        TocSelection selection = selection(
                entry(2, "TABLE", Section.PRE_DATA),
                entry(20, "TRIGGER", Section.POST_DATA, 2),
                entry(21, "CONSTRAINT", Section.POST_DATA, 2),
                entry(22, "INDEX", Section.POST_DATA, 2));
        RestoreSchedule schedule = RestoreSchedule.plan(selection, e -> 0);
        RestoreSchedule.Item trigger = schedule.next();
        assertThat(trigger.dumpId()).isEqualTo(20);
        assertThat(trigger.lockDeps()).as("a schema-only restore locks the TABLE entry").containsExactly(2);
        assertThat(next(schedule)).as("neither the constraint nor the index runs beside the trigger").isEqualTo(-1);
        schedule.done(trigger);
        assertThat(next(schedule)).isEqualTo(21);
    }

    @Test
    void aDependencyLoopStillRunsEveryEntry() {
        TocSelection selection = selection(
                entry(20, "CONSTRAINT", Section.POST_DATA, 21),
                entry(21, "CONSTRAINT", Section.POST_DATA, 20));
        RestoreSchedule schedule = RestoreSchedule.plan(selection, e -> 0);
        RestoreSchedule.Item a = schedule.next();
        assertThat(a.dumpId()).isEqualTo(20);
        assertThat(next(schedule)).isEqualTo(-1);
        schedule.done(a);
        assertThat(next(schedule)).isEqualTo(21);
    }

    @Test
    void abandonLeavesOnlyTheRunningEntries() {
        RestoreSchedule schedule = pagilaLike();
        RestoreSchedule.Item first = schedule.next();
        schedule.abandon();
        assertThat(schedule.hasPending()).isFalse();
        assertThat(schedule.finished()).isFalse();
        schedule.done(first);
        assertThat(schedule.finished()).isTrue();
    }

    /**
     * The bench's shape: a foreign key from a large table to a larger one, validated by scanning
     * both, becomes ready while small indexes are pending; it starts first, as pg_restore starts it.
     */
    @Test
    void aForeignKeyValidationIsAsBigAsTheTablesItScans() {
        TocSelection selection = selection(
                entry(2, "TABLE", Section.PRE_DATA),
                entry(3, "TABLE", Section.PRE_DATA),
                entry(4, "TABLE", Section.PRE_DATA),
                entry(10, "TABLE DATA", Section.DATA, 2),
                entry(11, "TABLE DATA", Section.DATA, 3),
                entry(12, "TABLE DATA", Section.DATA, 4),
                entry(20, "CONSTRAINT", Section.POST_DATA, 2),
                entry(23, "FK CONSTRAINT", Section.POST_DATA, 3, 2, 20),
                entry(24, "INDEX", Section.POST_DATA, 4),
                entry(25, "INDEX", Section.POST_DATA, 4),
                entry(26, "INDEX", Section.POST_DATA, 4),
                entry(27, "CHECK CONSTRAINT", Section.POST_DATA, 3),
                entry(28, "TRIGGER", Section.POST_DATA, 3));
        Map<Integer, Long> sizes = Map.of(10, 100L, 11, 50L, 12, 1L);
        RestoreSchedule schedule = RestoreSchedule.plan(selection, e -> sizes.getOrDefault(e.dumpId(), 0L));

        List<RestoreSchedule.Item> handed = new ArrayList<>();
        for (int expected : new int[] {10, 11}) {
            RestoreSchedule.Item i = schedule.next();
            handed.add(i);
            assertThat(i.dumpId()).isEqualTo(expected);
        }
        done(schedule, handed, 11);
        RestoreSchedule.Item check = schedule.next();
        handed.add(check);
        assertThat(check.dumpId()).as("the CHECK validation scans the 50 of its table").isEqualTo(27);
        assertThat(check.size()).isEqualTo(50);
        done(schedule, handed, 27);
        handed.add(schedule.next());
        done(schedule, handed, 12);
        done(schedule, handed, 10);
        RestoreSchedule.Item key = schedule.next();
        handed.add(key);
        assertThat(key.dumpId()).isEqualTo(20);
        RestoreSchedule.Item index = schedule.next();
        handed.add(index);
        assertThat(index.dumpId()).as("the foreign key waits for the key").isEqualTo(24);
        done(schedule, handed, 20);
        RestoreSchedule.Item fk = schedule.next();
        handed.add(fk);
        assertThat(fk.dumpId()).as("before the small indexes that were ready first").isEqualTo(23);
        assertThat(fk.size()).as("both tables' data, each once").isEqualTo(150);
        assertThat(handed).filteredOn(i -> i.dumpId() == 28).isEmpty();
    }

    private static TocEntry withDefinition(TocEntry e, String definition) {
        return new TocEntry(e.dumpId(), e.hadDumper(), e.tableOid(), e.oid(), e.tag(), e.desc(), e.section(), definition,
                e.dropStatement(), e.copyStatement(), e.namespace(), e.tablespace(), e.tableAccessMethod(), e.relkind(),
                e.owner(), e.withOids(), e.dependencies(), e.dataOffset());
    }

    /**
     * A big table's primary key is built beside its other index and attached alone; a small
     * table's, or one without another index, keeps its one exclusive step.
     */
    @Test
    void aBigTablesKeyIsBuiltBesideItsIndexesThenAttachedAlone() {
        String pkey = "ALTER TABLE ONLY public.%s\n    ADD CONSTRAINT %s_pkey PRIMARY KEY (id);\n";
        TocSelection selection = selection(
                withDefinition(entry(2, "TABLE", Section.PRE_DATA), "CREATE TABLE public.big (id int);\n"),
                withDefinition(entry(3, "TABLE", Section.PRE_DATA), "CREATE TABLE public.small (id int);\n"),
                entry(10, "TABLE DATA", Section.DATA, 2),
                entry(11, "TABLE DATA", Section.DATA, 3),
                withDefinition(entry(20, "CONSTRAINT", Section.POST_DATA, 2), pkey.formatted("big", "big")),
                entry(21, "INDEX", Section.POST_DATA, 2),
                withDefinition(entry(22, "CONSTRAINT", Section.POST_DATA, 3), pkey.formatted("small", "small")),
                entry(23, "INDEX", Section.POST_DATA, 3),
                entry(24, "FK CONSTRAINT", Section.POST_DATA, 2, 3, 22));
        Map<Integer, Long> sizes = Map.of(10, RestoreSchedule.SPLIT_KEYS_FROM, 11, RestoreSchedule.SPLIT_KEYS_FROM - 1);
        RestoreSchedule schedule = RestoreSchedule.plan(selection, e -> sizes.getOrDefault(e.dumpId(), 0L), true);

        List<RestoreSchedule.Item> handed = new ArrayList<>();
        handed.add(schedule.next());
        handed.add(schedule.next());
        done(schedule, handed, 10);
        RestoreSchedule.Item build = schedule.next();
        RestoreSchedule.Item index = schedule.next();
        assertThat(build.step()).isEqualTo(RestoreSchedule.Step.KEY_INDEX);
        assertThat(build.dumpId()).isEqualTo(20);
        assertThat(build.split().createIndex()).startsWith("CREATE UNIQUE INDEX big_pkey ON public.big");
        assertThat(index.dumpId()).as("the other index beside the key's build").isEqualTo(21);
        schedule.done(build);
        assertThat(next(schedule)).as("the attach waits until no index is built on the table").isEqualTo(-1);
        schedule.done(index);
        RestoreSchedule.Item attach = schedule.next();
        assertThat(attach.step()).isEqualTo(RestoreSchedule.Step.KEY_ATTACH);
        assertThat(attach.dumpId()).isEqualTo(20);
        assertThat(attach.lockDeps()).containsExactly(10);
        schedule.done(attach);

        done(schedule, handed, 11);
        RestoreSchedule.Item small = schedule.next();
        handed.add(small);
        assertThat(small.dumpId()).isEqualTo(22);
        assertThat(small.step()).as("below the size the key stays whole").isEqualTo(RestoreSchedule.Step.WHOLE);
        assertThat(next(schedule)).as("and locks its table as before").isEqualTo(-1);
        done(schedule, handed, 22);
        assertThat(next(schedule)).isEqualTo(24);

        RestoreSchedule unsplit = RestoreSchedule.plan(selection, e -> sizes.getOrDefault(e.dumpId(), 0L), false);
        List<RestoreSchedule.Step> steps = new ArrayList<>();
        for (RestoreSchedule.Item i = unsplit.next(); i != null; i = unsplit.next()) {
            steps.add(i.step());
            unsplit.done(i);
        }
        assertThat(steps).as("without splitKeys").containsOnly(RestoreSchedule.Step.WHOLE).hasSize(7);
    }
}
