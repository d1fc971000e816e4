package io.stowage.core.storage;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageLocationTest {
    @TempDir
    Path dir;

    @Test
    void parsesPathsFileUrlsAndS3Urls() {
        assertThat(StorageLocation.parse("/var/backups/"))
                .isEqualTo(new StorageLocation("file", "", "/var/backups", Map.of()));
        assertThat(StorageLocation.parse("rel/dir").path()).isEqualTo(Path.of("rel/dir").toAbsolutePath().toString());
        assertThat(StorageLocation.parse("file:///var/backups")).isEqualTo(new StorageLocation("file", "", "/var/backups", Map.of()));
        assertThat(StorageLocation.parse("S3://bucket/some/prefix/?endpoint=http%3A%2F%2F127.0.0.1%3A9000&path-style=true"))
                .isEqualTo(new StorageLocation("s3", "bucket", "some/prefix",
                        Map.of("endpoint", "http://127.0.0.1:9000", "path-style", "true")));
        assertThat(StorageLocation.parse("s3://bucket")).isEqualTo(new StorageLocation("s3", "bucket", "", Map.of()));
        assertThat(StorageLocation.parse("s3://bucket/p").toString()).isEqualTo("s3://bucket/p");
    }

    @Test
    void rejectsMalformedLocations() {
        for (String bad : new String[] {"", "s3://", "s3:///prefix", "s3://b/a/../c", "file://host/x", "s3://b/p?novalue"}) {
            assertThatThrownBy(() -> StorageLocation.parse(bad)).as(bad)
                    .isInstanceOfSatisfying(StowageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
        }
    }

    @Test
    void opensLocalStorageThroughItsProvider() throws IOException {
        try (Storage s = StorageLocation.open(dir.toString())) {
            assertThat(s).isInstanceOf(LocalStorage.class);
            StorageOutput out = s.create("k");
            out.write(1);
            out.close();
        }
        try (Storage s = StorageLocation.open("file://" + dir)) {
            assertThat(s.stat("k")).get().extracting(StoredObject::size).isEqualTo(1L);
        }
    }

    @Test
    void unknownSchemeSaysWhatIsKnown() {
        assertThatThrownBy(() -> StorageLocation.open("gs://bucket/x"))
                .isInstanceOfSatisfying(StowageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                    assertThat(e.getMessage()).contains("gs://").contains("file");
                });
    }
}
