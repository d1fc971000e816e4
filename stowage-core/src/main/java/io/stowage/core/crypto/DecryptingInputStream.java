package io.stowage.core.crypto;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;

/**
 * Decrypts a Stowage encrypted stream (see the {@linkplain io.stowage.core.crypto package
 * documentation}) and hands out only authenticated plaintext, one whole chunk at a time.
 *
 * <p>The header is read, and the key checked against its key id, when the stream is
 * {@linkplain #DecryptingInputStream(InputStream, KeySource) opened}. Every failure afterwards, a
 * changed bit, a missing, repeated, reordered or foreign chunk, a cut-off end or trailing bytes, is a
 * {@link StowageException} with {@link ErrorCode#INPUT} naming the chunk; no plaintext of a chunk is
 * released before that chunk authenticated, and end of stream is only reported after the final chunk.
 */
public final class DecryptingInputStream extends FilterInputStream {
    private final EncryptionHeader header;
    private final ChunkCipher cipher;
    private final byte[] sealed;
    private final byte[] plain;
    private int plainPosition;
    private int plainLength;
    private long nextIndex;
    private boolean sawFinal;
    private StowageException failure;

    /**
     * Reads the header from {@code in} and checks the key.
     *
     * @throws StowageException when {@code in} is not an encrypted stream, or the key or passphrase is
     *                          not the one it was encrypted with
     */
    public DecryptingInputStream(InputStream in, KeySource keySource) throws IOException {
        super(Objects.requireNonNull(in, "in"));
        Objects.requireNonNull(keySource, "keySource");
        byte[] headerBytes = new byte[EncryptionHeader.LENGTH];
        int got = in.readNBytes(headerBytes, 0, headerBytes.length);
        if (got < headerBytes.length) {
            throw new StowageException(ErrorCode.INPUT,
                    "cannot decrypt: the stream ends inside its header (" + got + " of " + EncryptionHeader.LENGTH + " bytes)",
                    "the file is truncated, or it is not an encrypted Stowage file");
        }
        this.header = EncryptionHeader.decode(headerBytes);
        EncryptionKey master = StreamKeys.forReading(keySource, header);
        try {
            this.cipher = new ChunkCipher(master, header, headerBytes);
        } finally {
            master.destroy();
        }
        this.sealed = new byte[header.chunkSize() + ChunkCipher.TAG_LENGTH];
        this.plain = new byte[header.chunkSize()];
    }

    /** The key id recorded in the header. */
    public String keyId() {
        return header.keyIdHex();
    }

    /** The header read from the start of the stream. */
    public EncryptionHeader header() {
        return header;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (plainPosition == plainLength) {
            if (sawFinal) {
                return -1;
            }
            if (failure != null) {
                // once a chunk failed nothing after it can be trusted: every later read fails the same way
                throw failure;
            }
            try {
                readChunk();
            } catch (StowageException e) {
                failure = e;
                plainPosition = plainLength = 0;
                throw e;
            }
        }
        int take = Math.min(len, plainLength - plainPosition);
        System.arraycopy(plain, plainPosition, b, off, take);
        plainPosition += take;
        return take;
    }

    @Override
    public long skip(long n) throws IOException {
        // through read: skipped chunks must still be authenticated in order
        long skipped = 0;
        byte[] scratch = new byte[(int) Math.min(8192, Math.max(n, 1))];
        while (skipped < n) {
            int got = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (got < 0) {
                break;
            }
            skipped += got;
        }
        return skipped;
    }

    @Override
    public int available() {
        return plainLength - plainPosition;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void mark(int readlimit) {
        // not supported
    }

    @Override
    public void reset() throws IOException {
        throw new IOException("mark/reset is not supported");
    }

    @Override
    public void close() throws IOException {
        Arrays.fill(plain, (byte) 0);
        plainPosition = plainLength = 0;
        super.close();
    }

    /**
     * Reads chunk {@code nextIndex}: a marker byte (0 = more follow, 1 = final), then the sealed
     * chunk, which is exactly chunk size + 16 bytes unless it is the final one.
     */
    private void readChunk() throws IOException {
        long index = nextIndex;
        int marker = in.read();
        if (marker < 0) {
            throw new StowageException(ErrorCode.INPUT,
                    "cannot decrypt: the stream ends before its final chunk (after " + index + " chunks)",
                    "the file is truncated; use an intact copy");
        }
        if (marker > 1) {
            throw corrupt(index, "its marker byte is " + marker + ", not 0 or 1");
        }
        boolean last = marker == 1;
        int length;
        if (last) {
            length = in.readNBytes(sealed, 0, sealed.length);
            if (in.read() >= 0) {
                throw new StowageException(ErrorCode.INPUT,
                        "cannot decrypt: data follows the final chunk (chunk " + index + ")",
                        "the file is damaged or was appended to; use an intact copy");
            }
        } else {
            length = in.readNBytes(sealed, 0, sealed.length);
            if (length < sealed.length) {
                throw new StowageException(ErrorCode.INPUT,
                        "cannot decrypt: the stream ends before its final chunk (inside chunk " + index + ")",
                        "the file is truncated; use an intact copy");
            }
        }
        if (length < ChunkCipher.TAG_LENGTH) {
            throw corrupt(index, "it is shorter than its authentication tag");
        }
        try {
            plainLength = cipher.open(index, last, sealed, length, plain);
        } catch (AEADBadTagException e) {
            throw corrupt(index, null);
        }
        plainPosition = 0;
        nextIndex++;
        sawFinal = last;
    }

    private static StowageException corrupt(long index, String detail) {
        return new StowageException(ErrorCode.INPUT,
                "cannot decrypt: authentication failed in chunk " + index + (detail == null ? "" : " (" + detail + ")"),
                "the file is damaged or was tampered with; use an intact copy");
    }
}
