package io.stowage.postgres.archive;

import io.stowage.core.options.CompressionSpec;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a tar-format archive as pg_backup_tar.c does, member by member: {@code toc.dat}, then per
 * data entry in TOC order {@code <dumpId>.dat}, or for a BLOBS entry one {@code blob_<oid>.dat}
 * per large object followed by {@code blobs.toc}, then {@code restore.sql} and two zero blocks.
 * Never compressed.
 *
 * <p>A tar header carries its member's size, so every data member is first spooled to a scratch
 * file (in the target's directory, or java.io.tmpdir for standard output), as pg_dump spools to
 * tmpfile(); nothing is held in memory but the TOC.
 *
 * <p>{@code restore.sql}: pg_dump writes there a psql script that loads the extracted members;
 * pg_restore never reads it. This writer puts a short script there that only says to use
 * pg_restore.
 */
final class TarArchiveWriter {
    private static final int BUFFER = 64 * 1024;
    static final String RESTORE_SQL = """
            --
            -- NOTE:
            --
            -- This tar archive was written by Stowage in pg_dump's tar format. Restore it with
            -- pg_restore (or stowage restore); this script does not load it.
            --
            \\echo 'restore this archive with pg_restore, not with psql'
            """;

    private final ArchiveHeader header;
    private final List<TocEntry> toc;
    private final ArchiveDataSource source;
    private final io.stowage.core.io.FileSync fileSync;

    TarArchiveWriter(ArchiveHeader header, List<TocEntry> toc, CompressionSpec compression, ArchiveDataSource source,
                     io.stowage.core.io.FileSync fileSync) {
        if (!compression.isNone()) {
            throw new IllegalArgumentException("tar archives are never compressed");
        }
        this.header = header;
        this.toc = toc;
        this.source = source;
        this.fileSync = fileSync;
    }

    /** The data file names pg_dump 15 records in a tar's TOC: {@code <dumpId>.dat} for every entry with data, BLOBS too. */
    static Map<Integer, String> fileNames(List<TocEntry> toc) {
        Map<Integer, String> names = new HashMap<>();
        for (TocEntry e : toc) {
            if (e.hadDumper()) {
                names.put(e.dumpId(), e.dumpId() + ".dat");
            }
        }
        return names;
    }

    long writeTo(OutputStream stdout) throws IOException {
        GuardedOutput guarded = new GuardedOutput(new BufferedOutputStream(stdout, BUFFER), "the archive to standard output");
        writeArchive(guarded, Path.of(System.getProperty("java.io.tmpdir")));
        guarded.flush();
        return guarded.count();
    }

    long writeTo(Path target) throws IOException {
        try (AtomicTarget file = AtomicTarget.file(target)) {
            long length;
            try (FileChannel channel = CustomArchiveWriter.openChannel(file.temp(), target)) {
                GuardedOutput guarded = new GuardedOutput(new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER),
                        "\"" + target + "\"");
                writeArchive(guarded, file.temp().getParent());
                guarded.flush();
                length = guarded.count();
                CustomArchiveWriter.sync(fileSync, file.temp(), channel, target);
            }
            file.commit(fileSync);
            return length;
        }
    }

    private void writeArchive(GuardedOutput guarded, Path spoolDir) throws IOException {
        TarOutput tar = new TarOutput(guarded, System.currentTimeMillis() / 1000);
        writeTocMember(tar);

        try (AtomicTarget spool = AtomicTarget.scratch(spoolDir, "tar-member");
             AtomicTarget list = AtomicTarget.scratch(spoolDir, "tar-blobs")) {
            for (TocEntry entry : toc) {
                if (!entry.hadDumper()) {
                    continue;
                }
                if (DataPayloads.isLargeObjects(entry)) {
                    writeLargeObjects(entry, tar, spool.temp(), list.temp());
                } else {
                    try (OutputStream member = spoolTo(spool.temp())) {
                        DataPayloads.writeTableData(source, entry, member);
                    }
                    copyMember(tar, entry.dumpId() + ".dat", spool.temp());
                }
            }
        }
        tar.member("restore.sql", RESTORE_SQL.getBytes(StandardCharsets.US_ASCII));
        tar.finish();
    }

    private void writeTocMember(TarOutput tar) throws IOException {
        ByteArrayOutputStream tocBytes = new ByteArrayOutputStream();
        ArchiveOutput out = new ArchiveOutput(tocBytes, header.intSize(), header.offsetSize());
        ArchiveHeaderCodec.write(header, out);
        TocCodec.writeFileToc(toc, out, header.version(), fileNames(toc));
        tar.member("toc.dat", tocBytes.toByteArray());
    }

    /** Writes to a pipe with {@code jobs} workers; members go out in TOC order. */
    long writeTo(OutputStream stdout, ParallelDataSource workers, int jobs) throws IOException {
        GuardedOutput guarded = new GuardedOutput(new BufferedOutputStream(stdout, BUFFER), "the archive to standard output");
        writeArchive(guarded, Path.of(System.getProperty("java.io.tmpdir")), workers, jobs);
        guarded.flush();
        return guarded.count();
    }

    /** Writes the file with {@code jobs} workers; members go out in TOC order. */
    long writeTo(Path target, ParallelDataSource workers, int jobs) throws IOException {
        try (AtomicTarget file = AtomicTarget.file(target)) {
            long length;
            try (FileChannel channel = CustomArchiveWriter.openChannel(file.temp(), target)) {
                GuardedOutput guarded = new GuardedOutput(new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER),
                        "\"" + target + "\"");
                writeArchive(guarded, file.temp().getParent(), workers, jobs);
                guarded.flush();
                length = guarded.count();
                CustomArchiveWriter.sync(fileSync, file.temp(), channel, target);
            }
            file.commit(fileSync);
            return length;
        }
    }

    /**
     * A finished entry: for table data the member's bytes, to go behind a header the writer makes
     * from the spool's size; for large objects whole members (headers, data, padding), appended as they are.
     */
    private record Spooled(AtomicTarget file, boolean framed) implements AutoCloseable {
        @Override
        public void close() {
            file.close();
        }
    }

    /**
     * pg_dump's member order with the members' data read by workers: a tar member must be
     * appended whole and in TOC order, so the workers spool and the writer appends (see
     * {@link ParallelSpools#window} for how far ahead they run).
     */
    private void writeArchive(GuardedOutput guarded, Path spoolDir, ParallelDataSource workers, int jobs) throws IOException {
        long mtime = System.currentTimeMillis() / 1000;
        TarOutput tar = new TarOutput(guarded, mtime);
        writeTocMember(tar);
        try (ParallelRunner<Spooled> runner = new ParallelRunner<>(ParallelRunner.dataEntries(toc), workers, jobs,
                ParallelSpools.window(jobs), (entry, source) -> spoolEntry(entry, source, spoolDir, mtime))) {
            runner.start();
            ParallelSpools.appendInTocOrder(runner, done -> {
                Path spool = done.result().file().temp();
                if (done.result().framed()) {
                    ParallelSpools.append(spool, guarded);
                } else {
                    copyMember(tar, done.entry().dumpId() + ".dat", spool);
                }
            });
        }
        tar.member("restore.sql", RESTORE_SQL.getBytes(StandardCharsets.US_ASCII));
        tar.finish();
    }

    /** A worker's task: the entry spooled, deleted again if writing it fails. */
    private Spooled spoolEntry(TocEntry entry, ArchiveDataSource source, Path spoolDir, long mtime) throws IOException {
        AtomicTarget spool = AtomicTarget.scratch(spoolDir, "tar-" + entry.dumpId());
        try {
            if (!DataPayloads.isLargeObjects(entry)) {
                try (OutputStream member = spoolTo(spool.temp())) {
                    DataPayloads.writeTableData(source, entry, member);
                }
                return new Spooled(spool, false);
            }
            try (OutputStream members = spoolTo(spool.temp());
                 AtomicTarget blob = AtomicTarget.scratch(spoolDir, "tar-blob");
                 AtomicTarget list = AtomicTarget.scratch(spoolDir, "tar-blobs")) {
                writeLargeObjects(source, entry, new TarOutput(members, mtime), blob.temp(), list.temp());
            }
            return new Spooled(spool, true);
        } catch (IOException | RuntimeException | Error e) {
            spool.close();
            throw e;
        }
    }

    /** pg_dump's order: every {@code blob_<oid>.dat} member, then {@code blobs.toc}. */
    private void writeLargeObjects(TocEntry entry, TarOutput tar, Path spool, Path listFile) throws IOException {
        writeLargeObjects(source, entry, tar, spool, listFile);
    }

    private static void writeLargeObjects(ArchiveDataSource source, TocEntry entry, TarOutput tar, Path spool, Path listFile)
            throws IOException {
        try (OutputStream list = spoolTo(listFile)) {
            OutputStream[] open = new OutputStream[1];
            long[] current = new long[1];
            source.writeLargeObjects(entry, oid -> {
                if (open[0] != null) {
                    open[0].close();
                }
                if (oid <= 0 || oid > 0xFFFFFFFFL) {
                    throw new IllegalArgumentException("not a large object oid: " + oid);
                }
                current[0] = oid;
                list.write((oid + " blob_" + oid + ".dat\n").getBytes(StandardCharsets.US_ASCII));
                open[0] = DataPayloads.closeOnce(new BufferedOutputStream(spoolTo(spool), BUFFER) {
                    @Override
                    public void close() throws IOException {
                        super.close();
                        copyMember(tar, "blob_" + current[0] + ".dat", spool);
                    }
                });
                return open[0];
            });
            if (open[0] != null) {
                open[0].close();
            }
        }
        copyMember(tar, "blobs.toc", listFile);
    }

    private static OutputStream spoolTo(Path file) throws IOException {
        return new BufferedOutputStream(new GuardedOutput(Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE), "scratch file \"" + file + "\"", true), BUFFER);
    }

    private static void copyMember(TarOutput tar, String name, Path spool) throws IOException {
        long size = Files.size(spool);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(spool), BUFFER)) {
            tar.member(name, size, in);
        }
    }
}
