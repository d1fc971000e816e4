package io.stowage.cli;

import java.util.Locale;

/** Sizes, rates and durations as progress shows them (binary units, as PostgreSQL's pg_size_pretty). */
final class Units {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

    private Units() {
    }

    static String bytes(long n) {
        if (n < 0) {
            return "?";
        }
        double v = n;
        int u = 0;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, UNITS[u]);
    }

    static String rate(double bytesPerSecond) {
        return Double.isNaN(bytesPerSecond) ? "? B/s" : bytes((long) bytesPerSecond) + "/s";
    }

    /** {@code 0:48}, {@code 12:05}, {@code 3:02:10}; {@code --:--} when unknown. */
    static String duration(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds) || seconds < 0) {
            return "--:--";
        }
        long s = Math.round(seconds);
        long h = s / 3600;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
