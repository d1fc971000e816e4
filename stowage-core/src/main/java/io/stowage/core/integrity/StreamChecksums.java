package io.stowage.core.integrity;

import java.security.MessageDigest;
import java.util.List;

/**
 * What the digesting streams compute over the bytes that pass through them: their count, SHA-256
 * and per-block CRC-32C. One place, so that reading and writing checksum exactly alike.
 */
final class StreamChecksums {
    private final MessageDigest digest = Sha256.newDigest();
    private final BlockChecksums blocks = new BlockChecksums();
    private long size;
    private String hex;
    private List<String> crcs;

    void update(int b) {
        digest.update((byte) b);
        blocks.update(b);
        size++;
    }

    void update(byte[] b, int off, int len) {
        digest.update(b, off, len);
        blocks.update(b, off, len);
        size += len;
    }

    long size() {
        return size;
    }

    /** The SHA-256 as lower-case hex; ends the checksums, so nothing may be added after. */
    String sha256() {
        if (hex == null) {
            hex = Sha256.hex(digest.digest());
            crcs = blocks.finish();
        }
        return hex;
    }

    /** The CRC-32C of each block; ends the checksums, as {@link #sha256()} does. */
    List<String> blocks() {
        sha256();
        return crcs;
    }
}
