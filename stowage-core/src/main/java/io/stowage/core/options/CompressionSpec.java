package io.stowage.core.options;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.util.Locale;
import java.util.Objects;

/**
 * A compression choice as pg_dump's {@code -Z/--compress} takes it: an algorithm and, optionally, a
 * level.
 *
 * @param algorithm the algorithm
 * @param level     the level, or {@code null} for the algorithm's default (pg_dump then records
 *                  −1 for gzip in archives up to 1.14)
 */
public record CompressionSpec(CompressionAlgorithm algorithm, Integer level) {

    /** No compression. */
    public static final CompressionSpec NONE = new CompressionSpec(CompressionAlgorithm.NONE, null);
    /** gzip at its default level: what pg_dump uses for custom and directory archives without {@code -Z}. */
    public static final CompressionSpec GZIP_DEFAULT = new CompressionSpec(CompressionAlgorithm.GZIP, null);

    public CompressionSpec {
        Objects.requireNonNull(algorithm, "algorithm");
        if (level != null) {
            int min = minLevel(algorithm);
            int max = maxLevel(algorithm);
            if (level < min || level > max) {
                throw new StowageException(ErrorCode.USAGE,
                        "invalid compression specification: compression algorithm \"" + algorithm.label()
                                + "\" expects a compression level between " + min + " and " + max,
                        "pick a level in that range, or leave it out for the default");
            }
        }
    }

    /**
     * Parses pg_dump 16's syntax: a bare integer (0 is none, 1 to 9 are gzip levels), or
     * {@code algorithm[:level]} / {@code algorithm[:level=N]} with algorithm none, gzip, lz4 or zstd.
     */
    public static CompressionSpec parse(String text) {
        String spec = text == null ? "" : text.trim();
        if (spec.isEmpty()) {
            throw invalid(text, "an empty specification");
        }
        if (spec.chars().allMatch(Character::isDigit)) {
            int level = parseLevel(spec, text);
            return level == 0 ? NONE : new CompressionSpec(CompressionAlgorithm.GZIP, level);
        }
        int colon = spec.indexOf(':');
        String name = (colon < 0 ? spec : spec.substring(0, colon)).toLowerCase(Locale.ROOT);
        CompressionAlgorithm algorithm = null;
        for (CompressionAlgorithm a : CompressionAlgorithm.values()) {
            if (a.label().equals(name)) {
                algorithm = a;
            }
        }
        if (algorithm == null) {
            throw new StowageException(ErrorCode.USAGE, "invalid compression specification: unrecognized compression algorithm: \""
                    + name + "\"", "use none, gzip, lz4 or zstd, optionally followed by :LEVEL");
        }
        if (colon < 0) {
            return new CompressionSpec(algorithm, null);
        }
        String detail = spec.substring(colon + 1).trim();
        if (detail.toLowerCase(Locale.ROOT).startsWith("level=")) {
            detail = detail.substring("level=".length()).trim();
        }
        if (detail.isEmpty() || !detail.chars().allMatch(c -> Character.isDigit(c) || c == '-')) {
            throw invalid(text, "a level that is not an integer");
        }
        int level = parseLevel(detail, text);
        if (algorithm == CompressionAlgorithm.NONE) {
            if (level != 0) {
                throw new StowageException(ErrorCode.USAGE,
                        "invalid compression specification: compression algorithm \"none\" does not accept a compression level",
                        "write just none");
            }
            return NONE;
        }
        return new CompressionSpec(algorithm, level);
    }

    /** True when nothing is compressed. */
    public boolean isNone() {
        return algorithm == CompressionAlgorithm.NONE;
    }

    /** The level to run the compressor at: the given one, or the algorithm's default. */
    public int effectiveLevel() {
        if (level != null) {
            return level;
        }
        return switch (algorithm) {
            case NONE -> 0;
            case GZIP -> 6;   // zlib's Z_DEFAULT_COMPRESSION
            case LZ4 -> 1;
            case ZSTD -> 3;   // ZSTD_CLEVEL_DEFAULT
        };
    }

    /** As pg_dump 16 prints it: {@code none}, {@code gzip}, {@code gzip:5}. */
    @Override
    public String toString() {
        return level == null ? algorithm.label() : algorithm.label() + ":" + level;
    }

    private static int minLevel(CompressionAlgorithm a) {
        return switch (a) {
            case NONE -> 0;
            case GZIP, LZ4, ZSTD -> 1;
        };
    }

    private static int maxLevel(CompressionAlgorithm a) {
        return switch (a) {
            case NONE -> 0;
            case GZIP -> 9;
            case LZ4 -> 12;
            case ZSTD -> 22;
        };
    }

    private static int parseLevel(String digits, String original) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw invalid(original, "a level out of range");
        }
    }

    private static StowageException invalid(String text, String what) {
        return new StowageException(ErrorCode.USAGE, "invalid compression specification \"" + text + "\": " + what,
                "use 0-9, or none, gzip[:1-9], lz4[:1-12] or zstd[:1-22]");
    }
}
