package io.stowage.postgres.archive;

import java.time.DateTimeException;
import java.time.LocalDateTime;

/**
 * The header's creation time: C's broken-down {@code struct tm} in the dumping host's local time,
 * with pg_dump's field conventions (month 0 to 11, year since 1900, isdst −1, 0 or 1).
 */
public record ArchiveTimestamp(int second, int minute, int hour, int dayOfMonth, int month, int year, int isDst) {

    /** The field values as a local date and time. */
    public LocalDateTime toLocalDateTime() {
        return LocalDateTime.of(year + 1900, month + 1, dayOfMonth, hour, minute, Math.min(second, 59));
    }

    /** The broken-down fields of a local date and time, isdst unknown (−1 is what mktime() accepts). */
    public static ArchiveTimestamp of(LocalDateTime time, int isDst) {
        return new ArchiveTimestamp(time.getSecond(), time.getMinute(), time.getHour(), time.getDayOfMonth(),
                time.getMonthValue() - 1, time.getYear() - 1900, isDst);
    }

    /** True when the fields form a real date, as mktime() would need. */
    public boolean isValid() {
        if (second < 0 || second > 61 || isDst < -1 || isDst > 1) {
            return false;
        }
        try {
            toLocalDateTime();
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
