package io.stowage.core.io;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFileOutputTest {

    @Test
    void theTargetAppearsOnlyOnCommit(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("dump.sql");
        try (AtomicFileOutput out = AtomicFileOutput.open(target)) {
            out.write("SELECT 1;\n".getBytes(StandardCharsets.UTF_8));
            assertThat(target).doesNotExist();
            assertThat(list(dir)).singleElement().asString().endsWith(".partial");
            out.commit();
        }
        assertThat(Files.readString(target)).isEqualTo("SELECT 1;\n");
        assertThat(list(dir)).containsExactly(target);
    }

    @Test
    void closingWithoutCommitLeavesNothing(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("dump.sql");
        Files.writeString(target, "the previous dump");
        try (AtomicFileOutput out = AtomicFileOutput.open(target)) {
            out.write(new byte[1000]);
        }
        assertThat(Files.readString(target)).as("an earlier file is not touched by a failed run").isEqualTo("the previous dump");
        assertThat(list(dir)).containsExactly(target);
    }

    @Test
    void aDirectoryOrAMissingParentIsAnOutputError(@TempDir Path dir) {
        assertThatThrownBy(() -> AtomicFileOutput.open(dir))
                .isInstanceOfSatisfying(StowageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTPUT))
                .hasMessageContaining("is a directory");
        assertThatThrownBy(() -> AtomicFileOutput.open(dir.resolve("no/such/dir/x.sql")))
                .isInstanceOfSatisfying(StowageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTPUT))
                .hasMessageContaining("does not exist");
    }

    private static java.util.List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
