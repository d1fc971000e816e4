package io.stowage.postgres.dump;

import io.stowage.core.archive.Section;
import io.stowage.postgres.catalog.DumpObject;
import io.stowage.postgres.catalog.ObjectKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * pg_dump's ordering (pg_dump_sort.c): objects are presorted by type priority, schema, name and a
 * type-specific tie-breaker, then topologically sorted so that every object follows what it
 * depends on while moving as little as possible: the sort works backwards from the end, always
 * taking the last ready object of the presorted list. Two boundary objects keep pre-data before
 * data before post-data.
 */
public final class DumpSorter {
    private DumpSorter() {
    }

    /** pg_dump's DOTypeNameCompare: priority, schema (objects without one last), name, tie-breaker. */
    public static final Comparator<DumpObject> TYPE_NAME_ORDER = (a, b) -> {
        int c = Integer.compare(a.kind().priority(), b.kind().priority());
        if (c != 0) {
            return c;
        }
        if (a.namespace() != null || b.namespace() != null) {
            if (a.namespace() == null) {
                return 1;
            }
            if (b.namespace() == null) {
                return -1;
            }
            c = a.namespace().compareTo(b.namespace());
            if (c != 0) {
                return c;
            }
        }
        c = a.name().compareTo(b.name());
        if (c != 0) {
            return c;
        }
        c = a.tieBreak().compareTo(b.tieBreak());
        if (c != 0) {
            return c;
        }
        long oa = a.id() == null ? 0 : a.id().oid();
        long ob = b.id() == null ? 0 : b.id().oid();
        return Long.compare(oa, ob);
    };

    /**
     * Sorts the objects; dependencies on objects outside the list are ignored. A dependency loop
     * that the planner did not repair (such as circular foreign keys between tables' data) is
     * broken as pg_dump breaks it when it has no better way: the first object of the loop, in
     * presorted order, stops waiting for the next one; each break is reported to {@code loopReporter}.
     */
    public static List<DumpObject> sort(List<DumpObject> objects, Consumer<String> loopReporter) {
        List<DumpObject> presorted = new ArrayList<>(objects);
        DumpObject pre = new DumpObject(ObjectKind.PRE_DATA_BOUNDARY, null, null, "PRE-DATA BOUNDARY", null);
        DumpObject post = new DumpObject(ObjectKind.POST_DATA_BOUNDARY, null, null, "POST-DATA BOUNDARY", null);
        presorted.add(pre);
        presorted.add(post);
        presorted.sort(TYPE_NAME_ORDER);

        int n = presorted.size();
        Map<DumpObject, Integer> index = new IdentityHashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            index.put(presorted.get(i), i);
        }
        // deps: the items each item must follow, as int arrays (a catalog of 100,000 tables has
        // 300,000 items: lists of boxed Integers would cost tens of MB)
        Graph deps = new Graph(n);
        int preIndex = index.get(pre);
        int postIndex = index.get(post);
        for (int i = 0; i < n; i++) {
            DumpObject o = presorted.get(i);
            for (DumpObject d : o.dependencies()) {
                Integer j = index.get(d);
                if (j != null && j != i && !deps.contains(i, j)) {
                    deps.add(i, j);
                }
            }
            Section s = o.section();
            if (s == Section.PRE_DATA) {
                deps.add(preIndex, i);
            } else if (s == Section.DATA) {
                deps.add(i, preIndex);
                deps.add(postIndex, i);
            } else if (s == Section.POST_DATA) {
                deps.add(i, postIndex);
            }
        }
        deps.add(postIndex, preIndex);
        index = null; // not needed any more, and as big as the catalog

        int[] order;
        while ((order = topoSort(deps)) == null) {
            int[] edge = findLoop(deps);
            loopReporter.accept("dependency loop between " + presorted.get(edge[0]) + " and " + presorted.get(edge[1])
                    + "; the first is written without waiting for the second");
            deps.remove(edge[0], edge[1]);
        }
        List<DumpObject> out = new ArrayList<>(n);
        for (int i : order) {
            DumpObject o = presorted.get(i);
            if (o != pre && o != post) {
                out.add(o);
            }
        }
        return out;
    }

    /** For each item, the items it must follow, in the order they were added. */
    static final class Graph {
        private final int[][] edges;
        private final int[] counts;

        Graph(int n) {
            edges = new int[n][];
            counts = new int[n];
        }

        int size() {
            return counts.length;
        }

        void add(int from, int to) {
            int[] e = edges[from];
            int c = counts[from];
            if (e == null) {
                e = edges[from] = new int[2];
            } else if (c == e.length) {
                e = edges[from] = java.util.Arrays.copyOf(e, c * 2);
            }
            e[c] = to;
            counts[from] = c + 1;
        }

        boolean contains(int from, int to) {
            int[] e = edges[from];
            for (int k = 0; k < counts[from]; k++) {
                if (e[k] == to) {
                    return true;
                }
            }
            return false;
        }

        void remove(int from, int to) {
            int[] e = edges[from];
            for (int k = 0; k < counts[from]; k++) {
                if (e[k] == to) {
                    System.arraycopy(e, k + 1, e, k, counts[from] - k - 1);
                    counts[from]--;
                    return;
                }
            }
        }

        int count(int from) {
            return counts[from];
        }

        int get(int from, int k) {
            return edges[from][k];
        }
    }

    /**
     * pg_dump's TopoSort: output backwards, at each step taking the highest-numbered item that no
     * remaining item has to follow. Returns the order as indexes, or null when a loop is left.
     */
    static int[] topoSort(Graph deps) {
        int n = deps.size();
        int[] before = new int[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < deps.count(i); k++) {
                before[deps.get(i, k)]++;
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>(Comparator.reverseOrder());
        for (int i = 0; i < n; i++) {
            if (before[i] == 0) {
                ready.add(i);
            }
        }
        int[] order = new int[n];
        int next = n;
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order[--next] = i;
            for (int k = 0; k < deps.count(i); k++) {
                int j = deps.get(i, k);
                if (--before[j] == 0) {
                    ready.add(j);
                }
            }
        }
        return next == 0 ? order : null;
    }

    /** The first edge {from, to} of a dependency loop, looking for loops from items in presorted order. */
    static int[] findLoop(Graph deps) {
        int n = deps.size();
        for (int start = 0; start < n; start++) {
            // depth-first search for a path from start back to start
            boolean[] seen = new boolean[n];
            java.util.Deque<int[]> stack = new java.util.ArrayDeque<>();
            for (int k = 0; k < deps.count(start); k++) {
                int j = deps.get(start, k);
                stack.push(new int[] {j, j});
            }
            while (!stack.isEmpty()) {
                int[] top = stack.pop();
                int node = top[0];
                if (node == start) {
                    return new int[] {start, top[1]};
                }
                if (seen[node]) {
                    continue;
                }
                seen[node] = true;
                for (int k = 0; k < deps.count(node); k++) {
                    stack.push(new int[] {deps.get(node, k), top[1]});
                }
            }
        }
        throw new IllegalStateException("dependency sort failed without a loop");
    }
}
