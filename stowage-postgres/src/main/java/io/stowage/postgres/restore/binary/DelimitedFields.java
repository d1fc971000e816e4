package io.stowage.postgres.restore.binary;

/**
 * Fast paths of {@link TextCopyToBinary} for the common fixed-syntax column types: each reads one
 * field straight from the COPY text buffer, finding the field's end as it parses instead of after a
 * separate scan for the delimiter, and writes the field's length word and binary value into the
 * output array. The restore runs with the C1 JIT only, which neither inlines the converters' calls
 * nor unrolls loops, so reading each byte once and writing with plain array stores is what pays.
 *
 * <p>Each fast path accepts only a plain subset of what the type's {@link FieldConverter} accepts
 * (so the bytes are those the converter writes for the same text) and the field must end in a tab
 * or newline. For anything else (a NULL, a backslash escape, a value outside the subset, a field
 * that runs into the end of the data read so far) it returns {@link #NO} and the caller converts
 * the field the general way, which converts it exactly or refuses it. Nothing written by a fast path
 * that returns {@link #NO} counts: the caller's output position does not move.
 *
 * <p>Common contract: {@code b[limit]} is a newline (the caller's sentinel), {@code p <= limit},
 * and {@code a} has room for {@link #MAX_BYTES} bytes at {@code o}. A field read here holds only
 * digits and the punctuation of its type, never COPY's special bytes (tab, newline, carriage
 * return, backslash), so it is the same field the general scan would have found.
 */
final class DelimitedFields {
    /** The field was not read here. */
    static final int NO = -1;

    /** The field is longer than the room given: read it again with more ({@link DelimitedArrays}). */
    static final int MORE_ROOM = -2;

    /**
     * Room a fast path may write into: the length word and the largest value (numeric's 8 header
     * bytes and 4 digits); under 256, so the caller reads the length from the word's last byte.
     */
    static final int MAX_BYTES = 4 + 8 + 2 * 4;

    /** The value of a lowercase hex digit by its byte (as an unsigned index), -1 for any other byte. */
    private static final byte[] HEX = new byte[256];

    /** Where uuid_out's 16 digit pairs start in its 8-4-4-4-12 text. */
    private static final int[] UUID_PAIRS = {0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34};

    static {
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int i = 0; i < 16; i++) {
            HEX["0123456789abcdef".charAt(i)] = (byte) i;
        }
    }

    private DelimitedFields() {
    }

    /**
     * {@code smallint}, {@code integer} or {@code bigint} ({@code size} 2, 4 or 8) of at most 18
     * digits, as {@link ScalarConverters#integer} reads it.
     *
     * @return the index of the tab or newline after the field, or {@link #NO}
     */
    static int integer(byte[] b, int p, int limit, byte[] a, int o, int size) {
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
        byte c = b[p];
        // 18 digits cannot overflow; a leading zero is only the number 0 ("-0" and "01" are refused)
        if (n == 0 || n > 18 || p >= limit || (c != '\t' && c != '\n')
                || (b[digits] == '0' && (n > 1 || negative))) {
            return NO;
        }
        if (negative) {
            v = -v;
        }
        // the value fits in size bytes when the bits above its sign bit are copies of it (always
        // for 8 bytes and 18 digits)
        long high = v >> (8 * size - 1);
        if (high != 0 && high != -1) {
            return NO;
        }
        a[o] = 0;
        a[o + 1] = 0;
        a[o + 2] = 0;
        a[o + 3] = (byte) size;
        int i = o + 4;
        if (size == 8) {
            int word = (int) (v >>> 32);
            a[i] = (byte) (word >>> 24);
            a[i + 1] = (byte) (word >>> 16);
            a[i + 2] = (byte) (word >>> 8);
            a[i + 3] = (byte) word;
            i += 4;
        }
        int word = (int) v;
        if (size >= 4) {
            a[i] = (byte) (word >>> 24);
            a[i + 1] = (byte) (word >>> 16);
            i += 2;
        }
        a[i] = (byte) (word >>> 8);
        a[i + 1] = (byte) word;
        return p;
    }

    /**
     * {@code numeric} with at most 12 digits before the point (numeric(12,0) to numeric(16,4))
     * and 1 to 4 after it, or none (a plain integer), as {@link ScalarConverters#numeric} reads it:
     * at most 4 base-10000 digits.
     *
     * @return the index of the tab or newline after the field, or {@link #NO}
     */
    static int numeric(byte[] b, int p, int limit, byte[] a, int o) {
        boolean negative = b[p] == '-';
        if (negative) {
            p++;
        }
        int intStart = p;
        long whole = 0;
        while (true) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            whole = whole * 10 + d;
            p++;
        }
        int intLen = p - intStart;
        if (intLen == 0 || intLen > 12 || (b[intStart] == '0' && intLen > 1)) {
            return NO;
        }
        int fraction = 0;
        int dscale = 0;
        if (b[p] == '.') {
            int fracStart = ++p;
            while (true) {
                int d = b[p] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                fraction = fraction * 10 + d;
                p++;
            }
            dscale = p - fracStart;
            if (dscale == 0 || dscale > 4) {
                return NO;
            }
            for (int i = dscale; i < 4; i++) {
                fraction *= 10;
            }
        }
        byte c = b[p];
        if (p >= limit || (c != '\t' && c != '\n')) {
            return NO;
        }
        // base-10000 digits: up to three for the integer part, from its first non-zero one (none
        // for 0), then one for the fraction; the weight is the first digit's
        int q = o + 12;
        int weight;
        int rest = (int) whole;
        if (intLen > 8) {
            int top = (int) (whole / 100_000_000);
            rest = (int) (whole - top * 100_000_000L);
            weight = 2;
            q = digit(a, q, top);
            q = digit(a, q, rest / 10000);
            q = digit(a, q, rest % 10000);
        } else if (rest >= 10000) {
            weight = 1;
            q = digit(a, q, rest / 10000);
            q = digit(a, q, rest % 10000);
        } else if (rest != 0) {
            weight = 0;
            q = digit(a, q, rest);
        } else {
            weight = -1;
        }
        q = digit(a, q, fraction);
        // trailing zero digits are not sent; a number without any is zero, of weight 0
        while (q > o + 12 && a[q - 2] == 0 && a[q - 1] == 0) {
            q -= 2;
        }
        int ndigits = (q - o - 12) >> 1;
        if (ndigits == 0) {
            if (negative) {
                // numeric_out never writes "-0"
                return NO;
            }
            weight = 0;
        }
        putInt(a, o, 8 + 2 * ndigits);
        a[o + 4] = 0;
        a[o + 5] = (byte) ndigits;
        a[o + 6] = (byte) (weight >> 8);
        a[o + 7] = (byte) weight;
        a[o + 8] = negative ? (byte) 0x40 : 0;
        a[o + 9] = 0;
        a[o + 10] = 0;
        a[o + 11] = (byte) dscale;
        return p;
    }

    private static int digit(byte[] a, int q, int v) {
        a[q] = (byte) (v >>> 8);
        a[q + 1] = (byte) v;
        return q + 2;
    }

    /**
     * {@code timestamp} or {@code timestamptz} with a four-digit year, AD, and (timestamptz) an offset
     * of whole hours, read by {@code converter}'s own parser once the end is found.
     *
     * @return the index of the tab or newline after the field, or {@link #NO}
     */
    static int timestamp(TimestampConverter converter, byte[] b, int p, int limit, byte[] a, int o) {
        // "YYYY-MM-DD HH:MM:SS" and at least its delimiter
        if (limit - p < 20) {
            return NO;
        }
        int q = p + 19;
        if (b[q] == '.') {
            q++;
            while (b[q] >= '0' && b[q] <= '9') {
                q++;
            }
        }
        if (converter.withTimeZone()) {
            if ((b[q] != '+' && b[q] != '-') || limit - q < 3) {
                return NO;
            }
            q += 3;
        }
        byte c = b[q];
        if (q >= limit || (c != '\t' && c != '\n')) {
            return NO;
        }
        // the parser checks every byte of b[p, q): digits and the punctuation of its form only
        long v = converter.parse(b, p, q);
        if (v == Long.MIN_VALUE) {
            return NO;
        }
        putInt(a, o, 8);
        putInt(a, o + 4, (int) (v >>> 32));
        putInt(a, o + 8, (int) v);
        return q;
    }

    /**
     * An {@code inet} IPv4 host address (no "/bits"), as {@link InetConverter} reads it.
     *
     * @return the index of the tab or newline after the field, or {@link #NO}
     */
    static int ipv4(byte[] b, int p, int limit, byte[] a, int o) {
        int address = 0;
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                if (b[p] != '.') {
                    return NO;
                }
                p++;
            }
            int start = p;
            int v = 0;
            while (p - start < 3) {
                int d = b[p] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                v = v * 10 + d;
                p++;
            }
            // %u: no empty octet, no leading zero (a fourth digit fails at the '.' or the delimiter)
            if (p == start || (p - start > 1 && b[start] == '0') || v > 255) {
                return NO;
            }
            address = (address << 8) | v;
        }
        byte c = b[p];
        if (p >= limit || (c != '\t' && c != '\n')) {
            return NO;
        }
        putInt(a, o, 8);
        // family PGSQL_AF_INET, 32 bits, not cidr, 4 address bytes
        a[o + 4] = 2;
        a[o + 5] = 32;
        a[o + 6] = 0;
        a[o + 7] = 4;
        a[o + 8] = (byte) (address >>> 24);
        a[o + 9] = (byte) (address >>> 16);
        a[o + 10] = (byte) (address >>> 8);
        a[o + 11] = (byte) address;
        return p;
    }

    /**
     * {@code bytea} in byteaout's hex form, whose backslash COPY text doubles: {@code \\x} then
     * lowercase hex digit pairs, as {@link ScalarConverters#BYTEA} reads it once de-escaped. The
     * digits are decoded straight from the COPY text, without the de-escaped copy the general path
     * makes of a field with a backslash.
     *
     * <p>Unlike the other fast paths the value may be long: the caller makes room for
     * {@code 4 + (limit - p) / 2} bytes at {@code o} instead of {@link #MAX_BYTES}.
     *
     * @return the index of the tab or newline after the field, or {@link #NO}
     */
    static int bytea(byte[] b, int p, int limit, byte[] a, int o) {
        // each test stops at a byte before the sentinel, so the next index is at most limit
        if (b[p] != '\\' || b[p + 1] != '\\' || b[p + 2] != 'x') {
            return NO;
        }
        p += 3;
        int q = o + 4;
        byte[] hex = HEX;
        while (true) {
            int hi = hex[b[p] & 0xff];
            if (hi < 0) {
                break;
            }
            // b[p] is a digit, not the sentinel, so b[p + 1] is within the data or the sentinel
            int lo = hex[b[p + 1] & 0xff];
            if (lo < 0) {
                // an odd number of digits, an uppercase or escaped digit: the converter decides
                return NO;
            }
            a[q++] = (byte) ((hi << 4) | lo);
            p += 2;
        }
        byte c = b[p];
        if (p >= limit || (c != '\t' && c != '\n')) {
            return NO;
        }
        putInt(a, o, q - o - 4);
        return p;
    }

    /**
     * {@code uuid} as uuid_out writes it (lowercase, 8-4-4-4-12), as {@link ScalarConverters#UUID}
     * reads it.
     *
     * @return the index of the tab or newline after the field, or {@link #NO}
     */
    static int uuid(byte[] b, int p, int limit, byte[] a, int o) {
        // 36 bytes and the delimiter, which must be data rather than the sentinel
        if (limit - p <= 36) {
            return NO;
        }
        byte c = b[p + 36];
        if ((c != '\t' && c != '\n') || b[p + 8] != '-' || b[p + 13] != '-' || b[p + 18] != '-'
                || b[p + 23] != '-') {
            return NO;
        }
        byte[] hex = HEX;
        int[] pairs = UUID_PAIRS;
        // an or of all digits is negative when any byte is not a lowercase digit
        int all = 0;
        for (int i = 0; i < 16; i++) {
            int at = p + pairs[i];
            int hi = hex[b[at] & 0xff];
            int lo = hex[b[at + 1] & 0xff];
            all |= hi | lo;
            a[o + 4 + i] = (byte) ((hi << 4) | lo);
        }
        if (all < 0) {
            return NO;
        }
        putInt(a, o, 16);
        return p + 36;
    }

    /** The big-endian int32 at {@code a[o]}: a length word a fast path wrote. */
    static int getInt(byte[] a, int o) {
        return ((a[o] & 0xff) << 24) | ((a[o + 1] & 0xff) << 16) | ((a[o + 2] & 0xff) << 8) | (a[o + 3] & 0xff);
    }

    /** A big-endian int32 (a field's length word, or half of an int64) at {@code a[o]}. */
    static void putInt(byte[] a, int o, int v) {
        a[o] = (byte) (v >>> 24);
        a[o + 1] = (byte) (v >>> 16);
        a[o + 2] = (byte) (v >>> 8);
        a[o + 3] = (byte) v;
    }
}
