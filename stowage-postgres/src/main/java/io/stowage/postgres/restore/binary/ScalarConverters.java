package io.stowage.postgres.restore.binary;

import java.nio.charset.StandardCharsets;

/**
 * Converters for the built-in scalar types: each reads exactly the text the type's output function
 * writes (see {@link FieldConverter}) and writes what the type's send function writes for that
 * value. All are stateless and may be shared between threads.
 */
public final class ScalarConverters {

    /** {@code boolean}: {@code t} or {@code f}; boolsend's one byte. */
    public static final FieldConverter BOOL = (t, off, len, out) -> {
        if (len == 1 && t[off] == 't') {
            out.write(1);
        } else if (len == 1 && t[off] == 'f') {
            out.write(0);
        } else {
            throw refuse("boolean");
        }
    };

    /** {@code smallint}. */
    public static final FieldConverter INT2 = (t, off, len, out) -> out.writeShort((int) integer(t, off, len,
            Short.MIN_VALUE, Short.MAX_VALUE));

    /** {@code integer}. */
    public static final FieldConverter INT4 = (t, off, len, out) -> out.writeInt((int) integer(t, off, len,
            Integer.MIN_VALUE, Integer.MAX_VALUE));

    /** {@code bigint}. */
    public static final FieldConverter INT8 = (t, off, len, out) -> out.writeLong(integer(t, off, len,
            Long.MIN_VALUE, Long.MAX_VALUE));

    /** {@code oid}: an unsigned 32-bit number, sent as its four bytes. */
    public static final FieldConverter OID = (t, off, len, out) -> out.writeInt((int) integer(t, off, len,
            0, 0xFFFF_FFFFL));

    /** {@code real}: the bits of the float the server's strtof reads from the text. */
    public static final FieldConverter FLOAT4 = (t, off, len, out) -> out.writeInt(Float.floatToRawIntBits(
            float4(t, off, len)));

    /** {@code double precision}: the bits of the double the server's strtod reads from the text. */
    public static final FieldConverter FLOAT8 = (t, off, len, out) -> out.writeLong(Double.doubleToRawLongBits(
            float8(t, off, len)));

    /** {@code numeric}, as numeric_send writes it. */
    public static final FieldConverter NUMERIC = ScalarConverters::numeric;

    /**
     * {@code text}, {@code varchar}, {@code bpchar}, enums and {@code json}: the bytes as they are
     * (the receive functions read the same text, with the same checks, as the input functions).
     */
    public static final FieldConverter TEXT = (t, off, len, out) -> out.write(t, off, len);

    /**
     * {@code name}: the bytes, when shorter than NAMEDATALEN (namein would cut a longer one short
     * where namerecv refuses it).
     */
    public static final FieldConverter NAME = (t, off, len, out) -> {
        if (len > 63) {
            throw refuse("name");
        }
        out.write(t, off, len);
    };

    /** {@code jsonb}: version 1, then the text. */
    public static final FieldConverter JSONB = (t, off, len, out) -> {
        out.write(1);
        out.write(t, off, len);
    };

    /** {@code bytea} in the hex form {@code \x0a1b} (lowercase, as byteaout writes it): the raw bytes. */
    public static final FieldConverter BYTEA = (t, off, len, out) -> {
        if (len < 2 || (len & 1) != 0 || t[off] != '\\' || t[off + 1] != 'x') {
            throw refuse("bytea");
        }
        for (int p = off + 2, end = off + len; p < end; p += 2) {
            int hi = lowerHex(t[p]);
            int lo = lowerHex(t[p + 1]);
            if ((hi | lo) < 0) {
                throw refuse("bytea");
            }
            out.write((hi << 4) | lo);
        }
    };

    /** {@code uuid} as uuid_out writes it (lowercase, 8-4-4-4-12): the 16 bytes. */
    public static final FieldConverter UUID = (t, off, len, out) -> {
        if (len != 36) {
            throw refuse("uuid");
        }
        for (int i = 0; i < 36; ) {
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (t[off + i] != '-') {
                    throw refuse("uuid");
                }
                i++;
                continue;
            }
            int hi = lowerHex(t[off + i]);
            int lo = lowerHex(t[off + i + 1]);
            if ((hi | lo) < 0) {
                throw refuse("uuid");
            }
            out.write((hi << 4) | lo);
            i += 2;
        }
    };

    private static final long[] LONG_TENS = new long[19];
    private static final double[] DOUBLE_TENS = new double[23];
    private static final float[] FLOAT_TENS = new float[11];

    static {
        LONG_TENS[0] = 1;
        for (int i = 1; i < LONG_TENS.length; i++) {
            LONG_TENS[i] = LONG_TENS[i - 1] * 10;
        }
        for (int i = 0; i < DOUBLE_TENS.length; i++) {
            DOUBLE_TENS[i] = Double.parseDouble("1e" + i);
        }
        for (int i = 0; i < FLOAT_TENS.length; i++) {
            FLOAT_TENS[i] = Float.parseFloat("1e" + i);
        }
    }

    private ScalarConverters() {
    }

    private static Unconvertible refuse(String type) {
        return new Unconvertible("not a canonical " + type);
    }

    private static int lowerHex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /**
     * An integer as int8out/int4out/int2out/oidout write it: an optional minus, then 0 or digits
     * without a leading zero; never {@code -0}, {@code +}, spaces or an exponent.
     */
    static long integer(byte[] t, int off, int len, long min, long max) throws Unconvertible {
        if (len == 0 || len > 20) {
            throw refuse("integer");
        }
        int p = off;
        int end = off + len;
        boolean negative = t[p] == '-';
        if (negative && ++p == end) {
            throw refuse("integer");
        }
        if (t[p] == '0') {
            if (!negative && len == 1) {
                return 0;
            }
            throw refuse("integer");
        }
        if (end - p <= 18) {
            // cannot overflow a long: no test per digit beyond the digit's own
            long v = 0;
            for (; p < end; p++) {
                int d = t[p] - '0';
                if (d < 0 || d > 9) {
                    throw refuse("integer");
                }
                v = v * 10 + d;
            }
            long r = negative ? -v : v;
            if (r < min || r > max) {
                throw refuse("integer");
            }
            return r;
        }
        // accumulated negatively, as Long.parseLong does, so that Long.MIN_VALUE fits
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multmin = limit / 10;
        long v = 0;
        for (; p < end; p++) {
            int d = t[p] - '0';
            if (d < 0 || d > 9 || v < multmin) {
                throw refuse("integer");
            }
            v *= 10;
            if (v < limit + d) {
                throw refuse("integer");
            }
            v -= d;
        }
        long r = negative ? v : -v;
        if (r < min || r > max) {
            throw refuse("integer");
        }
        return r;
    }

    /**
     * Checks the form float8out/float4out write (and their %g-style output before PostgreSQL 12):
     * {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?(e[+-][0-9]{2,3})?}. Returns 0 for a plain number, or
     * the index of the {@code e}.
     */
    private static int floatSyntax(byte[] t, int off, int len) throws Unconvertible {
        int p = off;
        int end = off + len;
        if (p < end && t[p] == '-') {
            p++;
        }
        int digits = p;
        while (p < end && isDigit(t[p])) {
            p++;
        }
        if (p == digits || (t[digits] == '0' && p - digits > 1)) {
            throw refuse("float");
        }
        if (p < end && t[p] == '.') {
            int fraction = ++p;
            while (p < end && isDigit(t[p])) {
                p++;
            }
            if (p == fraction) {
                throw refuse("float");
            }
        }
        if (p == end) {
            return 0;
        }
        int e = p;
        if (t[p] != 'e' || end - p < 4 || end - p > 5 || (t[p + 1] != '+' && t[p + 1] != '-')) {
            throw refuse("float");
        }
        for (p += 2; p < end; p++) {
            if (!isDigit(t[p])) {
                throw refuse("float");
            }
        }
        return e;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** Whether {@code t[off, off+len)} spells {@code word}. */
    private static boolean is(byte[] t, int off, int len, String word) {
        if (len != word.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (t[off + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static double float8(byte[] t, int off, int len) throws Unconvertible {
        if (len > 0 && (t[off] == 'N' || t[off] == 'I' || (t[off] == '-' && len > 1 && t[off + 1] == 'I'))) {
            if (is(t, off, len, "NaN")) {
                return Double.NaN;
            }
            if (is(t, off, len, "Infinity")) {
                return Double.POSITIVE_INFINITY;
            }
            if (is(t, off, len, "-Infinity")) {
                return Double.NEGATIVE_INFINITY;
            }
            throw refuse("float8");
        }
        int e = floatSyntax(t, off, len);
        boolean negative = t[off] == '-';
        // Clinger's fast path: up to 15 significant digits times an exact power of ten is one
        // correctly rounded operation, the same double strtod finds
        long d = fastDecimal(t, off, len, e, 15, 22);
        if (d < 0) {
            return slowFloat8(t, off, len);
        }
        long m = d >> 6;
        int exponent = (int) (d & 63) - 32;
        if (m == 0) {
            return negative ? -0.0 : 0.0;
        }
        double v = exponent >= 0 ? m * DOUBLE_TENS[exponent] : m / DOUBLE_TENS[-exponent];
        return negative ? -v : v;
    }

    /**
     * A float's text (checked by {@link #floatSyntax}, {@code e} the index of its exponent mark or
     * 0) as mantissa and power of ten, packed as {@code mantissa * 64 + power + 32}; -1 when it has
     * more than {@code maxDigits} significant digits or a power beyond {@code maxPower} either way,
     * which the caller reads the slow way.
     */
    private static long fastDecimal(byte[] t, int off, int len, int e, int maxDigits, int maxPower) {
        int end = off + len;
        int mantissaEnd = e == 0 ? end : e;
        long m = 0;
        int significant = 0;
        int exponent = 0;
        boolean fraction = false;
        for (int p = t[off] == '-' ? off + 1 : off; p < mantissaEnd; p++) {
            byte c = t[p];
            if (c == '.') {
                fraction = true;
                continue;
            }
            if (m == 0 && c == '0') {
                if (fraction) {
                    exponent--;
                }
                continue;
            }
            if (++significant > maxDigits) {
                return -1;
            }
            m = m * 10 + (c - '0');
            if (fraction) {
                exponent--;
            }
        }
        if (m == 0) {
            return 32;
        }
        if (e != 0) {
            int x = 0;
            for (int p = e + 2; p < end; p++) {
                x = x * 10 + (t[p] - '0');
                if (x > 10_000) {
                    return -1;
                }
            }
            exponent += t[e + 1] == '-' ? -x : x;
        }
        if (exponent < -maxPower || exponent > maxPower) {
            return -1;
        }
        return m << 6 | (exponent + 32);
    }

    private static double slowFloat8(byte[] t, int off, int len) throws Unconvertible {
        double v = Double.parseDouble(new String(t, off, len, StandardCharsets.ISO_8859_1));
        if (Double.isInfinite(v) || v == 0) {
            // float8in refuses what strtod finds out of range; a zero here had non-zero digits
            throw refuse("float8");
        }
        return v;
    }

    static float float4(byte[] t, int off, int len) throws Unconvertible {
        if (len > 0 && (t[off] == 'N' || t[off] == 'I' || (t[off] == '-' && len > 1 && t[off + 1] == 'I'))) {
            if (is(t, off, len, "NaN")) {
                return Float.NaN;
            }
            if (is(t, off, len, "Infinity")) {
                return Float.POSITIVE_INFINITY;
            }
            if (is(t, off, len, "-Infinity")) {
                return Float.NEGATIVE_INFINITY;
            }
            throw refuse("float4");
        }
        int e = floatSyntax(t, off, len);
        boolean negative = t[off] == '-';
        // the float version of Clinger's fast path: up to 7 digits (below 2^24), 10^0 to 10^10
        long d = fastDecimal(t, off, len, e, 7, 10);
        if (d < 0) {
            return slowFloat4(t, off, len);
        }
        float m = d >> 6;
        int exponent = (int) (d & 63) - 32;
        if (m == 0) {
            return negative ? -0.0f : 0.0f;
        }
        float v = exponent >= 0 ? m * FLOAT_TENS[exponent] : m / FLOAT_TENS[-exponent];
        return negative ? -v : v;
    }

    private static float slowFloat4(byte[] t, int off, int len) throws Unconvertible {
        float v = Float.parseFloat(new String(t, off, len, StandardCharsets.ISO_8859_1));
        if (Float.isInfinite(v) || v == 0) {
            throw refuse("float4");
        }
        return v;
    }

    /**
     * numeric_out's text ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?}, never a negative zero; {@code NaN},
     * {@code Infinity}, {@code -Infinity}) to numeric_send's form: ndigits, weight, sign, dscale,
     * then the base-10000 digits without leading or trailing zero digits (a zero has none and
     * weight 0).
     */
    static void numeric(byte[] t, int off, int len, ByteSink out) throws Unconvertible {
        if (len == 0) {
            throw refuse("numeric");
        }
        int end = off + len;
        byte first = t[off];
        if (first == 'N' || first == 'I' || (first == '-' && len > 1 && t[off + 1] == 'I')) {
            int sign;
            if (is(t, off, len, "NaN")) {
                sign = 0xC000;
            } else if (is(t, off, len, "Infinity")) {
                sign = 0xD000;
            } else if (is(t, off, len, "-Infinity")) {
                sign = 0xF000;
            } else {
                throw refuse("numeric");
            }
            out.writeInt(0);
            out.writeShort(sign);
            // numeric_send reads a special value's dscale from its short header, where the bits
            // of 0xD000 and 0xF000 (but not of NaN's 0xC000) give 32
            out.writeShort(sign == 0xC000 ? 0 : 32);
            return;
        }
        boolean negative = first == '-';
        int p = negative ? off + 1 : off;
        int intStart = p;
        while (p < end && isDigit(t[p])) {
            p++;
        }
        int intEnd = p;
        if (intEnd == intStart || (t[intStart] == '0' && intEnd - intStart > 1)) {
            throw refuse("numeric");
        }
        int fracStart = intEnd;
        int fracEnd = intEnd;
        if (p < end) {
            if (t[p] != '.') {
                throw refuse("numeric");
            }
            fracStart = ++p;
            while (p < end && isDigit(t[p])) {
                p++;
            }
            fracEnd = p;
            if (fracEnd == fracStart || p != end) {
                throw refuse("numeric");
            }
        }
        if (t[intStart] == '0') {
            intStart = intEnd;
        }
        int intLen = intEnd - intStart;
        int dscale = fracEnd - fracStart;
        if (intLen > 131072 || dscale > 16383 || (intLen + dscale) / 4 + 2 > Short.MAX_VALUE) {
            throw refuse("numeric");
        }
        int pad = (4 - intLen % 4) % 4;
        int weight = intLen > 0 ? (intLen + pad) / 4 - 1 : -1;
        int headerAt = out.size();
        out.writeInt(0);
        out.writeShort(negative ? 0x4000 : 0);
        out.writeShort(dscale);
        int ndigits = 0;
        int kept = 0;
        int acc = 0;
        int count = pad;
        for (int i = intStart; i < fracEnd; i++) {
            if (i == intEnd) {
                i = fracStart;
            }
            acc = acc * 10 + (t[i] - '0');
            if (++count == 4) {
                if (ndigits == 0 && acc == 0) {
                    weight--;
                } else {
                    out.writeShort(acc);
                    ndigits++;
                    if (acc != 0) {
                        kept = ndigits;
                    }
                }
                acc = 0;
                count = 0;
            }
        }
        if (count > 0) {
            for (; count < 4; count++) {
                acc *= 10;
            }
            if (acc != 0) {
                out.writeShort(acc);
                kept = ++ndigits;
            }
        }
        out.truncate(out.size() - 2 * (ndigits - kept));
        if (kept == 0) {
            if (negative) {
                throw refuse("numeric");
            }
            weight = 0;
        }
        out.putInt(headerAt, (kept << 16) | (weight & 0xFFFF));
    }
}
