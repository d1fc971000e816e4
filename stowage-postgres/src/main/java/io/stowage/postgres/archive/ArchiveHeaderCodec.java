package io.stowage.postgres.archive;

import io.stowage.core.error.EngineUnsupportedException;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.CompressionAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads and writes the archive header (pg_backup_archiver.c's {@code ReadHead}/{@code WriteHead})
 * for archive versions 1.12 to 1.16.
 */
public final class ArchiveHeaderCodec {

    private static final byte[] MAGIC_BYTES = ArchiveHeader.MAGIC.getBytes(StandardCharsets.US_ASCII);

    private ArchiveHeaderCodec() {
    }

    /**
     * Reads a header and configures {@code in} with its integer and offset widths.
     *
     * @throws io.stowage.core.error.StowageException INPUT when the bytes are not a readable header
     */
    public static ArchiveHeader read(ArchiveInput in) {
        long start = in.position();
        byte[] magic = in.readBytes(MAGIC_BYTES.length, "the magic string \"PGDMP\"");
        if (!Arrays.equals(magic, MAGIC_BYTES)) {
            throw in.corrupt(start, "the magic string \"PGDMP\" of a pg_dump archive",
                    "\"" + new String(magic, StandardCharsets.ISO_8859_1).replaceAll("\\p{Cntrl}", "?") + "\"");
        }
        long versionStart = in.position();
        int major = in.readByte("the archive major version");
        int minor = in.readByte("the archive minor version");
        int revision = in.readByte("the archive revision");
        ArchiveVersion version = new ArchiveVersion(major, minor, revision);
        if (!version.isReadable()) {
            // read before anything is restored: --engine auto may hand a file archive to pg_restore
            StowageException unreadable = in.corrupt(versionStart, "an archive version from 1.12 to 1.16", "unsupported version " + version);
            throw new EngineUnsupportedException(unreadable.code(), unreadable.getMessage(), unreadable.fix());
        }
        long sizeStart = in.position();
        int intSize = in.readByte("the integer size");
        if (intSize < 1 || intSize > ArchiveInput.MAX_INT_SIZE) {
            throw in.corrupt(sizeStart, "an integer size from 1 to " + ArchiveInput.MAX_INT_SIZE, String.valueOf(intSize));
        }
        sizeStart = in.position();
        int offsetSize = in.readByte("the offset size");
        if (offsetSize < 1 || offsetSize > ArchiveInput.MAX_OFFSET_SIZE) {
            throw in.corrupt(sizeStart, "an offset size from 1 to " + ArchiveInput.MAX_OFFSET_SIZE, String.valueOf(offsetSize));
        }
        in.setSizes(intSize, offsetSize);
        long formatStart = in.position();
        int format = in.readByte("the archive format");
        if (format != ArchiveHeader.FORMAT_CUSTOM && format != ArchiveHeader.FORMAT_TAR
                && format != ArchiveHeader.FORMAT_DIRECTORY) {
            throw in.corrupt(formatStart, "archive format 1 (custom) or 3 (tar, directory)", String.valueOf(format));
        }
        HeaderCompression compression = readCompression(in, version);
        ArchiveTimestamp created = readTimestamp(in);
        String databaseName = in.readString("the database name");
        String serverVersion = in.readString("the server version");
        String pgDumpVersion = in.readString("the pg_dump version");
        return new ArchiveHeader(version, intSize, offsetSize, format, compression, created,
                databaseName, serverVersion, pgDumpVersion);
    }

    private static HeaderCompression readCompression(ArchiveInput in, ArchiveVersion version) {
        long start = in.position();
        if (version.isAtLeast(ArchiveVersion.V1_15)) {
            int code = in.readByte("the compression algorithm");
            CompressionAlgorithm algorithm = CompressionAlgorithm.ofCode(code);
            if (algorithm == null) {
                throw in.corrupt(start, "compression algorithm 0 to 3", String.valueOf(code));
            }
            return HeaderCompression.ofAlgorithm(algorithm);
        }
        int level = in.readInt("the compression level");
        if (level < -1 || level > 9) {
            throw in.corrupt(start, "compression level -1 to 9", String.valueOf(level));
        }
        return HeaderCompression.ofLevel(level);
    }

    private static ArchiveTimestamp readTimestamp(ArchiveInput in) {
        long start = in.position();
        ArchiveTimestamp created = new ArchiveTimestamp(
                in.readInt("the creation time's seconds"),
                in.readInt("the creation time's minutes"),
                in.readInt("the creation time's hour"),
                in.readInt("the creation time's day of month"),
                in.readInt("the creation time's month"),
                in.readInt("the creation time's year"),
                in.readInt("the creation time's daylight saving flag"));
        if (!created.isValid()) {
            throw in.corrupt(start, "a creation time", created.toString());
        }
        return created;
    }

    /** Writes {@code header} as pg_dump does; the output's widths must match the header's. */
    public static void write(ArchiveHeader header, ArchiveOutput out) {
        if (out.intSize() != header.intSize() || out.offsetSize() != header.offsetSize()) {
            throw new IllegalArgumentException("output widths differ from the header's");
        }
        out.writeBytes(MAGIC_BYTES);
        out.writeByte(header.version().major());
        out.writeByte(header.version().minor());
        out.writeByte(header.version().revision());
        out.writeByte(header.intSize());
        out.writeByte(header.offsetSize());
        out.writeByte(header.formatCode());
        if (header.version().isAtLeast(ArchiveVersion.V1_15)) {
            out.writeByte(header.compression().algorithm().code());
        } else {
            out.writeInt(header.compression().level());
        }
        ArchiveTimestamp t = header.created();
        out.writeInt(t.second());
        out.writeInt(t.minute());
        out.writeInt(t.hour());
        out.writeInt(t.dayOfMonth());
        out.writeInt(t.month());
        out.writeInt(t.year());
        out.writeInt(t.isDst());
        out.writeString(header.databaseName());
        out.writeString(header.serverVersion());
        out.writeString(header.pgDumpVersion());
    }
}
