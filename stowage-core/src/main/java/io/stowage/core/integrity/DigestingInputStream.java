package io.stowage.core.integrity;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Passes bytes from the stream underneath and computes the SHA-256 and count of what was read, so
 * a file can be checked while it is being consumed for another purpose.
 */
public final class DigestingInputStream extends FilterInputStream {
    private final StreamChecksums checksums = new StreamChecksums();

    /** Wraps {@code in}; closing this stream closes it. */
    public DigestingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            checksums.update(b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            checksums.update(b, off, n);
        }
        return n;
    }

    /** Reads rather than skips: skipped bytes must be digested too. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long done = 0;
        while (done < n) {
            int got = read(buffer, 0, (int) Math.min(buffer.length, n - done));
            if (got < 0) {
                break;
            }
            done += got;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** The number of bytes read so far. */
    public long size() {
        return checksums.size();
    }

    /** The SHA-256 of everything read, as lower-case hex; ends the digest, so read nothing after. */
    public String sha256() {
        return checksums.sha256();
    }

    /** The CRC-32C of each block (see {@link BlockChecksums}); ends the digests, as {@link #sha256()} does. */
    public List<String> blocks() {
        return checksums.blocks();
    }
}
