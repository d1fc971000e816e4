package io.stowage.repo;

import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackupKeyTest {

    @Test
    void keysCarryTheUtcSecondTheSanitisedDatabaseAndFourHexDigits() {
        Instant start = Instant.parse("2026-11-22T10:15:00.789Z");
        BackupKey key = BackupKey.create("Pagila Prod/€", start, new Random(1));
        assertThat(key.value()).matches("20261122T101500Z-pagila_prod__-[0-9a-f]{4}");
        assertThat(key.timestamp()).isEqualTo(Instant.parse("2026-11-22T10:15:00Z"));
        assertThat(BackupKey.parse(key.value())).isEqualTo(key);
    }

    @Test
    void longDatabaseNamesAreCutToForty() {
        BackupKey key = BackupKey.create("x".repeat(63), Instant.EPOCH);
        assertThat(key.value()).isEqualTo("19700101T000000Z-" + "x".repeat(40) + key.value().substring(57));
        assertThat(BackupKey.isValid(key.value())).isTrue();
    }

    @Test
    void keysSortByTime() {
        BackupKey earlier = BackupKey.create("zzz", Instant.parse("2026-11-22T09:59:59Z"));
        BackupKey later = BackupKey.create("aaa", Instant.parse("2026-11-22T10:00:00Z"));
        assertThat(earlier).isLessThan(later);
        assertThat(earlier.value()).isLessThan(later.value());
    }

    @Test
    void textThatIsNoKeyIsAUsageError() {
        for (String bad : new String[] {"latest", "", "20261122T101500Z-pagila", "20261122T101500Z-Pagila-3f9a",
                "20261122T101500Z-pagila-3F9A", "../20261122T101500Z-pagila-3f9a"}) {
            assertThatThrownBy(() -> BackupKey.parse(bad)).as(bad).isInstanceOf(StowageException.class)
                    .hasMessageContaining("is not a backup key");
            assertThat(BackupKey.isValid(bad)).as(bad).isFalse();
        }
    }

    @Test
    void metadataRoundTripsThroughJsonInAFixedFieldOrder() {
        BackupInfo info = new BackupInfo(BackupKey.parse("20261122T101500Z-pagila-3f9a"), "pagila", "15.19",
                "postgresql://u:****@h:5432/pagila", "native", "custom", "gzip", java.util.List.of("-n", "pub\"lic"), "0.1.0", Instant.parse("2026-11-22T10:15:00Z"),
                Instant.parse("2026-11-22T10:15:03.5Z"), 1234, "ab".repeat(32), 77,
                Map.of("public.actor", 200L));
        String json = info.toJson();
        assertThat(json).startsWith("{\n  \"metadata_version\": 1,\n  \"key\": \"20261122T101500Z-pagila-3f9a\",\n");
        assertThat(json.indexOf("\"started\"")).isLessThan(json.indexOf("\"finished\""));
        assertThat(BackupInfo.fromJson(json)).isEqualTo(info);
        assertThat(BackupInfo.fromJson(info.toJsonLine())).isEqualTo(info);
        assertThat(info.toJsonLine()).doesNotContain("\n");
    }

    @Test
    void twoKeysOfOneDatabaseInOneSecondDiffer() {
        Instant start = Instant.parse("2026-11-22T10:15:00.001Z");
        // two generators with one seed draw the same suffixes: the second key must still differ
        BackupKey first = BackupKey.create("twins", start, new Random(5));
        BackupKey second = BackupKey.create("twins", start.plusMillis(500), new Random(5));
        assertThat(second.timestamp()).isEqualTo(first.timestamp());
        assertThat(second).isNotEqualTo(first);
        // another database, or another second, may draw the same suffix
        assertThat(BackupKey.create("other", start, new Random(5)).value()).endsWith(first.value().substring(first.value().length() - 5));
    }

    @Test
    void manyKeysOfOneDatabaseInOneSecondFromTwoThreadsAreAllDistinct() throws Exception {
        Instant start = Instant.parse("2026-11-22T10:16:00Z");
        // 1000 random 16-bit suffixes would almost surely collide (birthday bound: 99.95 %) without the registry
        java.util.Set<BackupKey> keys = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.List<BackupKey> all = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        Runnable make = () -> {
            try {
                together.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            for (int i = 0; i < 500; i++) {
                all.add(BackupKey.create("busy", start));
            }
        };
        Thread a = new Thread(make);
        Thread b = new Thread(make);
        a.start();
        b.start();
        a.join();
        b.join();
        keys.addAll(all);
        assertThat(all).hasSize(1000);
        assertThat(keys).hasSize(1000).allSatisfy(k -> assertThat(k.value()).startsWith("20261122T101600Z-busy-"));
    }
}
