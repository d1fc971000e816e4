package io.stowage.postgres.dump;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link DenseIdMap} behaves as a sorted map of dump ids, and refuses what it cannot hold. */
class DenseIdMapTest {
    @Test
    void matchesATreeMapUnderRandomOperations() {
        Random random = new Random(5);
        TreeMap<Integer, String> expected = new TreeMap<>();
        DenseIdMap<String> actual = new DenseIdMap<>();
        for (int op = 0; op < 20_000; op++) {
            int id = random.nextInt(op < 10_000 ? 50 : 5000);
            switch (random.nextInt(5)) {
                case 0, 1 -> assertThat(actual.put(id, "v" + op)).isEqualTo(expected.put(id, "v" + op));
                case 2 -> assertThat(actual.remove(id)).isEqualTo(expected.remove(id));
                case 3 -> {
                    Iterator<Map.Entry<Integer, String>> it = actual.entrySet().iterator();
                    while (it.hasNext()) {
                        if (it.next().getKey() % 7 == id % 7) {
                            it.remove();
                        }
                    }
                    expected.keySet().removeIf(k -> k % 7 == id % 7);
                }
                default -> {
                    assertThat(actual.get(id)).isEqualTo(expected.get(id));
                    assertThat(actual.containsKey(id)).isEqualTo(expected.containsKey(id));
                }
            }
            assertThat(actual).hasSize(expected.size());
        }
        assertThat(new ArrayList<>(actual.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.get("7")).isNull();
        assertThat(actual.get(-1)).isNull();
        assertThatThrownBy(() -> actual.put(-1, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> actual.put(1, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
