package io.stowage.cli;

import io.stowage.core.crypto.EncryptionKey;
import io.stowage.core.crypto.KeyFile;
import io.stowage.core.crypto.KeySource;
import io.stowage.core.crypto.Passphrase;
import io.stowage.core.crypto.PassphraseSource;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.repo.BackupEncryption;
import io.stowage.repo.BackupInfo;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --passphrase-file FILE} and {@code --key-file FILE}: where the key of an encrypted backup
 * comes from. A passphrase may also come from {@value PassphraseSource#ENV} or a prompt on the
 * terminal; there is deliberately no option that takes a passphrase itself, so it never shows in
 * the process list or the shell history.
 */
final class KeyOptions {
    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "Read the encryption passphrase from FILE (all of it but a final line end). Otherwise it comes from $"
                    + PassphraseSource.ENV + " or a prompt on the terminal.")
    Path passphraseFile;

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "Encrypt or decrypt with the raw key in FILE (32 bytes, 64 hex characters or base64) instead of a passphrase.")
    Path keyFile;

    /** Whether either option was given. */
    boolean given() {
        return passphraseFile != null || keyFile != null;
    }

    /** The key to seal a new backup with: the key file, else the passphrase (asked twice on a terminal). */
    KeySource forWriting() {
        checkOne();
        return keyFile != null ? KeyFile.read(keyFile) : PassphraseSource.system().resolve(passphraseFile, true);
    }

    /**
     * The key to open the backup {@code info} with: {@code null} for a plain backup (nothing is read
     * or asked), else what the options give, checked against the kind the backup was sealed with.
     */
    KeySource forReading(BackupInfo info) {
        checkOne();
        BackupEncryption encryption = info.encryption();
        if (encryption == null) {
            return null;
        }
        if (encryption.passphrase()) {
            if (keyFile != null) {
                throw new StowageException(ErrorCode.USAGE, "backup " + info.key() + " is encrypted with a passphrase (key id "
                        + encryption.keyId() + "), not a key file", "give its passphrase with --passphrase-file FILE or $"
                        + PassphraseSource.ENV + " instead of --key-file");
            }
            try {
                return PassphraseSource.system().resolve(passphraseFile, false);
            } catch (StowageException e) {
                if (e.code() != ErrorCode.USAGE || passphraseFile != null) {
                    throw e;
                }
                // no terminal to ask on: say which backup needs what
                StowageException missing = new StowageException(ErrorCode.USAGE, "backup " + info.key()
                        + " is encrypted with a passphrase (key id " + encryption.keyId() + ") and none was given: " + e.getMessage(),
                        "give it with --passphrase-file FILE or $" + PassphraseSource.ENV);
                missing.addSuppressed(e);
                throw missing;
            }
        }
        if (keyFile == null) {
            throw new StowageException(ErrorCode.USAGE, "backup " + info.key() + " is encrypted with a key file (key id "
                    + encryption.keyId() + ") and none was given", "give it with --key-file FILE");
        }
        return KeyFile.read(keyFile);
    }

    private void checkOne() {
        if (passphraseFile != null && keyFile != null) {
            throw new StowageException(ErrorCode.USAGE, "--passphrase-file and --key-file cannot be used together",
                    "give a passphrase or a key file, not both");
        }
    }

    /** Overwrites the key or passphrase once it is no longer needed. */
    static void destroy(KeySource keys) {
        if (keys instanceof Passphrase passphrase) {
            passphrase.destroy();
        } else if (keys instanceof EncryptionKey key) {
            key.destroy();
        }
    }
}
