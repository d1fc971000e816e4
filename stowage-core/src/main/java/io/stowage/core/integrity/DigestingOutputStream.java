package io.stowage.core.integrity;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Passes bytes to the stream underneath and computes their SHA-256 and count on the way, so a file
 * is checksummed as it is written, without reading it back.
 */
public final class DigestingOutputStream extends FilterOutputStream {
    private final StreamChecksums checksums = new StreamChecksums();

    /** Wraps {@code out}; closing this stream closes it. */
    public DigestingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        checksums.update(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        // FilterOutputStream would write byte by byte
        out.write(b, off, len);
        checksums.update(b, off, len);
    }

    /** The number of bytes written so far. */
    public long size() {
        return checksums.size();
    }

    /** The SHA-256 of everything written, as lower-case hex; ends the digest, so write nothing after. */
    public String sha256() {
        return checksums.sha256();
    }

    /** The CRC-32C of each block (see {@link BlockChecksums}); ends the digests, as {@link #sha256()} does. */
    public List<String> blocks() {
        return checksums.blocks();
    }

    /** The manifest entry for the bytes written, under {@code path} (relative, '/'-separated). */
    public ManifestEntry entry(String path) {
        return new ManifestEntry(path, checksums.size(), sha256(), blocks());
    }
}
