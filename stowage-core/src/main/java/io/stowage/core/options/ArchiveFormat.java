package io.stowage.core.options;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.util.Locale;

/** The output formats of pg_dump's {@code -F}. */
public enum ArchiveFormat {
    PLAIN, CUSTOM, DIRECTORY, TAR;

    /** Parses pg_dump's spellings: {@code p}, {@code plain}, {@code c}, {@code custom}, {@code d}, {@code directory}, {@code t}, {@code tar}. */
    public static ArchiveFormat parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "p", "plain" -> PLAIN;
            case "c", "custom" -> CUSTOM;
            case "d", "directory" -> DIRECTORY;
            case "t", "tar" -> TAR;
            default -> throw new StowageException(ErrorCode.USAGE,
                    "invalid output format \"" + value + "\" specified",
                    "use -F p (plain), c (custom), d (directory) or t (tar)");
        };
    }
}
