package io.stowage.postgres.restore.binary;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Rewrites a table's COPY data from the text format (as pg_dump writes it: tab delimiter, {@code \N}
 * for NULL, backslash escapes, rows ending in a newline, optionally an end-of-data line {@code \.})
 * into COPY's binary format (header, rows, trailer), one {@link FieldConverter} per column.
 *
 * <p>One pass over the bytes, with bounded memory: the input is read in large chunks, a field is
 * handed to its converter as a slice of the input buffer unless it holds a backslash (only then is
 * it de-escaped into a scratch buffer), and the output collects in one reused buffer written out in
 * large chunks. Fields of the common fixed-syntax types (integers, short numerics, timestamps, IPv4
 * inet) are read by {@code DelimitedFields} as the scan reaches them, and plain text is copied as
 * it is; every other field, and any such field the fast path is unsure of, goes to its converter.
 * Anything that is not plainly the server's own output, or a row whose text or binary
 * form is larger than the limit, ends the conversion with {@link Unconvertible}: the caller then
 * loads the table in text format instead. Part of the output may have been written by then.
 *
 * <p>Not thread-safe; one instance converts one stream at a time.
 */
public final class TextCopyToBinary {
    /** The default limit of one row's binary form, above which the table is left to text COPY. */
    public static final int DEFAULT_MAX_ROW_BYTES = 8 << 20;

    static final int DEFAULT_CHUNK = 256 << 10;

    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0,
            0, 0, 0, 0, 0, 0, 0, 0};

    private static final int INCOMPLETE = -1;
    private static final int END_OF_DATA = -2;

    // how a column's field is read: a DelimitedFields fast path, text copied as it is, or the
    // column's converter after the scan for the field's end
    private static final byte OTHER = 0;
    private static final byte TEXT = 1;
    private static final byte INT2 = 2;
    private static final byte INT4 = 3;
    private static final byte INT8 = 4;
    private static final byte NUMERIC = 5;
    private static final byte TIMESTAMP = 6;
    private static final byte IPV4 = 7;
    private static final byte BYTEA = 8;
    private static final byte UUID = 9;
    private static final byte INT2_ARRAY = 10;
    private static final byte INT4_ARRAY = 11;
    private static final byte INT8_ARRAY = 12;
    private static final byte TEXT_ARRAY = 13;

    private final FieldConverter[] converters;
    private final byte[] kinds;
    private final int[] elementOids;
    private final int maxRowBytes;
    private final int maxTextRowBytes;
    private final int chunkSize;

    private byte[] scratch = new byte[256];

    /** A converter with the {@link #DEFAULT_MAX_ROW_BYTES default row limit}. */
    public TextCopyToBinary(List<FieldConverter> converters) {
        this(converters, DEFAULT_MAX_ROW_BYTES);
    }

    /**
     * @param converters  one per column, in the COPY's column order
     * @param maxRowBytes the largest binary row (field count, length words and data) converted;
     *                    a larger one throws {@link Unconvertible}
     */
    public TextCopyToBinary(List<FieldConverter> converters, int maxRowBytes) {
        this(converters, maxRowBytes, DEFAULT_CHUNK);
    }

    TextCopyToBinary(List<FieldConverter> converters, int maxRowBytes, int chunkSize) {
        if (maxRowBytes < 16 || chunkSize < 1) {
            throw new IllegalArgumentException("row limit " + maxRowBytes + ", chunk " + chunkSize);
        }
        this.converters = converters.toArray(new FieldConverter[0]);
        this.kinds = new byte[this.converters.length];
        this.elementOids = new int[this.converters.length];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = kind(this.converters[i]);
            if (this.converters[i] instanceof ArrayConverter array) {
                elementOids[i] = array.elementOid();
            }
        }
        this.maxRowBytes = maxRowBytes;
        // the text of a row is at most about twice its binary form for what pg_dump writes (bytea's
        // hex, escaped backslashes); beyond that the row is refused without reading further
        this.maxTextRowBytes = (int) Math.min(Integer.MAX_VALUE - 32, 2L * maxRowBytes + chunkSize);
        this.chunkSize = chunkSize;
    }

    private static byte kind(FieldConverter converter) {
        if (converter == ScalarConverters.TEXT) {
            return TEXT;
        } else if (converter == ScalarConverters.INT2) {
            return INT2;
        } else if (converter == ScalarConverters.INT4) {
            return INT4;
        } else if (converter == ScalarConverters.INT8) {
            return INT8;
        } else if (converter == ScalarConverters.NUMERIC) {
            return NUMERIC;
        } else if (converter instanceof TimestampConverter) {
            return TIMESTAMP;
        } else if (converter instanceof InetConverter && !((InetConverter) converter).isCidr()) {
            return IPV4;
        } else if (converter == ScalarConverters.BYTEA) {
            return BYTEA;
        } else if (converter == ScalarConverters.UUID) {
            return UUID;
        } else if (converter instanceof ArrayConverter array) {
            FieldConverter element = array.element();
            if (element == ScalarConverters.INT2) {
                return INT2_ARRAY;
            } else if (element == ScalarConverters.INT4) {
                return INT4_ARRAY;
            } else if (element == ScalarConverters.INT8) {
                return INT8_ARRAY;
            } else if (element == ScalarConverters.TEXT) {
                return TEXT_ARRAY;
            }
        }
        return OTHER;
    }

    /**
     * Reads COPY text data from {@code text} to its end (or to an end-of-data line) and writes the
     * binary COPY stream to {@code binary}. Neither stream is closed.
     *
     * @return the number of rows
     * @throws Unconvertible the data is not in the form this converter reads (a field its converter
     *                       refuses, a wrong number of fields, an unusual escape or line end) or a
     *                       row is over the limit; {@code binary} may have received part of the stream
     */
    public long convert(InputStream text, OutputStream binary) throws IOException, Unconvertible {
        if (converters.length == 0) {
            throw new Unconvertible("a COPY without columns");
        }
        // the data is buf[pos, limit); buf[limit] always holds a newline, a sentinel that ends the
        // scan of a field without a bounds test per byte
        byte[] buf = new byte[chunkSize + 1];
        int pos = 0;
        int limit = 0;
        boolean eof = false;
        ByteSink sink = new ByteSink(Math.min(chunkSize, maxRowBytes) + 1024);
        sink.write(HEADER, 0, HEADER.length);
        long rows = 0;
        while (true) {
            if (pos < limit) {
                buf[limit] = '\n';
                int rowStart = sink.size();
                int next = row(buf, pos, limit, sink, rowStart);
                if (next >= 0) {
                    rows++;
                    pos = next;
                    if (sink.size() >= chunkSize) {
                        binary.write(sink.array(), 0, sink.size());
                        sink.clear();
                    }
                    continue;
                }
                sink.truncate(rowStart);
                if (next == END_OF_DATA) {
                    break;
                }
            }
            if (eof) {
                if (pos == limit) {
                    break;
                }
                // a last line without its newline: the server takes it as a row, and so do we
                if (limit + 1 == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length + 1);
                }
                buf[limit++] = '\n';
                continue;
            }
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            if (limit + 1 == buf.length) {
                // one row fills the buffer: grow it, so that a long row is scanned again only a
                // few times rather than once per chunk
                if (limit >= maxTextRowBytes) {
                    throw new Unconvertible("a row of over " + maxTextRowBytes + " bytes of text");
                }
                buf = Arrays.copyOf(buf, (int) Math.min(maxTextRowBytes + 1L, 2L * buf.length));
            }
            while (limit + 1 < buf.length) {
                int n = text.read(buf, limit, buf.length - 1 - limit);
                if (n < 0) {
                    eof = true;
                    break;
                }
                limit += n;
            }
        }
        sink.writeShort(-1);
        binary.write(sink.array(), 0, sink.size());
        return rows;
    }

    /**
     * Converts the row starting at {@code from} into {@code sink}.
     *
     * @return the index after the row's newline, {@link #INCOMPLETE} when the row does not end
     *         before {@code limit}, or {@link #END_OF_DATA} at an end-of-data line
     */
    private int row(byte[] b, int from, int limit, ByteSink sink, int rowStart) throws Unconvertible {
        FieldConverter[] conv = converters;
        byte[] kind = kinds;
        int columns = conv.length;
        // the row is written with direct stores at a[o]; the sink's own size is brought up to date
        // only around a converter's call and when the row ends
        byte[] a = sink.reserve(2 + DelimitedFields.MAX_BYTES);
        int o = sink.size();
        a[o] = (byte) (columns >>> 8);
        a[o + 1] = (byte) columns;
        o += 2;
        int column = 0;
        int p = from;
        while (true) {
            int start = p;
            byte c;
            int end = DelimitedFields.NO;
            if (column < columns) {
                if (a.length - o < DelimitedFields.MAX_BYTES) {
                    sink.setSize(o);
                    a = sink.reserve(DelimitedFields.MAX_BYTES);
                }
                switch (kind[column]) {
                    case INT2 -> end = DelimitedFields.integer(b, p, limit, a, o, 2);
                    case INT4 -> end = DelimitedFields.integer(b, p, limit, a, o, 4);
                    case INT8 -> end = DelimitedFields.integer(b, p, limit, a, o, 8);
                    case NUMERIC -> end = DelimitedFields.numeric(b, p, limit, a, o);
                    case TIMESTAMP -> end = DelimitedFields.timestamp((TimestampConverter) conv[column], b, p, limit, a,
                            o);
                    case IPV4 -> end = DelimitedFields.ipv4(b, p, limit, a, o);
                    case UUID -> end = DelimitedFields.uuid(b, p, limit, a, o);
                    case BYTEA -> {
                        // the hex digits of the rest of the data read spell at most half as many bytes
                        int room = 4 + ((limit - p) >> 1);
                        if (a.length - o < room) {
                            sink.setSize(o);
                            a = sink.reserve(room);
                        }
                        end = DelimitedFields.bytea(b, p, limit, a, o);
                    }
                    case INT2_ARRAY -> end = DelimitedArrays.integers(b, p, limit, a, o, 2, elementOids[column]);
                    case INT4_ARRAY -> end = DelimitedArrays.integers(b, p, limit, a, o, 4, elementOids[column]);
                    case INT8_ARRAY -> end = DelimitedArrays.integers(b, p, limit, a, o, 8, elementOids[column]);
                    case TEXT_ARRAY -> end = DelimitedArrays.texts(b, p, limit, a, o, elementOids[column]);
                    default -> {
                    }
                }
            }
            if (end == DelimitedFields.MORE_ROOM) {
                // an array longer than the room: more, and the field read again, unless the room
                // already holds a whole row of the limit
                if (a.length - o > maxRowBytes) {
                    throw new Unconvertible("a row of over " + maxRowBytes + " bytes in binary");
                }
                sink.setSize(o);
                a = sink.reserve(2 * (a.length - o));
                continue;
            }
            if (end >= 0) {
                // the fast path wrote the length word and the value
                o += 4 + DelimitedFields.getInt(a, o);
                p = end;
                c = b[p];
            } else {
                boolean escaped = false;
                while (true) {
                    c = b[p];
                    // the delimiter, the line ends and the escape character (9, 10, 13, 92): two
                    // comparisons for most bytes, cheaper with C1 than a table lookup
                    if (c > '\r' ? c != '\\' : c < '\t' || c == 11 || c == 12) {
                        p++;
                        continue;
                    }
                    if (p >= limit) {
                        return INCOMPLETE;
                    }
                    if (c == '\\') {
                        if (p + 1 >= limit) {
                            return INCOMPLETE;
                        }
                        byte e = b[p + 1];
                        if (e == '.') {
                            if (p != from) {
                                throw new Unconvertible("\\. inside a row");
                            }
                            if (p + 2 >= limit) {
                                return INCOMPLETE;
                            }
                            if (b[p + 2] != '\n') {
                                throw new Unconvertible("\\. followed by more than a newline");
                            }
                            return END_OF_DATA;
                        }
                        if (e == '\n' || e == '\r') {
                            throw new Unconvertible("a backslash before a line end");
                        }
                        escaped = true;
                        p += 2;
                        continue;
                    }
                    if (c == '\r') {
                        throw new Unconvertible("a carriage return in COPY text data");
                    }
                    break;
                }
                if (column == columns) {
                    throw new Unconvertible("more than " + columns + " fields in a row");
                }
                int length = p - start;
                if (!escaped && kind[column] == TEXT) {
                    // text is its own binary form: copied without the converter's calls
                    if (a.length - o < 4 + length) {
                        sink.setSize(o);
                        a = sink.reserve(4 + length);
                    }
                    DelimitedFields.putInt(a, o, length);
                    System.arraycopy(b, start, a, o + 4, length);
                    o += 4 + length;
                } else {
                    sink.setSize(o);
                    FieldConverter converter = conv[column];
                    if (!escaped) {
                        int lengthAt = sink.size();
                        sink.writeInt(0);
                        converter.convert(b, start, length, sink);
                        sink.putInt(lengthAt, sink.size() - lengthAt - 4);
                    } else if (length == 2 && b[start + 1] == 'N') {
                        sink.writeInt(-1);
                    } else {
                        int n = unescape(b, start, p);
                        int lengthAt = sink.size();
                        sink.writeInt(0);
                        converter.convert(scratch, 0, n, sink);
                        sink.putInt(lengthAt, sink.size() - lengthAt - 4);
                    }
                    a = sink.array();
                    o = sink.size();
                }
            }
            column++;
            if (o - rowStart > maxRowBytes) {
                throw new Unconvertible("a row of over " + maxRowBytes + " bytes in binary");
            }
            if (c == '\n') {
                if (column != columns) {
                    throw new Unconvertible(column + " fields in a row of " + columns + " columns");
                }
                sink.setSize(o);
                return p + 1;
            }
            p++;
        }
    }

    /**
     * De-escapes {@code b[from, to)} into {@link #scratch}, as the server's CopyReadAttributesText
     * does, and returns the length. Octal and hex escapes are read for ASCII characters only: a
     * NUL or a byte of a multi-byte character spelled that way is left to text COPY.
     */
    private int unescape(byte[] b, int from, int to) throws Unconvertible {
        if (scratch.length < to - from) {
            scratch = new byte[Math.max(to - from, 2 * scratch.length)];
        }
        byte[] s = scratch;
        int n = 0;
        int p = from;
        while (p < to) {
            byte c = b[p++];
            if (c != '\\') {
                s[n++] = c;
                continue;
            }
            // the scan saw to it that a backslash is never the field's last byte
            c = b[p++];
            switch (c) {
                case 'b' -> s[n++] = '\b';
                case 'f' -> s[n++] = '\f';
                case 'n' -> s[n++] = '\n';
                case 'r' -> s[n++] = '\r';
                case 't' -> s[n++] = '\t';
                case 'v' -> s[n++] = 0x0b;
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int v = c - '0';
                    for (int i = 0; i < 2 && p < to && b[p] >= '0' && b[p] <= '7'; i++) {
                        v = (v << 3) + (b[p++] - '0');
                    }
                    s[n++] = ascii(v & 0xff);
                }
                case 'x' -> {
                    int d = p < to ? hex(b[p]) : -1;
                    if (d < 0) {
                        s[n++] = 'x';
                    } else {
                        p++;
                        int d2 = p < to ? hex(b[p]) : -1;
                        if (d2 >= 0) {
                            p++;
                            d = (d << 4) + d2;
                        }
                        s[n++] = ascii(d);
                    }
                }
                default -> s[n++] = c;
            }
        }
        return n;
    }

    private static byte ascii(int v) throws Unconvertible {
        if (v == 0 || v >= 0x80) {
            throw new Unconvertible("an escaped NUL or non-ASCII byte");
        }
        return (byte) v;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
