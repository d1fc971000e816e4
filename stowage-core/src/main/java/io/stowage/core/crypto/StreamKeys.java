package io.stowage.core.crypto;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

/** Turns a {@link KeySource} into the master key of one stream, for writing or for reading a header. */
final class StreamKeys {
    private StreamKeys() {
    }

    /**
     * The master key for reading the stream with {@code header}, checked against its key id before
     * any chunk is touched. The returned key is always a fresh one that the caller destroys.
     */
    static EncryptionKey forReading(KeySource source, EncryptionHeader header) {
        // a sealed interface, but pattern matching in switch is still a preview in Java 17
        EncryptionKey key;
        if (source instanceof EncryptionKey raw) {
            if (header.kdf() != KdfId.RAW_KEY) {
                throw new StowageException(ErrorCode.INPUT,
                        "this archive was encrypted with a passphrase, not a key file",
                        "give the passphrase (STOWAGE_PASSPHRASE, --passphrase-file or the prompt) instead of --key-file");
            }
            key = EncryptionKey.adopt(raw.bytes());
        } else {
            Passphrase passphrase = (Passphrase) source;
            if (header.kdf() != KdfId.ARGON2ID) {
                throw new StowageException(ErrorCode.INPUT,
                        "this archive was encrypted with a key file, not a passphrase",
                        "give the key with --key-file instead of a passphrase");
            }
            key = passphrase.deriveKey(header.kdfSalt(), header.argon2());
        }
        if (!key.matchesKeyId(header.keyId())) {
            key.destroy();
            String what = header.kdf() == KdfId.ARGON2ID ? "passphrase" : "key";
            throw new StowageException(ErrorCode.INPUT,
                    "the " + what + " does not match: this archive was encrypted with key id " + header.keyIdHex(),
                    // the key id is read before the header is authenticated, so a damaged header looks the same
                    "give the " + what + " it was encrypted with (if it is the right one, the file's header is damaged)");
        }
        return key;
    }
}
