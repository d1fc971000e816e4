package io.stowage.core.integrity;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Passes bytes to the stream underneath and computes their SHA-256 and count on the way, so a file
 * is checksummed as it is written, without reading it back.
 */
public final class DigestingOutputStream extends FilterOutputStream {
    private final MessageDigest digest = Sha256.newDigest();
    private long size;
    private String hex;

    /** Wraps {@code out}; closing this stream closes it. */
    public DigestingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digest.update((byte) b);
        size++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        // FilterOutputStream would write byte by byte
        out.write(b, off, len);
        digest.update(b, off, len);
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
        }
        return hex;
    }

    /** The manifest entry for the bytes written, under {@code path} (relative, '/'-separated). */
    public ManifestEntry entry(String path) {
        return new ManifestEntry(path, size, sha256());
    }
}
