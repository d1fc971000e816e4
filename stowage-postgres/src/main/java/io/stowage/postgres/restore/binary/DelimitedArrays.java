package io.stowage.postgres.restore.binary;

/**
 * Fast paths of {@link TextCopyToBinary} for one-dimensional arrays of integers and of text, the
 * common array columns: each reads the array straight from the COPY text buffer, as
 * {@link DelimitedFields}' paths read scalars, and writes the field's length word and array_send's
 * bytes into the output array, without {@link ArrayConverter}'s calls per element.
 *
 * <p>Each path takes only a plain subset of what {@link ArrayConverter} with the same element
 * converter takes, so the bytes are the same: one dimension without explicit bounds, and no
 * backslash anywhere (an element with a quote or backslash is escaped inside the array and again
 * by COPY). A multi-dimensional array, a non-canonical spelling, a field with an escape, or one
 * that runs into the end of the data read gives {@link DelimitedFields#NO}, and the caller converts
 * the field the general way, which converts it exactly or refuses it.
 *
 * <p>Contract as {@link DelimitedFields}', but an array may be longer than
 * {@link DelimitedFields#MAX_BYTES}: when the room left in {@code a} is too small, a path returns
 * {@link DelimitedFields#MORE_ROOM} and the caller reads the field again with more room.
 */
final class DelimitedArrays {
    /** The length word and array_send's header of a one-dimensional array. */
    private static final int HEADER = 4 + 20;

    // the bytes of a text element by how array_out treats them: plain, ending an unquoted element
    // (and to be quoted), to be quoted, or ending a quoted element or never in a plain one (the
    // quote, the backslash, COPY's delimiter and line ends, and the vertical tab ArrayConverter refuses)
    private static final byte PLAIN = 0;
    private static final byte ENDS = 1;
    private static final byte QUOTED = 2;
    private static final byte STOP = 4;
    private static final byte[] CLASSES = new byte[256];

    static {
        CLASSES[','] = ENDS;
        CLASSES['}'] = ENDS;
        CLASSES['{'] = QUOTED;
        CLASSES[' '] = QUOTED;
        CLASSES['\f'] = QUOTED;
        for (char c : new char[] {'"', '\\', '\t', '\n', '\r', 0x0b}) {
            CLASSES[c] = STOP;
        }
    }

    private DelimitedArrays() {
    }

    /**
     * An array of {@code smallint}, {@code integer} or {@code bigint} ({@code size} 2, 4 or 8):
     * elements of at most 18 digits spelled as {@link DelimitedFields#integer} reads them, or
     * {@code NULL}.
     *
     * @return the index of the tab or newline after the field, {@link DelimitedFields#NO} or
     *         {@link DelimitedFields#MORE_ROOM}
     */
    static int integers(byte[] b, int p, int limit, byte[] a, int o, int size, int elementOid) {
        if (b[p] != '{') {
            return DelimitedFields.NO;
        }
        p++;
        if (b[p] == '}') {
            return empty(b, p, limit, a, o, elementOid);
        }
        if (a.length - o < HEADER) {
            return DelimitedFields.MORE_ROOM;
        }
        int q = o + HEADER;
        int count = 0;
        boolean hasNull = false;
        while (true) {
            if (a.length - q < 4 + size) {
                return DelimitedFields.MORE_ROOM;
            }
            boolean negative = b[p] == '-';
            if (negative) {
                p++;
            }
            int digits = p;
            long v = 0;
            while (true) {
                // the sentinel newline at limit ends the loop
                int d = b[p] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                v = v * 10 + d;
                p++;
            }
            int n = p - digits;
            if (n == 0) {
                // array_out's NULL, unquoted and uppercase; each test stops before the sentinel
                if (negative || b[p] != 'N' || b[p + 1] != 'U' || b[p + 2] != 'L' || b[p + 3] != 'L') {
                    return DelimitedFields.NO;
                }
                p += 4;
                DelimitedFields.putInt(a, q, -1);
                q += 4;
                hasNull = true;
            } else {
                // as DelimitedFields.integer: no leading zero but the number 0, no "-0", in range
                if (n > 18 || (b[digits] == '0' && (n > 1 || negative))) {
                    return DelimitedFields.NO;
                }
                if (negative) {
                    v = -v;
                }
                long high = v >> (8 * size - 1);
                if (high != 0 && high != -1) {
                    return DelimitedFields.NO;
                }
                DelimitedFields.putInt(a, q, size);
                q += 4;
                if (size == 8) {
                    DelimitedFields.putInt(a, q, (int) (v >>> 32));
                    q += 4;
                }
                int word = (int) v;
                if (size >= 4) {
                    a[q] = (byte) (word >>> 24);
                    a[q + 1] = (byte) (word >>> 16);
                    q += 2;
                }
                a[q] = (byte) (word >>> 8);
                a[q + 1] = (byte) word;
                q += 2;
            }
            count++;
            byte c = b[p];
            if (c == '}') {
                return end(b, p, limit, a, o, q, count, hasNull, elementOid);
            }
            if (c != ',') {
                return DelimitedFields.NO;
            }
            p++;
        }
    }

    /**
     * An array of {@code text} (or of another type whose converter is {@link ScalarConverters#TEXT}):
     * elements unquoted, or quoted without backslashes where array_out quotes them (empty, any case
     * of NULL, or holding a brace, comma or white space), or {@code NULL}.
     *
     * @return the index of the tab or newline after the field, {@link DelimitedFields#NO} or
     *         {@link DelimitedFields#MORE_ROOM}
     */
    static int texts(byte[] b, int p, int limit, byte[] a, int o, int elementOid) {
        if (b[p] != '{') {
            return DelimitedFields.NO;
        }
        p++;
        if (b[p] == '}') {
            return empty(b, p, limit, a, o, elementOid);
        }
        if (a.length - o < HEADER) {
            return DelimitedFields.MORE_ROOM;
        }
        byte[] classes = CLASSES;
        int q = o + HEADER;
        int count = 0;
        boolean hasNull = false;
        while (true) {
            int from;
            int to;
            if (b[p] == '"') {
                from = ++p;
                // a quote, backslash, COPY delimiter, line end or the sentinel ends the scan
                int seen = 0;
                int k;
                while ((k = classes[b[p] & 0xff]) < STOP) {
                    seen |= k;
                    p++;
                }
                if (b[p] != '"') {
                    return DelimitedFields.NO;
                }
                to = p++;
                // array_out quotes only what needs it
                if (seen == 0 && to != from && !anyCaseNull(b, from, to)) {
                    return DelimitedFields.NO;
                }
            } else {
                from = p;
                while (classes[b[p] & 0xff] == PLAIN) {
                    p++;
                }
                to = p;
                if (classes[b[p] & 0xff] != ENDS || to == from) {
                    return DelimitedFields.NO;
                }
                if (anyCaseNull(b, from, to)) {
                    if (b[from] != 'N' || b[from + 1] != 'U' || b[from + 2] != 'L' || b[from + 3] != 'L') {
                        // "null" and the like are quoted by array_out
                        return DelimitedFields.NO;
                    }
                    if (a.length - q < 4) {
                        return DelimitedFields.MORE_ROOM;
                    }
                    DelimitedFields.putInt(a, q, -1);
                    q += 4;
                    hasNull = true;
                    from = -1;
                }
            }
            if (from >= 0) {
                int length = to - from;
                if (a.length - q < 4 + length) {
                    return DelimitedFields.MORE_ROOM;
                }
                DelimitedFields.putInt(a, q, length);
                System.arraycopy(b, from, a, q + 4, length);
                q += 4 + length;
            }
            count++;
            byte c = b[p];
            if (c == '}') {
                return end(b, p, limit, a, o, q, count, hasNull, elementOid);
            }
            if (c != ',') {
                return DelimitedFields.NO;
            }
            p++;
        }
    }

    private static boolean anyCaseNull(byte[] b, int from, int to) {
        return to - from == 4 && (b[from] | 0x20) == 'n' && (b[from + 1] | 0x20) == 'u'
                && (b[from + 2] | 0x20) == 'l' && (b[from + 3] | 0x20) == 'l';
    }

    /**
     * {@code {}} with its closing brace at {@code b[p]}: no dimensions (room for it is the caller's
     * {@link DelimitedFields#MAX_BYTES}).
     */
    private static int empty(byte[] b, int p, int limit, byte[] a, int o, int elementOid) {
        // b[p] is the brace, not the sentinel, so b[p + 1] is data or the sentinel
        byte c = b[p + 1];
        if (p + 1 >= limit || (c != '\t' && c != '\n')) {
            return DelimitedFields.NO;
        }
        DelimitedFields.putInt(a, o, 12);
        DelimitedFields.putInt(a, o + 4, 0);
        DelimitedFields.putInt(a, o + 8, 0);
        DelimitedFields.putInt(a, o + 12, elementOid);
        return p + 1;
    }

    /**
     * The closing brace at {@code b[p]}, the elements written up to {@code q}: checks the field ends
     * there and writes the length word and the header.
     */
    private static int end(byte[] b, int p, int limit, byte[] a, int o, int q, int count, boolean hasNull,
                           int elementOid) {
        byte c = b[p + 1];
        if (p + 1 >= limit || (c != '\t' && c != '\n')) {
            return DelimitedFields.NO;
        }
        DelimitedFields.putInt(a, o, q - o - 4);
        DelimitedFields.putInt(a, o + 4, 1);
        DelimitedFields.putInt(a, o + 8, hasNull ? 1 : 0);
        DelimitedFields.putInt(a, o + 12, elementOid);
        DelimitedFields.putInt(a, o + 16, count);
        DelimitedFields.putInt(a, o + 20, 1);
        return p + 1;
    }
}
