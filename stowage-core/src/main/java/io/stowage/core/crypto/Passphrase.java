package io.stowage.core.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A passphrase, stretched with Argon2id into an {@link EncryptionKey}. Its {@link #toString()} is
 * always {@code ****}; {@link #destroy()} overwrites the characters.
 *
 * <p>The Argon2id parameters are used when writing; a reader always takes the ones stored in the
 * header, so changing the defaults never makes old archives unreadable.
 */
public final class Passphrase implements KeySource {
    private final char[] chars;
    private final Argon2Params params;

    private Passphrase(char[] chars, Argon2Params params) {
        this.chars = chars;
        this.params = params;
    }

    /** A passphrase with the default Argon2id parameters; the array is copied. */
    public static Passphrase of(char[] chars) {
        return of(chars, Argon2Params.DEFAULT);
    }

    /**
     * A passphrase with the given Argon2id parameters for writing. Package-private use only for the
     * tests' cheap parameters; everything else writes {@link Argon2Params#DEFAULT}.
     */
    static Passphrase of(char[] chars, Argon2Params params) {
        if (chars == null || chars.length == 0) {
            throw new IllegalArgumentException("a passphrase must not be empty");
        }
        return new Passphrase(chars.clone(), params);
    }

    /** The Argon2id parameters used when encrypting. */
    Argon2Params params() {
        return params;
    }

    /** Derives the master key for {@code salt}, with the given parameters (the header's when reading). */
    EncryptionKey deriveKey(byte[] salt, Argon2Params with) {
        return Argon2id.deriveKey(chars, salt, with);
    }

    /** Overwrites the passphrase. */
    public void destroy() {
        Arrays.fill(chars, '\0');
    }

    @Override
    public String toString() {
        return "****";
    }

    /** UTF-8 bytes of {@code chars} without going through a String that could not be wiped. */
    static byte[] utf8(char[] chars) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }
}
