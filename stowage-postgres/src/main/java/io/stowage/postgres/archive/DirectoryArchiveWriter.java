package io.stowage.postgres.archive;

import io.stowage.core.io.FileSync;
import io.stowage.core.options.CompressionSpec;
import io.stowage.postgres.archive.compress.Codecs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a directory-format archive as pg_backup_directory.c does: one file per data entry
 * ({@code <dumpId>.dat}, with {@code .gz}, {@code .lz4} or {@code .zst} when compressed), large
 * objects as {@code blob_<oid>.dat} files listed in {@code blobs.toc}, and {@code toc.dat} (never
 * compressed) whose entries name their data files without the compression suffix.
 *
 * <p>The archive is built in a temporary directory beside the target and renamed into place at
 * the end. With {@link FileSync#DURABLE} (pg_dump's default) every file is synced as it is closed,
 * so a parallel dump's workers sync their files while others are still being read, then the
 * directory, and after the rename the directory holding it.
 */
final class DirectoryArchiveWriter {
    private static final int BUFFER = 64 * 1024;

    private final ArchiveHeader header;
    private final List<TocEntry> toc;
    private final CompressionSpec compression;
    private final ArchiveDataSource source;
    private final String suffix;
    private final FileSync sync;
    /** The syncs of closed files, waited for before {@code toc.dat} is written. */
    private final java.util.Queue<java.util.concurrent.CompletableFuture<Void>> syncs =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    // data files are closed on several worker threads in a parallel dump
    private final AtomicLong total = new AtomicLong();

    DirectoryArchiveWriter(ArchiveHeader header, List<TocEntry> toc, CompressionSpec compression, ArchiveDataSource source,
                           FileSync sync) {
        this.header = header;
        this.sync = sync;
        this.toc = toc;
        this.compression = compression;
        this.source = source;
        this.suffix = Codecs.fileSuffix(compression.algorithm());
    }

    /** The data file name pg_dump records for a data entry (no compression suffix). */
    static Map<Integer, String> fileNames(List<TocEntry> toc, ArchiveVersion version) {
        Map<Integer, String> names = new HashMap<>();
        boolean blobs = false;
        for (TocEntry e : toc) {
            if (!e.hadDumper()) {
                continue;
            }
            if (DataPayloads.isLargeObjects(e)) {
                if (version.isAtLeast(ArchiveVersion.V1_16)) {
                    names.put(e.dumpId(), "blobs_" + e.dumpId() + ".toc");
                } else if (blobs) {
                    throw new IllegalArgumentException("archive " + version + " holds one BLOBS entry; dump id "
                            + e.dumpId() + " is a second");
                } else {
                    names.put(e.dumpId(), "blobs.toc");
                    blobs = true;
                }
            } else {
                names.put(e.dumpId(), e.dumpId() + ".dat");
            }
        }
        return names;
    }

    long writeTo(Path target) throws IOException {
        Map<Integer, String> names = fileNames(toc, header.version());
        try (AtomicTarget dir = AtomicTarget.directory(target)) {
            Path root = dir.temp();
            for (TocEntry entry : toc) {
                if (entry.hadDumper()) {
                    writeEntry(entry, root, names, source);
                }
            }
            return finish(dir, names);
        }
    }

    /**
     * Writes the archive with {@code jobs} workers, each writing whole data files of its own at
     * the same time, biggest entries first; {@code toc.dat} is written once every file is complete.
     */
    long writeTo(Path target, ParallelDataSource workers, int jobs) throws IOException {
        return writeTo(ArchiveDirectory.create(target), workers, jobs, List.of());
    }

    /**
     * Writes the archive into {@code dir}, made before the TOC existed, with {@code jobs} workers,
     * each writing whole data files of its own, biggest entries first, and {@code toc.dat} once
     * every file is complete. Each head start's entry is being written by a worker of its own,
     * which joins the others once done; its file then gets the entry's name.
     */
    long writeTo(ArchiveDirectory dir, ParallelDataSource workers, int jobs, List<HeadStart> headStarts) throws IOException {
        try (dir) {
            Map<Integer, String> names = fileNames(toc, header.version());
            java.util.Set<Integer> early = new java.util.HashSet<>();
            for (HeadStart h : headStarts) {
                String name = names.get(h.dumpId());
                if (name == null || !name.endsWith(".dat") || !early.add(h.dumpId())) {
                    throw new IllegalArgumentException("the head start's entry " + h.dumpId() + " is no table data of the TOC, or twice");
                }
            }
            AtomicTarget target = dir.target();
            Path root = target.temp();
            List<TocEntry> rest = new java.util.ArrayList<>(ParallelRunner.dataEntries(toc));
            rest.removeIf(e -> early.contains(e.dumpId()));
            // once written, a head start's file takes its entry's name before its worker goes on
            List<java.util.concurrent.CompletableFuture<ArchiveDirectory.Prewritten>> renamed = new java.util.ArrayList<>();
            List<ParallelDataSource.Worker> late = new java.util.ArrayList<>();
            for (HeadStart h : headStarts) {
                Path file = root.resolve(names.get(h.dumpId()) + suffix);
                renamed.add(h.data().thenApply(p -> {
                    try {
                        java.nio.file.Files.move(p.file(), file);
                    } catch (IOException e) {
                        throw AtomicTarget.failure(file, e, "check free space and permissions");
                    }
                    total.addAndGet(p.bytes());
                    syncs.add(p.synced());
                    return p;
                }));
                late.add(h.worker());
            }
            try (ParallelRunner<AutoCloseable> runner = new ParallelRunner<>(rest, workers, jobs, 0,
                    (entry, source) -> {
                        writeEntry(entry, root, names, source);
                        return null;
                    })) {
                runner.start(late, renamed);
                for (int i = 0; i < runner.size(); i++) {
                    runner.next();
                }
                for (java.util.concurrent.CompletableFuture<ArchiveDirectory.Prewritten> r : renamed) {
                    await(r);
                }
            }
            return finish(target, names);
        }
    }

    private void writeEntry(TocEntry entry, Path root, Map<Integer, String> names, ArchiveDataSource from) throws IOException {
        if (DataPayloads.isLargeObjects(entry)) {
            writeLargeObjects(entry, root, root.resolve(names.get(entry.dumpId())), from);
        } else {
            try (OutputStream out = Codecs.compressing(compression, Codecs.Wrapping.GZIP_FILE,
                    open(root.resolve(names.get(entry.dumpId()) + suffix)))) {
                DataPayloads.writeTableData(from, entry, out);
            }
        }
    }

    private long finish(AtomicTarget dir, Map<Integer, String> names) throws IOException {
        awaitSyncs();
        try (OutputStream file = open(dir.temp().resolve("toc.dat"))) {
            ArchiveOutput out = new ArchiveOutput(file, header.intSize(), header.offsetSize());
            ArchiveHeaderCodec.write(header, out);
            TocCodec.writeFileToc(toc, out, header.version(), names);
        }
        awaitSyncs();
        sync.directory(dir.temp());
        dir.commit(sync);
        return total.get();
    }

    /** Waits for the syncs of the files closed so far; the first that failed fails the dump, naming its file. */
    private void awaitSyncs() throws IOException {
        for (java.util.concurrent.CompletableFuture<Void> f = syncs.poll(); f != null; f = syncs.poll()) {
            await(f);
        }
    }

    /** Waits for {@code f}; its failure is thrown as it was raised (an IOException, or unchecked). */
    private static void await(java.util.concurrent.CompletableFuture<?> f) throws IOException {
        try {
            f.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw cause instanceof RuntimeException r ? r : e;
        }
    }

    /** {@code blob_<oid>.dat[.suffix]} per object and the list file, one {@code "<oid> blob_<oid>.dat"} line each. */
    private void writeLargeObjects(TocEntry entry, Path root, Path listFile, ArchiveDataSource source) throws IOException {
        try (Writer list = new OutputStreamWriter(open(listFile), StandardCharsets.US_ASCII)) {
            OutputStream[] open = new OutputStream[1];
            source.writeLargeObjects(entry, oid -> {
                if (open[0] != null) {
                    open[0].close();
                }
                if (oid <= 0 || oid > 0xFFFFFFFFL) {
                    throw new IllegalArgumentException("not a large object oid: " + oid);
                }
                String name = "blob_" + oid + ".dat";
                list.write(oid + " " + name + "\n");
                open[0] = DataPayloads.closeOnce(Codecs.compressing(compression, Codecs.Wrapping.GZIP_FILE,
                        open(root.resolve(name + suffix))));
                return open[0];
            });
            if (open[0] != null) {
                open[0].close();
            }
        }
    }

    /** A new file whose write failures name it, synced when closed; its size counts towards the total. */
    private OutputStream open(Path file) throws IOException {
        GuardedOutput guarded = SyncedFile.guarded(file, sync, syncs::add);
        return new BufferedOutputStream(guarded, BUFFER) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    super.close();
                    total.addAndGet(guarded.count());
                }
            }
        };
    }
}
