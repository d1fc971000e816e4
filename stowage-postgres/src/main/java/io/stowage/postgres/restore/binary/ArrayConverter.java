package io.stowage.postgres.restore.binary;

/**
 * Arrays of any dimension (up to PostgreSQL's MAXDIM, 6) whose elements an element converter reads:
 * the text array_out writes ({@code {a,b,NULL,"x y"}}, {@code {{1,2},{3,4}}}, {@code {}}, and
 * {@code [0:1]={1,2}} when a lower bound is not 1) to array_send's bytes: ndim, has-nulls flag,
 * element type oid, size and lower bound per dimension, then each element as an int32 length (-1 for
 * NULL) and its send bytes.
 *
 * <p>Only array_out's spelling converts: no white space outside quotes, quotes exactly around the
 * elements that need them (empty, any case of NULL, or holding a quote, backslash, brace, comma or
 * white space), backslashes only before a quote or backslash, explicit bounds only when some lower
 * bound is not 1. An element containing a vertical tab is refused (PostgreSQL versions disagree on
 * whether it is white space). The element converter gets the element unquoted and unescaped.
 *
 * <p>The element delimiter is the comma: do not use this for {@code box[]} (typdelim ';').
 *
 * <p>Stateless (it allocates a small counter array per value, and a copy of each element that has
 * backslash escapes): one instance may serve any number of threads if its element converter can.
 */
public final class ArrayConverter implements FieldConverter {
    private static final int MAXDIM = 6;

    private final FieldConverter element;
    private final int elementOid;

    /**
     * @param element    reads one element's text
     * @param elementOid the array type's typelem, which array_recv requires in the header
     */
    public ArrayConverter(FieldConverter element, int elementOid) {
        this.element = element;
        this.elementOid = elementOid;
    }

    /** The element converter. */
    FieldConverter element() {
        return element;
    }

    /** The element type's oid, as array_send writes it. */
    int elementOid() {
        return elementOid;
    }

    @Override
    public void convert(byte[] text, int offset, int length, ByteSink out) throws Unconvertible {
        int start = out.size();
        try {
            if (!read(text, offset, offset + length, out)) {
                throw new Unconvertible("not an array as PostgreSQL writes it");
            }
        } catch (Unconvertible e) {
            out.truncate(start);
            throw e;
        }
    }

    private boolean read(byte[] t, int off, int end, ByteSink out) throws Unconvertible {
        int p = off;
        int bodyStart = off;
        int boundsDims = 0;
        if (p < end && t[p] == '[') {
            int eq = p;
            while (eq < end && t[eq] != '=') {
                if (t[eq] == '[') {
                    boundsDims++;
                }
                eq++;
            }
            if (eq == end) {
                return false;
            }
            bodyStart = eq + 1;
        }
        int ndim = 0;
        while (bodyStart + ndim < end && t[bodyStart + ndim] == '{') {
            ndim++;
        }
        if (ndim == 0 || ndim > MAXDIM) {
            return false;
        }
        if (ndim == 1 && end - bodyStart == 2 && t[bodyStart + 1] == '}') {
            // the empty array: no dimensions (and never explicit bounds)
            if (boundsDims != 0) {
                return false;
            }
            out.writeInt(0);
            out.writeInt(0);
            out.writeInt(elementOid);
            return true;
        }
        if (boundsDims != 0 && boundsDims != ndim) {
            return false;
        }
        int header = out.size();
        out.writeInt(ndim);
        out.writeInt(0);
        out.writeInt(elementOid);
        for (int d = 0; d < ndim; d++) {
            out.writeInt(0); // size: 0 until known (a dimension is never empty)
            out.writeInt(1);
        }
        if (boundsDims != 0 && !readBounds(t, off, bodyStart - 1, out, header + 12)) {
            return false;
        }
        // the elements, row-major as array_send writes them; counts[d] counts the items of the open level d
        int[] counts = new int[ndim];
        boolean hasNull = false;
        int depth = 0;
        p = bodyStart;
        while (true) {
            while (depth < ndim) {
                if (p >= end || t[p] != '{') {
                    return false;
                }
                p++;
                counts[depth++] = 0;
            }
            while (true) {
                int next = element(t, p, end, out);
                if (next < 0) {
                    return false;
                }
                if (next - p == 4 && isNull(t, p, 4, false)) {
                    hasNull = true;
                }
                p = next;
                counts[ndim - 1]++;
                if (p < end && t[p] == ',') {
                    p++;
                } else {
                    break;
                }
            }
            while (true) {
                if (p >= end || t[p] != '}') {
                    return false;
                }
                p++;
                depth--;
                byte[] a = out.array();
                int slot = header + 12 + 8 * depth;
                int size = readInt(a, slot);
                if (size == 0) {
                    out.putInt(slot, counts[depth]);
                } else if (size != counts[depth]) {
                    return false;
                }
                if (depth == 0) {
                    if (p != end) {
                        return false;
                    }
                    if (hasNull) {
                        out.putInt(header + 4, 1);
                    }
                    return true;
                }
                counts[depth - 1]++;
                if (p < end && t[p] == ',') {
                    p++;
                    break;
                }
            }
        }
    }

    /**
     * Reads array_out's {@code [lb:ub]...} from {@code t[p, end)}, writing the sizes and lower bounds
     * into the header's slots; refuses bounds that array_out would not print (all lower bounds 1).
     */
    private static boolean readBounds(byte[] t, int p, int end, ByteSink out, int slots) {
        boolean needed = false;
        int d = 0;
        while (p < end) {
            if (t[p] != '[') {
                return false;
            }
            long lb = readInt(t, p + 1, end);
            if (lb == Long.MIN_VALUE) {
                return false;
            }
            p = skipInt(t, p + 1, end);
            if (p >= end || t[p] != ':') {
                return false;
            }
            long ub = readInt(t, p + 1, end);
            // ArrayCheckBounds: lb + size must not overflow an int
            if (ub == Long.MIN_VALUE || ub < lb || ub == Integer.MAX_VALUE) {
                return false;
            }
            p = skipInt(t, p + 1, end);
            if (p >= end || t[p] != ']') {
                return false;
            }
            p++;
            long size = ub - lb + 1;
            if (size > Integer.MAX_VALUE) {
                return false;
            }
            out.putInt(slots + 8 * d, (int) size);
            out.putInt(slots + 8 * d + 4, (int) lb);
            needed |= lb != 1;
            d++;
        }
        return needed;
    }

    /**
     * Converts the element at {@code t[p]} (ending before a ',' or '}') into {@code out} with its
     * length word; returns the position after it, or -1 if it is not spelled as array_out spells it.
     */
    private int element(byte[] t, int p, int end, ByteSink out) throws Unconvertible {
        if (p >= end) {
            return -1;
        }
        if (t[p] == '"') {
            int q = p + 1;
            boolean escaped = false;
            boolean needsQuotes = false;
            while (true) {
                if (q >= end) {
                    return -1;
                }
                byte c = t[q];
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    if (q + 1 >= end || (t[q + 1] != '"' && t[q + 1] != '\\')) {
                        return -1;
                    }
                    escaped = true;
                    needsQuotes = true;
                    q += 2;
                    continue;
                }
                if (c == 0x0b) {
                    return -1;
                }
                if (c == '{' || c == '}' || c == ',' || isSpace(c)) {
                    needsQuotes = true;
                }
                q++;
            }
            int from = p + 1;
            int length = q - from;
            if (!needsQuotes && length != 0 && !isNull(t, from, length, true)) {
                return -1;
            }
            int lengthWord = out.size();
            out.writeInt(0);
            if (escaped) {
                byte[] plain = new byte[length];
                int n = 0;
                for (int i = from; i < q; i++) {
                    if (t[i] == '\\') {
                        i++;
                    }
                    plain[n++] = t[i];
                }
                element.convert(plain, 0, n, out);
            } else {
                element.convert(t, from, length, out);
            }
            out.putInt(lengthWord, out.size() - lengthWord - 4);
            return q + 1;
        }
        int q = p;
        while (q < end && t[q] != ',' && t[q] != '}') {
            byte c = t[q];
            if (c == '"' || c == '\\' || c == '{' || c == 0x0b || isSpace(c)) {
                return -1;
            }
            q++;
        }
        int length = q - p;
        if (length == 0) {
            return -1;
        }
        if (isNull(t, p, length, false)) {
            out.writeInt(-1);
            return q;
        }
        if (isNull(t, p, length, true)) {
            return -1; // "null" and the like are quoted by array_out
        }
        int lengthWord = out.size();
        out.writeInt(0);
        element.convert(t, p, length, out);
        out.putInt(lengthWord, out.size() - lengthWord - 4);
        return q;
    }

    /** array_out's white space (scanner_isspace), vertical tab apart. */
    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    private static boolean isNull(byte[] t, int p, int length, boolean anyCase) {
        if (length != 4) {
            return false;
        }
        int mask = anyCase ? 0x20 : 0;
        return (t[p] | mask) == ('N' | mask) && (t[p + 1] | mask) == ('U' | mask)
                && (t[p + 2] | mask) == ('L' | mask) && (t[p + 3] | mask) == ('L' | mask);
    }

    private static int readInt(byte[] a, int p) {
        return ((a[p] & 0xff) << 24) | ((a[p + 1] & 0xff) << 16) | ((a[p + 2] & 0xff) << 8) | (a[p + 3] & 0xff);
    }

    /** A %d integer (no '+', no leading zero, no "-0") in int range at {@code t[p]}, or Long.MIN_VALUE. */
    private static long readInt(byte[] t, int p, int end) {
        boolean negative = p < end && t[p] == '-';
        int q = negative ? p + 1 : p;
        int start = q;
        long v = 0;
        while (q < end && t[q] >= '0' && t[q] <= '9' && q - start < 11) {
            v = v * 10 + (t[q] - '0');
            q++;
        }
        int digits = q - start;
        if (digits == 0 || digits > 10 || (digits > 1 && t[start] == '0') || (negative && v == 0)) {
            return Long.MIN_VALUE;
        }
        v = negative ? -v : v;
        return v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? Long.MIN_VALUE : v;
    }

    private static int skipInt(byte[] t, int p, int end) {
        if (p < end && t[p] == '-') {
            p++;
        }
        while (p < end && t[p] >= '0' && t[p] <= '9') {
            p++;
        }
        return p;
    }
}
