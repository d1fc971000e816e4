package io.stowage.core.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * How written output is made durable before a command reports success: pg_dump syncs every file
 * it wrote, and the directories that hold them, unless {@code --no-sync}; {@link #DURABLE} does
 * the same and {@link #NONE} is {@code --no-sync}.
 */
public interface FileSync {
    /**
     * Syncs files and directories ({@code fsync}); a filesystem that cannot sync a directory is let
     * be. Write-behinds and the syncs of {@link #syncAndClose} run on a few daemon threads shared by
     * all files: while a dump's cores are busy reading and writing, the disk would otherwise wait for
     * the final syncs, and each sync mostly waits for the disk.
     */
    FileSync DURABLE = new FileSync() {
        @Override
        public void file(Path file, FileChannel channel) throws IOException {
            channel.force(true);
        }

        @Override
        public CompletableFuture<Void> writeBehind(Path file, FileChannel channel) {
            return CompletableFuture.runAsync(() -> {
                try {
                    channel.force(false);
                } catch (IOException ignored) {
                    // only a head start: the file's own sync reports any failure
                }
            }, Background.EXECUTOR);
        }

        @Override
        public CompletableFuture<Void> syncAndClose(Path file, FileChannel channel) {
            return CompletableFuture.runAsync(() -> FileSync.super.syncAndClose(file, channel).join(), Background.EXECUTOR);
        }

        @Override
        public void directory(Path dir) {
            // Linux syncs a directory's entries through a read-only descriptor of it
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // some filesystems (and other systems) refuse to sync directories, as pg_dump tolerates
            }
        }
    };

    /** Leaves the data to the operating system's own writeback: {@code --no-sync}. */
    FileSync NONE = new FileSync() {
        @Override
        public void file(Path file, FileChannel channel) {
        }

        @Override
        public void directory(Path dir) {
        }
    };

    /** The sync of {@code --no-sync} when {@code noSync}, else {@link #DURABLE}. */
    static FileSync of(boolean noSync) {
        return noSync ? NONE : DURABLE;
    }

    /**
     * Makes a written file's data durable.
     *
     * @param file    the file, as named while written
     * @param channel the open channel it was written through, flushed of any buffered bytes
     */
    void file(Path file, FileChannel channel) throws IOException;

    /**
     * Starts writing back what a file still being written holds so far, without waiting: its sync
     * when it is complete then finds little left to write. The file's channel must stay open until
     * the returned future completes, which it does normally whatever happened. By default nothing is
     * done.
     */
    default CompletableFuture<Void> writeBehind(Path file, FileChannel channel) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Syncs a complete file ({@link #file}) and closes its channel, here or on another thread: the
     * future completes when both are done, exceptionally (with the {@link IOException} wrapped) when
     * either failed. The channel is closed in every case.
     */
    default CompletableFuture<Void> syncAndClose(Path file, FileChannel channel) {
        try (channel) {
            file(file, channel);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Makes the entries of a directory (files created or renamed in it) durable, as far as the filesystem allows. */
    void directory(Path dir);

    /** The threads {@link #DURABLE} syncs on in the background. */
    final class Background {
        // a few: concurrent syncs share the filesystem's journal commits
        private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "stowage-sync");
            t.setDaemon(true);
            return t;
        });

        private Background() {
        }
    }
}
