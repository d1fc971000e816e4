package io.stowage.postgres.restore.binary;

/**
 * Reading of the ISO date and time text that PostgreSQL's output functions write (DateStyle ISO),
 * shared by the date, timestamp and timestamptz converters: byte-level, allocation-free, and strict
 * about the canonical form (fixed-width zero padding, no leading zeros beyond four year digits).
 *
 * <p>The Julian-day arithmetic is PostgreSQL's {@code date2j} (src/backend/utils/adt/datetime.c),
 * proleptic Gregorian with astronomical years (1 BC is year 0).
 */
final class CalendarText {
    /** date2j(2000, 1, 1): day zero of the binary date and timestamp formats. */
    static final int POSTGRES_EPOCH_JDATE = 2451545;
    /** The first year PostgreSQL's dates allow, astronomical (4714 BC); the first day is 4714-11-24 BC (Julian day 0). */
    static final int JULIAN_MINYEAR = -4713;
    /** Julian day of 5874898-01-01, the first day past the date type's range. */
    static final int DATE_END_JULIAN = 2147483494;
    /** The last year of the date type's range. */
    static final int LAST_YEAR = 5874897;

    static final long USECS_PER_DAY = 86_400_000_000L;
    static final long USECS_PER_SEC = 1_000_000L;
    /** 4714-11-24 00:00:00 BC, the first timestamp. */
    static final long MIN_TIMESTAMP = -211813488000000000L;
    /** 294277-01-01 00:00:00, the first timestamp past the range. */
    static final long END_TIMESTAMP = 9223371331200000000L;

    private static final byte[] INFINITY = {'i', 'n', 'f', 'i', 'n', 'i', 't', 'y'};

    private CalendarText() {
    }

    /**
     * PostgreSQL's date2j for astronomical {@code year} from -4800 (so every division truncates like
     * C's) to 5874897 (so no int overflows, as in PostgreSQL's own int arithmetic).
     */
    static int date2j(int year, int month, int day) {
        int y = year;
        int m = month;
        if (m > 2) {
            m += 1;
            y += 4800;
        } else {
            m += 13;
            y += 4799;
        }
        int century = y / 100;
        int julian = y * 365 - 32167;
        julian += (y >> 2) - century + (century >> 2);
        julian += ((7834 * m) >> 8) + day;
        return julian;
    }

    static boolean isLeap(int year) {
        return (year % 4) == 0 && ((year % 100) != 0 || (year % 400) == 0);
    }

    static int daysInMonth(int year, int month) {
        switch (month) {
            case 2:
                return isLeap(year) ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** 1 for "infinity", -1 for "-infinity", 0 for anything else. */
    static int infinity(byte[] t, int off, int len) {
        if (len == 8 && matches(t, off)) {
            return 1;
        }
        if (len == 9 && t[off] == '-' && matches(t, off + 1)) {
            return -1;
        }
        return 0;
    }

    private static boolean matches(byte[] t, int off) {
        for (int i = 0; i < 8; i++) {
            if (t[off + i] != INFINITY[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code t[off, end)} ends with " BC". */
    static boolean endsWithBc(byte[] t, int off, int end) {
        return end - off >= 3 && t[end - 3] == ' ' && t[end - 2] == 'B' && t[end - 1] == 'C';
    }

    /** The two decimal digits at {@code p}, or -1. */
    static int twoDigits(byte[] t, int p) {
        int a = t[p] - '0';
        int b = t[p + 1] - '0';
        if (a < 0 || a > 9 || b < 0 || b > 9) {
            return -1;
        }
        return a * 10 + b;
    }

    /**
     * Reads {@code YYYY-MM-DD} at {@code t[off..end)} as the output function writes it (year zero
     * padded to four digits, more digits without leading zero; printed year 1 or more) and returns the
     * Julian day, with the position after the day in the low bits: {@code (julian << 8) | consumedLength}.
     * The year printed is AD, or BC when {@code bc}. Returns -1 for anything else, or a date before
     * Julian day 0 or on or after {@link #DATE_END_JULIAN}.
     */
    static long readDate(byte[] t, int off, int end, boolean bc) {
        int p;
        int year;
        if (end - off > 4 && t[off + 4] == '-') {
            // the common four-digit year
            int hi = twoDigits(t, off);
            int lo = twoDigits(t, off + 2);
            if (hi < 0 || lo < 0) {
                return -1;
            }
            year = hi * 100 + lo;
            p = off + 4;
        } else {
            p = off;
            year = 0;
            while (p < end) {
                int d = t[p] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                year = year * 10 + d;
                p++;
                if (p - off > 7) {
                    return -1;
                }
            }
            if (p - off < 4 || t[off] == '0') {
                return -1;
            }
        }
        if (year == 0) {
            return -1;
        }
        // "-MM-DD"
        if (end - p < 6 || t[p] != '-' || t[p + 3] != '-') {
            return -1;
        }
        int month = twoDigits(t, p + 1);
        int day = twoDigits(t, p + 4);
        p += 6;
        if (month < 1 || month > 12 || day < 1) {
            return -1;
        }
        int astronomical = bc ? 1 - year : year;
        if (astronomical < JULIAN_MINYEAR || astronomical > LAST_YEAR || day > daysInMonth(astronomical, month)) {
            return -1;
        }
        long julian = date2j(astronomical, month, day);
        if (julian < 0 || julian >= DATE_END_JULIAN) {
            return -1;
        }
        return (julian << 8) | (p - off);
    }
}
