package io.stowage.postgres.archive;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads pg_dump's primitive encodings (Byte, Int, Str, Offset) from a stream, counting the bytes
 * consumed so that every failure names the offset of the field that could not be read.
 *
 * <p>Integer and offset widths come from the archive header; until {@link #setSizes} is called
 * they are pg_dump's own (4 and 8). Strings are decoded with {@link #charset()}, UTF-8 until the
 * TOC's {@code ENCODING} entry says otherwise. Not thread-safe; the stream is not buffered here.
 */
public final class ArchiveInput {

    /** pg_dump refuses integers wider than this ("sanity check on integer size failed"). */
    static final int MAX_INT_SIZE = 32;
    /** Offsets wider than this must carry zero in the surplus bytes. */
    static final int MAX_OFFSET_SIZE = 32;

    private final InputStream in;
    private final String source;
    private long position;
    private int intSize = 4;
    private int offsetSize = 8;
    private Charset charset = StandardCharsets.UTF_8;

    /**
     * @param in     the archive bytes, positioned at the start of the archive (offsets count from there)
     * @param source how to name the input in messages, such as the file name
     */
    public ArchiveInput(InputStream in, String source) {
        this.in = Objects.requireNonNull(in, "in");
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * A reader of the same archive continuing at {@code position} of {@code in}, with the widths
     * and charset of {@code like}: how a seekable archive is read again from another place.
     */
    public ArchiveInput(InputStream in, ArchiveInput like, long position) {
        this(in, like.source);
        this.position = position;
        this.intSize = like.intSize;
        this.offsetSize = like.offsetSize;
        this.charset = like.charset;
    }

    /** Reads one raw byte, or returns -1 at the end of the input (where a next block may legitimately be missing). */
    public int readByteOrEnd(String what) {
        int b;
        try {
            b = in.read();
        } catch (IOException e) {
            throw readFailure(position, what, e);
        }
        if (b >= 0) {
            position++;
        }
        return b;
    }

    /** The number of bytes consumed so far: the offset of the next byte in the archive. */
    public long position() {
        return position;
    }

    /** The input's name as used in messages. */
    public String source() {
        return source;
    }

    public int intSize() {
        return intSize;
    }

    public int offsetSize() {
        return offsetSize;
    }

    /** Sets the integer and offset widths read from the header; both must be 1 to 32. */
    public void setSizes(int intSize, int offsetSize) {
        if (intSize < 1 || intSize > MAX_INT_SIZE || offsetSize < 1 || offsetSize > MAX_OFFSET_SIZE) {
            throw new IllegalArgumentException("unsupported sizes " + intSize + "/" + offsetSize);
        }
        this.intSize = intSize;
        this.offsetSize = offsetSize;
    }

    public Charset charset() {
        return charset;
    }

    /** Sets the charset strings are decoded with: the archive's client encoding. */
    public void setCharset(Charset charset) {
        this.charset = Objects.requireNonNull(charset, "charset");
    }

    /** Reads one raw byte (0 to 255). */
    public int readByte(String what) {
        return readByteAt(position, what);
    }

    private int readByteAt(long fieldStart, String what) {
        int b;
        try {
            b = in.read();
        } catch (IOException e) {
            throw readFailure(fieldStart, what, e);
        }
        if (b < 0) {
            throw truncated(fieldStart, what);
        }
        position++;
        return b;
    }

    /** Reads exactly {@code length} raw bytes. */
    public byte[] readBytes(int length, String what) {
        return readBytesAt(position, length, what);
    }

    private byte[] readBytesAt(long fieldStart, int length, String what) {
        byte[] bytes;
        try {
            // readNBytes grows its buffer as data arrives, so a corrupt huge length cannot allocate it all
            bytes = in.readNBytes(length);
        } catch (IOException e) {
            throw readFailure(fieldStart, what, e);
        }
        position += bytes.length;
        if (bytes.length < length) {
            throw truncated(fieldStart, what);
        }
        return bytes;
    }

    /**
     * Reads exactly {@code length} raw bytes into {@code buffer} at {@code offset}, without
     * allocating: the data-block path, where chunks follow each other for a whole table.
     */
    public void readFully(byte[] buffer, int offset, int length, String what) {
        long fieldStart = position;
        int done = 0;
        try {
            while (done < length) {
                int n = in.read(buffer, offset + done, length - done);
                if (n < 0) {
                    break;
                }
                done += n;
                position += n;
            }
        } catch (IOException e) {
            throw readFailure(fieldStart, what, e);
        }
        if (done < length) {
            throw truncated(fieldStart, what);
        }
    }

    /** Skips exactly {@code length} bytes, such as the payload of a data block not asked for. */
    public void skip(long length, String what) {
        long fieldStart = position;
        byte[] buffer = new byte[(int) Math.min(length, 64 * 1024)];
        long left = length;
        while (left > 0) {
            int n = (int) Math.min(left, buffer.length);
            readFully(buffer, 0, n, what);
            left -= n;
        }
        assert position == fieldStart + length;
    }

    /**
     * Reads an Int: a sign byte (0 or 1) then {@code intSize} bytes of magnitude, least significant
     * first. The value must fit a Java int, as it must fit pg_dump's C int.
     */
    public int readInt(String what) {
        long start = position;
        int sign = readByteAt(start, what);
        if (sign > 1) {
            throw corrupt(start, what, "sign byte 0x%02x (expected 0 or 1)".formatted(sign));
        }
        long magnitude = 0;
        for (int i = 0; i < intSize; i++) {
            int b = readByteAt(start, what);
            if (b != 0) {
                if (i >= 4) {
                    throw corrupt(start, what, "a value wider than 32 bits");
                }
                magnitude |= ((long) b) << (8 * i);
            }
        }
        if (sign == 1 && magnitude == 0) {
            // WriteInt sets the sign byte only for values below zero: a "negative zero" is a flipped
            // bit, and taking it as 0 would silently turn a NULL string (-1) into an empty one
            throw corrupt(start, what, "a negative zero (sign byte 1, magnitude 0)");
        }
        long value = sign == 1 ? -magnitude : magnitude;
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw corrupt(start, what, "value " + value + " outside the 32-bit range");
        }
        return (int) value;
    }

    /** Reads a Str: an Int byte length (−1 for NULL) then the bytes; returns {@code null} for NULL. */
    public String readString(String what) {
        byte[] bytes = readStringBytes(what);
        return bytes == null ? null : new String(bytes, charset);
    }

    /** Reads a Str as raw bytes; {@code null} for NULL. */
    public byte[] readStringBytes(String what) {
        long start = position;
        int length = readInt(what + " length");
        if (length == -1) {
            return null;
        }
        if (length < -1) {
            throw corrupt(start, what, "string length " + length);
        }
        return readBytesAt(start, length, what);
    }

    /** Reads an Offset: the flag byte then {@code offsetSize} bytes of position, least significant first. */
    public DataOffset readOffset(String what) {
        long start = position;
        int flag = readByteAt(start, what);
        OffsetState state = OffsetState.ofFlag(flag);
        if (state == null) {
            throw corrupt(start, what, "data offset flag " + flag + " (expected 1, 2 or 3)");
        }
        long value = 0;
        for (int i = 0; i < offsetSize; i++) {
            int b = readByteAt(start, what);
            if (b != 0) {
                if (i >= 8 || (i == 7 && b > 0x7f)) {
                    throw corrupt(start, what, "a data offset wider than 63 bits");
                }
                value |= ((long) b) << (8 * i);
            }
        }
        return new DataOffset(state, value);
    }

    /** An INPUT error for a field that was read but holds an impossible value. */
    public StowageException corrupt(long fieldStart, String what, String found) {
        return new StowageException(ErrorCode.INPUT,
                "archive \"%s\" is corrupt at offset %d (0x%x): expected %s, found %s"
                        .formatted(source, fieldStart, fieldStart, what, found),
                "check that the file is a complete pg_dump archive; make it again if it was damaged");
    }

    private StowageException truncated(long fieldStart, String what) {
        return new StowageException(ErrorCode.INPUT,
                "archive \"%s\" is truncated at offset %d (0x%x): expected %s, found end of file"
                        .formatted(source, fieldStart, fieldStart, what),
                "check that the file was copied completely; make the dump again if it was cut short",
                new EOFException());
    }

    private StowageException readFailure(long fieldStart, String what, IOException e) {
        return new StowageException(ErrorCode.INPUT,
                "cannot read archive \"%s\" at offset %d (0x%x) while reading %s: %s"
                        .formatted(source, fieldStart, fieldStart, what, e.getMessage()),
                "check that the file is readable", e);
    }
}
