package io.stowage.core.integrity;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.List;

/**
 * Passes bytes to the stream underneath and computes their SHA-256 and count on the way, so a file
 * is checksummed as it is written, without reading it back.
 */
public final class DigestingOutputStream extends FilterOutputStream {
    private final MessageDigest digest = Sha256.newDigest();
    private final BlockChecksums blocks = new BlockChecksums();
    private long size;
    private String hex;
    private List<String> crcs;

    /** Wraps {@code out}; closing this stream closes it. */
    public DigestingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digest.update((byte) b);
        blocks.update(b);
        size++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        // FilterOutputStream would write byte by byte
        out.write(b, off, len);
        digest.update(b, off, len);
        blocks.update(b, off, len);
        size += len;
    }

    /** The number of bytes written so far. */
    public long size() {
        return size;
    }

    /** The SHA-256 of everything written, as lower-case hex; ends the digest, so write nothing after. */
    public String sha256() {
        if (hex == null) {
            hex = Sha256.hex(digest.digest());
            crcs = blocks.finish();
        }
        return hex;
    }

    /** The CRC-32C of each block (see {@link BlockChecksums}); ends the digests, as {@link #sha256()} does. */
    public List<String> blocks() {
        sha256();
        return crcs;
    }

    /** The manifest entry for the bytes written, under {@code path} (relative, '/'-separated). */
    public ManifestEntry entry(String path) {
        return new ManifestEntry(path, size, sha256(), blocks());
    }
}
