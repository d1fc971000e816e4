package io.stowage.postgres.catalog;

import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A set that iterates in insertion order, as {@link java.util.LinkedHashSet} does, in a fraction of
 * its memory: an array, with a hash index only once it holds more than {@value #INDEXED} elements.
 * A dump holds one per catalog object (its dependencies, nearly always a handful), so with 100,000
 * tables the difference is tens of megabytes of heap.
 *
 * @param <E> the element type; elements are compared with {@code equals}
 */
final class OrderedSet<E> extends AbstractSet<E> {
    private static final int INDEXED = 16;

    private Object[] elements = EMPTY;
    private int size;
    private Set<E> index;
    private static final Object[] EMPTY = {};

    @Override
    public boolean add(E e) {
        if (contains(e)) {
            return false;
        }
        if (size == elements.length) {
            Object[] grown = new Object[Math.max(4, size * 2)];
            System.arraycopy(elements, 0, grown, 0, size);
            elements = grown;
        }
        elements[size++] = e;
        if (index != null) {
            index.add(e);
        } else if (size > INDEXED) {
            index = new HashSet<>(this);
        }
        return true;
    }

    @Override
    public boolean contains(Object o) {
        if (index != null) {
            return index.contains(o);
        }
        return indexOf(o) >= 0;
    }

    @Override
    public boolean remove(Object o) {
        int i = indexOf(o);
        if (i < 0) {
            return false;
        }
        removeAt(i);
        return true;
    }

    @Override
    public void clear() {
        elements = EMPTY;
        size = 0;
        index = null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Iterator<E> iterator() {
        return new Iterator<>() {
            private int next;
            private int last = -1;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            @SuppressWarnings("unchecked")
            public E next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                last = next++;
                return (E) elements[last];
            }

            @Override
            public void remove() {
                if (last < 0) {
                    throw new IllegalStateException();
                }
                removeAt(last);
                next = last;
                last = -1;
            }
        };
    }

    private int indexOf(Object o) {
        for (int i = 0; i < size; i++) {
            if (o == null ? elements[i] == null : o.equals(elements[i])) {
                return i;
            }
        }
        return -1;
    }

    private void removeAt(int i) {
        Object removed = elements[i];
        System.arraycopy(elements, i + 1, elements, i, size - i - 1);
        elements[--size] = null;
        if (index != null) {
            index.remove(removed);
        }
    }
}
