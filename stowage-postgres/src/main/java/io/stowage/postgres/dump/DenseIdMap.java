package io.stowage.postgres.dump;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A map from archive dump ids (small positive integers, handed out densely) to values, held in an
 * array: a fraction of a {@link java.util.HashMap}'s memory for the plan's per-entry maps, which
 * have an entry for every table of a catalog that may hold 100,000 of them. Iterates in id order;
 * null values are not allowed.
 *
 * @param <V> the value type
 */
final class DenseIdMap<V> extends AbstractMap<Integer, V> {
    private Object[] values = new Object[16];
    private int size;

    @Override
    public V put(Integer id, V value) {
        if (id == null || id < 0 || value == null) {
            throw new IllegalArgumentException("dump id " + id + " with value " + value);
        }
        if (id >= values.length) {
            values = Arrays.copyOf(values, Math.max(id + 1, values.length * 2));
        }
        @SuppressWarnings("unchecked")
        V old = (V) values[id];
        values[id] = value;
        if (old == null) {
            size++;
        }
        return old;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        return key instanceof Integer id && id >= 0 && id < values.length ? (V) values[id] : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public V remove(Object key) {
        V old = get(key);
        if (old != null) {
            values[(Integer) key] = null;
            size--;
        }
        return old;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Entry<Integer, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<Integer, V>> iterator() {
                return new Iterator<>() {
                    private int next = advance(0);
                    private int last = -1;

                    private int advance(int from) {
                        while (from < values.length && values[from] == null) {
                            from++;
                        }
                        return from;
                    }

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Entry<Integer, V> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        last = next;
                        next = advance(next + 1);
                        return new AbstractMap.SimpleImmutableEntry<>(last, (V) values[last]);
                    }

                    @Override
                    public void remove() {
                        if (last < 0) {
                            throw new IllegalStateException();
                        }
                        DenseIdMap.this.remove(last);
                        last = -1;
                    }
                };
            }
        };
    }

    /** A copy of {@code map} (whose keys must be non-negative, values non-null) as a dense map. */
    static <V> DenseIdMap<V> of(Map<Integer, V> map) {
        DenseIdMap<V> dense = new DenseIdMap<>();
        map.forEach(dense::put);
        return dense;
    }
}
