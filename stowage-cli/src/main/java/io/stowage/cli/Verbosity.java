package io.stowage.cli;

/** Finds {@code -v}/{@code --verbose} before picocli has parsed anything, so that even a parse error can honour it. */
final class Verbosity {
    private Verbosity() {
    }

    static boolean requested(String[] args) {
        for (String arg : args) {
            if ("--".equals(arg)) {
                return false;
            }
            if ("--verbose".equals(arg) || "-v".equals(arg)) {
                return true;
            }
        }
        return false;
    }
}
