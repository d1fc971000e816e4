package io.stowage.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard error is a terminal. Java 17 can only tell whether the whole console is
 * ({@code System.console()} needs standard input and output to be terminals too, so it says no
 * for {@code stowage dump > file}, the usual case); on Linux {@code /proc/self/fd/2} names the
 * device standard error is.
 */
final class TerminalDetection {
    private TerminalDetection() {
    }

    static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        Path fd = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(fd)) {
                String device = Files.readSymbolicLink(fd).toString();
                return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
            }
        } catch (Exception e) {
            // not Linux, or no /proc: fall through
        }
        return System.console() != null;
    }

    /** The terminal's width from {@code COLUMNS} when the shell exports it, else 80. */
    static int columns() {
        try {
            String columns = System.getenv("COLUMNS");
            int n = columns == null ? 80 : Integer.parseInt(columns.trim());
            return Math.max(40, Math.min(n, 500));
        } catch (NumberFormatException e) {
            return 80;
        }
    }
}
