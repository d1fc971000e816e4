package io.stowage.core.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id (RFC 9106, version 0x13) through BouncyCastle, which the JDK lacks. */
final class Argon2id {
    /** The salt length Stowage writes (RFC 9106 recommends 16 bytes). */
    static final int SALT_LENGTH = 16;

    private Argon2id() {
    }

    /** The full RFC 9106 form, with the optional secret and associated data (for the test vectors). */
    static byte[] hash(byte[] password, byte[] salt, byte[] secret, byte[] associatedData, Argon2Params params,
            int tagLength) {
        Argon2Parameters.Builder builder = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(params.memoryKiB())
                .withIterations(params.iterations())
                .withParallelism(params.parallelism())
                .withSalt(salt);
        if (secret != null) {
            builder.withSecret(secret);
        }
        if (associatedData != null) {
            builder.withAdditional(associatedData);
        }
        Argon2Parameters parameters = builder.build();
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            byte[] tag = new byte[tagLength];
            generator.generateBytes(password, tag);
            return tag;
        } finally {
            parameters.clear();
        }
    }

    /** The 32-byte master key for a passphrase (UTF-8) and salt. */
    static EncryptionKey deriveKey(char[] passphrase, byte[] salt, Argon2Params params) {
        byte[] password = Passphrase.utf8(passphrase);
        try {
            return EncryptionKey.adopt(hash(password, salt, null, null, params, EncryptionKey.LENGTH));
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }
}
