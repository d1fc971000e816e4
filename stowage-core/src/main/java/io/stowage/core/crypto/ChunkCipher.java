package io.stowage.core.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens the chunks of one stream with AES-256-GCM.
 *
 * <p>The chunk key is HKDF-SHA256(master key, salt = the header's stream salt, info "stowage stream
 * key v1"), so no two streams share a key even under one master key. Chunk {@code i}'s nonce is the
 * header's nonce base with {@code i} (64-bit big-endian) XORed into its last 8 bytes: unique within
 * the stream. The associated data binds the header, the index and the final flag, so a chunk is only
 * accepted in its own stream, at its own position, with its own role.
 */
final class ChunkCipher {
    static final int TAG_LENGTH = 16;
    private static final byte[] STREAM_KEY_INFO = "stowage stream key v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKey key;
    private final byte[] header;
    private final byte[] nonceBase;
    private final Cipher cipher;

    ChunkCipher(EncryptionKey master, EncryptionHeader parsed, byte[] headerBytes) {
        byte[] masterBytes = master.bytes();
        byte[] streamKey = Hkdf.derive(masterBytes, parsed.streamSalt(), STREAM_KEY_INFO, EncryptionKey.LENGTH);
        try {
            this.key = new SecretKeySpec(streamKey, "AES");
        } finally {
            // SecretKeySpec keeps its own copy, which the JDK cannot wipe; ours at least goes
            Arrays.fill(masterBytes, (byte) 0);
            Arrays.fill(streamKey, (byte) 0);
        }
        this.header = headerBytes.clone();
        this.nonceBase = parsed.nonceBase().clone();
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available in this JDK", e);
        }
    }

    /** Encrypts {@code length} bytes of {@code plaintext}; returns ciphertext followed by the tag. */
    byte[] seal(long index, boolean last, byte[] plaintext, int length) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce(index)));
            cipher.updateAAD(associatedData(index, last));
            return cipher.doFinal(plaintext, 0, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM refused to encrypt chunk " + index, e);
        }
    }

    /**
     * Decrypts and authenticates one sealed chunk into {@code plaintext}; returns the plaintext length.
     * The JDK's GCM releases nothing before the tag is verified, so {@code plaintext} is only written
     * for an authentic chunk.
     *
     * @throws AEADBadTagException when the chunk is not authentic at this index and flag
     */
    int open(long index, boolean last, byte[] sealed, int length, byte[] plaintext) throws AEADBadTagException {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce(index)));
            cipher.updateAAD(associatedData(index, last));
            return cipher.doFinal(sealed, 0, length, plaintext, 0);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM refused to decrypt chunk " + index, e);
        }
    }

    private byte[] nonce(long index) {
        byte[] nonce = nonceBase.clone();
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (index >>> (8 * i));
        }
        return nonce;
    }

    private byte[] associatedData(long index, boolean last) {
        return ByteBuffer.allocate(header.length + 9).put(header).putLong(index).put((byte) (last ? 1 : 0)).array();
    }
}
