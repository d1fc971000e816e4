package io.stowage.postgres.restore;

import io.stowage.core.archive.Section;
import io.stowage.postgres.archive.ArchiveScriptWriter;
import io.stowage.postgres.archive.TocEntry;
import io.stowage.postgres.archive.TocSelection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The order of a parallel restore, as pg_backup_archiver.c plans it: the entries restored before
 * the workers start (restore_toc_entries_prefork: everything in the pre-data section up to the
 * first data or post-data entry, but not the later passes), then the others as their dependencies
 * allow (restore_toc_entries_parallel), longest chain of work first (see {@link #ranks}), never two at once that lock the same table
 * when either takes an exclusive lock (has_lock_conflicts), and the entries of the later passes
 * (ACLs; materialized view data and event triggers) only after every entry of the earlier ones.
 *
 * <p>Not thread-safe: {@link ParallelRestore} calls it under its own lock.
 */
final class RestoreSchedule {

    /** What part of its entry an item restores. */
    enum Step {
        /** The whole entry. */
        WHOLE,
        /** A key's {@link KeyIndexSplit#createIndex()}: built beside the table's other indexes. */
        KEY_INDEX,
        /** A key's {@link KeyIndexSplit#attach()}, once its index is built. */
        KEY_ATTACH
    }

    /**
     * One entry (or one step of a split key) for the workers.
     *
     * @param selected what is wanted of the entry
     * @param pass     its restore pass (0 main, 1 ACLs, 2 matview data and event triggers)
     * @param deps     the pending items it waits for (dependencies on a table repointed to its data)
     * @param refs     every entry it depends on, repointed as {@code deps}, restored or not: what it touches
     * @param lockDeps the table (or table data) entries it locks exclusively
     * @param size     how much work it is, to start the biggest first
     * @param order    its place in the selection, the tie breaker
     * @param id       the item's id: the entry's dump id, negated for a key's index step
     * @param step     the part of the entry it restores
     * @param split    the two steps of a split key, null for a whole entry
     */
    record Item(TocSelection.Selected selected, int pass, Set<Integer> deps, Set<Integer> refs, Set<Integer> lockDeps,
                long size, int order, int id, Step step, KeyIndexSplit split) {
        Item(TocSelection.Selected selected, int pass, Set<Integer> deps, Set<Integer> refs, Set<Integer> lockDeps,
             long size, int order) {
            this(selected, pass, deps, refs, lockDeps, size, order, selected.entry().dumpId(), Step.WHOLE, null);
        }

        int dumpId() {
            return selected.entry().dumpId();
        }

        String desc() {
            return selected.entry().desc() == null ? "" : selected.entry().desc();
        }
    }

    /**
     * The least data (stored bytes) of a table whose keys are split: below it the index builds are
     * short, and the extra statement per key costs more than building them side by side saves.
     */
    static final long SPLIT_KEYS_FROM = 4L * 1024 * 1024;

    private final List<TocSelection.Selected> prefork;
    /** The items not handed out yet, by id, in plan order. */
    private final Map<Integer, Item> pending = new java.util.LinkedHashMap<>();
    /** The ids of the items not finished yet (pending or running). */
    private final Set<Integer> pendingIds = new HashSet<>();
    /**
     * The dump ids of every entry the workers restore, fixed at the plan: what {@link #isPrefork}
     * is not. Not {@link #pendingIds}, which shrinks as workers finish while the leader's script is
     * still being written: a table's data finished early would then have counted as the leader's
     * and been loaded a second time.
     */
    private final Set<Integer> workerEntries = new HashSet<>();
    private final List<Item> running = new ArrayList<>();
    /** Each item's priority by id: see {@link #ranks}. */
    private final Map<Integer, Long> rank;
    /**
     * For a TABLE DATA item whose table the leader creates: the position in {@link #prefork} from
     * which on it may start, before the rest of the pre-data section is restored (see {@link #gates}).
     */
    private final Map<Integer, Integer> gate;
    /** The position in {@link #prefork} the leader has restored up to, -1 before the first. */
    private int preforkDone = -1;
    /** False while the leader restores the pre-data section with the workers already taking table data. */
    private boolean preDataRestored = true;

    // Which items can start is kept up to date as items finish, so that handing one out does not
    // look at every pending item: with 100,000 tables (300,000 items) that scan made a restore
    // quadratic, hours long.
    /** The items each item is waited for by. */
    private final Map<Integer, List<Item>> waitingFor = new HashMap<>();
    /** For each pending item, how many of its dependencies are not finished yet. */
    private final Map<Integer, Integer> unmet = new HashMap<>();
    /** Items whose dependencies are finished, in pass, gate and lock order permitting, best first. */
    private final java.util.TreeSet<Item> ready;
    /** Items whose dependencies are finished but whose pass has not come yet, by pass. */
    private final List<List<Item>> laterPass = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    /** Items waiting for the leader to restore the pre-data section up to a position (their gate). */
    private final java.util.TreeMap<Integer, List<Item>> gated = new java.util.TreeMap<>();
    /** Items waiting for the whole pre-data section. */
    private final List<Item> afterPreData = new ArrayList<>();
    /** Unfinished items per pass; the lowest pass with some is the one whose items may start. */
    private final int[] unfinished = new int[3];
    private int pass;

    private RestoreSchedule(List<TocSelection.Selected> prefork, List<Item> items) {
        this.prefork = List.copyOf(prefork);
        this.rank = ranks(items);
        this.gate = gates(this.prefork, items);
        this.ready = new java.util.TreeSet<>(java.util.Comparator.<Item>comparingLong(i -> -rank.get(i.id()))
                .thenComparingInt(Item::order).thenComparingInt(Item::id));
        for (Item i : items) {
            pending.put(i.id(), i);
            pendingIds.add(i.id());
            workerEntries.add(i.dumpId());
            unfinished[i.pass()]++;
        }
        for (Item i : items) {
            int n = 0;
            for (int dep : i.deps()) {
                if (pendingIds.contains(dep)) {
                    waitingFor.computeIfAbsent(dep, k -> new ArrayList<>()).add(i);
                    n++;
                }
            }
            unmet.put(i.id(), n);
        }
        pass = lowestUnfinishedPass();
        for (Item i : items) {
            if (unmet.get(i.id()) == 0) {
                release(i);
            }
        }
    }

    private int lowestUnfinishedPass() {
        for (int p = 0; p < unfinished.length; p++) {
            if (unfinished[p] > 0) {
                return p;
            }
        }
        return unfinished.length;
    }

    /** An item whose dependencies are all finished: ready, or waiting for its pass or its gate. */
    private void release(Item item) {
        if (!pending.containsKey(item.id())) {
            return; // started already, out of turn (a dependency loop)
        }
        if (item.pass() > pass) {
            laterPass.get(item.pass()).add(item);
        } else if (preDataRestored) {
            ready.add(item);
        } else {
            Integer at = gate.get(item.id());
            if (at == null) {
                afterPreData.add(item);
            } else if (preforkDone >= at) {
                ready.add(item);
            } else {
                gated.computeIfAbsent(at, k -> new ArrayList<>()).add(item);
            }
        }
    }

    /**
     * When a table's data may start while the leader is still restoring the pre-data section: once
     * the table's own entry and every later pre-data entry that depends on it (its defaults,
     * comments, sequences owned by it, attachment to a parent, views on it) are restored. The COPY
     * holds the table's lock (with FREEZE its TRUNCATE's exclusive one) until it commits; nothing of
     * the pre-data section that is still to come then asks for it, and all that the COPY evaluates
     * (types, check constraints' functions) came before the table. Everything other than table data
     * waits for the whole section, as in pg_restore.
     */
    private static Map<Integer, Integer> gates(List<TocSelection.Selected> prefork, List<Item> items) {
        Map<Integer, Integer> position = new HashMap<>();
        for (int i = 0; i < prefork.size(); i++) {
            position.put(prefork.get(i).entry().dumpId(), i);
        }
        Map<Integer, Integer> lastUse = new HashMap<>();
        for (int i = 0; i < prefork.size(); i++) {
            for (int dep : prefork.get(i).entry().dependencies()) {
                if (position.containsKey(dep)) {
                    lastUse.merge(dep, i, Math::max);
                }
            }
        }
        Map<Integer, Integer> gates = new HashMap<>();
        for (Item item : items) {
            TocEntry e = item.selected().entry();
            if (item.step() != Step.WHOLE || !"TABLE DATA".equals(e.desc()) || e.dependencies().isEmpty()) {
                continue;
            }
            int at = -1;
            boolean known = true;
            for (int dep : e.dependencies()) {
                Integer p = position.get(dep);
                if (p == null || !"TABLE".equals(prefork.get(p).entry().desc())) {
                    known = false; // a table this restore does not create, or an unusual dependency
                    break;
                }
                at = Math.max(at, Math.max(p, lastUse.getOrDefault(dep, p)));
            }
            if (known && at >= 0) {
                gates.put(item.id(), at);
            }
        }
        return gates;
    }

    /**
     * The leader has restored the pre-data entry with this header (desc, schema, tag as its script
     * comment shows them) and so every one before it. Found by looking forward from the last one;
     * a header that matches none changes nothing, which only delays the data.
     */
    void preDataEntryDone(String desc, String namespace, String tag) {
        for (int i = preforkDone + 1; i < prefork.size(); i++) {
            TocEntry e = prefork.get(i).entry();
            if (desc.equals(e.desc()) && headerText(e.tag()).equals(tag == null ? "" : tag)
                    && headerText(e.namespace()).equals(namespace == null ? "" : namespace)) {
                preforkDone = i;
                java.util.NavigableMap<Integer, List<Item>> open = gated.headMap(i, true);
                List<Item> now = new ArrayList<>();
                open.values().forEach(now::addAll);
                open.clear();
                now.forEach(this::release);
                return;
            }
        }
    }

    /**
     * The workers start while the leader is still restoring the pre-data section: until
     * {@link #preDataDone()}, only table data whose table is ready (see {@link #gates}) is handed out.
     */
    void preDataStarts() {
        preDataRestored = false;
        List<Item> now = new ArrayList<>(ready);
        ready.clear();
        now.forEach(this::release);
    }

    /** The pre-data section is restored: everything may start. */
    void preDataDone() {
        preDataRestored = true;
        List<Item> waiting = new ArrayList<>(afterPreData);
        gated.values().forEach(waiting::addAll);
        afterPreData.clear();
        gated.clear();
        waiting.forEach(this::release);
    }

    private static String headerText(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }

    /**
     * The length of the longest chain of work an item starts: its own size plus the largest rank
     * among the items that wait for it (the "upward rank" of list scheduling). Started by rank, a
     * small step that a long one waits for runs early: the primary key of a ten-row table that a
     * three-million-row table's foreign key references is built before the other small entries,
     * so that the validation does not run alone at the end while the other workers sit idle.
     */
    private static Map<Integer, Long> ranks(List<Item> items) {
        Map<Integer, Item> byId = new HashMap<>();
        Map<Integer, List<Item>> waiting = new HashMap<>();
        for (Item i : items) {
            byId.put(i.id(), i);
        }
        for (Item i : items) {
            for (int dep : i.deps()) {
                if (byId.containsKey(dep)) {
                    waiting.computeIfAbsent(dep, k -> new ArrayList<>()).add(i);
                }
            }
        }
        Map<Integer, Long> rank = new HashMap<>();
        for (Item i : items) {
            rankOf(i, waiting, rank, new HashSet<>());
        }
        return rank;
    }

    private static long rankOf(Item item, Map<Integer, List<Item>> waiting, Map<Integer, Long> rank, Set<Integer> path) {
        Long known = rank.get(item.id());
        if (known != null) {
            return known;
        }
        if (!path.add(item.id())) {
            return 0; // a dependency loop, which pg_dump does not write: the loop adds nothing
        }
        long longest = 0;
        for (Item next : waiting.getOrDefault(item.id(), List.of())) {
            longest = Math.max(longest, rankOf(next, waiting, rank, path));
        }
        path.remove(item.id());
        long r = item.size() + longest;
        rank.put(item.id(), r);
        return r;
    }

    /**
     * Plans the restore of {@code selection}.
     *
     * @param dataSize the size of a data entry's payload (0 when unknown)
     */
    static RestoreSchedule plan(TocSelection selection, ToLongFunction<TocEntry> dataSize) {
        return plan(selection, dataSize, false);
    }

    /**
     * Plans the restore of {@code selection}, with {@code splitKeys} splitting the primary keys and
     * unique constraints of plain tables of at least {@link #SPLIT_KEYS_FROM} bytes of data that
     * have other indexes too into an index build, run beside those, and an attach
     * ({@link KeyIndexSplit}). The archive's SQL must be written with standard_conforming_strings on.
     *
     * @param dataSize the size of a data entry's payload (0 when unknown)
     */
    static RestoreSchedule plan(TocSelection selection, ToLongFunction<TocEntry> dataSize, boolean splitKeys) {
        List<TocSelection.Selected> prefork = new ArrayList<>();
        List<TocSelection.Selected> later = new ArrayList<>();
        boolean skippedSome = false;
        for (TocSelection.Selected s : selection.entries()) {
            TocEntry e = s.entry();
            boolean now = true;
            if (e.section() == Section.DATA || e.section() == Section.POST_DATA) {
                now = false;
                skippedSome = true;
            } else if (e.section() != Section.PRE_DATA && skippedSome) {
                now = false; // SECTION_NONE entries after the boundary wait too
            }
            if (now && ArchiveScriptWriter.restorePass(e) != 0) {
                now = false;
            }
            (now ? prefork : later).add(s);
        }
        Map<Integer, String> descs = new HashMap<>();
        Map<Integer, List<Integer>> tablesOf = new HashMap<>();
        selection.entries().forEach(s -> {
            descs.put(s.entry().dumpId(), s.entry().desc());
            tablesOf.put(s.entry().dumpId(), s.entry().dependencies());
        });
        Set<Integer> laterIds = new HashSet<>();
        later.forEach(s -> laterIds.add(s.entry().dumpId()));
        // repoint_table_dependencies: a post-data entry that depends on a table waits for its data;
        // a table split into several data entries waits for every one of them
        Map<Integer, List<Integer>> dataOfTable = new HashMap<>();
        Map<Integer, Long> sizes = new HashMap<>();
        for (TocSelection.Selected s : later) {
            TocEntry e = s.entry();
            if ("TABLE DATA".equals(e.desc()) && !e.dependencies().isEmpty()) {
                for (int table : e.dependencies()) {
                    dataOfTable.computeIfAbsent(table, k -> new ArrayList<>()).add(e.dumpId());
                }
            }
            if (e.hadDumper() && s.data()) {
                sizes.put(e.dumpId(), Math.max(0, dataSize.applyAsLong(e)));
            }
        }
        Map<Integer, KeyIndexSplit> splits = splitKeys ? splits(selection, later, dataOfTable, sizes) : Map.of();
        List<Item> items = new ArrayList<>();
        int order = 0;
        for (int pass = 0; pass < 3; pass++) {
            for (TocSelection.Selected s : later) {
                TocEntry e = s.entry();
                if (ArchiveScriptWriter.restorePass(e) != pass) {
                    continue;
                }
                Set<Integer> deps = new LinkedHashSet<>();
                Set<Integer> lockDeps = new LinkedHashSet<>();
                Set<Integer> scanned = new HashSet<>();
                long size = sizes.getOrDefault(e.dumpId(), 0L);
                boolean postData = e.section() == Section.POST_DATA;
                for (int dep : e.dependencies()) {
                    List<Integer> data = postData ? dataOfTable.get(dep) : null;
                    if (data != null) {
                        deps.addAll(data);
                        if (locksExclusively(e)) {
                            lockDeps.addAll(data);
                        }
                        if (scansTable(e)) {
                            // an index is as big as its table (pg_dump gives it the table's pages),
                            // and so is a constraint's validation scan
                            scanned.addAll(data);
                        }
                    } else {
                        if (postData && "FK CONSTRAINT".equals(e.desc())
                                && ("CONSTRAINT".equals(descs.get(dep)) || "INDEX".equals(descs.get(dep)))) {
                            // the validation joins the referenced table too, through the key it depends on
                            for (int table : tablesOf.getOrDefault(dep, List.of())) {
                                scanned.addAll(dataOfTable.getOrDefault(table, List.of()));
                            }
                        }
                        deps.add(dep);
                        if (locksExclusively(e) && "TABLE".equals(descs.get(dep))) {
                            lockDeps.add(dep);
                        }
                    }
                }
                for (int d : scanned) {
                    size += sizes.getOrDefault(d, 0L);
                }
                Set<Integer> refs = Set.copyOf(deps);
                deps.retainAll(laterIds);
                KeyIndexSplit split = splits.get(e.dumpId());
                if (split != null) {
                    // the build takes a SHARE lock, as an INDEX does; the attach waits for it
                    items.add(new Item(s, pass, Set.copyOf(deps), refs, Set.of(), size, order++, -e.dumpId(), Step.KEY_INDEX, split));
                    deps.add(-e.dumpId());
                    items.add(new Item(s, pass, Set.copyOf(deps), refs, Set.copyOf(lockDeps), size, order++, e.dumpId(),
                            Step.KEY_ATTACH, split));
                    continue;
                }
                items.add(new Item(s, pass, Set.copyOf(deps), refs, Set.copyOf(lockDeps), size, order++));
            }
        }
        return new RestoreSchedule(prefork, items);
    }

    /**
     * The keys worth splitting: of a table with enough data and with at least one more index
     * building entry, which the key's build can then run beside.
     */
    private static Map<Integer, KeyIndexSplit> splits(TocSelection selection, List<TocSelection.Selected> later,
                                                      Map<Integer, List<Integer>> dataOfTable, Map<Integer, Long> sizes) {
        Map<Integer, TocEntry> byId = new HashMap<>();
        Set<Integer> attached = new HashSet<>();
        for (TocSelection.Selected s : selection.entries()) {
            byId.put(s.entry().dumpId(), s.entry());
            if ("TABLE ATTACH".equals(s.entry().desc())) {
                attached.addAll(s.entry().dependencies());
            }
        }
        Map<Integer, Integer> builds = new HashMap<>();
        for (TocSelection.Selected s : later) {
            TocEntry e = s.entry();
            if (e.section() == Section.POST_DATA && ("INDEX".equals(e.desc()) || "CONSTRAINT".equals(e.desc()))) {
                for (int dep : e.dependencies()) {
                    builds.merge(dep, 1, Integer::sum);
                }
            }
        }
        Map<Integer, KeyIndexSplit> splits = new HashMap<>();
        for (TocSelection.Selected s : later) {
            TocEntry e = s.entry();
            if (e.section() != Section.POST_DATA || !"CONSTRAINT".equals(e.desc()) || !s.schema()) {
                continue;
            }
            for (int dep : e.dependencies()) {
                long data = 0;
                for (int d : dataOfTable.getOrDefault(dep, List.of())) {
                    data += sizes.getOrDefault(d, 0L);
                }
                if (data >= SPLIT_KEYS_FROM && builds.getOrDefault(dep, 0) >= 2) {
                    KeyIndexSplit.of(e, byId.get(dep), attached.contains(dep), true).ifPresent(split -> splits.put(e.dumpId(), split));
                }
            }
        }
        return splits;
    }

    /**
     * The post-data entries whose work reads the whole of the tables they depend on: an index build
     * (an INDEX, or the PRIMARY KEY, UNIQUE or EXCLUDE of a CONSTRAINT) and the validation of a
     * foreign key or of a CHECK constraint added after the data. They are given the size of those
     * tables' data, so that a long one starts as soon as it can instead of after the small entries
     * that became ready with it.
     */
    private static boolean scansTable(TocEntry e) {
        return switch (e.desc() == null ? "" : e.desc()) {
            case "INDEX", "CONSTRAINT", "FK CONSTRAINT", "CHECK CONSTRAINT" -> true;
            default -> false;
        };
    }

    /**
     * identify_locking_dependencies: a post-data entry takes an exclusive lock on the tables it
     * depends on, except an index: CREATE INDEX takes a SHARE lock, so the indexes of one table are
     * built side by side.
     */
    private static boolean locksExclusively(TocEntry e) {
        return e.section() == Section.POST_DATA && !"INDEX".equals(e.desc());
    }

    /** The entries the leader restores, in order, before the workers start. */
    List<TocSelection.Selected> prefork() {
        return prefork;
    }

    boolean isPrefork(TocSelection.Selected s) {
        return !workerEntries.contains(s.entry().dumpId());
    }

    /** True when every pending entry has been handed out and finished. */
    boolean finished() {
        return pending.isEmpty() && running.isEmpty();
    }

    /** True while entries are left to hand out. */
    boolean hasPending() {
        return !pending.isEmpty();
    }

    /** The number of entries left for the workers (pending or running). */
    int remaining() {
        return pending.size() + running.size();
    }

    /**
     * The next entry to run, now marked running, or {@code null} when none can start until a running
     * one finishes. When nothing runs and nothing is ready (a dependency loop, which pg_dump does not
     * write), the first pending entry runs anyway, as restore_toc_entries_postfork would run it.
     */
    Item next() {
        Item best = null;
        for (Item i : ready) {
            // only entries on a table a running one locks are passed over: a handful at most
            if (!conflicts(i)) {
                best = i;
                break;
            }
        }
        if (best == null && running.isEmpty() && !pending.isEmpty() && preDataRestored) {
            best = pending.values().iterator().next();
        }
        if (best != null) {
            ready.remove(best);
            pending.remove(best.id());
            running.add(best);
        }
        return best;
    }

    /**
     * The first ready entry that {@code wanted} accepts and no running entry conflicts with, now
     * marked running; {@code null} when there is none. For a worker gathering cheap entries to run
     * together with the one it took from {@link #next()}.
     */
    Item nextOf(java.util.function.Predicate<Item> wanted) {
        for (Item i : ready) {
            if (wanted.test(i) && !conflicts(i)) {
                ready.remove(i);
                pending.remove(i.id());
                running.add(i);
                return i;
            }
        }
        return null;
    }

    /** has_lock_conflicts, both ways, against every running entry. */
    private boolean conflicts(Item item) {
        for (Item other : running) {
            if (intersects(item.lockDeps(), other) || intersects(other.lockDeps(), item)) {
                return true;
            }
        }
        return false;
    }

    private static boolean intersects(Set<Integer> lockDeps, Item other) {
        for (int id : lockDeps) {
            if (other.refs().contains(id)) {
                return true;
            }
        }
        return false;
    }

    /** Marks a running entry as done, whether it succeeded or not (pg_restore goes on either way). */
    void done(Item item) {
        running.remove(item);
        if (!pendingIds.remove(item.id())) {
            return;
        }
        unfinished[item.pass()]--;
        for (Item next : waitingFor.getOrDefault(item.id(), List.of())) {
            if (unmet.merge(next.id(), -1, Integer::sum) == 0) {
                release(next);
            }
        }
        int lowest = lowestUnfinishedPass();
        while (pass < lowest) {
            pass++;
            if (pass < laterPass.size()) {
                List<Item> now = new ArrayList<>(laterPass.get(pass));
                laterPass.get(pass).clear();
                now.forEach(this::release);
            }
        }
    }

    /** Drops every entry not yet handed out: the restore stops at the first error (-e). */
    void abandon() {
        pending.keySet().forEach(pendingIds::remove);
        pending.clear();
        ready.clear();
        gated.clear();
        afterPreData.clear();
        laterPass.forEach(List::clear);
    }
}
