package io.stowage.postgres.restore.binary;

/**
 * {@code timestamp} (oid 1114) and {@code timestamptz} (oid 1184): the ISO text
 * {@code YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM[:SS]]][ BC]}, {@code infinity} or {@code -infinity}, to
 * timestamp_send's int64 microseconds since 2000-01-01 00:00:00 (UTC for timestamptz; INT64 max and
 * min for the infinities).
 *
 * <p>Only EncodeDateTime's output is read: fraction digits without trailing zeros, the offset with
 * minutes only when they or the seconds are not zero, seconds only when not zero, "+00" for UTC, and
 * " BC" after the offset. The result must be inside PostgreSQL's range (4714-11-24 BC to 294276 AD)
 * as timestamp_in checks it.
 *
 * <p>Stateless and allocation-free: one instance may serve any number of threads.
 */
public final class TimestampConverter implements FieldConverter {
    /** pg_type.oid of {@code timestamp}. */
    public static final int TIMESTAMP_OID = 1114;
    /** pg_type.oid of {@code timestamptz}. */
    public static final int TIMESTAMPTZ_OID = 1184;

    /** PostgreSQL's MAX_TZDISP_HOUR: the largest offset hour its input accepts. */
    private static final int MAX_TZ_HOUR = 15;
    /**
     * The last local day (relative to 2000-01-01) read: 294277-01-01, which a timestamptz east of UTC
     * may print; a time on it cannot overflow a long (the first day, Julian day 0, readDate checks).
     */
    private static final long MAX_DAY = CalendarText.END_TIMESTAMP / CalendarText.USECS_PER_DAY;

    /** What n fraction digits are multiplied by to make microseconds. */
    private static final int[] SCALE = {1, 100_000, 10_000, 1_000, 100, 10, 1};

    private final boolean withTimeZone;

    private TimestampConverter(boolean withTimeZone) {
        this.withTimeZone = withTimeZone;
    }

    /** For {@code timestamp without time zone}. */
    public static TimestampConverter timestamp() {
        return new TimestampConverter(false);
    }

    /** For {@code timestamp with time zone}: the text must carry the offset the server prints. */
    public static TimestampConverter timestamptz() {
        return new TimestampConverter(true);
    }

    @Override
    public void convert(byte[] text, int offset, int length, ByteSink out) throws Unconvertible {
        int inf = CalendarText.infinity(text, offset, length);
        if (inf != 0) {
            out.writeLong(inf > 0 ? Long.MAX_VALUE : Long.MIN_VALUE);
            return;
        }
        long value = parse(text, offset, offset + length);
        if (value == Long.MIN_VALUE) {
            throw new Unconvertible(withTimeZone ? "not a timestamptz as PostgreSQL writes it"
                    : "not a timestamp as PostgreSQL writes it");
        }
        out.writeLong(value);
    }

    boolean withTimeZone() {
        return withTimeZone;
    }

    /** The microseconds, or Long.MIN_VALUE (never a valid finite timestamp) for a text not read. */
    long parse(byte[] t, int off, int end) {
        boolean bc = CalendarText.endsWithBc(t, off, end);
        if (bc) {
            end -= 3;
        }
        long day;
        int p;
        if (end - off >= 19 && t[off + 4] == '-' && t[off + 7] == '-') {
            // the common four-digit year, its digits checked all at once (the JIT is C1: few calls, few branches)
            int y1 = t[off] - '0';
            int y2 = t[off + 1] - '0';
            int y3 = t[off + 2] - '0';
            int y4 = t[off + 3] - '0';
            int m1 = t[off + 5] - '0';
            int m2 = t[off + 6] - '0';
            int d1 = t[off + 8] - '0';
            int d2 = t[off + 9] - '0';
            if ((y1 | (9 - y1) | y2 | (9 - y2) | y3 | (9 - y3) | y4 | (9 - y4)
                    | m1 | (9 - m1) | m2 | (9 - m2) | d1 | (9 - d1) | d2 | (9 - d2)) < 0) {
                return Long.MIN_VALUE;
            }
            int year = ((y1 * 10 + y2) * 10 + y3) * 10 + y4;
            int month = m1 * 10 + m2;
            int dayOfMonth = d1 * 10 + d2;
            if (year == 0 || month < 1 || month > 12 || dayOfMonth < 1) {
                return Long.MIN_VALUE;
            }
            int astronomical = bc ? 1 - year : year;
            if (astronomical < CalendarText.JULIAN_MINYEAR
                    || (dayOfMonth > 28 && dayOfMonth > CalendarText.daysInMonth(astronomical, month))) {
                return Long.MIN_VALUE;
            }
            int julian = CalendarText.date2j(astronomical, month, dayOfMonth);
            if (julian < 0) {
                return Long.MIN_VALUE;
            }
            day = julian - CalendarText.POSTGRES_EPOCH_JDATE;
            p = off + 10;
        } else {
            long read = CalendarText.readDate(t, off, end, bc);
            if (read < 0) {
                return Long.MIN_VALUE;
            }
            p = off + (int) (read & 0xff);
            day = (read >>> 8) - CalendarText.POSTGRES_EPOCH_JDATE;
        }
        // " HH:MM:SS"
        if (end - p < 9 || t[p] != ' ' || t[p + 3] != ':' || t[p + 6] != ':') {
            return Long.MIN_VALUE;
        }
        int h1 = t[p + 1] - '0';
        int h2 = t[p + 2] - '0';
        int i1 = t[p + 4] - '0';
        int i2 = t[p + 5] - '0';
        int s1 = t[p + 7] - '0';
        int s2 = t[p + 8] - '0';
        if ((h1 | (9 - h1) | h2 | (9 - h2) | i1 | (5 - i1) | i2 | (9 - i2) | s1 | (5 - s1) | s2 | (9 - s2)) < 0) {
            return Long.MIN_VALUE;
        }
        int hour = h1 * 10 + h2;
        if (hour > 23) {
            return Long.MIN_VALUE;
        }
        int seconds = (hour * 60 + i1 * 10 + i2) * 60 + s1 * 10 + s2;
        p += 9;
        int micros = 0;
        if (p < end && t[p] == '.') {
            p++;
            int start = p;
            int limit = Math.min(end, start + 6);
            while (p < limit) {
                int d = t[p] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                micros = micros * 10 + d;
                p++;
            }
            int digits = p - start;
            // AppendSeconds trims trailing zeros and never prints a bare '.'
            if (digits == 0 || t[p - 1] == '0') {
                return Long.MIN_VALUE;
            }
            micros *= SCALE[digits];
        }
        if (day > MAX_DAY) {
            return Long.MIN_VALUE;
        }
        long value = day * CalendarText.USECS_PER_DAY + seconds * CalendarText.USECS_PER_SEC + micros;
        if (withTimeZone) {
            int zone = zoneSeconds(t, p, end);
            if (zone == Integer.MIN_VALUE) {
                return Long.MIN_VALUE;
            }
            // the text is local time at UTC+zone
            value -= zone * CalendarText.USECS_PER_SEC;
        } else if (p != end) {
            return Long.MIN_VALUE;
        }
        if (value < CalendarText.MIN_TIMESTAMP || value >= CalendarText.END_TIMESTAMP) {
            return Long.MIN_VALUE;
        }
        return value;
    }

    /**
     * The offset east of UTC in seconds from EncodeTimezone's text filling {@code t[p, end)} exactly,
     * or Integer.MIN_VALUE.
     */
    private static int zoneSeconds(byte[] t, int p, int end) {
        int n = end - p;
        if (n != 3 && n != 6 && n != 9) {
            return Integer.MIN_VALUE;
        }
        byte sign = t[p];
        if (sign != '+' && sign != '-') {
            return Integer.MIN_VALUE;
        }
        int h1 = t[p + 1] - '0';
        int h2 = t[p + 2] - '0';
        if ((h1 | (1 - h1) | h2 | (9 - h2)) < 0) {
            return Integer.MIN_VALUE;
        }
        int hour = h1 * 10 + h2;
        int minute = 0;
        int second = 0;
        if (n >= 6) {
            if (t[p + 3] != ':') {
                return Integer.MIN_VALUE;
            }
            minute = CalendarText.twoDigits(t, p + 4);
        }
        if (n == 9) {
            if (t[p + 6] != ':') {
                return Integer.MIN_VALUE;
            }
            second = CalendarText.twoDigits(t, p + 7);
            if (second == 0) {
                return Integer.MIN_VALUE;
            }
        } else if (n == 6 && minute == 0) {
            return Integer.MIN_VALUE;
        }
        if (hour > MAX_TZ_HOUR || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return Integer.MIN_VALUE;
        }
        int seconds = (hour * 60 + minute) * 60 + second;
        if (sign == '-') {
            // a zero offset prints as "+00"
            return seconds == 0 ? Integer.MIN_VALUE : -seconds;
        }
        return seconds;
    }
}
