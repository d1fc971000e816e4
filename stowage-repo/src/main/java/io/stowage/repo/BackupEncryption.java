package io.stowage.repo;

import io.stowage.core.crypto.Argon2Params;
import io.stowage.core.crypto.EncryptionHeader;
import io.stowage.core.crypto.KdfId;
import io.stowage.core.io.Json;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How an encrypted backup's archive was sealed, as its metadata records it: never the key or the
 * passphrase, only what tells which one opens it.
 *
 * <p>A key file's key id is the same for every backup sealed with it. A passphrase is stretched with
 * a fresh salt for every backup, so its key id differs from backup to backup: it tells a wrong
 * passphrase from a damaged header, not one passphrase from another.
 *
 * @param cipher the stream format, {@value #CIPHER}
 * @param keyId  the key id in the archive's header, 16 hex characters
 * @param kdf    {@value #KDF_PASSPHRASE} (a passphrase) or {@value #KDF_KEY_FILE} (a raw key)
 * @param argon2 the Argon2id parameters for a passphrase, {@code null} for a key file
 */
public record BackupEncryption(String cipher, String keyId, String kdf, Argon2Params argon2) {
    /** The one cipher Stowage writes: STWENC version 1, chunked AES-256-GCM. */
    public static final String CIPHER = "aes-256-gcm/stwenc1";
    /** The kdf of a passphrase. */
    public static final String KDF_PASSPHRASE = "argon2id";
    /** The kdf of a raw key from a key file. */
    public static final String KDF_KEY_FILE = "key-file";

    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");

    public BackupEncryption {
        Objects.requireNonNull(cipher, "cipher");
        if (!KEY_ID.matcher(String.valueOf(keyId)).matches()) {
            throw new IllegalArgumentException("the key id must be 16 lower-case hex characters, not \"" + keyId + "\"");
        }
        if (!KDF_PASSPHRASE.equals(kdf) && !KDF_KEY_FILE.equals(kdf)) {
            throw new IllegalArgumentException("the kdf must be " + KDF_PASSPHRASE + " or " + KDF_KEY_FILE + ", not \"" + kdf + "\"");
        }
        if (KDF_PASSPHRASE.equals(kdf) != (argon2 != null)) {
            throw new IllegalArgumentException("Argon2 parameters go with, and only with, kdf " + KDF_PASSPHRASE);
        }
    }

    /** What the header of a freshly sealed archive says. */
    public static BackupEncryption of(EncryptionHeader header) {
        boolean passphrase = header.kdf() == KdfId.ARGON2ID;
        return new BackupEncryption(CIPHER, header.keyIdHex(), passphrase ? KDF_PASSPHRASE : KDF_KEY_FILE, header.argon2());
    }

    /** Whether the archive was sealed with a passphrase (else with a key file). */
    public boolean passphrase() {
        return KDF_PASSPHRASE.equals(kdf);
    }

    /** One line of JSON, as {@code metadata.json} holds it. */
    String toJson() {
        StringBuilder sb = new StringBuilder("{\"cipher\": ").append(Json.quote(cipher))
                .append(", \"key_id\": ").append(Json.quote(keyId))
                .append(", \"kdf\": ").append(Json.quote(kdf));
        if (argon2 != null) {
            sb.append(", \"argon2\": {\"memory_kib\": ").append(argon2.memoryKiB())
                    .append(", \"iterations\": ").append(argon2.iterations())
                    .append(", \"parallelism\": ").append(argon2.parallelism()).append('}');
        }
        return sb.append('}').toString();
    }

    /** Reads what {@link #toJson()} wrote, parsed; {@code null} stays {@code null} (a plain backup). */
    static BackupEncryption fromJson(Object parsed) {
        if (parsed == null) {
            return null;
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the metadata's \"encryption\" is neither null nor an object");
        }
        Argon2Params argon2 = null;
        Object params = map.get("argon2");
        if (params instanceof Map<?, ?> p) {
            argon2 = new Argon2Params(number(p, "memory_kib"), number(p, "iterations"), number(p, "parallelism"));
        } else if (params != null) {
            throw new IllegalArgumentException("the metadata's \"encryption.argon2\" is not an object");
        }
        return new BackupEncryption(text(map, "cipher"), text(map, "key_id"), text(map, "kdf"), argon2);
    }

    private static String text(Map<?, ?> map, String name) {
        if (map.get(name) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("the metadata's \"encryption\" has no string \"" + name + "\"");
    }

    private static int number(Map<?, ?> map, String name) {
        if (map.get(name) instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        throw new IllegalArgumentException("the metadata's \"encryption.argon2\" has no integer \"" + name + "\"");
    }
}
