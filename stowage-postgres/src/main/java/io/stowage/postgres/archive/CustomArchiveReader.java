package io.stowage.postgres.archive;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the header and TOC of a custom-format ({@code pg_dump -Fc}) archive, and opens it for
 * reading its data blocks ({@link #open}).
 */
public final class CustomArchiveReader {

    private CustomArchiveReader() {
    }

    /** Reads the header and TOC of the archive file at {@code file}. */
    public static CustomArchiveToc readToc(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            return readToc(in, file.toString());
        } catch (IOException e) {
            throw new StowageException(ErrorCode.INPUT, "cannot read archive \"" + file + "\": " + e.getMessage(),
                    "check that the file exists and is readable", e);
        }
    }

    /**
     * Reads the header and TOC from {@code in}, positioned at the start of the archive; on return
     * {@code in} is positioned at the first data block.
     *
     * @param source how to name the input in messages
     */
    public static CustomArchiveToc readToc(InputStream in, String source) {
        return open(in, source).toc();
    }

    /**
     * Reads the header and TOC from {@code in}, positioned at the start of the archive, and returns
     * the archive ready to read its data blocks from {@code in}, which the caller closes.
     *
     * @param source how to name the input in messages
     */
    public static OpenArchive open(InputStream in, String source) {
        return open(in, source, null);
    }

    /**
     * Reads the header and TOC of the archive file open as {@code channel} and returns the archive,
     * ready to read its data blocks in any order (a {@code -L} list may reorder them); the caller
     * closes the channel.
     */
    public static OpenArchive open(FileChannel channel, String source) throws IOException {
        channel.position(0);
        CustomArchiveData.Seeker seeker = seeker(channel);
        return open(seeker.at(0), source, seeker);
    }

    /**
     * {@code opened} (an archive file opened with {@link #open(FileChannel, String)}) read again
     * through {@code channel}, another channel on the same file, without parsing its TOC again: one
     * reader per thread of a parallel restore, all sharing one TOC. The caller closes the channel.
     */
    public static OpenArchive reader(OpenArchive opened, FileChannel channel) throws IOException {
        if (!(opened.data() instanceof CustomArchiveData data)) {
            throw new IllegalArgumentException("not a custom archive: " + opened.data().getClass().getName());
        }
        return new OpenArchive(opened.toc(), data.reader(seeker(channel), opened.toc().tocEnd()));
    }

    private static CustomArchiveData.Seeker seeker(FileChannel channel) {
        return position -> {
            channel.position(position);
            return new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024);
        };
    }

    private static OpenArchive open(InputStream in, String source, CustomArchiveData.Seeker seeker) {
        ArchiveInput input = new ArchiveInput(in, source);
        ArchiveHeader header = ArchiveHeaderCodec.read(input);
        if (header.formatCode() != ArchiveHeader.FORMAT_CUSTOM) {
            throw input.corrupt(10, "format 1 (custom)",
                    header.formatCode() + "; this archive's TOC belongs to a directory or tar archive");
        }
        CustomArchiveToc toc = new CustomArchiveToc(header, TocCodec.readCustomToc(input, header.version()), input.position());
        return new OpenArchive(toc, new CustomArchiveData(input, header.compression(), seeker));
    }
}
