package io.stowage.postgres.dump.binary;

import io.stowage.postgres.restore.binary.PgType;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@code COPY ... TO STDOUT (FORMAT binary)} stream into exactly the bytes the server's
 * {@code COPY ... TO STDOUT} (text format) would have written for the same rows under the session's
 * {@link OutputSettings}: fields separated by a tab, rows ending in a newline, NULL as {@code \N},
 * CopyAttributeOutText's backslash escapes, no end marker. The server saves its text output
 * functions (numeric_out, timestamptz_out, inet_out, ...), which on one shared machine cost more than
 * this class's formatting; see {@link BinaryDumpCost}.
 *
 * <p>Built by {@link #forColumns} for the COPY's column types, which refuses (empty) any column it
 * cannot format exactly. Supported: bool, int2, int4, int8, oid, text, varchar, bpchar, name, json,
 * enums (the label), jsonb (version 1), numeric (with NaN and the infinities), date, timestamp,
 * timestamptz (only in a zone that is UTC at every instant), bytea (bytea_output hex), uuid, inet
 * and cidr, arrays (any dimensions) of int2, int4, int8, text, varchar, bpchar and name; domains of
 * these by their base type. Not float4/float8 (JDK 17's Double.toString is not the shortest
 * round-trip form PostgreSQL prints), interval, time, timetz, money, composites, ranges and other
 * arrays. Every type needs client_encoding UTF8 (binary text is sent in the client encoding, and
 * UTF-8 bytes pass COPY's escaping unchanged), and dates and timestamps DateStyle ISO.
 *
 * <p>Two entry points: {@link #convert(InputStream, OutputStream)} for a whole stream, and
 * {@link #convertTuple(byte[], int, int, TextSink)} for a reader that already holds a tuple's bytes
 * (with {@link #skipHeader} for the stream's start). The server sends the header and the first
 * tuple in one CopyData message (or the header and the trailer, for no rows), then one message per
 * tuple, the trailer in the last; so a CopyOut reader calls {@code skipHeader} on the first
 * message, then {@code convertTuple} from the position after the header, and on every further
 * message, until it returns {@link #TRAILER}. An instance keeps per-column state (the last
 * timestamp's day): one thread at a time; one instance per COPY, or one per column list reused.
 *
 * <p>Throughput (BinaryCopyToTextBench, C1 only, one core of the 2-core benchmark machine, over a
 * 368 MB binary COPY file in memory): the benchmark's events rows (bigint, integer, timestamptz,
 * smallint, numeric(12,2), inet, text of about 49 bytes) format at 122 to 143 ns per row, the first
 * 3 million rows, JIT warm-up included, at 130 to 150; the stream entry point adds about 10 ns per
 * row. Message by message over a local server (BinaryCopyEndToEndBench) the client spends only
 * about 29 ns per events row more than reading the text COPY, while the server saves about 313:
 * see {@link BinaryDumpCost}.
 */
public final class BinaryCopyToText {
    /** The signature of the binary COPY format, before its flags and header extension. */
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** What {@link #convertTuple} returns for the stream's trailer (a field count of -1) instead of a position. */
    public static final int TRAILER = -1;
    /** tuple's return for a tuple not wholly in the range. */
    private static final int CUT_SHORT = -2;

    // the formats, by kind
    static final byte BOOL = 1;
    static final byte INT2 = 2;
    static final byte INT4 = 3;
    static final byte INT8 = 4;
    static final byte OID = 5;
    static final byte TEXT = 6;
    static final byte JSONB = 7;
    static final byte NUMERIC = 8;
    static final byte DATE = 9;
    static final byte TIMESTAMP = 10;
    static final byte TIMESTAMPTZ = 11;
    static final byte BYTEA = 12;
    static final byte UUID = 13;
    static final byte INET = 14;
    static final byte CIDR = 15;
    static final byte ARRAY = 16;

    /** A field this long or longer is formatted as it arrives, in pieces, by the stream entry point (text, bytea, jsonb). */
    private static final int PIECEWISE = 1 << 20;
    /** The stream entry point writes its output in pieces of about this size. */
    private static final int FLUSH = 64 << 10;

    private final byte[] kinds;
    private final Formats.Day[] days;
    /** For an array column, its elements' format (ArrayText's) and the element type oid array_send writes. */
    private final int[] arrayElements;
    private final int[] arrayElementOids;
    /** An array's text before COPY's escaping. */
    private final TextSink scratch = new TextSink(256);
    /** Room for a row of the fixed-size fields at their longest, NULLs, tabs and the newline. */
    private final int fixedRoom;

    private BinaryCopyToText(byte[] kinds, List<PgType> types) {
        this.kinds = kinds;
        this.arrayElements = new int[kinds.length];
        this.arrayElementOids = new int[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] == ARRAY) {
                arrayElements[i] = arrayElement(types.get(i));
                arrayElementOids[i] = types.get(i).elementOid();
            }
        }
        int room = 0;
        for (byte kind : kinds) {
            room += Math.max(maxFixed(kind), 2) + 1;
        }
        this.fixedRoom = room;
        this.days = new Formats.Day[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] == TIMESTAMP || kinds[i] == TIMESTAMPTZ) {
                days[i] = new Formats.Day();
            }
        }
    }

    /**
     * A converter for a COPY of columns of {@code types} (in order, as ColumnTypes.resolve gives them
     * on the source server: a domain by its base type), or empty when a column's type is not
     * supported under {@code settings}: a type not listed in the class comment, timestamptz in a
     * TimeZone not UTC at every instant, dates and timestamps without DateStyle ISO, bytea without
     * bytea_output hex, any column without client_encoding UTF8. A COPY without columns is refused too.
     */
    public static Optional<BinaryCopyToText> forColumns(List<PgType> types, OutputSettings settings) {
        if (types.isEmpty() || !settings.utf8()) {
            return Optional.empty();
        }
        byte[] kinds = new byte[types.size()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = kind(types.get(i), settings);
            if (kinds[i] == 0) {
                return Optional.empty();
            }
        }
        return Optional.of(new BinaryCopyToText(kinds, types));
    }

    /** Whether a column of type {@code t} is formatted exactly under {@code settings}. */
    public static boolean supports(PgType t, OutputSettings settings) {
        return settings.utf8() && kind(t, settings) != 0;
    }

    /** The format of {@code t}, or 0 for none. */
    static byte kind(PgType t, OutputSettings settings) {
        if (t.category() == 'E' && t.element() == null) {
            return TEXT; // enum_send: the label in the client encoding
        }
        if (t.category() == 'A') {
            return arrayElement(t) != 0 ? ARRAY : 0;
        }
        return switch (t.oid()) {
            case 16 -> BOOL;
            case 21 -> INT2;
            case 23 -> INT4;
            case 20 -> INT8;
            case 26 -> OID;
            case 25, 1043, 1042, 19, 114 -> TEXT; // text, varchar, bpchar, name, json
            case 3802 -> JSONB;
            case 1700 -> NUMERIC;
            case 1082 -> settings.isoDates() ? DATE : 0;
            case 1114 -> settings.isoDates() ? TIMESTAMP : 0;
            case 1184 -> settings.isoDates() && settings.utc() ? TIMESTAMPTZ : 0;
            case 17 -> settings.hexBytea() ? BYTEA : 0;
            case 2950 -> UUID;
            case 869 -> INET;
            case 650 -> CIDR;
            default -> 0;
        };
    }

    /** The ArrayText element format of array type {@code t}, or 0 when its elements are not formatted. */
    private static int arrayElement(PgType t) {
        if (t.element() == null || t.elementOid() == 0) {
            return 0;
        }
        return switch (t.element().oid()) {
            case 21 -> ArrayText.INT2;
            case 23 -> ArrayText.INT4;
            case 20 -> ArrayText.INT8;
            case 25, 1043, 1042, 19 -> ArrayText.TEXT;
            default -> 0;
        };
    }

    /** The number of columns of a tuple. */
    public int columns() {
        return kinds.length;
    }

    /**
     * Skips the binary COPY header at {@code b[offset, end)}: the signature, the flags (bits 0 to 15,
     * the critical ones, and bit 16, OIDs included, must be clear; bits 17 to 31 are ignored) and the
     * header extension.
     *
     * @return the position after the header, where the first tuple (or the trailer) starts, or -1
     *         when the range ends inside the header
     * @throws IOException the bytes are not a binary COPY header this class reads
     */
    public static int skipHeader(byte[] b, int offset, int end) throws IOException {
        int length = end - offset;
        for (int i = 0; i < Math.min(length, SIGNATURE.length); i++) {
            if (b[offset + i] != SIGNATURE[i]) {
                throw new IOException("binary COPY: the stream does not start with the PGCOPY signature");
            }
        }
        if (length < SIGNATURE.length + 8) {
            return -1;
        }
        int flags = Formats.intAt(b, offset + SIGNATURE.length);
        if ((flags & 0x1ffff) != 0) {
            throw new IOException("binary COPY: unsupported header flags " + Integer.toHexString(flags));
        }
        int extension = Formats.intAt(b, offset + SIGNATURE.length + 4);
        if (extension < 0) {
            throw new IOException("binary COPY: a negative header extension length");
        }
        long after = (long) offset + SIGNATURE.length + 8 + extension;
        return after <= end ? (int) after : -1;
    }

    /**
     * Converts the one tuple that starts at {@code b[offset]} and lies wholly before {@code end}: its
     * text row, ending in a newline, is appended to {@code out}.
     *
     * @return the position after the tuple, or {@link #TRAILER} when {@code b[offset]} is the
     *         stream's trailer (a field count of -1)
     * @throws IOException the tuple does not end before {@code end}, has another number of fields
     *                     than the converter's columns, or a value is not as the server sends it;
     *                     {@code out} may then hold part of the row
     */
    public int convertTuple(byte[] b, int offset, int end, TextSink out) throws IOException {
        int next = tuple(b, offset, end, out);
        if (next == CUT_SHORT) {
            throw new IOException("binary COPY: a tuple cut short");
        }
        return next;
    }

    /** convertTuple, but {@link #CUT_SHORT} (with {@code out} as it was) for a tuple not wholly before {@code end}. */
    private int tuple(byte[] b, int offset, int end, TextSink out) throws IOException {
        if (end - offset < 2) {
            return CUT_SHORT;
        }
        int count = Formats.shortAt(b, offset);
        if (count == -1) {
            return TRAILER;
        }
        byte[] k = kinds;
        if (count != k.length) {
            throw new IOException("binary COPY: a tuple of " + count + " fields for " + k.length + " columns");
        }
        int p = offset + 2;
        // room for every fixed-size field, NULL, tab and the newline; a variable one reserves its own
        byte[] a = out.reserve(fixedRoom);
        int start = out.size();
        int q = start;
        for (int i = 0; i < k.length; i++) {
            if (i > 0) {
                a[q++] = '\t';
            }
            if (end - p < 4) {
                out.truncate(start);
                return CUT_SHORT;
            }
            int len = Formats.intAt(b, p);
            p += 4;
            if (len == -1) {
                a[q] = '\\';
                a[q + 1] = 'N';
                q += 2;
                continue;
            }
            if (len > end - p) {
                out.truncate(start);
                return CUT_SHORT;
            }
            if (len < 0) {
                throw new IOException("binary COPY: a bad field length " + len);
            }
            switch (k[i]) {
                case INT8 -> q = Formats.int8(b, p, len, a, q);
                case INT4 -> q = Formats.int4(b, p, len, a, q);
                case INT2 -> q = Formats.int2(b, p, len, a, q);
                case TIMESTAMPTZ -> q = Formats.timestamp(b, p, len, a, q, days[i], true);
                case TIMESTAMP -> q = Formats.timestamp(b, p, len, a, q, days[i], false);
                case DATE -> q = Formats.date(b, p, len, a, q);
                case INET -> q = Formats.inet(b, p, len, a, q, false);
                case CIDR -> q = Formats.inet(b, p, len, a, q, true);
                case BOOL -> q = Formats.bool(b, p, len, a, q);
                case OID -> q = Formats.oid(b, p, len, a, q);
                case UUID -> q = Formats.uuid(b, p, len, a, q);
                case NUMERIC -> {
                    int room = Formats.numericRoom(b, p, len);
                    if (room > NUMERIC_ROOM) {
                        // a long numeric: room for it and the rest of the row
                        out.setSize(q);
                        a = out.reserve(room + fixedRoom);
                    }
                    q = Formats.numeric(b, p, len, a, q);
                }
                default -> {
                    out.setSize(q);
                    formatVariable(k[i], i, b, p, len, out);
                    a = out.reserve(fixedRoom);
                    q = out.size();
                }
            }
            p += len;
        }
        a[q++] = '\n';
        out.setSize(q);
        return p;
    }

    /** Formats field {@code column} of a variable-size kind: text-like, jsonb, bytea, numeric, array. */
    private void formatVariable(byte kind, int column, byte[] b, int p, int len, TextSink out) throws IOException {
        switch (kind) {
            case ARRAY -> {
                if (arrayElements[column] != ArrayText.TEXT) {
                    // digits, signs, braces, brackets, colons, commas, '=' and NULL: nothing for COPY to escape
                    ArrayText.format(b, p, len, arrayElements[column], arrayElementOids[column], out);
                } else {
                    scratch.clear();
                    ArrayText.format(b, p, len, arrayElements[column], arrayElementOids[column], scratch);
                    Formats.text(scratch.array(), 0, scratch.size(), out);
                }
            }
            case TEXT -> Formats.text(b, p, len, out);
            case NUMERIC -> Formats.numeric(b, p, len, out);
            case JSONB -> Formats.jsonb(b, p, len, out);
            case BYTEA -> Formats.bytea(b, p, len, out);
            default -> throw new IllegalStateException("format " + kind);
        }
    }

    /** Formats field {@code column} of any kind, for the piecewise path. */
    private void format(byte kind, int column, byte[] b, int p, int len, TextSink out) throws IOException {
        byte[] a = out.reserve(maxFixed(kind));
        int q = out.size();
        switch (kind) {
            case INT8 -> q = Formats.int8(b, p, len, a, q);
            case INT4 -> q = Formats.int4(b, p, len, a, q);
            case INT2 -> q = Formats.int2(b, p, len, a, q);
            case TIMESTAMPTZ -> q = Formats.timestamp(b, p, len, a, q, days[column], true);
            case TIMESTAMP -> q = Formats.timestamp(b, p, len, a, q, days[column], false);
            case DATE -> q = Formats.date(b, p, len, a, q);
            case INET -> q = Formats.inet(b, p, len, a, q, false);
            case CIDR -> q = Formats.inet(b, p, len, a, q, true);
            case BOOL -> q = Formats.bool(b, p, len, a, q);
            case OID -> q = Formats.oid(b, p, len, a, q);
            case UUID -> q = Formats.uuid(b, p, len, a, q);
            default -> {
                formatVariable(kind, column, b, p, len, out);
                return;
            }
        }
        out.setSize(q);
    }

    /** A numeric that needs no more room than this is stored into the row's reservation. */
    private static final int NUMERIC_ROOM = 48;

    /** The most bytes a value of a fixed-size kind writes (a short numeric's for numeric); 0 for a variable one. */
    private static int maxFixed(byte kind) {
        return switch (kind) {
            case NUMERIC -> NUMERIC_ROOM;
            case INT8 -> Formats.INT8_MAX;
            case INT4 -> Formats.INT4_MAX;
            case INT2 -> Formats.INT2_MAX;
            case TIMESTAMP, TIMESTAMPTZ -> Formats.TIMESTAMP_MAX;
            case DATE -> Formats.DATE_MAX;
            case INET, CIDR -> Formats.INET_MAX;
            case BOOL -> Formats.BOOL_MAX;
            case OID -> Formats.OID_MAX;
            case UUID -> Formats.UUID_MAX;
            default -> 0;
        };
    }

    /**
     * Reads the whole binary COPY stream {@code binaryCopy} (header, tuples, trailer; nothing may
     * follow) and writes its text rows to {@code text}, not closing either. Memory stays bounded by
     * the largest tuple, except that a text, json, jsonb or bytea field of a megabyte or more is
     * formatted as it arrives and never held whole.
     *
     * @return the number of rows
     * @throws IOException reading or writing fails, or the stream is not a binary COPY of the converter's columns
     */
    public long convert(InputStream binaryCopy, OutputStream text) throws IOException {
        Input in = new Input(binaryCopy);
        TextSink out = new TextSink(FLUSH + (FLUSH >> 2));
        int first;
        while ((first = skipHeader(in.buf, in.pos, in.limit)) < 0) {
            if (!in.fill(in.limit - in.pos + 1)) {
                throw new EOFException("binary COPY: the stream ends inside its header");
            }
        }
        in.pos = first;
        long rows = 0;
        while (true) {
            int next = tuple(in.buf, in.pos, in.limit, out);
            if (next >= 0) {
                in.pos = next;
                rows++;
                if (out.size() >= FLUSH) {
                    out.drainTo(text);
                }
                continue;
            }
            if (next == TRAILER) {
                in.pos += 2;
                if (in.pos < in.limit || in.fill(1)) {
                    throw new IOException("binary COPY: data after the trailer");
                }
                break;
            }
            // cut short by the buffer's end: read more, or a large tuple piecewise
            int known = tupleEnd(in.buf, in.pos, in.limit);
            if (known >= -2) {
                throw new IllegalStateException("a whole tuple taken as cut short");
            }
            int needed = -known - 2 - in.pos;
            if (needed <= PIECEWISE) {
                if (!in.fill(needed)) {
                    throw new EOFException("binary COPY: the stream ends inside a tuple, before its trailer");
                }
            } else {
                largeTuple(in, out, text);
                rows++;
                out.drainTo(text);
            }
        }
        out.drainTo(text);
        return rows;
    }

    /**
     * The end of the tuple (or trailer, -2) at {@code b[p]} when it lies wholly before {@code limit};
     * else {@code -(2 + q)} where {@code q} is where the bytes known to be needed end.
     */
    private int tupleEnd(byte[] b, int p, int limit) {
        if (limit - p < 2) {
            return -(2 + p + 2);
        }
        int count = Formats.shortAt(b, p);
        if (count == -1) {
            return -2;
        }
        int q = p + 2;
        for (int i = 0; i < count; i++) {
            if (limit - q < 4) {
                return -(2 + q + 4);
            }
            int len = Formats.intAt(b, q);
            q += 4;
            if (len > 0) {
                if (limit - q < len) {
                    return -(2 + (int) Math.min(Integer.MAX_VALUE - 16, (long) q + len));
                }
                q += len;
            }
        }
        // a wrong count or a bad length: convertTuple reports it
        return q;
    }

    /**
     * A tuple with a field of PIECEWISE bytes or more: read field by field, the long text-like
     * fields formatted a buffer at a time and written out as they go.
     */
    private void largeTuple(Input in, TextSink out, OutputStream text) throws IOException {
        in.require(2);
        int count = Formats.shortAt(in.buf, in.pos);
        if (count != kinds.length) {
            throw new IOException("binary COPY: a tuple of " + count + " fields for " + kinds.length + " columns");
        }
        in.pos += 2;
        for (int i = 0; i < kinds.length; i++) {
            if (i > 0) {
                out.put('\t');
            }
            in.require(4);
            int len = Formats.intAt(in.buf, in.pos);
            in.pos += 4;
            if (len == -1) {
                out.put('\\');
                out.put('N');
                continue;
            }
            if (len < 0) {
                throw new IOException("binary COPY: a bad field length " + len);
            }
            byte kind = kinds[i];
            if (len < PIECEWISE || !(kind == TEXT || kind == BYTEA || kind == JSONB)) {
                in.require(len);
                format(kind, i, in.buf, in.pos, len, out);
                in.pos += len;
                continue;
            }
            int left = len;
            if (kind == BYTEA) {
                Formats.byteaPrefix(out);
            } else if (kind == JSONB) {
                in.require(1);
                if (in.buf[in.pos] != 1) {
                    throw Formats.malformed("jsonb", len);
                }
                in.pos++;
                left--;
            }
            while (left > 0) {
                if (in.pos == in.limit) {
                    in.fill(1);
                    if (in.pos == in.limit) {
                        throw new EOFException("binary COPY: the stream ends inside a field");
                    }
                }
                int piece = Math.min(left, in.limit - in.pos);
                if (kind == BYTEA) {
                    Formats.hex(in.buf, in.pos, piece, out);
                } else {
                    // COPY's escaping maps each byte alone, so a field may be cut anywhere
                    Formats.text(in.buf, in.pos, piece, out);
                }
                in.pos += piece;
                left -= piece;
                out.drainTo(text);
            }
        }
        out.put('\n');
    }

    /** A read buffer over the stream: the unread bytes are {@code buf[pos, limit)}. */
    private static final class Input {
        private final InputStream stream;
        byte[] buf = new byte[256 << 10];
        int pos;
        int limit;

        Input(InputStream stream) {
            this.stream = stream;
        }

        /**
         * Reads until at least {@code n} bytes are unread, moving them to the buffer's start and
         * growing it as needed; false at the end of the stream before that.
         */
        boolean fill(int n) throws IOException {
            if (n <= limit - pos) {
                return true;
            }
            if (n > buf.length - pos) {
                int unread = limit - pos;
                byte[] target = n > buf.length ? new byte[Math.max(n, (int) Math.min(Integer.MAX_VALUE - 16, 2L * buf.length))] : buf;
                System.arraycopy(buf, pos, target, 0, unread);
                buf = target;
                pos = 0;
                limit = unread;
            }
            while (limit - pos < n) {
                int r = stream.read(buf, limit, buf.length - limit);
                if (r < 0) {
                    return false;
                }
                limit += r;
            }
            return true;
        }

        void require(int n) throws IOException {
            if (!fill(n)) {
                throw new EOFException("binary COPY: the stream ends inside a tuple");
            }
        }
    }
}
