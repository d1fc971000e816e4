package io.stowage.postgres.dump;

import io.stowage.core.archive.Section;
import io.stowage.postgres.archive.TocEntry;
import io.stowage.postgres.catalog.CatalogSession;
import io.stowage.postgres.catalog.DumpObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Splits the data of a big table into ranges of heap blocks for a parallel dump, so that a database
 * dominated by one table still keeps every worker busy (pg_dump cannot do this).
 *
 * <p>A table is split when {@code -j} is above 1, the server is PostgreSQL 14 or later (whose TID
 * Range Scan reads just the blocks of {@code ctid >= '(a,0)' AND ctid < '(b,0)'}; 12 and 13 would
 * scan the whole table once per part), the table is an ordinary heap table copied whole (no
 * extension configuration filter, at least one column) and its size, heap plus TOAST, is above
 * {@link #threshold}. Its heap is cut into K ranges of blocks by {@code pg_relation_size} read in
 * the dump's snapshot; the last range is open-ended, so rows on pages added since are still read
 * (the snapshot decides which rows are visible; a row visible to it lies on a page that existed).
 *
 * <p>In the archive the table's TABLE DATA entry stays where it was, keeps its dump id and carries
 * no rows: it is the <em>anchor</em>. The K parts follow it, each a TABLE DATA entry of its own
 * with the same tag, namespace, owner and {@code COPY t (cols) FROM stdin;}, depending on the
 * anchor first and then on what the anchor depends on (the table). This shape is what the real
 * pg_restore needs: it maps a table to the one TABLE DATA entry whose first dependency is the
 * table (buildTocEntryArrays), and in a parallel restore precedes that entry's COPY with
 * {@code TRUNCATE} when it created the table; that entry is the empty anchor, which every part
 * waits for, so no part's rows can be truncated and the parts then load side by side. Entries that
 * wait for the table's data (post-data entries on the table, which pg_restore repoints to the
 * anchor, and data entries ordered after it) get every part as a dependency too.
 */
final class TableSplit {
    /** Tables below this size are never split: the parts' overhead would not pay. */
    static final long MIN_BYTES = 64L << 20;

    /**
     * Set only by tests (from the same package): when 0 or more, the size above which a table is
     * split, in place of {@link #threshold}'s rule; negative in production.
     */
    static volatile long thresholdOverride = -1;

    /** The first server major version with TID Range Scans. */
    static final int MIN_SERVER_MAJOR = 14;

    private TableSplit() {
    }

    /**
     * A part's heap blocks: {@code [from, to)}, {@code to < 0} for no upper bound; the anchor is the
     * empty range {@code [0, 0)}.
     */
    record Range(long from, long to) {
        static final Range ANCHOR = new Range(0, 0);

        boolean isAnchor() {
            return from == 0 && to == 0;
        }

        /** The server side of the part's copy: the table's columns from its blocks only. */
        String copyToStdout(DumpObject.TableData table) {
            String cols = table.columnList().substring(1, table.columnList().length() - 1);
            String where = "ctid >= '(" + from + ",0)'::pg_catalog.tid"
                    + (to < 0 ? "" : " AND ctid < '(" + to + ",0)'::pg_catalog.tid");
            return "COPY (SELECT " + cols + " FROM ONLY " + table.qualifiedName() + " WHERE " + where + ") TO STDOUT";
        }
    }

    /** The split TOC, each part's (and anchor's) range by dump id, and sizes for scheduling. */
    record Result(List<TocEntry> toc, Map<Integer, Range> ranges, Map<Integer, Long> sizes) {
    }

    /**
     * The size above which a table is split, at least {@link #MIN_BYTES}. Compressed, half of a
     * worker's fair share ({@code total / (2 * jobs)}): the work is then the client's compression,
     * which parts spread over every core to the end. Uncompressed, a whole share
     * ({@code total / jobs}), so only a table that alone would hold up the dump is split: the work
     * is then the server's COPY, and a part's {@code COPY (SELECT ... WHERE ctid ...)} runs
     * through the executor, which costs the server about a tenth more than a plain COPY of the
     * table (measured on PostgreSQL 15: a 3.4 million row table 1.68 s whole, 0.93 + 0.94 s in two
     * parts; the benchmark's {@code dump -Fd -j2 -Z0} took 2.81 s, median of 7, with its three
     * biggest tables whole against 2.93 s with each in two parts, and pg_dump 2.87 s).
     */
    static long threshold(long total, int jobs, boolean compressed) {
        long override = thresholdOverride;
        if (override >= 0) {
            return override;
        }
        return Math.max(MIN_BYTES, total / ((compressed ? 2L : 1L) * jobs));
    }

    /**
     * Splits the big tables of {@code toc}, reading their heap sizes in the session's snapshot; the
     * TOC unchanged when nothing qualifies.
     *
     * @param keepWhole tables (oids) never split, as head starts copy them whole
     */
    static Result plan(CatalogSession session, List<TocEntry> toc, Map<Integer, DumpObject.TableData> tableData,
                       Map<Integer, Long> sizes, int jobs, boolean compressed, java.util.Set<Long> keepWhole) {
        Result unchanged = new Result(toc, Map.of(), sizes);
        if (jobs < 2 || !session.atLeast(MIN_SERVER_MAJOR)) {
            return unchanged;
        }
        long total = 0;
        for (long s : sizes.values()) {
            total += s;
        }
        long threshold = threshold(total, jobs, compressed);
        Map<Long, Integer> candidates = new HashMap<>();
        for (TocEntry e : toc) {
            DumpObject.TableData t = tableData.get(e.dumpId());
            if ("TABLE DATA".equals(e.desc()) && t != null && t.filter() == null && !t.columnList().isEmpty()
                    && t.tableOid() > 0 && !keepWhole.contains(t.tableOid()) && !e.dependencies().isEmpty()
                    && sizes.getOrDefault(e.dumpId(), 0L) > threshold) {
                candidates.put(t.tableOid(), e.dumpId());
            }
        }
        if (candidates.isEmpty()) {
            return unchanged;
        }
        StringJoiner oids = new StringJoiner(",", "{", "}");
        candidates.keySet().forEach(oid -> oids.add(Long.toString(oid)));
        Map<Integer, Long> blocks = new HashMap<>();
        // ordinary heap tables only: foreign tables and other access methods have no heap ctids
        session.query("the heap sizes of the tables to split",
                "SELECT c.oid, pg_catalog.pg_relation_size(c.oid) / current_setting('block_size')::bigint "
                        + "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_am a ON a.oid = c.relam "
                        + "WHERE c.oid = ANY (?::pg_catalog.oid[]) AND c.relkind = 'r' AND a.amname = 'heap'",
                rs -> blocks.put(candidates.get(rs.getLong(1)), rs.getLong(2)), oids.toString());
        return split(toc, blocks, sizes, jobs, threshold);
    }

    /**
     * The TOC with each table of {@code blocks} (heap blocks by its data entry's dump id) split into
     * {@code min(ceil(size / threshold), 2 * jobs, blocks)} parts; tables of fewer than 2 blocks are
     * left whole.
     */
    static Result split(List<TocEntry> toc, Map<Integer, Long> blocks, Map<Integer, Long> sizes, int jobs, long threshold) {
        int next = 0;
        Set<Integer> tables = new java.util.HashSet<>();
        for (TocEntry e : toc) {
            next = Math.max(next, e.dumpId());
            if ("TABLE".equals(e.desc())) {
                tables.add(e.dumpId());
            }
        }
        Map<Integer, Range> ranges = new HashMap<>();
        Map<Integer, Long> newSizes = new HashMap<>(sizes);
        Map<Integer, List<Integer>> partsOfAnchor = new HashMap<>();
        Map<Integer, List<Integer>> partsOfTable = new HashMap<>();
        Set<Integer> parts = new java.util.HashSet<>();
        List<TocEntry> out = new ArrayList<>(toc.size());
        for (TocEntry e : toc) {
            out.add(e);
            Long n = blocks.get(e.dumpId());
            if (n == null || n < 2) {
                continue;
            }
            long size = sizes.getOrDefault(e.dumpId(), 0L);
            long wanted = threshold <= 0 ? 2L * jobs : (size + threshold - 1) / threshold;
            int k = (int) Math.min(Math.min(Math.max(2, wanted), 2L * jobs), n);
            long step = (n + k - 1) / k;
            ranges.put(e.dumpId(), Range.ANCHOR);
            newSizes.put(e.dumpId(), 0L);
            List<Integer> ids = new ArrayList<>(k);
            List<Integer> deps = new ArrayList<>(e.dependencies().size() + 1);
            deps.add(e.dumpId());
            deps.addAll(e.dependencies());
            for (int i = 0; i < k; i++) {
                long from = i * step;
                if (from >= n) {
                    break;
                }
                int id = ++next;
                ids.add(id);
                parts.add(id);
                ranges.put(id, new Range(from, i == k - 1 || (i + 1) * step >= n ? -1 : (i + 1) * step));
                newSizes.put(id, size / k);
                out.add(new TocEntry(id, true, e.tableOid(), e.oid(), e.tag(), e.desc(), e.section(), e.definition(),
                        e.dropStatement(), e.copyStatement(), e.namespace(), e.tablespace(), e.tableAccessMethod(),
                        e.relkind(), e.owner(), e.withOids(), deps, null));
                if (ranges.get(id).to() < 0) {
                    break;
                }
            }
            partsOfAnchor.put(e.dumpId(), ids);
            if (tables.contains(e.dependencies().get(0))) {
                // not in a data-only archive, where the nearest written dependency may be a schema
                partsOfTable.put(e.dependencies().get(0), ids);
            }
        }
        if (ranges.isEmpty()) {
            return new Result(toc, Map.of(), sizes);
        }
        for (int i = 0; i < out.size(); i++) {
            TocEntry e = out.get(i);
            if (parts.contains(e.dumpId())) {
                continue;
            }
            Set<Integer> deps = new LinkedHashSet<>(e.dependencies());
            for (Integer d : e.dependencies()) {
                deps.addAll(partsOfAnchor.getOrDefault(d, List.of()));
                if (e.section() == Section.POST_DATA) {
                    deps.addAll(partsOfTable.getOrDefault(d, List.of()));
                }
            }
            if (deps.size() != e.dependencies().size()) {
                out.set(i, new TocEntry(e.dumpId(), e.hadDumper(), e.tableOid(), e.oid(), e.tag(), e.desc(), e.section(),
                        e.definition(), e.dropStatement(), e.copyStatement(), e.namespace(), e.tablespace(),
                        e.tableAccessMethod(), e.relkind(), e.owner(), e.withOids(), new ArrayList<>(deps), e.dataOffset()));
            }
        }
        return new Result(out, ranges, newSizes);
    }
}
