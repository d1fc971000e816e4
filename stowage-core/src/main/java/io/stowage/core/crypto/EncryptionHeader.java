package io.stowage.core.crypto;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The fixed-size header that starts every encrypted stream (format version 1, 89 bytes, integers
 * big-endian). See the {@linkplain io.stowage.core.crypto package documentation} for the layout.
 *
 * <p>The header is not encrypted but it is authenticated: its exact bytes are part of every chunk's
 * associated data, so a changed header fails chunk 0 at the latest.
 *
 * @param kdf        how the master key was obtained
 * @param argon2     Argon2id parameters, {@code null} for a raw key
 * @param kdfSalt    the 16-byte Argon2id salt (zeros for a raw key)
 * @param keyId      the 8-byte key id of the master key
 * @param streamSalt the 32-byte HKDF salt of this stream's chunk key
 * @param nonceBase  the 12-byte random base of the chunk nonces
 * @param chunkSize  plaintext bytes in every chunk but the last
 */
public record EncryptionHeader(KdfId kdf, Argon2Params argon2, byte[] kdfSalt, byte[] keyId, byte[] streamSalt,
        byte[] nonceBase, int chunkSize) {
    static final byte[] MAGIC = "STWENC".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int LENGTH = 89;
    static final int STREAM_SALT_LENGTH = 32;
    static final int NONCE_LENGTH = 12;
    /** Chunks are buffered whole on both sides, so a header may not ask for more than this. */
    static final int MAX_CHUNK_SIZE = 64 * 1024 * 1024;

    public EncryptionHeader {
        if (kdfSalt.length != Argon2id.SALT_LENGTH || keyId.length != EncryptionKey.KEY_ID_LENGTH
                || streamSalt.length != STREAM_SALT_LENGTH || nonceBase.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("header field of the wrong length");
        }
        if ((kdf == KdfId.ARGON2ID) != (argon2 != null)) {
            throw new IllegalArgumentException("Argon2 parameters go with, and only with, the Argon2id KDF");
        }
        if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk size must be 1 to " + MAX_CHUNK_SIZE + ", not " + chunkSize);
        }
        kdfSalt = kdfSalt.clone();
        keyId = keyId.clone();
        streamSalt = streamSalt.clone();
        nonceBase = nonceBase.clone();
    }

    // the byte arrays go out as copies: a header read from a stream is the reader's to trust

    @Override
    public byte[] kdfSalt() {
        return kdfSalt.clone();
    }

    @Override
    public byte[] keyId() {
        return keyId.clone();
    }

    @Override
    public byte[] streamSalt() {
        return streamSalt.clone();
    }

    @Override
    public byte[] nonceBase() {
        return nonceBase.clone();
    }

    /** The key id as 16 hex characters, as {@link EncryptionKey#keyId()} shows it. */
    public String keyIdHex() {
        return HexFormat.of().formatHex(keyId);
    }

    /** The 89 header bytes. */
    byte[] encode() {
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
        buffer.put(MAGIC).put((byte) VERSION).put((byte) kdf.code());
        buffer.putInt(argon2 == null ? 0 : argon2.memoryKiB());
        buffer.putInt(argon2 == null ? 0 : argon2.iterations());
        buffer.put((byte) (argon2 == null ? 0 : argon2.parallelism()));
        buffer.put(kdfSalt).put(keyId).put(streamSalt).put(nonceBase).putInt(chunkSize);
        return buffer.array();
    }

    /**
     * Parses header bytes read from a stream. Everything is checked before use because nothing here
     * is authenticated yet: a crafted header must not make the reader allocate or compute much.
     */
    static EncryptionHeader decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte[] magic = new byte[MAGIC.length];
        buffer.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw damaged("it does not start with the STWENC signature of a Stowage encrypted file",
                    "give an encrypted archive, or leave out the key or passphrase for an unencrypted one");
        }
        int version = buffer.get() & 0xff;
        if (version != VERSION) {
            throw damaged("its format version is " + version + " and this Stowage reads version " + VERSION,
                    "use the Stowage version that wrote it, or a newer one");
        }
        int kdfCode = buffer.get() & 0xff;
        KdfId kdf = KdfId.ofCode(kdfCode);
        if (kdf == null) {
            throw damaged("its header names an unknown key derivation (" + kdfCode + ")", null);
        }
        int memory = buffer.getInt();
        int iterations = buffer.getInt();
        int parallelism = buffer.get() & 0xff;
        Argon2Params argon2 = null;
        if (kdf == KdfId.ARGON2ID) {
            try {
                argon2 = new Argon2Params(memory, iterations, parallelism);
            } catch (IllegalArgumentException e) {
                throw damaged("its header holds unusable Argon2 parameters (m=" + memory + " KiB, t=" + iterations
                        + ", p=" + parallelism + ")", null);
            }
        } else if (memory != 0 || iterations != 0 || parallelism != 0) {
            throw damaged("its header holds key derivation parameters for a raw key", null);
        }
        byte[] kdfSalt = take(buffer, Argon2id.SALT_LENGTH);
        if (kdf == KdfId.RAW_KEY && !allZero(kdfSalt)) {
            throw damaged("its header holds a passphrase salt for a raw key", null);
        }
        byte[] keyId = take(buffer, EncryptionKey.KEY_ID_LENGTH);
        byte[] streamSalt = take(buffer, STREAM_SALT_LENGTH);
        byte[] nonceBase = take(buffer, NONCE_LENGTH);
        int chunkSize = buffer.getInt();
        if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
            throw damaged("its header names an impossible chunk size (" + Integer.toUnsignedString(chunkSize) + ")", null);
        }
        return new EncryptionHeader(kdf, argon2, kdfSalt, keyId, streamSalt, nonceBase, chunkSize);
    }

    private static StowageException damaged(String why, String fix) {
        return new StowageException(ErrorCode.INPUT, "cannot decrypt: " + why,
                fix != null ? fix : "the file is damaged, or was not written by Stowage");
    }

    private static byte[] take(ByteBuffer buffer, int length) {
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "EncryptionHeader[kdf=" + kdf + ", argon2=" + argon2 + ", keyId=" + keyIdHex() + ", chunkSize=" + chunkSize + "]";
    }
}
