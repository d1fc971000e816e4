package io.stowage.postgres.archive;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.io.FileSync;
import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.CompressionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Archives are durable when the writer returns, as pg_dump's are unless {@code --no-sync}: every
 * file synced once complete, then its directory, and after the rename the directory holding the
 * target. The syncs are recorded by a {@link FileSync} that also really syncs.
 */
class ArchiveSyncTest {

    @TempDir
    Path dir;

    /** Records what it was asked to sync, in order, then syncs it for real. */
    private static final class Recording implements FileSync {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger writeBehinds = new AtomicInteger();
        final AtomicInteger openAfterSync = new AtomicInteger();

        @Override
        public void file(Path file, FileChannel channel) throws IOException {
            // the bytes are all written when the file is synced: its size is final
            assertThat(channel.size()).as(file.toString()).isEqualTo(Files.size(file));
            DURABLE.file(file, channel);
            calls.add("file " + file.getFileName());
        }

        @Override
        public CompletableFuture<Void> writeBehind(Path file, FileChannel channel) {
            writeBehinds.incrementAndGet();
            return DURABLE.writeBehind(file, channel);
        }

        @Override
        public CompletableFuture<Void> syncAndClose(Path file, FileChannel channel) {
            return FileSync.super.syncAndClose(file, channel).thenRun(() -> {
                if (channel.isOpen()) {
                    openAfterSync.incrementAndGet();
                }
            });
        }

        @Override
        public void directory(Path d) {
            DURABLE.directory(d);
            calls.add("dir " + d.getFileName());
        }
    }

    private long write(ArchiveFormat format, Path target, FileSync sync) throws IOException {
        OpenArchive archive = ReArchive.open(ReArchive.resource("pagila-15.dump"));
        CompressionSpec compression = format == ArchiveFormat.TAR ? CompressionSpec.NONE : CompressionSpec.GZIP_DEFAULT;
        ArchiveHeader header = ReArchive.header(archive.toc().header(), format, ArchiveVersion.V1_14, compression);
        return ArchiveWriters.write(format, target, null, header, archive.toc().entries(), compression,
                ReArchive.source(archive.data()), sync);
    }

    @Test
    void everyFileOfADirectoryArchiveIsSyncedThenTheDirectoryThenItsParent() throws IOException {
        Path parent = Files.createDirectory(dir.resolve("out"));
        Path target = parent.resolve("pagila.dir");
        Recording sync = new Recording();
        write(ArchiveFormat.DIRECTORY, target, sync);

        Set<String> files;
        try (Stream<Path> list = Files.list(target)) {
            files = list.map(p -> "file " + p.getFileName()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(files).contains("file toc.dat").hasSizeGreaterThan(10);
        List<String> calls = List.copyOf(sync.calls);
        assertThat(calls).hasSize(files.size() + 2);
        assertThat(new TreeSet<>(calls.subList(0, files.size()))).isEqualTo(files);
        assertThat(calls.get(files.size() - 1)).as("toc.dat last, once every data file is durable").isEqualTo("file toc.dat");
        // the temporary directory, before it is renamed to the target
        assertThat(calls.get(files.size())).startsWith("dir .pagila.dir.");
        assertThat(calls.get(files.size() + 1)).isEqualTo("dir out");
        assertThat(sync.openAfterSync).as("channels left open after their sync").hasValue(0);
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"CUSTOM", "TAR"})
    void aSingleFileArchiveIsSyncedThenItsDirectory(ArchiveFormat format) throws IOException {
        Path parent = Files.createDirectory(dir.resolve("out"));
        Recording sync = new Recording();
        write(format, parent.resolve("pagila.dump"), sync);
        assertThat(sync.calls).hasSize(2);
        assertThat(sync.calls.get(0)).startsWith("file .pagila.dump.").endsWith(".partial");
        assertThat(sync.calls.get(1)).isEqualTo("dir out");
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"CUSTOM", "DIRECTORY", "TAR"})
    void noSyncWritesTheSameArchive(ArchiveFormat format) throws IOException {
        Path synced = dir.resolve("synced");
        Path unsynced = dir.resolve("unsynced");
        write(format, synced, FileSync.DURABLE);
        write(format, unsynced, FileSync.NONE);
        // read back: a tar's member headers carry the time they were written
        String script = ArchiveWritersTest.ourScript(ArchiveWritersTest.openOurs(format, synced));
        assertThat(ArchiveWritersTest.ourScript(ArchiveWritersTest.openOurs(format, unsynced))).isEqualTo(script)
                .contains("COPY public.actor (");
        assertThat(FileSync.of(true)).isSameAs(FileSync.NONE);
        assertThat(FileSync.of(false)).isSameAs(FileSync.DURABLE);
    }

    @Test
    void aFailedSyncFailsTheDumpNamingTheFileAndLeavesNothingBehind() throws IOException {
        Path parent = Files.createDirectory(dir.resolve("out"));
        FileSync failing = new FileSync() {
            @Override
            public void file(Path file, FileChannel channel) throws IOException {
                if (file.getFileName().toString().startsWith("toc")) {
                    return;
                }
                throw new IOException("Input/output error");
            }

            @Override
            public void directory(Path d) {
            }
        };
        assertThatThrownBy(() -> write(ArchiveFormat.DIRECTORY, parent.resolve("pagila.dir"), failing))
                .isInstanceOfSatisfying(StowageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTPUT))
                .hasMessageContaining("cannot write").hasMessageContaining(".dat").hasMessageContaining("Input/output error");
        try (Stream<Path> left = Files.list(parent)) {
            assertThat(left).as("files left in the target's directory").isEmpty();
        }
    }

    @Test
    void aGrowingFileIsWrittenBackWhileWrittenAndSyncedOnceWhenClosed() throws IOException {
        Recording sync = new Recording();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        Path file = dir.resolve("big.dat");
        byte[] block = new byte[1000];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        try (SyncedFile out = SyncedFile.create(file, sync, pending::add, 4096)) {
            for (int i = 0; i < 50; i++) {
                out.write(block, 0, block.length);
            }
            assertThat(pending).as("nothing pending before the close").isEmpty();
        }
        assertThat(pending).hasSize(1);
        pending.get(0).join();
        // a write-behind starts once 4096 bytes are unsynced and no earlier one is running
        assertThat(sync.writeBehinds.get()).isBetween(1, 12);
        assertThat(sync.calls).containsExactly("file big.dat");
        assertThat(Files.size(file)).isEqualTo(50_000);
        byte[] back = Files.readAllBytes(file);
        assertThat(back[49_999]).isEqualTo(block[999]);
    }
}
