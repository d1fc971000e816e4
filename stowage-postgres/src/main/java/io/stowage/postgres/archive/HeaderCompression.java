package io.stowage.postgres.archive;

import io.stowage.core.options.CompressionAlgorithm;
import java.util.Objects;

/**
 * The header's compression field. Up to 1.14 it holds a zlib level (−1 for the default level, 0 for
 * none, 1 to 9) and the algorithm follows from it; from 1.15 it holds only the algorithm.
 *
 * @param algorithm the algorithm data blocks use
 * @param level     the zlib level for archives up to 1.14, {@code null} for 1.15 and later
 */
public record HeaderCompression(CompressionAlgorithm algorithm, Integer level) {

    public HeaderCompression {
        Objects.requireNonNull(algorithm, "algorithm");
        if (level != null && (level < -1 || level > 9)) {
            throw new IllegalArgumentException("zlib level out of range: " + level);
        }
    }

    /** The field of a 1.12 to 1.14 archive: a level, where anything but 0 means zlib. */
    public static HeaderCompression ofLevel(int level) {
        return new HeaderCompression(level == 0 ? CompressionAlgorithm.NONE : CompressionAlgorithm.GZIP, level);
    }

    /** The field of a 1.15 or later archive: an algorithm, no level. */
    public static HeaderCompression ofAlgorithm(CompressionAlgorithm algorithm) {
        return new HeaderCompression(algorithm, null);
    }

    /** What {@code pg_restore -l} prints: the level up to 1.14, the algorithm name after. */
    public String listingText() {
        return level != null ? level.toString() : algorithm.label();
    }
}
