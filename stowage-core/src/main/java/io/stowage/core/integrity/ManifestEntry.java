package io.stowage.core.integrity;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One file a manifest vouches for.
 *
 * @param path   the file's path relative to the manifest's root, with '/' separators, never
 *               absolute and never leaving the root
 * @param size   its length in bytes
 * @param sha256 the SHA-256 of its bytes, 64 lower-case hex digits
 * @param blocks the CRC-32C of each {@link BlockChecksums#BLOCK_SIZE} block (8 lower-case hex digits
 *               each), which place a change; empty when the manifest does not record them
 */
public record ManifestEntry(String path, long size, String sha256, List<String> blocks) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern CRC = Pattern.compile("[0-9a-f]{8}");

    /** An entry without block checksums. */
    public ManifestEntry(String path, long size, String sha256) {
        this(path, size, sha256, List.of());
    }

    public ManifestEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
        // a manifest is input: a path such as ../x or /etc/x must not make verify read outside the root
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("\0")
                || ("/" + path + "/").contains("/../") || ("/" + path + "/").contains("/./") || path.contains("//")) {
            throw new IllegalArgumentException("manifest path \"" + path + "\" is not a plain relative path");
        }
        if (size < 0) {
            throw new IllegalArgumentException("manifest size " + size + " of \"" + path + "\" is negative");
        }
        if (!HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("manifest checksum of \"" + path + "\" is not 64 lower-case hex digits");
        }
        blocks = List.copyOf(blocks);
        if (!blocks.isEmpty() && blocks.size() != BlockChecksums.blockCount(size)) {
            throw new IllegalArgumentException("manifest lists " + blocks.size() + " block checksums for \"" + path + "\", whose "
                    + size + " bytes make " + BlockChecksums.blockCount(size));
        }
        for (String crc : blocks) {
            if (!CRC.matcher(crc).matches()) {
                throw new IllegalArgumentException("a block checksum of \"" + path + "\" is not 8 lower-case hex digits");
            }
        }
    }
}
