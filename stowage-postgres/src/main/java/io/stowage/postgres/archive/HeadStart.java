package io.stowage.postgres.archive;

import java.util.concurrent.CompletableFuture;

/**
 * A data entry of a parallel directory dump whose payload a worker began writing before the
 * archive's TOC existed (a table's COPY started as soon as the snapshot was taken, while the
 * leader reads the catalog). The writer runs every other entry on {@code jobs - 1} workers; once
 * {@code data} completes it renames the file to the entry's name and {@code worker} joins the
 * others for what is left.
 *
 * @param dumpId the data entry the payload is
 * @param data   completes with the written file, or exceptionally when writing it failed (which
 *               fails the dump, as a worker's failure does)
 * @param worker the worker writing it, with its connection: cancelled like the others when the dump
 *               fails, closed by the writer
 */
public record HeadStart(int dumpId, CompletableFuture<ArchiveDirectory.Prewritten> data, ParallelDataSource.Worker worker) {
}
