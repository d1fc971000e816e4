package io.stowage.core.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869), built on {@link Mac} because the JDK 17 has no HKDF of its own.
 *
 * <p>Stowage derives every working key with it: the per-stream chunk key from the master key and
 * a random stream salt, and the key id from the master key alone.
 */
public final class Hkdf {
    private static final String HMAC = "HmacSHA256";
    private static final int HASH_LENGTH = 32;

    private Hkdf() {
    }

    /** HKDF-Extract: the pseudorandom key for {@code ikm}; an empty salt stands for 32 zero bytes. */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        // RFC 5869 section 2.2: "if not provided, [salt] is set to a string of HashLen zeros"
        byte[] effectiveSalt = salt == null || salt.length == 0 ? new byte[HASH_LENGTH] : salt;
        Mac mac = mac(effectiveSalt);
        return mac.doFinal(ikm);
    }

    /** HKDF-Expand: {@code length} bytes (at most 255 * 32) of output keying material. */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 0 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 can expand to at most 8160 bytes, not " + length);
        }
        Mac mac = mac(prk);
        byte[] out = new byte[length];
        byte[] previous = new byte[0];
        int written = 0;
        for (int counter = 1; written < length; counter++) {
            mac.update(previous);
            mac.update(info == null ? new byte[0] : info);
            mac.update((byte) counter);
            byte[] block = mac.doFinal();
            int take = Math.min(block.length, length - written);
            System.arraycopy(block, 0, out, written, take);
            written += take;
            Arrays.fill(previous, (byte) 0);
            previous = block;
        }
        Arrays.fill(previous, (byte) 0);
        return out;
    }

    /** Extract then expand, the usual one-call form. */
    public static byte[] derive(byte[] ikm, byte[] salt, byte[] info, int length) {
        byte[] prk = extract(salt, ikm);
        try {
            return expand(prk, info, length);
        } finally {
            Arrays.fill(prk, (byte) 0);
        }
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("HMAC-SHA256 refused the key", e);
        } catch (GeneralSecurityException e) {
            // every Java SE implementation must provide HmacSHA256
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }
}
