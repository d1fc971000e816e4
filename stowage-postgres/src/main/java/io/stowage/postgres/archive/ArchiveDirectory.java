package io.stowage.postgres.archive;

import io.stowage.core.io.FileSync;
import io.stowage.core.options.CompressionSpec;
import io.stowage.postgres.archive.compress.Codecs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The temporary directory a directory archive is built in, made before the dump reads its catalog
 * so that a table's data can be written into it before the archive's TOC exists (a parallel dump's
 * head start). {@link ArchiveWriters#writeParallel(ArchiveDirectory, ArchiveHeader, java.util.List,
 * CompressionSpec, ParallelDataSource, int, FileSync, List)} completes it and renames it into
 * place; closing it without that deletes it.
 */
public final class ArchiveDirectory implements AutoCloseable {
    private final AtomicTarget target;

    private ArchiveDirectory(AtomicTarget target) {
        this.target = target;
    }

    /**
     * Makes the temporary directory beside {@code target}, which must not exist or be an empty
     * directory (pg_dump's rule).
     *
     * @throws io.stowage.core.error.StowageException OUTPUT when it cannot be made
     */
    public static ArchiveDirectory create(Path target) {
        return new ArchiveDirectory(AtomicTarget.directory(target));
    }

    AtomicTarget target() {
        return target;
    }

    /** A table's COPY rows written into a stream: returns how many rows. */
    @FunctionalInterface
    public interface Rows {
        long write(OutputStream out) throws IOException;
    }

    /**
     * A table's data in a file of the directory under a provisional name, as the archive stores a
     * data file: compressed with {@code compression}, ended with pg_dump's {@code \.} line.
     *
     * @param file   the file, renamed to the data entry's name once the TOC exists
     * @param rows   rows written
     * @param bytes  bytes stored
     * @param synced completes when {@code sync} has made the file durable (exceptionally when it failed)
     */
    public record Prewritten(Path file, long rows, long bytes, CompletableFuture<Void> synced) {
    }

    /**
     * Writes a table's data file under {@code provisionalName}; returns once its rows are written.
     * On failure the file is deleted.
     */
    public Prewritten writeTableData(String provisionalName, CompressionSpec compression, FileSync sync, Rows rows)
            throws IOException {
        Path file = target.temp().resolve(provisionalName);
        CompletableFuture<Void>[] synced = new CompletableFuture[1];
        GuardedOutput guarded = SyncedFile.guarded(file, sync, f -> synced[0] = f);
        long n;
        boolean ok = false;
        try {
            try (OutputStream out = Codecs.compressing(compression, Codecs.Wrapping.GZIP_FILE, new BufferedOutputStream(guarded, 64 * 1024))) {
                n = rows.write(new DataPayloads.CloseShield(out));
                out.write(DataPayloads.COPY_END);
            }
            ok = true;
        } finally {
            if (!ok) {
                java.nio.file.Files.deleteIfExists(file);
            }
        }
        return new Prewritten(file, n, guarded.count(), synced[0]);
    }

    /** Deletes the directory unless the writer renamed it into place. */
    @Override
    public void close() {
        target.close();
    }
}
