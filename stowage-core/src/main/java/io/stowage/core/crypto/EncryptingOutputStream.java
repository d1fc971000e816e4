package io.stowage.core.crypto;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Encrypts everything written to it into the Stowage encrypted stream format (see the
 * {@linkplain io.stowage.core.crypto package documentation}), in memory proportional to one chunk.
 *
 * <p>The header is written at once; each chunk is written as soon as the next byte shows it is not
 * the last. {@link #close()} (or {@link #finish()}) writes the final chunk: a stream that is never
 * closed is detectably incomplete, never silently short. {@link #flush()} cannot flush a partial
 * chunk (every chunk but the last is full) and only flushes what was already sealed.
 */
public final class EncryptingOutputStream extends FilterOutputStream {
    /** The plaintext bytes per chunk written by default: 1 MiB. */
    public static final int DEFAULT_CHUNK_SIZE = 1024 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EncryptionHeader header;
    private final ChunkCipher cipher;
    private final byte[] buffer;
    private int buffered;
    private long nextIndex;
    private boolean finished;
    private boolean failed;

    /** Encrypts into {@code out} with 1 MiB chunks. */
    public EncryptingOutputStream(OutputStream out, KeySource keySource) throws IOException {
        this(out, keySource, DEFAULT_CHUNK_SIZE);
    }

    /** Encrypts into {@code out} with chunks of {@code chunkSize} plaintext bytes (the tests use small ones). */
    EncryptingOutputStream(OutputStream out, KeySource keySource, int chunkSize) throws IOException {
        super(Objects.requireNonNull(out, "out"));
        Objects.requireNonNull(keySource, "keySource");
        byte[] streamSalt = random(EncryptionHeader.STREAM_SALT_LENGTH);
        byte[] nonceBase = random(EncryptionHeader.NONCE_LENGTH);
        EncryptionKey master;
        byte[] kdfSalt;
        Argon2Params argon2;
        if (keySource instanceof Passphrase passphrase) {
            // a fresh salt per stream: the same passphrase never gives the same key twice
            kdfSalt = random(Argon2id.SALT_LENGTH);
            argon2 = passphrase.params();
            master = passphrase.deriveKey(kdfSalt, argon2);
        } else {
            kdfSalt = new byte[Argon2id.SALT_LENGTH];
            argon2 = null;
            master = EncryptionKey.adopt(((EncryptionKey) keySource).bytes());
        }
        try {
            this.header = new EncryptionHeader(argon2 == null ? KdfId.RAW_KEY : KdfId.ARGON2ID, argon2, kdfSalt,
                    master.keyIdBytes(), streamSalt, nonceBase, chunkSize);
            byte[] headerBytes = header.encode();
            this.cipher = new ChunkCipher(master, header, headerBytes);
            this.buffer = new byte[chunkSize];
            out.write(headerBytes);
        } finally {
            master.destroy();
        }
    }

    /** The key id written in the header (for the backup's metadata). */
    public String keyId() {
        return header.keyIdHex();
    }

    /** The header written at the start of the stream. */
    public EncryptionHeader header() {
        return header;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            if (buffered == buffer.length) {
                // more data follows, so the full buffer is not the last chunk
                sealChunk(false);
            }
            int take = Math.min(len, buffer.length - buffered);
            System.arraycopy(b, off, buffer, buffered, take);
            buffered += take;
            off += take;
            len -= take;
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Writes the final chunk and flushes, without closing the underlying stream. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        if (failed) {
            // an earlier write failed: never write a final chunk that would make a partial stream look whole
            throw new IOException("cannot finish the encrypted stream: an earlier write failed");
        }
        sealChunk(true);
        finished = true;
        Arrays.fill(buffer, (byte) 0);
        out.flush();
    }

    /** Writes the final chunk (unless an earlier write failed) and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        try {
            if (!failed) {
                finish();
            }
        } finally {
            finished = true;
            out.close();
        }
    }

    private void sealChunk(boolean last) throws IOException {
        byte[] sealed = cipher.seal(nextIndex, last, buffer, buffered);
        try {
            out.write(last ? 1 : 0);
            out.write(sealed);
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
        nextIndex++;
        buffered = 0;
    }

    private void ensureOpen() throws IOException {
        if (finished) {
            throw new IOException("the encrypted stream is already finished");
        }
        if (failed) {
            throw new IOException("the encrypted stream failed on an earlier write");
        }
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
