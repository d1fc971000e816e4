package io.stowage.cli;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --max-memory SIZE}, shared by dump and restore. A JVM cannot change its own heap limit, so the
 * {@code ./stowage} launcher reads this option from the command line and starts the JVM with {@code -Xmx};
 * here it is only validated, and compared with the heap the JVM really has, so that someone running
 * {@code java -jar stowage.jar} learns that the limit was not applied.
 */
final class MemoryOptions {
    /** The heap limit when none is asked for; the launcher's default {@code -Xmx}. */
    static final long DEFAULT_BYTES = 256L << 20;
    /** Below this the catalog of a large database no longer fits; the JVM itself needs some. */
    static final long MIN_BYTES = 64L << 20;
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,12})\\s*([kmgt]?)i?b?", Pattern.CASE_INSENSITIVE);

    @Option(names = "--max-memory", paramLabel = "SIZE",
            description = "Peak Java heap, such as 512m or 2g (default: 256m). The ./stowage launcher starts the JVM "
                    + "with this -Xmx; STOWAGE_JAVA_OPTS=-Xmx... overrides it.")
    String maxMemory;

    /**
     * Validates the option and warns on {@code terminal} when the running JVM may use far more heap than
     * asked for (more than 1.5 times as much), which happens when the launcher did not start it.
     */
    void check(Terminal terminal) {
        check(terminal, () -> Runtime.getRuntime().maxMemory());
    }

    void check(Terminal terminal, LongSupplier jvmMaxHeap) {
        if (maxMemory == null) {
            return;
        }
        long requested = parse(maxMemory);
        long actual = jvmMaxHeap.getAsLong();
        if (actual != Long.MAX_VALUE && actual > requested + requested / 2) {
            terminal.say("warning: --max-memory " + maxMemory + " is not in effect: this JVM may use up to "
                    + Units.bytes(actual) + " of heap; start it with -Xmx" + maxMemory.strip().toLowerCase(Locale.ROOT)
                    .replaceAll("i?b$", "") + " (the ./stowage launcher does)");
        }
    }

    /** Bytes of a size such as {@code 512m}, {@code 2g}, {@code 300M}, {@code 1GB} or {@code 268435456}. */
    static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw badSize(text, "is not a size");
        }
        long n = Long.parseLong(m.group(1));
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        if (n > (Long.MAX_VALUE >> shift)) {
            throw badSize(text, "is too large");
        }
        long bytes = n << shift;
        if (bytes < MIN_BYTES) {
            throw badSize(text, "is below the minimum of 64m");
        }
        return bytes;
    }

    private static StowageException badSize(String text, String problem) {
        return new StowageException(ErrorCode.USAGE, "--max-memory \"" + text + "\" " + problem,
                "give a size of at least 64m, such as 256m, 512m or 2g");
    }
}
