package io.stowage.repo;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.integrity.BlockChecksums;
import io.stowage.core.integrity.DigestingInputStream;
import io.stowage.core.integrity.ManifestEntry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A backup's archive as it is read back from the storage: {@link #archive()} yields the archive's
 * bytes (decrypted when the backup is encrypted), while the stored bytes underneath are hashed.
 * {@link #finish()} reads what the consumer left and checks size and SHA-256 against the manifest,
 * so every reader of a backup (restore, verify) checks it the same way.
 */
public final class StoredArchive implements AutoCloseable {
    private final BackupKey key;
    private final DigestingInputStream stored;
    private final ManifestEntry expected;
    private final InputStream archive;
    /** The first failure of the decrypting stream: a chunk that did not authenticate, or a cut-off end. */
    private volatile StowageException decryptionFailure;

    StoredArchive(BackupKey key, DigestingInputStream stored, ManifestEntry expected, InputStream archive) {
        this.key = key;
        this.stored = stored;
        this.expected = expected;
        this.archive = archive == stored ? archive : recordingFailures(archive);
    }

    private InputStream recordingFailures(InputStream decrypting) {
        return new FilterInputStream(decrypting) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (StowageException e) {
                    throw record(e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (StowageException e) {
                    throw record(e);
                }
            }

            @Override
            public long skip(long n) throws IOException {
                try {
                    return super.skip(n);
                } catch (StowageException e) {
                    throw record(e);
                }
            }
        };
    }

    private StowageException record(StowageException e) {
        if (decryptionFailure == null) {
            decryptionFailure = e;
        }
        return e;
    }

    /**
     * When the archive is encrypted and its decryption failed (a chunk that does not authenticate,
     * a missing final chunk), the VERIFICATION failure that says so, else {@code null}. Damage the
     * manifest does not see (it was rewritten with the archive) still shows here.
     */
    public StowageException authenticationFailure() {
        StowageException cause = decryptionFailure;
        if (cause == null) {
            return null;
        }
        StowageException damaged = Repository.mismatch(key, "its encrypted archive fails authentication ("
                + cause.getMessage().replaceFirst("^cannot decrypt: ", "") + ")");
        damaged.addSuppressed(cause);
        return damaged;
    }

    /** The backup this archive belongs to. */
    public BackupKey key() {
        return key;
    }

    /** The archive's bytes, as the dumper wrote them; closing it does not close the storage stream. */
    public InputStream archive() {
        return new FilterInputStream(archive) {
            @Override
            public void close() {
                // the storage stream is closed by StoredArchive.close()
            }
        };
    }

    /** The stored bytes read so far (the offset a damage is found at). */
    public long storedOffset() {
        return stored.size();
    }

    /**
     * Reads the stored bytes to their end and checks them against the manifest.
     *
     * @throws StowageException VERIFICATION naming the key when size or SHA-256 differ, or the
     *                          storage stream fails
     */
    public void finish() {
        if (archive != stored) {
            // authenticate what the consumer left, to the final chunk: a backup cut at a chunk boundary
            // (with a manifest to match) fails here rather than passing as a shorter archive
            try {
                archive.transferTo(OutputStream.nullOutputStream());
            } catch (StowageException e) {
                throw authenticationFailure();
            } catch (IOException e) {
                throw new StowageException(ErrorCode.INPUT, "cannot read backup " + key + ": " + e.getMessage(),
                        "check the repository is reachable", e);
            }
        }
        if (!matches()) {
            throw Repository.mismatch(key, stored.size() != expected.size()
                    ? "its archive has " + stored.size() + " bytes, the manifest says " + expected.size()
                    : "its archive's SHA-256 differs from the manifest" + changedAt());
        }
    }

    /** The CRC-32C of each block of the stored bytes, once they have been read to their end. */
    java.util.List<String> blocks() {
        return stored.blocks();
    }

    /**
     * Where the stored bytes, read to their end, first differ from the manifest's block checksums,
     * as {@code "bytes A to B"}; null when they match or cannot tell.
     */
    public String changedRange() {
        if (!matches() && stored.size() == expected.size()) {
            return BlockChecksums.firstDifference(expected.blocks(), stored.blocks(), expected.size());
        }
        return null;
    }

    /** {@link #changedRange()} as a clause for a message: {@code " (changed first in bytes A to B)"}, or empty. */
    String changedAt() {
        String range = changedRange();
        return range == null ? "" : " (changed first in " + range + ")";
    }

    /** Whether the stored bytes, read to their end, match the manifest; false when they cannot be read. */
    public boolean matches() {
        try {
            stored.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            return false;
        }
        return stored.size() == expected.size() && stored.sha256().equals(expected.sha256());
    }

    @Override
    public void close() {
        try {
            // a decrypting stream wipes its plaintext buffer on close (it leaves the stored stream open)
            archive.close();
            stored.close();
        } catch (IOException e) {
            throw new StowageException(ErrorCode.INPUT, "cannot close backup " + key + ": " + e.getMessage(),
                    "check the repository is reachable", e);
        }
    }
}
