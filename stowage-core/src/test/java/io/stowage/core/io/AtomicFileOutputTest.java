package io.stowage.core.io;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
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
    void aDurableCommitSyncsTheWholeFileThenItsDirectory(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("dump.sql");
        List<String> calls = new ArrayList<>();
        FileSync recording = new FileSync() {
            @Override
            public void file(Path file, FileChannel channel) throws IOException {
                calls.add("file " + file.getFileName() + " " + channel.size());
                DURABLE.file(file, channel);
            }

            @Override
            public void directory(Path d) {
                assertThat(target).as("the rename comes before the directory's sync").exists();
                calls.add("dir " + d);
                DURABLE.directory(d);
            }
        };
        try (AtomicFileOutput out = AtomicFileOutput.open(target)) {
            out.write(new byte[100_000]); // more than the buffer: a sync must come after the last flush
            out.write('x');
            out.commit(recording);
        }
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0)).startsWith("file .dump.sql.").endsWith(".partial 100001");
        assertThat(calls.get(1)).isEqualTo("dir " + dir);
        assertThat(Files.size(target)).isEqualTo(100_001);
    }

    @Test
    void aFailedSyncIsAnOutputErrorAndLeavesNothing(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("dump.sql");
        FileSync failing = new FileSync() {
            @Override
            public void file(Path file, FileChannel channel) throws IOException {
                throw new IOException("Input/output error");
            }

            @Override
            public void directory(Path d) {
            }
        };
        assertThatThrownBy(() -> {
            try (AtomicFileOutput out = AtomicFileOutput.open(target)) {
                out.write(1);
                out.commit(failing);
            }
        }).isInstanceOfSatisfying(StowageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTPUT))
                .hasMessageContaining("Input/output error");
        assertThat(list(dir)).isEmpty();
    }

    @Test
    void syncAndCloseClosesTheChannelAndReportsAFailure(@TempDir Path dir) throws IOException {
        for (FileSync sync : List.of(FileSync.DURABLE, FileSync.NONE)) {
            FileChannel channel = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            sync.syncAndClose(dir.resolve("f"), channel).join();
            assertThat(channel.isOpen()).isFalse();
        }
        // a channel closed before its sync: DURABLE's force fails, and the future says so
        FileChannel closed = FileChannel.open(dir.resolve("f"), StandardOpenOption.WRITE);
        closed.close();
        assertThatThrownBy(() -> FileSync.DURABLE.syncAndClose(dir.resolve("f"), closed).join())
                .hasRootCauseInstanceOf(java.nio.channels.ClosedChannelException.class);
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
