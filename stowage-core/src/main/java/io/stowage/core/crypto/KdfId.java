package io.stowage.core.crypto;

/** How the master key of an encrypted stream was obtained; its {@link #code()} is the header byte. */
public enum KdfId {
    /** A raw 32-byte key from a key file; the header's KDF fields are zero. */
    RAW_KEY(0),
    /** A passphrase stretched with Argon2id (version 0x13) and the header's parameters and salt. */
    ARGON2ID(1);

    private final int code;

    KdfId(int code) {
        this.code = code;
    }

    /** The byte stored in the header. */
    public int code() {
        return code;
    }

    /** The KDF for a header byte, or {@code null} when the byte names none. */
    static KdfId ofCode(int code) {
        for (KdfId kdf : values()) {
            if (kdf.code == code) {
                return kdf;
            }
        }
        return null;
    }
}
