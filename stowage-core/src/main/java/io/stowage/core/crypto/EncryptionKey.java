package io.stowage.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 256-bit master key. Its bytes never appear in {@link #toString()}; {@link #destroy()} overwrites
 * them once the key is no longer needed.
 *
 * <p>The {@linkplain #keyId() key id} identifies the key without revealing it: the first 8 bytes of
 * HKDF-SHA256(key, no salt, info "stowage key id"), as 16 lowercase hex characters. It is stored in
 * every encrypted stream's header and in backup metadata, so a wrong key is recognised before any
 * chunk is decrypted.
 */
public final class EncryptionKey implements KeySource {
    /** The key length in bytes (AES-256). */
    public static final int LENGTH = 32;
    static final int KEY_ID_LENGTH = 8;
    private static final byte[] KEY_ID_INFO = "stowage key id".getBytes(StandardCharsets.US_ASCII);

    private final byte[] key;
    private final String keyId;
    private volatile boolean destroyed;

    private EncryptionKey(byte[] key) {
        this.key = key;
        this.keyId = HexFormat.of().formatHex(keyIdBytes(key));
    }

    /** A key from 32 bytes; the array is copied, so the caller may wipe its own. */
    public static EncryptionKey of(byte[] key) {
        if (key == null || key.length != LENGTH) {
            throw new IllegalArgumentException("an encryption key has 32 bytes, not "
                    + (key == null ? "none" : key.length));
        }
        return new EncryptionKey(key.clone());
    }

    /** Takes ownership of {@code key} without copying (for keys this package derived itself). */
    static EncryptionKey adopt(byte[] key) {
        if (key.length != LENGTH) {
            throw new IllegalArgumentException("an encryption key has 32 bytes, not " + key.length);
        }
        return new EncryptionKey(key);
    }

    /** The key id: 16 hex characters that name the key without revealing it. */
    public String keyId() {
        return keyId;
    }

    /** The raw key id bytes, as stored in the header. */
    byte[] keyIdBytes() {
        return HexFormat.of().parseHex(keyId);
    }

    /** Whether {@code candidate} (from a header) is this key's id, compared in constant time. */
    boolean matchesKeyId(byte[] candidate) {
        return MessageDigest.isEqual(keyIdBytes(), candidate);
    }

    /** A copy of the key bytes; the caller wipes it. */
    byte[] bytes() {
        if (destroyed) {
            throw new IllegalStateException("the encryption key was destroyed");
        }
        return key.clone();
    }

    /** Overwrites the key bytes; the key cannot be used afterwards. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(key, (byte) 0);
    }

    /** Whether {@link #destroy()} was called. */
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "EncryptionKey[id=" + keyId + "]";
    }

    private static byte[] keyIdBytes(byte[] key) {
        return Hkdf.derive(key, null, KEY_ID_INFO, KEY_ID_LENGTH);
    }
}
