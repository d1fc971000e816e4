package io.stowage.postgres.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes pg_dump's primitive encodings (Byte, Int, Str, Offset), counting the bytes written so that
 * data offsets can be recorded. Widths default to pg_dump's own: 4-byte integers, 8-byte offsets.
 *
 * <p>I/O failures surface as {@link UncheckedIOException}; the caller maps them to an OUTPUT error
 * naming its file.
 */
public final class ArchiveOutput {

    private final OutputStream out;
    private final int intSize;
    private final int offsetSize;
    private Charset charset = StandardCharsets.UTF_8;
    private long position;

    /** A writer with pg_dump's widths (4 and 8). */
    public ArchiveOutput(OutputStream out) {
        this(out, 4, 8);
    }

    /** A writer with the given widths: {@code intSize} 4 to 32, {@code offsetSize} 8 to 32. */
    public ArchiveOutput(OutputStream out, int intSize, int offsetSize) {
        if (intSize < 4 || intSize > ArchiveInput.MAX_INT_SIZE || offsetSize < 8 || offsetSize > ArchiveInput.MAX_OFFSET_SIZE) {
            throw new IllegalArgumentException("unsupported sizes " + intSize + "/" + offsetSize);
        }
        this.out = Objects.requireNonNull(out, "out");
        this.intSize = intSize;
        this.offsetSize = offsetSize;
    }

    public int intSize() {
        return intSize;
    }

    public int offsetSize() {
        return offsetSize;
    }

    /** Bytes written so far. */
    public long position() {
        return position;
    }

    /** Sets the charset strings are encoded with: the archive's client encoding. */
    public void setCharset(Charset charset) {
        this.charset = Objects.requireNonNull(charset, "charset");
    }

    /** Writes one raw byte; {@code value} must be 0 to 255. */
    public void writeByte(int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("not a byte: " + value);
        }
        write(new byte[] {(byte) value});
    }

    /** Writes raw bytes. */
    public void writeBytes(byte[] bytes) {
        write(bytes);
    }

    /** Writes {@code len} raw bytes of {@code bytes} from {@code off}. */
    public void writeBytes(byte[] bytes, int off, int len) {
        try {
            out.write(bytes, off, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        position += len;
    }

    /** Writes an Int: sign byte then the magnitude, least significant byte first. */
    public void writeInt(int value) {
        byte[] bytes = new byte[1 + intSize];
        long magnitude = Math.abs((long) value);
        bytes[0] = (byte) (value < 0 ? 1 : 0);
        for (int i = 0; i < intSize && i < 8; i++) {
            bytes[1 + i] = (byte) (magnitude >>> (8 * i));
        }
        write(bytes);
    }

    /** Writes a Str; {@code null} is written as length −1, distinct from the empty string. */
    public void writeString(String value) {
        writeStringBytes(value == null ? null : value.getBytes(charset));
    }

    /** Writes a Str from raw bytes; {@code null} is written as length −1. */
    public void writeStringBytes(byte[] value) {
        if (value == null) {
            writeInt(-1);
            return;
        }
        writeInt(value.length);
        write(value);
    }

    /** Writes an Offset: the state's flag byte then the position, least significant byte first. */
    public void writeOffset(DataOffset offset) {
        byte[] bytes = new byte[1 + offsetSize];
        bytes[0] = (byte) offset.state().flag();
        for (int i = 0; i < 8; i++) {
            bytes[1 + i] = (byte) (offset.position() >>> (8 * i));
        }
        write(bytes);
    }

    private void write(byte[] bytes) {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        position += bytes.length;
    }
}
