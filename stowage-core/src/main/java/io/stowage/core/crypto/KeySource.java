package io.stowage.core.crypto;

/**
 * What the user gave to encrypt or decrypt with: a raw 32-byte key or a passphrase that Argon2id
 * stretches into one.
 *
 * <p>A raw key is used as it is; a passphrase is stretched with a fresh random salt when writing,
 * and with the salt and parameters stored in the stream's header when reading.
 */
public sealed interface KeySource permits EncryptionKey, Passphrase {
}
