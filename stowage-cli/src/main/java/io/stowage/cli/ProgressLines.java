package io.stowage.cli;

import io.stowage.core.progress.ProgressMeter;

import java.util.Locale;

/** The text of progress: the bar's one line, a plain log line, and the JSON object of an event. */
final class ProgressLines {
    private static final int BAR_CELLS = 20;

    private ProgressLines() {
    }

    /**
     * The bar, exactly {@code width - 1} characters (the last column is left free so a terminal
     * never wraps it): {@code data  42% [########------------] 1.20 GB/2.86 GB  35.1 MB/s  ETA 0:48  public.film}.
     */
    static String bar(ProgressMeter.Snapshot s, int width, boolean finished) {
        StringBuilder line = new StringBuilder(width);
        line.append(pad(s.phase().isEmpty() ? "starting" : finished ? "done" : s.phase(), 9));
        double fraction = finished ? 1.0 : s.fraction();
        boolean data = finished || s.phase().equals("data");
        if (data && !Double.isNaN(fraction)) {
            int filled = (int) Math.floor(fraction * BAR_CELLS);
            line.append(String.format(Locale.ROOT, "%3d%% [", (int) Math.floor(fraction * 100)))
                    .append("#".repeat(filled)).append("-".repeat(BAR_CELLS - filled)).append("] ");
        } else {
            line.append("     [").append(pad(s.entries() > 0 ? s.entries() + (s.entriesTotal() >= 0 ? "/" + s.entriesTotal() : "") + " tables" : "",
                    BAR_CELLS)).append("] ");
        }
        line.append(Units.bytes(s.bytes()));
        if (s.bytesTotal() >= 0 && !finished) {
            line.append('/').append(Units.bytes(s.bytesTotal()));
        }
        if (finished) {
            line.append("  in ").append(Units.duration(s.elapsedSeconds()));
        } else {
            line.append("  ").append(Units.rate(s.bytesPerSecond()));
            line.append("  ETA ").append(Units.duration(s.etaSeconds()));
            if (s.object() != null) {
                line.append("  ").append(printable(s.object()));
            }
        }
        return fit(line, width - 1);
    }

    /** A line for logs: {@code progress: data 42%, 12/30 tables, 1.20 GB of ~2.86 GB, 35.1 MB/s, ETA 0:48, at public.film}. */
    static String plain(ProgressMeter.Snapshot s) {
        StringBuilder line = new StringBuilder("progress: ").append(s.phase().isEmpty() ? "starting" : s.phase());
        double fraction = s.fraction();
        if (s.phase().equals("data") && !Double.isNaN(fraction)) {
            line.append(' ').append((int) Math.floor(fraction * 100)).append('%');
        }
        line.append(", ").append(s.entries()).append(s.entriesTotal() >= 0 ? "/" + s.entriesTotal() : "").append(" tables, ")
                .append(s.rows()).append(" rows, ").append(Units.bytes(s.bytes()));
        if (s.bytesTotal() >= 0) {
            line.append(" of ~").append(Units.bytes(s.bytesTotal()));
        }
        line.append(", ").append(Units.rate(s.bytesPerSecond())).append(", ETA ").append(Units.duration(s.etaSeconds()))
                .append(", elapsed ").append(Units.duration(s.elapsedSeconds()));
        if (s.object() != null) {
            line.append(", at ").append(printable(s.object()));
        }
        return line.toString();
    }

    /** The closing log line. */
    static String plainDone(ProgressMeter.Snapshot s) {
        double rate = s.elapsedSeconds() > 0 ? s.bytes() / s.elapsedSeconds() : Double.NaN;
        return "progress: done, " + s.entries() + " tables, " + s.rows() + " rows, " + Units.bytes(s.bytes()) + " in "
                + Units.duration(s.elapsedSeconds()) + " (" + Units.rate(rate) + " overall)";
    }

    /**
     * One event as JSON: every line has type, phase, object, rows, bytes, bytesPerSecond,
     * etaSeconds and elapsedSeconds (null where unknown), plus the totals and entry counts; rows
     * and bytes are the run's so far. A {@code table} line adds that table's own figures.
     */
    static String json(String type, ProgressMeter.Snapshot s, String object, long tableRows, long tableBytes) {
        JsonLine line = new JsonLine().string("type", type).string("phase", s.phase()).string("object", object)
                .count("rows", s.rows()).count("bytes", s.bytes())
                .decimal("bytesPerSecond", s.bytesPerSecond()).decimal("etaSeconds", s.etaSeconds())
                .decimal("elapsedSeconds", s.elapsedSeconds())
                .count("entries", s.entries()).count("entriesTotal", s.entriesTotal()).count("bytesTotal", s.bytesTotal())
                .decimal("percent", s.phase().equals("data") || type.equals("done") ? (type.equals("done") ? 100.0 : s.fraction() * 100) : Double.NaN);
        if (type.equals("table") || type.equals("progress")) {
            line.count("tableRows", tableRows).count("tableBytes", tableBytes);
        }
        return line.toString();
    }

    /** Control characters (a newline in a table name) would break the one line. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    private static String fit(StringBuilder line, int width) {
        if (line.length() > width) {
            return line.substring(0, width);
        }
        return line + " ".repeat(width - line.length());
    }
}
