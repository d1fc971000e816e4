package io.stowage.postgres.restore;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.RestoreOptions;
import io.stowage.core.progress.ProgressEvent;
import io.stowage.core.progress.ProgressListener;
import io.stowage.postgres.archive.OpenArchive;
import io.stowage.postgres.archive.CustomArchiveReader;
import io.stowage.postgres.archive.DirectoryArchiveReader;
import io.stowage.postgres.archive.TarArchiveReader;
import io.stowage.postgres.archive.TocEntry;
import io.stowage.postgres.archive.TocSelection;
import io.stowage.postgres.archive.UseList;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An archive opened for restore, whatever its format: the archive, the name {@code pg_restore -l}
 * gives its format, and whether its data can be read in any order (a directory, a custom archive
 * file) or only in archive order (a tar, anything read from a stream), as pg_restore can.
 */
final class ArchiveSource implements Closeable {
    /** The buffer used to look at a stream's first bytes; a tar header is 512. */
    private static final int PROBE = 64 * 1024;

    private final OpenArchive archive;
    private final String format;
    private final boolean randomAccess;
    private final Closeable resource;

    private ArchiveSource(OpenArchive archive, String format, boolean randomAccess, Closeable resource) {
        this.archive = archive;
        this.format = format;
        this.randomAccess = randomAccess;
        this.resource = resource;
    }

    OpenArchive archive() {
        return archive;
    }

    /** {@code CUSTOM}, {@code DIRECTORY} or {@code TAR}, as {@code pg_restore -l} names it. */
    String format() {
        return format;
    }

    /**
     * Opens the archive at {@code input}, or returns {@code null} when it is not one (a plain SQL
     * script). A missing path or a directory without toc.dat is an INPUT error.
     */
    static ArchiveSource open(Path input) throws IOException {
        String name = "input file \"" + input + "\"";
        if (!Files.exists(input)) {
            throw new StowageException(ErrorCode.INPUT, name + " does not exist", "check the path");
        }
        if (Files.isDirectory(input)) {
            if (!DirectoryArchiveReader.isDirectoryArchive(input)) {
                throw new StowageException(ErrorCode.INPUT, name + " is a directory without toc.dat, so not a pg_dump directory archive",
                        "give the directory pg_dump -Fd wrote, or a dump file");
            }
            return new ArchiveSource(DirectoryArchiveReader.open(input), "DIRECTORY", true, () -> { });
        }
        byte[] start;
        try (InputStream in = Files.newInputStream(input)) {
            start = in.readNBytes(512);
        }
        if (isCustom(start)) {
            FileChannel channel = FileChannel.open(input, StandardOpenOption.READ);
            try {
                return new ArchiveSource(CustomArchiveReader.open(channel, input.toString()), "CUSTOM", true, channel);
            } catch (RuntimeException | IOException e) {
                channel.close();
                throw e;
            }
        }
        if (TarArchiveReader.isTar(start)) {
            InputStream in = new BufferedInputStream(Files.newInputStream(input), PROBE);
            try {
                return new ArchiveSource(TarArchiveReader.open(in, input.toString()), "TAR", false, in);
            } catch (RuntimeException e) {
                in.close();
                throw e;
            }
        }
        return null;
    }

    /**
     * This archive (a directory, or a custom archive file) for another thread of a parallel
     * restore, sharing its parsed TOC: a directory's data files are opened per entry, so its
     * reader is shared as it is; a custom archive file gets a channel of its own. Parsing the TOC
     * once per worker held a copy of it per worker (measured: three copies of a 100,000-table
     * TOC, about 170 MB each, ran a restore -j 2 out of its 256 MB heap).
     */
    ArchiveSource forWorker(Path input) throws IOException {
        if (!randomAccess) {
            throw new IllegalStateException("only a directory or a custom archive file is restored in parallel");
        }
        if ("DIRECTORY".equals(format)) {
            return new ArchiveSource(archive, format, true, () -> { });
        }
        FileChannel channel = FileChannel.open(input, StandardOpenOption.READ);
        try {
            return new ArchiveSource(CustomArchiveReader.reader(archive, channel), format, true, channel);
        } catch (RuntimeException | IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Opens the archive that {@code in} starts with, or returns {@code null} when it is not one; in
     * that case nothing of {@code in} has been consumed. The caller closes {@code in}.
     */
    static ArchiveSource open(BufferedInputStream in, String name) throws IOException {
        in.mark(512);
        byte[] start = in.readNBytes(512);
        in.reset();
        if (isCustom(start)) {
            return new ArchiveSource(CustomArchiveReader.open(in, name), "CUSTOM", false, () -> { });
        }
        if (TarArchiveReader.isTar(start)) {
            return new ArchiveSource(TarArchiveReader.open(in, name), "TAR", false, () -> { });
        }
        return null;
    }

    private static boolean isCustom(byte[] start) {
        return start.length >= 5 && start[0] == 'P' && start[1] == 'G' && start[2] == 'D' && start[3] == 'M' && start[4] == 'P';
    }

    /** The entries {@code options} select (reading its -L file, whose ignored lines are reported as warnings). */
    TocSelection select(RestoreOptions options, ProgressListener listener) {
        List<Integer> useList = options.useList() == null ? null
                : UseList.read(options.useList(), archive.toc(), w -> listener.onEvent(new ProgressEvent.Warning(w)));
        TocSelection selection = TocSelection.of(archive.toc(), options, useList);
        checkOrder(selection);
        return selection;
    }

    /**
     * A tar or a stream is read once, forward: data wanted out of archive order (a reordering -L
     * list) fails up front with pg_restore's message, rather than half way through the restore.
     */
    private void checkOrder(TocSelection selection) {
        if (randomAccess) {
            return;
        }
        Map<Integer, Integer> index = new HashMap<>();
        List<TocEntry> entries = archive.toc().entries();
        for (int i = 0; i < entries.size(); i++) {
            index.put(entries.get(i).dumpId(), i);
        }
        java.util.Set<Integer> wanted = new java.util.HashSet<>();
        for (TocSelection.Selected s : selection.entries()) {
            if (s.data() && s.entry().hadDumper()) {
                wanted.add(s.entry().dumpId());
            }
        }
        int next = 0; // the archive index the reader is at
        for (TocSelection.Selected s : selection.entries()) {
            TocEntry e = s.entry();
            if (!wanted.contains(e.dumpId())) {
                continue;
            }
            int at = index.get(e.dumpId());
            if (at < next) {
                // behind the read position: pg_backup_custom.c's error for a stream
                throw new StowageException(ErrorCode.INPUT, "could not find block ID " + e.dumpId()
                        + " in archive -- possibly due to out-of-order restore request, which cannot be handled due to"
                        + " non-seekable input file",
                        "give the archive as a file rather than on standard input, or list its data entries in archive order");
            }
            if (format.equals("TAR")) {
                // pg_backup_tar.c's _tarPositionTo refuses to skip a member that is wanted later
                for (int i = next; i < at; i++) {
                    TocEntry skipped = entries.get(i);
                    if (wanted.contains(skipped.dumpId())) {
                        throw new StowageException(ErrorCode.INPUT, "restoring data out of order is not supported in this archive format: \""
                                + skipped.dumpId() + ".dat\" is required, but comes before \"" + e.dumpId() + ".dat\" in the archive file",
                                "list the data entries in archive order in the -L file, or restore a custom (-Fc) or directory (-Fd) archive");
                    }
                }
            }
            next = at + 1;
        }
    }

    @Override
    public void close() throws IOException {
        resource.close();
    }
}
