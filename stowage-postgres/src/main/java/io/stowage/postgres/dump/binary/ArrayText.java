package io.stowage.postgres.dump.binary;

import java.io.IOException;

/**
 * array_out for arrays of int2, int4, int8 and the text-like types (text, varchar, bpchar, name),
 * from array_send's form: ndim, the has-nulls flag, the element type's oid, each dimension's length
 * and lower bound, then the elements (a length word, -1 for NULL, and the element's send form).
 *
 * <p>The text: {@code {}} for no elements; the dimensions as {@code [lb:ub]} and {@code =} first
 * when a lower bound is not 1; the elements in nested braces separated by commas, NULL as
 * {@code NULL}, a text element in double quotes (with {@code "} and {@code \} backslashed) when it is
 * empty, is {@code NULL} in any case, or holds {@code " \ { } ,} or array_isspace's white space. The
 * caller applies COPY's escaping to the whole.
 */
final class ArrayText {
    /** The element formats. */
    static final int INT2 = 1;
    static final int INT4 = 2;
    static final int INT8 = 3;
    static final int TEXT = 4;

    /** PostgreSQL's MAXDIM. */
    private static final int MAXDIM = 6;

    private ArrayText() {
    }

    /**
     * Writes array_out's text of the array at {@code b[p, p + len)} to {@code out} (unescaped), its
     * elements of {@code element} format and type {@code elementOid}.
     */
    static void format(byte[] b, int p, int len, int element, int elementOid, TextSink out) throws IOException {
        int end = p + len;
        if (len < 12) {
            throw Formats.malformed("array", len);
        }
        int ndim = Formats.intAt(b, p);
        int flags = Formats.intAt(b, p + 4);
        int oid = Formats.intAt(b, p + 8);
        if (ndim < 0 || ndim > MAXDIM || (flags & ~1) != 0 || oid != elementOid || len < 12 + 8 * ndim) {
            throw Formats.malformed("array", len);
        }
        p += 12;
        if (ndim == 0) {
            out.put('{');
            out.put('}');
            return;
        }
        if (ndim == 1 && Formats.intAt(b, p + 4) == 1) {
            // the common one-dimensional array from 1: no decoration, no nesting, nothing allocated
            int count = Formats.intAt(b, p);
            p += 8;
            if (count <= 0 || count > end - p) {
                throw Formats.malformed("array", len);
            }
            out.put('{');
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    out.put(',');
                }
                if (end - p < 4) {
                    throw Formats.malformed("array", len);
                }
                int n = Formats.intAt(b, p);
                p += 4;
                if (n == -1) {
                    out.put(NULL, 0, NULL.length);
                } else {
                    if (n < 0 || n > end - p) {
                        throw Formats.malformed("array", len);
                    }
                    element(b, p, n, element, out);
                    p += n;
                }
            }
            out.put('}');
            if (p != end) {
                throw Formats.malformed("array", len);
            }
            return;
        }
        int[] dims = new int[ndim];
        int[] bounds = new int[ndim];
        boolean decorate = false;
        long items = 1;
        for (int i = 0; i < ndim; i++) {
            dims[i] = Formats.intAt(b, p);
            bounds[i] = Formats.intAt(b, p + 4);
            p += 8;
            if (dims[i] <= 0) {
                throw Formats.malformed("array", len);
            }
            items *= dims[i];
            if (items > end - p) {
                throw Formats.malformed("array", len);
            }
            decorate |= bounds[i] != 1;
        }
        if (decorate) {
            for (int i = 0; i < ndim; i++) {
                byte[] a = out.reserve(24);
                int q = out.size();
                a[q++] = '[';
                q = Formats.putLong(a, q, bounds[i]);
                a[q++] = ':';
                q = Formats.putLong(a, q, (long) bounds[i] + dims[i] - 1);
                a[q++] = ']';
                out.setSize(q);
            }
            out.put('=');
        }
        int[] index = new int[ndim];
        out.put('{');
        int j = 0;
        do {
            for (int i = j; i < ndim - 1; i++) {
                out.put('{');
            }
            if (end - p < 4) {
                throw Formats.malformed("array", len);
            }
            int n = Formats.intAt(b, p);
            p += 4;
            if (n == -1) {
                out.put(NULL, 0, NULL.length);
            } else {
                if (n < 0 || n > end - p) {
                    throw Formats.malformed("array", len);
                }
                element(b, p, n, element, out);
                p += n;
            }
            int i;
            for (i = ndim - 1; i >= 0; i--) {
                if (++index[i] < dims[i]) {
                    out.put(',');
                    break;
                }
                index[i] = 0;
                out.put('}');
            }
            j = i;
        } while (j != -1);
        if (p != end) {
            throw Formats.malformed("array", len);
        }
    }

    private static final byte[] NULL = {'N', 'U', 'L', 'L'};

    private static void element(byte[] b, int p, int n, int element, TextSink out) throws IOException {
        switch (element) {
            case INT2 -> {
                byte[] a = out.reserve(Formats.INT2_MAX);
                out.setSize(Formats.int2(b, p, n, a, out.size()));
            }
            case INT4 -> {
                byte[] a = out.reserve(Formats.INT4_MAX);
                out.setSize(Formats.int4(b, p, n, a, out.size()));
            }
            case INT8 -> {
                byte[] a = out.reserve(Formats.INT8_MAX);
                out.setSize(Formats.int8(b, p, n, a, out.size()));
            }
            default -> text(b, p, n, out);
        }
    }

    /** A text element, quoted when array_out quotes it. */
    private static void text(byte[] b, int p, int n, TextSink out) {
        int end = p + n;
        boolean quote = n == 0 || n == 4 && (b[p] | 0x20) == 'n' && (b[p + 1] | 0x20) == 'u'
                && (b[p + 2] | 0x20) == 'l' && (b[p + 3] | 0x20) == 'l';
        int escapes = 0;
        for (int i = p; i < end; i++) {
            byte c = b[i];
            if (c == '"' || c == '\\') {
                escapes++;
            } else if (c == '{' || c == '}' || c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r'
                    || c == 0x0b || c == '\f') {
                quote = true;
            }
        }
        if (!quote && escapes == 0) {
            out.put(b, p, n);
            return;
        }
        byte[] a = out.reserve(n + escapes + 2);
        int q = out.size();
        a[q++] = '"';
        for (int i = p; i < end; i++) {
            byte c = b[i];
            if (c == '"' || c == '\\') {
                a[q++] = '\\';
            }
            a[q++] = c;
        }
        a[q++] = '"';
        out.setSize(q);
    }
}
