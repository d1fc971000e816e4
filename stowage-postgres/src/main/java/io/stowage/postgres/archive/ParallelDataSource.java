package io.stowage.postgres.archive;

import java.io.IOException;

/**
 * Where a parallel archive writer draws data entries' payloads from: several workers, each on its
 * own thread with its own source (for a dump, its own connection inside the shared snapshot),
 * write one data entry at a time while the writer assembles the archive.
 */
public interface ParallelDataSource {

    /**
     * Opens one worker's source. Called on the worker's own thread, which alone uses the worker
     * and closes it when no entry is left (or the dump fails).
     */
    Worker openWorker() throws IOException;

    /**
     * The estimated size of a data entry's payload in bytes, read on the writer's thread before
     * any worker starts: the biggest entries are started first (pg_dump sorts by relpages).
     */
    long sizeOf(TocEntry entry);

    /** One worker's source of payloads. */
    interface Worker extends ArchiveDataSource, AutoCloseable {
        /**
         * Asks a payload being written on the worker's thread to stop soon: called from another
         * thread when another worker failed. Must not block; does nothing by default.
         */
        default void cancel() {
        }

        /** Releases the worker's resources (its connection); called on the worker's thread. */
        @Override
        void close();
    }
}
