package io.stowage.cli;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --timeout}'s values: a number with a unit, {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}; a bare number is seconds. */
final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h|d)?");

    private Durations() {
    }

    static Duration parse(String option, String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw invalid(option, text);
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = amount * switch (unit) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m", "min" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
        };
        if (!(millis >= 1) || millis > Long.MAX_VALUE / 2) {
            throw invalid(option, text);
        }
        return Duration.ofMillis((long) millis);
    }

    private static StowageException invalid(String option, String text) {
        return new StowageException(ErrorCode.USAGE, "invalid " + option + " \"" + text + "\"",
                "give a positive duration with a unit: ms, s, m, h or d (for example 30s, 10m, 2h)");
    }
}
