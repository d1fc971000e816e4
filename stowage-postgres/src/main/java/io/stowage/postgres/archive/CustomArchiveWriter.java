package io.stowage.postgres.archive;

import io.stowage.core.options.CompressionSpec;
import io.stowage.postgres.archive.compress.Codecs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a custom-format archive as pg_backup_custom.c's _CloseArchive does: header, TOC with the
 * data entries' offsets "not set", the data blocks in TOC order, and, when the output is a file,
 * the TOC once more over the first with the blocks' positions. Nothing follows the last block.
 */
final class CustomArchiveWriter {
    private static final int BUFFER = 64 * 1024;

    private final ArchiveHeader header;
    private final List<TocEntry> toc;
    private final CompressionSpec compression;
    private final ArchiveDataSource source;
    private final io.stowage.core.io.FileSync fileSync;

    CustomArchiveWriter(ArchiveHeader header, List<TocEntry> toc, CompressionSpec compression, ArchiveDataSource source,
                        io.stowage.core.io.FileSync fileSync) {
        this.header = header;
        this.fileSync = fileSync;
        this.toc = toc;
        this.compression = compression;
        this.source = source;
    }

    /** Writes to a pipe: no seeking, so data offsets stay "not set" and pg_restore scans forward. */
    long writeTo(OutputStream stdout) throws IOException {
        GuardedOutput guarded = new GuardedOutput(new BufferedOutputStream(stdout, BUFFER), "the archive to standard output");
        writeArchive(guarded);
        guarded.flush();
        return guarded.count();
    }

    /** Writes the file atomically and records the data offsets. */
    long writeTo(Path target) throws IOException {
        try (AtomicTarget file = AtomicTarget.file(target)) {
            String name = "\"" + target + "\"";
            long length;
            // failures of the source (IOException) pass through; failures to write name the file
            try (FileChannel channel = openChannel(file.temp(), target)) {
                GuardedOutput guarded = new GuardedOutput(new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER), name);
                Written written = writeArchive(guarded);
                guarded.flush();
                length = guarded.count();

                seek(channel, written.tocStart(), target);
                GuardedOutput again = new GuardedOutput(new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER), name);
                ArchiveOutput out = new ArchiveOutput(again, header.intSize(), header.offsetSize());
                TocCodec.writeCustomToc(withOffsets(written.positions()), out, header.version());
                again.flush();
                if (again.count() != written.tocLength()) {
                    throw new IllegalStateException("the rewritten TOC is " + again.count() + " bytes, the first was "
                            + written.tocLength());
                }
                sync(fileSync, file.temp(), channel, target);
            }
            file.commit(fileSync);
            return length;
        }
    }

    static FileChannel openChannel(Path temp, Path target) {
        try {
            return FileChannel.open(temp, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw AtomicTarget.failure(target, e, "check free space and permissions");
        }
    }

    private static void seek(FileChannel channel, long position, Path target) {
        try {
            channel.position(position);
        } catch (IOException e) {
            throw AtomicTarget.failure(target, e, "check free space and permissions");
        }
    }

    /** pg_dump syncs its output unless --no-sync: {@code written} (the temporary file of {@code target}) is synced. */
    static void sync(io.stowage.core.io.FileSync fileSync, Path written, FileChannel channel, Path target) {
        try {
            fileSync.file(written, channel);
        } catch (IOException e) {
            throw AtomicTarget.failure(target, e, "check free space and permissions");
        }
    }

    private record Written(long tocStart, long tocLength, Map<Integer, Long> positions) {
    }

    private Written writeArchive(GuardedOutput guarded) throws IOException {
        ArchiveOutput out = new ArchiveOutput(guarded, header.intSize(), header.offsetSize());
        ArchiveHeaderCodec.write(header, out);
        long tocStart = guarded.count();
        TocCodec.writeCustomToc(withOffsets(null), out, header.version());
        long tocLength = guarded.count() - tocStart;

        Map<Integer, Long> positions = new HashMap<>();
        for (TocEntry entry : toc) {
            if (!entry.hadDumper()) {
                continue;
            }
            positions.put(entry.dumpId(), guarded.count());
            writeBlock(entry, out, source);
        }
        return new Written(tocStart, tocLength, positions);
    }

    /** One data block: its type, the dump id and the payload's chunk stream (or streams, for large objects). */
    private void writeBlock(TocEntry entry, ArchiveOutput out, ArchiveDataSource source) throws IOException {
        if (DataPayloads.isLargeObjects(entry)) {
            out.writeByte(CustomArchiveData.BLK_BLOBS);
            out.writeInt(entry.dumpId());
            writeLargeObjects(entry, out, source);
        } else {
            out.writeByte(CustomArchiveData.BLK_DATA);
            out.writeInt(entry.dumpId());
            try (OutputStream data = Codecs.compressing(compression, Codecs.Wrapping.ZLIB, new ChunkedOutput(out))) {
                DataPayloads.writeTableData(source, entry, data);
            }
        }
    }

    /** Writes to a pipe with {@code jobs} workers: blocks go out in TOC order, offsets "not set". */
    long writeTo(OutputStream stdout, ParallelDataSource workers, int jobs) throws IOException {
        GuardedOutput guarded = new GuardedOutput(new BufferedOutputStream(stdout, BUFFER), "the archive to standard output");
        ArchiveOutput out = new ArchiveOutput(guarded, header.intSize(), header.offsetSize());
        ArchiveHeaderCodec.write(header, out);
        TocCodec.writeCustomToc(withOffsets(null), out, header.version());
        Path spoolDir = Path.of(System.getProperty("java.io.tmpdir"));
        try (ParallelRunner<AtomicTarget> runner = new ParallelRunner<>(ParallelRunner.dataEntries(toc), workers, jobs,
                ParallelSpools.window(jobs), (entry, source) -> spoolBlock(entry, source, spoolDir))) {
            runner.start();
            ParallelSpools.appendInTocOrder(runner, (done) -> ParallelSpools.append(done.result().temp(), guarded));
        }
        guarded.flush();
        return guarded.count();
    }

    /**
     * Writes the file with {@code jobs} workers: each spools its block, compressed as it will be
     * stored, beside the target; the writer appends finished blocks in the order they complete
     * and records where each one starts, which pg_restore seeks to.
     */
    long writeTo(Path target, ParallelDataSource workers, int jobs) throws IOException {
        try (AtomicTarget file = AtomicTarget.file(target)) {
            String name = "\"" + target + "\"";
            Path spoolDir = file.temp().getParent();
            long length;
            try (FileChannel channel = openChannel(file.temp(), target)) {
                GuardedOutput guarded = new GuardedOutput(new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER), name);
                ArchiveOutput out = new ArchiveOutput(guarded, header.intSize(), header.offsetSize());
                ArchiveHeaderCodec.write(header, out);
                long tocStart = guarded.count();
                TocCodec.writeCustomToc(withOffsets(null), out, header.version());
                long tocLength = guarded.count() - tocStart;
                Map<Integer, Long> positions = new HashMap<>();
                try (ParallelRunner<AtomicTarget> runner = new ParallelRunner<>(ParallelRunner.dataEntries(toc), workers, jobs, 0,
                        (entry, source) -> spoolBlock(entry, source, spoolDir))) {
                    runner.start();
                    for (int i = 0; i < runner.size(); i++) {
                        ParallelRunner.Done<AtomicTarget> done = runner.next();
                        try (AtomicTarget spool = done.result()) {
                            positions.put(done.entry().dumpId(), guarded.count());
                            ParallelSpools.append(spool.temp(), guarded);
                        }
                    }
                }
                guarded.flush();
                length = guarded.count();

                seek(channel, tocStart, target);
                GuardedOutput again = new GuardedOutput(new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER), name);
                TocCodec.writeCustomToc(withOffsets(positions), new ArchiveOutput(again, header.intSize(), header.offsetSize()),
                        header.version());
                again.flush();
                if (again.count() != tocLength) {
                    throw new IllegalStateException("the rewritten TOC is " + again.count() + " bytes, the first was " + tocLength);
                }
                sync(fileSync, file.temp(), channel, target);
            }
            file.commit(fileSync);
            return length;
        }
    }

    /** A worker's task: the entry's whole block in a scratch file, deleted again if writing it fails. */
    private AtomicTarget spoolBlock(TocEntry entry, ArchiveDataSource source, Path spoolDir) throws IOException {
        AtomicTarget spool = AtomicTarget.scratch(spoolDir, "block-" + entry.dumpId());
        try {
            try (OutputStream file = ParallelSpools.open(spool.temp())) {
                writeBlock(entry, new ArchiveOutput(file, header.intSize(), header.offsetSize()), source);
            }
            return spool;
        } catch (IOException | RuntimeException | Error e) {
            spool.close();
            throw e;
        }
    }

    /** BLK_BLOBS payload: per object its oid and its own compressed chunk stream; oid 0 ends it. */
    private void writeLargeObjects(TocEntry entry, ArchiveOutput out, ArchiveDataSource source) throws IOException {
        OutputStream[] open = new OutputStream[1];
        source.writeLargeObjects(entry, oid -> {
            if (open[0] != null) {
                open[0].close();
            }
            if (oid <= 0 || oid > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("not a large object oid: " + oid);
            }
            out.writeInt((int) oid); // oids from 2^31 on are negative Ints, as pg_dump writes them
            open[0] = DataPayloads.closeOnce(Codecs.compressing(compression, Codecs.Wrapping.ZLIB, new ChunkedOutput(out)));
            return open[0];
        });
        if (open[0] != null) {
            open[0].close();
        }
        out.writeInt(0);
    }

    /** The TOC with each data entry's offset: the recorded position, or "not set" without one. */
    private List<TocEntry> withOffsets(Map<Integer, Long> positions) {
        List<TocEntry> entries = new ArrayList<>(toc.size());
        for (TocEntry e : toc) {
            DataOffset offset = !e.hadDumper() ? DataOffset.NO_DATA
                    : positions == null ? DataOffset.NOT_SET : DataOffset.at(positions.get(e.dumpId()));
            entries.add(new TocEntry(e.dumpId(), e.hadDumper(), e.tableOid(), e.oid(), e.tag(), e.desc(), e.section(),
                    e.definition(), e.dropStatement(), e.copyStatement(), e.namespace(), e.tablespace(),
                    e.tableAccessMethod(), e.relkind(), e.owner(), e.withOids(), e.dependencies(), offset));
        }
        return entries;
    }
}
