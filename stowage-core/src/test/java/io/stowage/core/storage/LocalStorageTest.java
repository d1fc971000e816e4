package io.stowage.core.storage;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalStorageTest {
    @TempDir
    Path dir;

    private static void put(Storage s, String key, byte[] data) throws IOException {
        StorageOutput out = s.create(key);
        out.write(data);
        out.close();
    }

    private static byte[] read(Storage s, String key) throws IOException {
        try (InputStream in = s.open(key)) {
            return in.readAllBytes();
        }
    }

    @Test
    void writesReadsStatsListsAndDeletes() throws IOException {
        try (LocalStorage s = LocalStorage.open(dir.resolve("repo"))) {
            put(s, "b/2/archive.dump", "two".getBytes(StandardCharsets.UTF_8));
            put(s, "b/1/archive.dump", "one!".getBytes(StandardCharsets.UTF_8));
            put(s, "a.json", new byte[0]);
            put(s, "bx", "x".getBytes(StandardCharsets.UTF_8));

            assertThat(read(s, "b/1/archive.dump")).asString(StandardCharsets.UTF_8).isEqualTo("one!");
            assertThat(s.stat("b/1/archive.dump")).get().extracting(StoredObject::size).isEqualTo(4L);
            assertThat(s.stat("b/1")).isEmpty();          // a directory is not an object
            assertThat(s.stat("missing")).isEmpty();

            assertThat(s.list("").stream().map(StoredObject::key))
                    .containsExactly("a.json", "b/1/archive.dump", "b/2/archive.dump", "bx");
            assertThat(s.list("b/").stream().map(StoredObject::key)).containsExactly("b/1/archive.dump", "b/2/archive.dump");
            assertThat(s.list("b").stream().map(StoredObject::key)).containsExactly("b/1/archive.dump", "b/2/archive.dump", "bx");
            assertThat(s.list("b/1/arch").stream().map(StoredObject::key)).containsExactly("b/1/archive.dump");
            assertThat(s.list("zzz")).isEmpty();

            s.delete("b/1/archive.dump");
            s.delete("b/1/archive.dump"); // idempotent
            s.delete("never/was");
            assertThat(s.stat("b/1/archive.dump")).isEmpty();
            assertThat(dir.resolve("repo/b/1")).doesNotExist(); // emptied directories are removed
            assertThat(s.list("b/").stream().map(StoredObject::key)).containsExactly("b/2/archive.dump");
        }
    }

    @Test
    void replacingAnObjectKeepsTheOldOneUntilClose() throws IOException {
        try (LocalStorage s = LocalStorage.open(dir)) {
            put(s, "k", "old".getBytes(StandardCharsets.UTF_8));
            StorageOutput out = s.create("k");
            out.write("new-content".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(read(s, "k")).asString(StandardCharsets.UTF_8).isEqualTo("old");
            assertThat(s.list("").stream().map(StoredObject::key)).containsExactly("k"); // the temp file is hidden
            out.close();
            assertThat(read(s, "k")).asString(StandardCharsets.UTF_8).isEqualTo("new-content");
        }
    }

    @Test
    void abortLeavesNothing() throws IOException {
        try (LocalStorage s = LocalStorage.open(dir)) {
            StorageOutput out = s.create("x/y.dump");
            out.write(new byte[100_000]);
            out.abort();
            out.close(); // a no-op after abort
            assertThat(s.stat("x/y.dump")).isEmpty();
            assertThat(s.list("")).isEmpty();
            try (Stream<Path> files = Files.walk(dir)) {
                assertThat(files.filter(Files::isRegularFile)).isEmpty();
            }
        }
    }

    @Test
    void aReaderNeverSeesAHalfWrittenObject() throws Exception {
        // a writer replaces the object again and again with uniform contents of growing sizes;
        // every read must give one whole version: all bytes equal and the size that byte implies
        try (LocalStorage s = LocalStorage.open(dir)) {
            put(s, "obj", content(0));
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(1);
            Future<Integer> reader = pool.submit(() -> {
                int reads = 0;
                while (!stop.get()) {
                    byte[] b = read(s, "obj");
                    int version = b[0];
                    assertThat(b).hasSize(size(version));
                    for (byte x : b) {
                        if (x != version) {
                            throw new AssertionError("mixed versions in one read");
                        }
                    }
                    reads++;
                }
                return reads;
            });
            for (int v = 1; v < 60; v++) {
                StorageOutput out = s.create("obj");
                byte[] data = content(v);
                // write in small pieces so that a non-atomic publish would be visible
                for (int off = 0; off < data.length; off += 1000) {
                    out.write(data, off, Math.min(1000, data.length - off));
                }
                out.close();
            }
            stop.set(true);
            assertThat(reader.get()).isPositive();
            pool.shutdown();
            assertThat(read(s, "obj")).isEqualTo(content(59));
        }
    }

    private static int size(int version) {
        return 10_000 + version * 3_001;
    }

    private static byte[] content(int version) {
        byte[] b = new byte[size(version)];
        Arrays.fill(b, (byte) version);
        return b;
    }

    @Test
    void openOfAMissingKeyNamesIt() {
        try (LocalStorage s = LocalStorage.open(dir)) {
            assertThatThrownBy(() -> s.open("nope/archive.dump"))
                    .isInstanceOfSatisfying(StowageException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INPUT);
                        assertThat(e.getMessage()).contains("\"nope/archive.dump\"");
                    });
        }
    }

    @Test
    void rejectsBadKeys() {
        try (LocalStorage s = LocalStorage.open(dir.resolve("root"))) {
            for (String bad : List.of("", "/etc/passwd", "../x", "a/../../x", "a//b", "a/", "./a", "a\\b", "a/.b.1.partial")) {
                assertThatThrownBy(() -> s.create(bad)).as(bad)
                        .isInstanceOfSatisfying(StowageException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                            assertThat(e.getMessage()).startsWith("invalid storage key");
                        });
                assertThatThrownBy(() -> s.open(bad)).as(bad).isInstanceOf(StowageException.class);
                assertThatThrownBy(() -> s.delete(bad)).as(bad).isInstanceOf(StowageException.class);
            }
            assertThat(dir.resolve("x")).doesNotExist();
        }
    }

    @Test
    void doesNotFollowLinksOutOfTheRoot() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "s");
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        try (LocalStorage s = LocalStorage.open(root)) {
            assertThatThrownBy(() -> s.open("link/secret")).isInstanceOf(StowageException.class)
                    .hasMessageContaining("outside");
            assertThatThrownBy(() -> s.create("link/new")).isInstanceOf(StowageException.class)
                    .hasMessageContaining("outside");
            assertThat(s.list("")).isEmpty();
            assertThatThrownBy(() -> s.delete("link/secret")).isInstanceOf(StowageException.class);
        }
        assertThat(outside.resolve("secret")).exists();
        assertThat(outside.resolve("new")).doesNotExist();
    }

    @Test
    void bigObjectsStream() throws IOException {
        byte[] data = new byte[3 << 20];
        new Random(7).nextBytes(data);
        try (LocalStorage s = LocalStorage.open(dir)) {
            put(s, "big", data);
            assertThat(read(s, "big")).isEqualTo(data);
        }
    }
}
