package io.stowage.postgres.dump.binary;

import io.stowage.postgres.restore.binary.InetConverter;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The output functions of the supported types, from their binary send form to the text COPY writes
 * (already escaped as CopyAttributeOutText escapes it). Each appends to a {@link TextSink} and is
 * static and allocation-free: the client JIT is C1 only, which inlines little, so the hot paths
 * store into the sink's array directly.
 */
final class Formats {
    /** Two ASCII digits of 0..99, high then low. */
    private static final byte[] PAIRS = new byte[200];
    /** Two lowercase hex digits of 0..255. */
    private static final byte[] HEX_PAIRS = new byte[512];
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /**
     * For a byte below 0x80: 0 when it is copied as is, else the letter that follows the backslash
     * in its escape (CopyAttributeOutText: backslash, and \b \f \n \r \t \v; the other control
     * characters pass through, and so does every byte of a UTF-8 multibyte character).
     */
    private static final byte[] ESCAPE = new byte[128];
    private static final byte[] MIN_INT8 = "-9223372036854775808".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static final int POSTGRES_EPOCH_JDATE = 2451545;
    static final long USECS_PER_DAY = 86_400_000_000L;

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
        for (int i = 0; i < 256; i++) {
            HEX_PAIRS[2 * i] = HEX[i >> 4];
            HEX_PAIRS[2 * i + 1] = HEX[i & 15];
        }
        ESCAPE['\\'] = '\\';
        ESCAPE['\b'] = 'b';
        ESCAPE['\f'] = 'f';
        ESCAPE['\n'] = 'n';
        ESCAPE['\r'] = 'r';
        ESCAPE['\t'] = 't';
        ESCAPE[0x0b] = 'v';
    }

    private Formats() {
    }

    private static final VarHandle BIG_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    static int shortAt(byte[] b, int p) {
        return (short) ((b[p] << 8) | (b[p + 1] & 0xff));
    }

    static int intAt(byte[] b, int p) {
        return (b[p] << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
    }

    static long longAt(byte[] b, int p) {
        return (long) BIG_LONGS.get(b, p);
    }

    static IOException malformed(String type, int length) {
        return new IOException("binary COPY: a " + type + " value of " + length + " bytes is not as the server sends it");
    }

    // ---- integers and bool

    /** Writes {@code v} in decimal at {@code a[p]} (room for 20 bytes) and returns the end. */
    static int putLong(byte[] a, int p, long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                System.arraycopy(MIN_INT8, 0, a, p, MIN_INT8.length);
                return p + MIN_INT8.length;
            }
            a[p++] = '-';
            v = -v;
        }
        if (v < Integer.MAX_VALUE) {
            return putPositiveInt(a, p, (int) v);
        }
        // one or two 64-bit divisions (slow without C2) into parts of eight digits, then int arithmetic
        long high = v / 100_000_000;
        int low = (int) (v - high * 100_000_000);
        int q;
        if (high < 100_000_000) {
            q = putPositiveInt(a, p, (int) high);
        } else {
            int top = (int) (high / 100_000_000);
            q = putPositiveInt(a, p, top);
            q = eightDigits(a, q, (int) (high - top * 100_000_000L));
        }
        return eightDigits(a, q, low);
    }

    /** The eight decimal digits of {@code v} (0..99999999), leading zeros kept. */
    private static int eightDigits(byte[] a, int q, int v) {
        int hi = (int) ((v * 109951163L) >>> 40); // v / 10000, exact below 494384724
        return fourDigits(v - hi * 10_000, a, fourDigits(hi, a, q));
    }

    /** Writes {@code v >= 0} in decimal at {@code a[p]} and returns the end. */
    static int putPositiveInt(byte[] a, int p, int v) {
        int digits = v < 10_000 ? (v < 100 ? (v < 10 ? 1 : 2) : (v < 1000 ? 3 : 4))
                : v < 100_000_000 ? (v < 1_000_000 ? (v < 100_000 ? 5 : 6) : (v < 10_000_000 ? 7 : 8))
                : (v < 1_000_000_000 ? 9 : 10);
        int end = p + digits;
        int q = end;
        while (v >= 100) {
            // v / 100 by a multiplication, exact for every int (C1 divides by a constant with idiv)
            int next = (int) ((v * 1374389535L) >>> 37);
            int pair = (v - next * 100) * 2;
            a[--q] = PAIRS[pair + 1];
            a[--q] = PAIRS[pair];
            v = next;
        }
        if (v >= 10) {
            a[--q] = PAIRS[v * 2 + 1];
            a[--q] = PAIRS[v * 2];
        } else {
            a[--q] = (byte) ('0' + v);
        }
        return end;
    }

    /** The most bytes a value of each fixed-size format below writes. */
    static final int INT2_MAX = 6;
    static final int INT4_MAX = 11;
    static final int INT8_MAX = 20;
    static final int OID_MAX = 10;
    static final int BOOL_MAX = 1;
    static final int UUID_MAX = 36;
    /** "5874897-12-31", "-infinity", or a four-digit year and " BC". */
    static final int DATE_MAX = 16;
    /** "294276-12-31 23:59:59.999999+00", or "4714-11-24 00:00:00+00 BC". */
    static final int TIMESTAMP_MAX = 40;
    /** "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255/128". */
    static final int INET_MAX = 52;

    // The fixed-size formats store at a[q] (the caller has reserved their MAX) and return the end.

    static int int2(byte[] b, int p, int len, byte[] a, int q) throws IOException {
        if (len != 2) {
            throw malformed("smallint", len);
        }
        return putInt(shortAt(b, p), a, q);
    }

    static int int4(byte[] b, int p, int len, byte[] a, int q) throws IOException {
        if (len != 4) {
            throw malformed("integer", len);
        }
        return putInt(intAt(b, p), a, q);
    }

    private static int putInt(int v, byte[] a, int q) {
        if (v < 0) {
            a[q] = '-';
            return putLong(a, q + 1, -(long) v);
        }
        return putPositiveInt(a, q, v);
    }

    static int int8(byte[] b, int p, int len, byte[] a, int q) throws IOException {
        if (len != 8) {
            throw malformed("bigint", len);
        }
        long v = longAt(b, p);
        if (v >= 0 && v < Integer.MAX_VALUE) {
            return putPositiveInt(a, q, (int) v);
        }
        return putLong(a, q, v);
    }

    static int oid(byte[] b, int p, int len, byte[] a, int q) throws IOException {
        if (len != 4) {
            throw malformed("oid", len);
        }
        return putLong(a, q, intAt(b, p) & 0xffffffffL);
    }

    static int bool(byte[] b, int p, int len, byte[] a, int q) throws IOException {
        if (len != 1) {
            throw malformed("boolean", len);
        }
        a[q] = (byte) (b[p] != 0 ? 't' : 'f');
        return q + 1;
    }

    // ---- text

    /** Eight bytes at once, for the escape scan; C1 compiles a VarHandle get to a plain load. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * Copies {@code b[p, p + len)} escaped as CopyAttributeOutText escapes a field for the client
     * encoding UTF8 (a byte of a multibyte character is never below 0x80, so every byte stands alone).
     * Eight bytes are checked at once: any byte below 0x0e (every escaped control character is
     * 0x08..0x0d) or a backslash sends those eight bytes through the exact byte loop.
     */
    static void text(byte[] b, int p, int len, TextSink out) {
        int end = p + len;
        byte[] a = out.reserve(len);
        int q = out.size();
        int start = p;
        int i = p;
        while (true) {
            int last = end - 8;
            while (i <= last) {
                long x = (long) LONGS.get(b, i);
                long y = x ^ 0x5c5c5c5c5c5c5c5cL;
                if (((((x - 0x0e * ONES) & ~x) | ((y - ONES) & ~y)) & HIGHS) != 0) {
                    break;
                }
                i += 8;
            }
            int stop = Math.min(i + 8, end);
            int c = 0;
            for (; i < stop; i++) {
                c = b[i];
                if (c >= 0 && ESCAPE[c] != 0) {
                    break;
                }
            }
            if (i == stop) {
                if (i == end) {
                    break;
                }
                continue;
            }
            int run = i - start;
            // an escape lengthens the field: room for what is written and the rest, escaped once more
            a = out.reserve((q - out.size()) + run + 2 + (end - i));
            System.arraycopy(b, start, a, q, run);
            q += run;
            a[q++] = '\\';
            a[q++] = ESCAPE[c];
            start = ++i;
            out.setSize(q);
        }
        int run = end - start;
        System.arraycopy(b, start, a, q, run);
        out.setSize(q + run);
    }

    static void jsonb(byte[] b, int p, int len, TextSink out) throws IOException {
        if (len < 1 || b[p] != 1) {
            throw malformed("jsonb", len);
        }
        text(b, p + 1, len - 1, out);
    }

    /** Hex digits of {@code b[p, p + len)}, after bytea's "\\x" prefix (written by the caller). */
    static void hex(byte[] b, int p, int len, TextSink out) {
        byte[] a = out.reserve(2 * len);
        out.setSize(hex(b, p, len, a, out.size()));
    }

    /** Hex digits of {@code b[p, p + len)} at {@code a[q]}, four bytes at a time; returns the end. */
    static int hex(byte[] b, int p, int len, byte[] a, int q) {
        int end = p + len;
        for (; p + 4 <= end; p += 4, q += 8) {
            LONGS.set(a, q, hexOf4(b[p], b[p + 1], b[p + 2], b[p + 3]));
        }
        for (; p < end; p++) {
            int x = (b[p] & 0xff) << 1;
            a[q++] = HEX_PAIRS[x];
            a[q++] = HEX_PAIRS[x + 1];
        }
        return q;
    }

    /** The eight lowercase hex digits of four bytes, as a little-endian long (the first digit lowest). */
    private static long hexOf4(byte b0, byte b1, byte b2, byte b3) {
        // a byte's high nibble goes to the lower (earlier) output byte
        long n = ((b0 & 0xf0L) >>> 4) | ((b0 & 0x0fL) << 8)
                | ((b1 & 0xf0L) << 12) | ((b1 & 0x0fL) << 24)
                | ((b2 & 0xf0L) << 28) | ((b2 & 0x0fL) << 40)
                | ((b3 & 0xf0L) << 44) | ((b3 & 0x0fL) << 56);
        // '0' + n, plus 39 more for a nibble of 10 or more ('a' - '0' - 10)
        long letters = ((n + 0x0606060606060606L) >>> 4) & 0x0101010101010101L;
        return n + 0x3030303030303030L + letters * 39;
    }

    /** byteaout's hex form, its backslash doubled by COPY: {@code \\x0a1b}. */
    static void bytea(byte[] b, int p, int len, TextSink out) {
        byteaPrefix(out);
        hex(b, p, len, out);
    }

    static void byteaPrefix(TextSink out) {
        byte[] a = out.reserve(3);
        int q = out.size();
        a[q] = '\\';
        a[q + 1] = '\\';
        a[q + 2] = 'x';
        out.setSize(q + 3);
    }

    static int uuid(byte[] b, int p, int len, byte[] a, int q) throws IOException {
        if (len != 16) {
            throw malformed("uuid", len);
        }
        // 8-4-4-4-12 hex digits
        LONGS.set(a, q, hexOf4(b[p], b[p + 1], b[p + 2], b[p + 3]));
        a[q + 8] = '-';
        hex(b, p + 4, 2, a, q + 9);
        a[q + 13] = '-';
        hex(b, p + 6, 2, a, q + 14);
        a[q + 18] = '-';
        hex(b, p + 8, 2, a, q + 19);
        a[q + 23] = '-';
        LONGS.set(a, q + 24, hexOf4(b[p + 10], b[p + 11], b[p + 12], b[p + 13]));
        hex(b, p + 14, 2, a, q + 32);
        return q + 36;
    }

    // ---- numeric

    private static final int NUMERIC_POS = 0x0000;
    private static final int NUMERIC_NEG = 0x4000;
    private static final int NUMERIC_NAN = 0xC000;
    private static final int NUMERIC_PINF = 0xD000;
    private static final int NUMERIC_NINF = 0xF000;
    private static final byte[] NAN = {'N', 'a', 'N'};
    private static final byte[] PINF = {'I', 'n', 'f', 'i', 'n', 'i', 't', 'y'};
    private static final byte[] NINF = {'-', 'I', 'n', 'f', 'i', 'n', 'i', 't', 'y'};

    /**
     * numeric_out (get_str_from_var): the integer part's base-10000 digits up to the weight (the
     * first without leading zeros, missing ones as zeros), then dscale fraction digits, cut from the
     * base-10000 digits after the weight.
     */
    /** The room numeric() needs for the value at {@code b[p, p + len)}, checked as numeric_send writes it. */
    static int numericRoom(byte[] b, int p, int len) throws IOException {
        if (len < 8) {
            throw malformed("numeric", len);
        }
        int ndigits = shortAt(b, p) & 0xffff;
        int weight = shortAt(b, p + 2);
        int dscale = shortAt(b, p + 6) & 0xffff;
        if (len != 8 + 2 * ndigits || dscale > 0x3fff) {
            throw malformed("numeric", len);
        }
        // '-', the integer digits (at least one), '.', the fraction rounded up to whole base-10000 digits
        return Math.max(2 + 4 * (Math.max(weight, 0) + 1) + dscale + 4, NINF.length);
    }

    /** A numeric to a TextSink, for the piecewise path. */
    static void numeric(byte[] b, int p, int len, TextSink out) throws IOException {
        byte[] a = out.reserve(numericRoom(b, p, len));
        out.setSize(numeric(b, p, len, a, out.size()));
    }

    /**
     * numeric_out (get_str_from_var) at {@code a[q]}, with {@link #numericRoom} reserved: the integer
     * part's base-10000 digits up to the weight (the first without leading zeros, missing ones as
     * zeros), then dscale fraction digits, cut from the base-10000 digits after the weight.
     */
    static int numeric(byte[] b, int p, int len, byte[] a, int q) throws IOException {
        int ndigits = shortAt(b, p) & 0xffff;
        int weight = shortAt(b, p + 2);
        int sign = shortAt(b, p + 4) & 0xffff;
        int dscale = shortAt(b, p + 6) & 0xffff;
        if (sign != NUMERIC_POS && sign != NUMERIC_NEG) {
            byte[] special = sign == NUMERIC_NAN ? NAN : sign == NUMERIC_PINF ? PINF : sign == NUMERIC_NINF ? NINF : null;
            if (special == null) {
                throw malformed("numeric", len);
            }
            System.arraycopy(special, 0, a, q, special.length);
            return q + special.length;
        }
        int digits = p + 8;
        if (sign == NUMERIC_NEG) {
            a[q++] = '-';
        }
        int d;
        if (weight < 0) {
            d = weight + 1;
            a[q++] = '0';
        } else {
            for (d = 0; d <= weight; d++) {
                int dig = d < ndigits ? shortAt(b, digits + 2 * d) : 0;
                if (dig < 0 || dig > 9999) {
                    throw malformed("numeric", len);
                }
                if (d == 0) {
                    // the first digit without leading zeros
                    q = putPositiveInt(a, q, dig);
                } else {
                    // fourDigits, by hand: C1 would call it
                    int hi = (dig * 5243) >>> 19;
                    int lo = dig - hi * 100;
                    a[q] = PAIRS[hi * 2];
                    a[q + 1] = PAIRS[hi * 2 + 1];
                    a[q + 2] = PAIRS[lo * 2];
                    a[q + 3] = PAIRS[lo * 2 + 1];
                    q += 4;
                }
            }
        }
        if (dscale > 0) {
            a[q++] = '.';
            int end = q + dscale;
            for (int i = 0; i < dscale; d++, i += 4) {
                int dig = d >= 0 && d < ndigits ? shortAt(b, digits + 2 * d) : 0;
                if (dig < 0 || dig > 9999) {
                    throw malformed("numeric", len);
                }
                int hi = (dig * 5243) >>> 19;
                int lo = dig - hi * 100;
                a[q] = PAIRS[hi * 2];
                a[q + 1] = PAIRS[hi * 2 + 1];
                a[q + 2] = PAIRS[lo * 2];
                a[q + 3] = PAIRS[lo * 2 + 1];
                q += 4;
            }
            q = end;
        }
        return q;
    }

    /** The four decimal digits of {@code dig} (0..9999), leading zeros kept. */
    private static int fourDigits(int dig, byte[] a, int q) {
        int hi = (dig * 5243) >>> 19; // dig / 100, exact below 43699
        int lo = dig - hi * 100;
        a[q] = PAIRS[hi * 2];
        a[q + 1] = PAIRS[hi * 2 + 1];
        a[q + 2] = PAIRS[lo * 2];
        a[q + 3] = PAIRS[lo * 2 + 1];
        return q + 4;
    }

    // ---- date and time

    private static final byte[] INFINITY = {'i', 'n', 'f', 'i', 'n', 'i', 't', 'y'};
    private static final byte[] MINUS_INFINITY = {'-', 'i', 'n', 'f', 'i', 'n', 'i', 't', 'y'};

    static int date(byte[] b, int p, int len, byte[] a, int q) throws IOException {
        if (len != 4) {
            throw malformed("date", len);
        }
        int date = intAt(b, p);
        if (date == Integer.MIN_VALUE) {
            System.arraycopy(MINUS_INFINITY, 0, a, q, MINUS_INFINITY.length);
            return q + MINUS_INFINITY.length;
        }
        if (date == Integer.MAX_VALUE) {
            System.arraycopy(INFINITY, 0, a, q, INFINITY.length);
            return q + INFINITY.length;
        }
        long julian = (long) date + POSTGRES_EPOCH_JDATE;
        if (julian < 0 || julian > Integer.MAX_VALUE) {
            // date_out reads no such Julian day from a date the server stored
            throw malformed("date", len);
        }
        int year = dateText(julian, a, q);
        q += dateLength(year);
        return year <= 0 ? putBc(a, q) : q;
    }

    /** The length of {@link #dateText}'s text for the astronomical {@code year}. */
    static int dateLength(int year) {
        int shown = year > 0 ? year : 1 - year;
        return (shown < 10_000 ? 4 : shown < 100_000 ? 5 : shown < 1_000_000 ? 6 : 7) + 6;
    }

    /**
     * EncodeDateOnly's ISO {@code YYYY-MM-DD} of Julian day {@code julian} (j2date) at {@code a[q]};
     * returns the astronomical year (the caller adds " BC" for a year of 0 or less, after what follows).
     */
    static int dateText(long julian, byte[] a, int q) {
        int year;
        int month;
        int day;
        if (julian <= 2_100_000_000) {
            // j2date in int arithmetic, which C1 divides much faster than long
            int j = (int) julian + 32044;
            int quad = j / 146097;
            int extra = (j - quad * 146097) * 4 + 3;
            j += 60 + quad * 3 + extra / 146097;
            quad = j / 1461;
            j -= quad * 1461;
            int y = j * 4 / 1461;
            j = (y != 0 ? (j + 305) % 365 : (j + 306) % 366) + 123;
            y += quad * 4;
            year = y - 4800;
            quad = j * 2141 / 65536;
            day = j - 7834 * quad / 256;
            month = (quad + 10) % 12 + 1;
        } else {
            // j2date, in unsigned 32-bit arithmetic as in C; every intermediate fits a long
            long j = julian + 32044;
            long quad = j / 146097;
            long extra = (j - quad * 146097) * 4 + 3;
            j += 60 + quad * 3 + extra / 146097;
            quad = j / 1461;
            j -= quad * 1461;
            long y = j * 4 / 1461;
            j = (y != 0 ? (j + 305) % 365 : (j + 306) % 366) + 123;
            y += quad * 4;
            year = (int) (y - 4800);
            quad = j * 2141 / 65536;
            day = (int) (j - 7834 * quad / 256);
            month = (int) ((quad + 10) % 12 + 1);
        }
        int shown = year > 0 ? year : 1 - year;
        if (shown < 10_000) {
            int hi = shown / 100;
            int lo = shown - hi * 100;
            a[q] = PAIRS[hi * 2];
            a[q + 1] = PAIRS[hi * 2 + 1];
            a[q + 2] = PAIRS[lo * 2];
            a[q + 3] = PAIRS[lo * 2 + 1];
            q += 4;
        } else {
            q = putPositiveInt(a, q, shown);
        }
        a[q] = '-';
        a[q + 1] = PAIRS[month * 2];
        a[q + 2] = PAIRS[month * 2 + 1];
        a[q + 3] = '-';
        a[q + 4] = PAIRS[day * 2];
        a[q + 5] = PAIRS[day * 2 + 1];
        return year;
    }

    static int putBc(byte[] a, int q) {
        a[q] = ' ';
        a[q + 1] = 'B';
        a[q + 2] = 'C';
        return q + 3;
    }

    /**
     * State of one timestamp column: the day of the last value and its date text, which a column
     * of nearby times reuses (j2date's divisions are most of a timestamp's cost).
     */
    static final class Day {
        boolean valid;
        /** The day's first microsecond. */
        long start;
        int year;
        final byte[] text = new byte[16];
        int length;
    }

    /**
     * timestamp_out (or timestamptz_out in a zone that is UTC at every instant, {@code utc}) with
     * DateStyle ISO: EncodeDateTime's {@code YYYY-MM-DD HH:MM:SS[.ffffff]}, fraction digits without
     * trailing zeros, then "+00" for timestamptz, then " BC".
     */
    static int timestamp(byte[] b, int p, int len, byte[] a, int q, Day cache, boolean utc) throws IOException {
        if (len != 8) {
            throw malformed(utc ? "timestamptz" : "timestamp", len);
        }
        long t = longAt(b, p);
        // within the last value's day (a difference that overflows is far outside it)
        long time = t - cache.start;
        if (time < 0 || time >= USECS_PER_DAY || !cache.valid) {
            if (t == Long.MIN_VALUE) {
                System.arraycopy(MINUS_INFINITY, 0, a, q, MINUS_INFINITY.length);
                return q + MINUS_INFINITY.length;
            }
            if (t == Long.MAX_VALUE) {
                System.arraycopy(INFINITY, 0, a, q, INFINITY.length);
                return q + INFINITY.length;
            }
            // timestamp2tm: the day, and the time of day rounded towards minus infinity
            long day = t / USECS_PER_DAY;
            time = t - day * USECS_PER_DAY;
            if (time < 0) {
                time += USECS_PER_DAY;
                day--;
            }
            long julian = day + POSTGRES_EPOCH_JDATE;
            if (julian < 0 || julian > Integer.MAX_VALUE) {
                // the server refuses to print it: "timestamp out of range"
                throw malformed(utc ? "timestamptz" : "timestamp", len);
            }
            cache.year = dateText(julian, cache.text, 0);
            cache.length = dateLength(cache.year);
            cache.start = day * USECS_PER_DAY;
            cache.valid = true;
        }
        System.arraycopy(cache.text, 0, a, q, cache.length);
        q += cache.length;
        int seconds = (int) (time / 1_000_000);
        int fraction = (int) (time - seconds * 1_000_000L);
        int hour = seconds / 3600;
        seconds -= hour * 3600;
        int minute = seconds / 60;
        seconds -= minute * 60;
        a[q] = ' ';
        a[q + 1] = PAIRS[hour * 2];
        a[q + 2] = PAIRS[hour * 2 + 1];
        a[q + 3] = ':';
        a[q + 4] = PAIRS[minute * 2];
        a[q + 5] = PAIRS[minute * 2 + 1];
        a[q + 6] = ':';
        a[q + 7] = PAIRS[seconds * 2];
        a[q + 8] = PAIRS[seconds * 2 + 1];
        q += 9;
        if (fraction != 0) {
            a[q++] = '.';
            int digits = 6;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            for (int i = digits - 1; i >= 0; i--) {
                int next = fraction / 10;
                a[q + i] = (byte) ('0' + fraction - next * 10);
                fraction = next;
            }
            q += digits;
        }
        if (utc) {
            a[q] = '+';
            a[q + 1] = '0';
            a[q + 2] = '0';
            q += 3;
        }
        return cache.year <= 0 ? putBc(a, q) : q;
    }

    // ---- network addresses

    private static final int PGSQL_AF_INET = 2;
    private static final int PGSQL_AF_INET6 = 3;

    /**
     * network_out: pg_inet_net_ntop (src/port/inet_net_ntop.c), then "/bits" for a cidr without it.
     * IPv4 prints all four octets and "/bits" unless 32; IPv6 compresses the longest run of two or
     * more zero words (the first of equal ones) to "::", prints the embedded IPv4 forms
     * {@code ::a.b.c.d} and {@code ::ffff:a.b.c.d}, and "/bits" unless 128.
     */
    static int inet(byte[] b, int p, int len, byte[] a, int q, boolean cidr) throws IOException {
        if (len < 4) {
            throw malformed(cidr ? "cidr" : "inet", len);
        }
        int family = b[p];
        int bits = b[p + 1] & 0xff;
        int size = b[p + 3];
        if (size != len - 4 || !(family == PGSQL_AF_INET && size == 4 && bits <= 32
                || family == PGSQL_AF_INET6 && size == 16 && bits <= 128)) {
            throw malformed(cidr ? "cidr" : "inet", len);
        }
        int addr = p + 4;
        int all;
        if (family == PGSQL_AF_INET) {
            q = dottedQuad(b, addr, a, q);
            all = 32;
        } else {
            q = ipv6(b, addr, a, q);
            all = 128;
        }
        if (bits != all || cidr) {
            a[q++] = '/';
            q = putPositiveInt(a, q, bits);
        }
        return q;
    }

    /** The decimal digits of 0..255, three bytes each, and how many of them are used (the last byte of four). */
    private static final byte[] OCTETS = new byte[256 * 4];

    static {
        for (int i = 0; i < 256; i++) {
            byte[] digits = Integer.toString(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(digits, 0, OCTETS, 4 * i, digits.length);
            OCTETS[4 * i + 3] = (byte) digits.length;
        }
    }

    private static int dottedQuad(byte[] b, int addr, byte[] a, int q) {
        for (int i = 0; i < 4; i++) {
            if (i != 0) {
                a[q++] = '.';
            }
            int o = (b[addr + i] & 0xff) << 2;
            a[q] = OCTETS[o];
            a[q + 1] = OCTETS[o + 1];
            a[q + 2] = OCTETS[o + 2];
            q += OCTETS[o + 3];
        }
        return q;
    }

    private static int word(byte[] b, int addr, int i) {
        return ((b[addr + 2 * i] & 0xff) << 8) | (b[addr + 2 * i + 1] & 0xff);
    }

    private static int ipv6(byte[] b, int addr, byte[] a, int q) {
        int run = InetConverter.ipv6ZeroRun(b, addr);
        int bestBase = run < 0 ? -1 : run >> 4;
        int bestLen = run < 0 ? 0 : run & 15;
        for (int i = 0; i < 8; i++) {
            if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    a[q++] = ':';
                }
                continue;
            }
            if (i != 0) {
                a[q++] = ':';
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6
                    || (bestLen == 7 && word(b, addr, 7) != 1)
                    || (bestLen == 5 && word(b, addr, 5) == 0xffff))) {
                q = dottedQuad(b, addr + 12, a, q);
                break;
            }
            int w = word(b, addr, i);
            int shift = w >= 0x1000 ? 12 : w >= 0x100 ? 8 : w >= 0x10 ? 4 : 0;
            for (; shift >= 0; shift -= 4) {
                a[q++] = HEX[(w >> shift) & 15];
            }
        }
        if (bestBase != -1 && bestBase + bestLen == 8) {
            a[q++] = ':';
        }
        return q;
    }
}
