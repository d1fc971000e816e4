package io.stowage.core.storage;

import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Storage#localFile}: a local directory hands out an object's own file, other backends nothing. */
class LocalStorageFileTest {
    @TempDir
    Path dir;

    @Test
    void aLocalObjectIsItsOwnFileInsideTheRoot() throws IOException {
        try (LocalStorage s = LocalStorage.open(dir.resolve("repo"))) {
            StorageOutput out = s.create("backups/k/archive.dump");
            out.write("archive".getBytes(StandardCharsets.UTF_8));
            assertThat(s.localFile("backups/k/archive.dump")).as("not yet published").isEmpty();
            out.close();
            Path file = s.localFile("backups/k/archive.dump").orElseThrow();
            assertThat(file).isEqualTo(s.root().resolve("backups/k/archive.dump"));
            assertThat(Files.readString(file)).isEqualTo("archive");
            assertThat(s.localFile("backups/k/missing")).isEmpty();
            assertThat(s.localFile("backups/k")).as("a directory is no object").isEmpty();
            assertThatThrownBy(() -> s.localFile("../escape")).isInstanceOf(StowageException.class);
        }
    }

    @Test
    void aLinkOutOfTheRootIsRefusedNotFollowed() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "s");
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        try (LocalStorage s = LocalStorage.open(root)) {
            assertThatThrownBy(() -> s.localFile("link/secret")).isInstanceOf(StowageException.class)
                    .hasMessageContaining("outside");
        }
    }

    @Test
    void otherBackendsHaveNoLocalFileByDefault() {
        Storage remote = new Storage() {
            @Override
            public StorageOutput create(String key) {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.io.InputStream open(String key) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<StoredObject> stat(String key) {
                return Optional.empty();
            }

            @Override
            public List<StoredObject> list(String prefix) {
                return List.of();
            }

            @Override
            public void delete(String key) {
            }

            @Override
            public String describe() {
                return "remote";
            }

            @Override
            public void close() {
            }
        };
        assertThat(remote.localFile("backups/k/archive.dump")).isEmpty();
    }
}
