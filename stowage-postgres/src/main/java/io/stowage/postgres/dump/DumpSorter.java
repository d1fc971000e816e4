package io.stowage.postgres.dump;

import io.stowage.core.archive.Section;
import io.stowage.postgres.catalog.DumpObject;
import io.stowage.postgres.catalog.ObjectKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
     * that the planner did not repair is broken by emitting one object of it early, reported to
     * {@code loopReporter}.
     */
    public static List<DumpObject> sort(List<DumpObject> objects, Consumer<String> loopReporter) {
        List<DumpObject> presorted = new ArrayList<>(objects);
        presorted.sort(TYPE_NAME_ORDER);
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
        // deps[i] = indexes that object i must follow
        List<List<Integer>> deps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            deps.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            DumpObject o = presorted.get(i);
            for (DumpObject d : o.dependencies()) {
                Integer j = index.get(d);
                if (j != null && j != i) {
                    deps.get(i).add(j);
                }
            }
            Section s = o.kind().section();
            if (s == Section.PRE_DATA) {
                deps.get(index.get(pre)).add(i);
            } else if (s == Section.DATA) {
                deps.get(i).add(index.get(pre));
                deps.get(index.get(post)).add(i);
            } else if (s == Section.POST_DATA) {
                deps.get(i).add(index.get(post));
            }
        }
        deps.get(index.get(post)).add(index.get(pre));

        int[] before = new int[n];
        for (List<Integer> d : deps) {
            for (int j : d) {
                before[j]++;
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>(Comparator.reverseOrder());
        boolean[] done = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (before[i] == 0) {
                ready.add(i);
            }
        }
        DumpObject[] ordering = new DumpObject[n];
        int next = n;
        while (next > 0) {
            if (ready.isEmpty()) {
                int forced = -1;
                for (int i = n - 1; i >= 0; i--) {
                    if (!done[i]) {
                        forced = i;
                        break;
                    }
                }
                loopReporter.accept("could not resolve dependency loop; " + presorted.get(forced) + " is written early");
                before[forced] = 0;
                ready.add(forced);
            }
            int i = ready.poll();
            if (done[i]) {
                continue;
            }
            done[i] = true;
            ordering[--next] = presorted.get(i);
            for (int j : deps.get(i)) {
                if (--before[j] == 0 && !done[j]) {
                    ready.add(j);
                }
            }
        }
        List<DumpObject> out = new ArrayList<>(n);
        for (DumpObject o : ordering) {
            if (o != pre && o != post) {
                out.add(o);
            }
        }
        return out;
    }

    /** Index of each object in a list, by identity. */
    static Map<DumpObject, Integer> positions(List<DumpObject> list) {
        Map<DumpObject, Integer> m = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            m.put(list.get(i), i);
        }
        return m;
    }
}
