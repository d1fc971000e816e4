package io.stowage.postgres.catalog;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link OrderedSet} behaves as a LinkedHashSet under any mix of operations, small and indexed. */
class OrderedSetTest {
    @Test
    void matchesLinkedHashSetUnderRandomOperations() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            Set<Integer> expected = new LinkedHashSet<>();
            OrderedSet<Integer> actual = new OrderedSet<>();
            int range = round % 2 == 0 ? 8 : 60; // small sets, and sets past the hash index threshold
            for (int op = 0; op < 300; op++) {
                int v = random.nextInt(range);
                switch (random.nextInt(6)) {
                    case 0, 1, 2 -> assertThat(actual.add(v)).isEqualTo(expected.add(v));
                    case 3 -> assertThat(actual.remove(v)).isEqualTo(expected.remove(v));
                    case 4 -> {
                        Iterator<Integer> a = actual.iterator();
                        Iterator<Integer> e = expected.iterator();
                        while (a.hasNext()) {
                            Integer x = a.next();
                            assertThat(x).isEqualTo(e.next());
                            if (x % 3 == v % 3) {
                                a.remove();
                                e.remove();
                            }
                        }
                    }
                    default -> assertThat(actual.contains(v)).isEqualTo(expected.contains(v));
                }
                assertThat(actual).hasSize(expected.size());
                assertThat(new ArrayList<>(actual)).isEqualTo(new ArrayList<>(expected));
            }
            actual.clear();
            assertThat(actual).isEmpty();
            assertThat(actual.add(1)).isTrue();
            assertThat(List.copyOf(actual)).containsExactly(1);
        }
    }
}
