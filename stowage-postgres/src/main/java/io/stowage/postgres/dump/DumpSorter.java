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
        Map<DumpObject, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(presorted.get(i), i);
        }
        // deps.get(i): indexes of the items that item i must follow
        List<List<Integer>> deps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            deps.add(new ArrayList<>());
        }
        int preIndex = index.get(pre);
        int postIndex = index.get(post);
        for (int i = 0; i < n; i++) {
            DumpObject o = presorted.get(i);
            for (DumpObject d : o.dependencies()) {
                Integer j = index.get(d);
                if (j != null && j != i && !deps.get(i).contains(j)) {
                    deps.get(i).add(j);
                }
            }
            Section s = o.section();
            if (s == Section.PRE_DATA) {
                deps.get(preIndex).add(i);
            } else if (s == Section.DATA) {
                deps.get(i).add(preIndex);
                deps.get(postIndex).add(i);
            } else if (s == Section.POST_DATA) {
                deps.get(i).add(postIndex);
            }
        }
        deps.get(postIndex).add(preIndex);

        int[] order;
        while ((order = topoSort(deps)) == null) {
            int[] edge = findLoop(deps);
            loopReporter.accept("dependency loop between " + presorted.get(edge[0]) + " and " + presorted.get(edge[1])
                    + "; the first is written without waiting for the second");
            deps.get(edge[0]).remove(Integer.valueOf(edge[1]));
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

    /**
     * pg_dump's TopoSort: output backwards, at each step taking the highest-numbered item that no
     * remaining item has to follow. Returns the order as indexes, or null when a loop is left.
     */
    static int[] topoSort(List<List<Integer>> deps) {
        int n = deps.size();
        int[] before = new int[n];
        for (List<Integer> d : deps) {
            for (int j : d) {
                before[j]++;
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
            for (int j : deps.get(i)) {
                if (--before[j] == 0) {
                    ready.add(j);
                }
            }
        }
        return next == 0 ? order : null;
    }

    /** The first edge {from, to} of a dependency loop, looking for loops from items in presorted order. */
    static int[] findLoop(List<List<Integer>> deps) {
        int n = deps.size();
        for (int start = 0; start < n; start++) {
            // depth-first search for a path from start back to start
            boolean[] seen = new boolean[n];
            java.util.Deque<int[]> stack = new java.util.ArrayDeque<>();
            for (int j : deps.get(start)) {
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
                for (int j : deps.get(node)) {
                    stack.push(new int[] {j, top[1]});
                }
            }
        }
        throw new IllegalStateException("dependency sort failed without a loop");
    }
}
