package io.stowage.repo;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.crypto.Argon2Params;
import io.stowage.core.crypto.DecryptingInputStream;
import io.stowage.core.crypto.EncryptingOutputStream;
import io.stowage.core.crypto.EncryptionKey;
import io.stowage.core.crypto.KeySource;
import io.stowage.core.crypto.Passphrase;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.integrity.DigestingInputStream;
import io.stowage.core.integrity.DigestingOutputStream;
import io.stowage.core.integrity.Manifest;
import io.stowage.core.integrity.ManifestEntry;
import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.DumpOptions;
import io.stowage.core.options.RestoreOptions;
import io.stowage.core.progress.ProgressEvent;
import io.stowage.core.progress.ProgressListener;
import io.stowage.core.storage.Storage;
import io.stowage.core.storage.StorageLocation;
import io.stowage.core.storage.StorageOutput;
import io.stowage.core.storage.StoredObject;
import io.stowage.postgres.dump.DumpResult;
import io.stowage.postgres.dump.NativeDumper;
import io.stowage.postgres.restore.NativeRestorer;
import io.stowage.postgres.restore.RestoreResult;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * A repository of backups in a {@link Storage}. Each backup lives under {@code backups/<key>/}:
 * <ul>
 *   <li>{@code archive.dump}: the database as a custom-format archive, streamed from the dumper
 *       straight into the storage;</li>
 *   <li>{@code manifest.json}: the archive's size and SHA-256 (a core {@link Manifest}), computed
 *       while the archive was written;</li>
 *   <li>{@code metadata.json}: the {@link BackupInfo}, written last: a backup without it is
 *       incomplete and is not listed.</li>
 * </ul>
 * Wherever a key is taken, {@code latest} means the newest complete backup. Failures are
 * {@link StowageException}s with one-line messages; no message carries a password.
 */
public final class Repository implements AutoCloseable {
    /** The folder all backups live in. */
    public static final String BACKUPS = "backups/";
    /** The archive's name inside a backup. */
    public static final String ARCHIVE = "archive.dump";
    /** The manifest's name inside a backup. */
    public static final String MANIFEST = "manifest.json";
    /** The metadata's name inside a backup; its presence marks a complete backup. */
    public static final String METADATA = "metadata.json";

    /*
     * The fixed layout of the STWENC v1 header (io.stowage.core.crypto's package documentation):
     * 89 bytes: "STWENC", version 1, the kdf byte and the Argon2 parameters (offset 7 to 17), the
     * 8-byte key id at offset 33, the chunk size in the last 4 bytes.
     */
    private static final int HEADER_LENGTH = 89;
    private static final byte[] HEADER_MAGIC = {'S', 'T', 'W', 'E', 'N', 'C', 1};
    private static final int HEADER_KDF_OFFSET = 7;
    private static final int HEADER_KEY_ID_OFFSET = 33;
    private static final int MAX_CHUNK_SIZE = 64 * 1024 * 1024;

    private final Storage storage;
    private final String location;

    private Repository(Storage storage, String location) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.location = location;
    }

    /**
     * Opens the repository at a location as {@link StorageLocation#parse} takes it: a directory,
     * {@code file:///dir} or {@code s3://bucket/prefix}.
     */
    public static Repository open(String location) {
        if (location == null || location.isBlank()) {
            throw new StowageException(ErrorCode.USAGE, "no backup repository given",
                    "give --repo LOCATION (a directory or s3://bucket/prefix) or set STOWAGE_REPO");
        }
        return new Repository(StorageLocation.open(location), location);
    }

    /** A repository in an already open storage, which {@link #close()} closes. */
    public static Repository of(Storage storage) {
        return new Repository(storage, storage.describe());
    }

    /** The storage the repository lives in. */
    public Storage storage() {
        return storage;
    }

    /**
     * Dumps the database {@code source} names into a new backup and returns its metadata. The archive
     * streams from the dumper into the storage; nothing is held in memory or staged locally. On any
     * failure no object of the new key remains.
     *
     * @param options dump options with format {@link ArchiveFormat#CUSTOM} and no output path
     */
    public BackupInfo backup(ConnectionSettings source, DumpOptions options, ProgressListener listener) {
        return backup(source, options, listener, null);
    }

    /**
     * Dumps the database {@code source} names into a new backup, encrypted with {@code keys} unless
     * it is {@code null}, and returns its metadata. An encrypted archive is sealed while it streams
     * (dumper, then {@link EncryptingOutputStream}, then the checksum, then the storage): the
     * manifest's size and SHA-256 are those of the stored, encrypted bytes, and no plaintext is
     * written anywhere. The metadata records the key id, never the key. The caller keeps, and
     * destroys, {@code keys}.
     *
     * @param options dump options with format {@link ArchiveFormat#CUSTOM} and no output path
     * @param keys    the key or passphrase to seal the archive with, or {@code null} for none
     */
    public BackupInfo backup(ConnectionSettings source, DumpOptions options, ProgressListener listener, KeySource keys) {
        if (options.format() != ArchiveFormat.CUSTOM || options.output() != null) {
            throw new StowageException(ErrorCode.USAGE, "a backup is a custom archive stored in the repository",
                    "give dump options with format custom and no output file");
        }
        if (keys != null && options.jobs() > 1) {
            // the custom writer's parallel path spools finished data blocks to temporary files,
            // which would put unencrypted table data on disk
            throw new StowageException(ErrorCode.USAGE, "an encrypted backup is written with one job, not -j " + options.jobs(),
                    "drop -j: with several jobs, data blocks would be spooled unencrypted to temporary files");
        }
        Instant started = Instant.now();
        BackupKey key = BackupKey.create(source.database(), started);
        while (!storage.list(prefix(key)).isEmpty()) {
            // another process started a backup of this database in the same second and drew the same suffix
            key = BackupKey.create(source.database(), started);
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        ProgressListener tables = event -> {
            if (event instanceof ProgressEvent.TableData t) {
                synchronized (rows) {
                    rows.merge(t.namespace() + "." + t.table(), t.rows(), Long::sum);
                }
            }
        };
        ProgressListener all = tables.andThen(listener == null ? ProgressListener.NONE : listener);
        List<String> published = new ArrayList<>();
        StorageOutput current = null;
        try {
            current = storage.create(object(key, ARCHIVE));
            DigestingOutputStream digest = new DigestingOutputStream(new BufferedOutputStream(current, 1 << 16));
            DumpResult result;
            BackupEncryption encryption = null;
            if (keys == null) {
                result = new NativeDumper(source, options, all).run(digest);
            } else {
                // writes the header (and stretches a passphrase) before the dump starts
                EncryptingOutputStream sealed = new EncryptingOutputStream(digest, keys);
                encryption = BackupEncryption.of(sealed.header());
                result = new NativeDumper(source, options, all).run(sealed);
                // the final chunk: without it the archive reads as cut off
                sealed.finish();
            }
            digest.flush();
            current.close();
            published.add(object(key, ARCHIVE));
            ManifestEntry archive = digest.entry(ARCHIVE);

            current = storage.create(object(key, MANIFEST));
            current.write(Manifest.of(List.of(archive)).toJson().getBytes(StandardCharsets.UTF_8));
            current.close();
            published.add(object(key, MANIFEST));

            Map<String, Long> counted;
            synchronized (rows) {
                counted = new LinkedHashMap<>(rows);
            }
            BackupInfo info = new BackupInfo(key, source.database(), result.serverVersion(), source.display(), "native",
                    "custom", options.effectiveCompression().toString(), flags(options), stowageVersion(), started, Instant.now(),
                    archive.size(), archive.sha256(), result.entries(), counted, encryption);
            current = storage.create(object(key, METADATA));
            current.write(info.toJson().getBytes(StandardCharsets.UTF_8));
            current.close();
            current = null;
            return info;
        } catch (Throwable t) {
            if (current != null) {
                current.abort();
            }
            for (String done : published) {
                try {
                    storage.delete(done);
                } catch (RuntimeException e) {
                    t.addSuppressed(e);
                }
            }
            if (t instanceof IOException io) {
                throw new StowageException(ErrorCode.OUTPUT, "cannot store backup " + key + " in " + location + ": "
                        + io.getMessage(), "check the repository's space and permissions", io);
            }
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(t);
        }
    }

    /** Every complete backup, newest first. */
    public List<BackupInfo> list() {
        List<BackupInfo> all = new ArrayList<>();
        for (StoredObject o : storage.list(BACKUPS)) {
            String rest = o.key().substring(BACKUPS.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && rest.substring(slash + 1).equals(METADATA) && BackupKey.isValid(rest.substring(0, slash))) {
                all.add(read(new BackupKey(rest.substring(0, slash))));
            }
        }
        all.sort(Comparator.comparing(BackupInfo::key).reversed());
        return all;
    }

    /**
     * The keys that have objects but no metadata: backups still being written, or left by a process
     * that died. They are not listed, restored or pruned; {@link #delete} removes one by its key.
     */
    public List<BackupKey> incomplete() {
        java.util.SortedSet<BackupKey> started = new java.util.TreeSet<>();
        java.util.Set<BackupKey> complete = new java.util.HashSet<>();
        for (StoredObject o : storage.list(BACKUPS)) {
            String rest = o.key().substring(BACKUPS.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && BackupKey.isValid(rest.substring(0, slash))) {
                BackupKey key = new BackupKey(rest.substring(0, slash));
                started.add(key);
                if (rest.substring(slash + 1).equals(METADATA)) {
                    complete.add(key);
                }
            }
        }
        started.removeAll(complete);
        return List.copyOf(started);
    }

    /**
     * The key {@code keyOrLatest} names: the newest backup for {@code latest}, else the key itself
     * once its backup is known to be complete.
     *
     * @throws StowageException INPUT when there is no such backup, USAGE when the text is no key
     */
    public BackupKey resolve(String keyOrLatest) {
        if (BackupKey.LATEST.equals(keyOrLatest)) {
            BackupKey newest = null;
            for (StoredObject o : storage.list(BACKUPS)) {
                String rest = o.key().substring(BACKUPS.length());
                int slash = rest.indexOf('/');
                if (slash > 0 && rest.substring(slash + 1).equals(METADATA) && BackupKey.isValid(rest.substring(0, slash))) {
                    BackupKey k = new BackupKey(rest.substring(0, slash));
                    newest = newest == null || k.compareTo(newest) > 0 ? k : newest;
                }
            }
            if (newest == null) {
                throw new StowageException(ErrorCode.INPUT, "the repository " + location + " holds no backups, so there is no latest",
                        "make one with stowage backup --repo " + location + " DBNAME");
            }
            return newest;
        }
        BackupKey key = BackupKey.parse(keyOrLatest);
        if (storage.stat(object(key, METADATA)).isEmpty()) {
            throw unknown(key.value());
        }
        return key;
    }

    /** The metadata of one backup ({@code latest} for the newest). */
    public BackupInfo show(String keyOrLatest) {
        return read(resolve(keyOrLatest));
    }

    /**
     * Deletes every object of one backup ({@code latest} for the newest): the metadata first, so a
     * deletion cut short leaves a backup that is no longer listed rather than a listed, broken one.
     * Leftovers of an incomplete backup are deleted too when their key is given.
     */
    public BackupKey delete(String keyOrLatest) {
        BackupKey key = BackupKey.LATEST.equals(keyOrLatest) ? resolve(keyOrLatest) : BackupKey.parse(keyOrLatest);
        List<StoredObject> objects = storage.list(prefix(key));
        if (objects.isEmpty()) {
            throw unknown(key.value());
        }
        storage.delete(object(key, METADATA));
        for (StoredObject o : objects) {
            if (!o.key().equals(object(key, METADATA))) {
                storage.delete(o.key());
            }
        }
        return key;
    }

    /**
     * Opens a backup's archive ({@code latest} for the newest) as it is stored, unchecked: encrypted
     * when the backup is (see {@link #openStored(BackupKey, KeySource)} to read it decrypted and
     * checked). The caller closes the stream.
     */
    public InputStream openArchive(String keyOrLatest) {
        return storage.open(object(resolve(keyOrLatest), ARCHIVE));
    }

    /**
     * Restores a backup ({@code latest} for the newest) into {@code target}, streaming the archive
     * from the storage into the restorer. Its size is checked against the manifest before anything
     * is restored, and its SHA-256 while it streams: a mismatch fails with VERIFICATION naming the
     * key (found at the end of the stream, after the restorer has read it all, or when the
     * restorer fails on the damaged bytes).
     *
     * @param options restore options without an input path; one job (the archive is a stream)
     */
    public RestoreResult restore(String keyOrLatest, ConnectionSettings target, RestoreOptions options,
                                 ProgressListener listener) {
        return restore(keyOrLatest, target, options, listener, null);
    }

    /**
     * Restores a backup as {@link #restore(String, ConnectionSettings, RestoreOptions, ProgressListener)}
     * does, decrypting it with {@code keys} when it is encrypted. The key is checked before anything is
     * restored: a missing or wrong key fails with one line naming the backup and its key id.
     *
     * @param keys the key or passphrase the backup was encrypted with; {@code null} for a plain backup
     *             (and ignored for one)
     */
    public RestoreResult restore(String keyOrLatest, ConnectionSettings target, RestoreOptions options,
                                 ProgressListener listener, KeySource keys) {
        if (options.input() != null) {
            throw new StowageException(ErrorCode.USAGE, "a backup is restored from the repository, not from a file",
                    "give restore options without an input path");
        }
        BackupKey key = resolve(keyOrLatest);
        try (StoredArchive stored = openStored(key, keys)) {
            RestoreResult result;
            try {
                result = new NativeRestorer(target, options, listener).run(stored.archive());
            } catch (RuntimeException e) {
                // damage usually shows first as an unreadable archive: report it as what it is
                if (!stored.matches()) {
                    StowageException v = mismatch(key, "its archive's SHA-256 differs from the manifest" + stored.changedAt());
                    v.addSuppressed(e);
                    throw v;
                }
                StowageException unauthentic = stored.authenticationFailure();
                if (unauthentic != null) {
                    unauthentic.addSuppressed(e);
                    throw unauthentic;
                }
                throw e;
            }
            stored.finish();
            return result;
        }
    }

    /**
     * Restores a backup as {@link #restore(String, ConnectionSettings, RestoreOptions, ProgressListener, KeySource)}
     * does, but on {@code jobs} connections when the storage keeps the archive as a local file
     * ({@link Storage#localFile}): the whole file is read and checked against the manifest first, so
     * that damage is found before anything is written, and then restored in place, as {@code
     * pg_restore -j} restores a file. A storage without local files (S3), and an encrypted backup
     * (whose plaintext must never be on disk), stream the archive with one job and say so in a
     * {@link ProgressEvent.Warning}.
     */
    public RestoreResult restore(String keyOrLatest, ConnectionSettings target, RestoreOptions options,
                                 ProgressListener listener, KeySource keys, int jobs) {
        if (jobs < 2 || options.input() != null) {
            return restore(keyOrLatest, target, options, listener, keys); // which refuses an input path
        }
        BackupKey key = resolve(keyOrLatest);
        ProgressListener events = listener == null ? ProgressListener.NONE : listener;
        java.util.Optional<java.nio.file.Path> file = storage.localFile(object(key, ARCHIVE));
        String oneJob = file.isEmpty() ? "its archive streams from " + location
                + ", and only a local repository's archive file can be read by several jobs"
                : read(key).encrypted() ? "it is encrypted, and its archive is only ever decrypted as it streams" : null;
        if (oneJob != null) {
            events.onEvent(new ProgressEvent.Warning("backup " + key + " is restored with one job: " + oneJob));
            return restore(key.value(), target, options, listener, keys);
        }
        events.onEvent(new ProgressEvent.Info("checking backup " + key
                + " against its manifest before restoring it with " + jobs + " jobs"));
        try (StoredArchive stored = openStored(key)) {
            stored.finish();
        }
        RestoreOptions o = options;
        RestoreOptions inPlace = new RestoreOptions(file.get(), o.singleTransaction(), o.clean(), o.ifExists(), o.create(),
                o.noOwner(), o.noPrivileges(), o.noComments(), o.exitOnError(), o.dataOnly(), o.schemaOnly(), o.sections(),
                o.noTablespaces(), o.noSecurityLabels(), o.selection(), o.useList(), o.disableTriggers(),
                o.noDataForFailedTables(), o.freeze(), o.fkNotValid());
        return new NativeRestorer(target, inPlace, events, jobs).run();
    }

    /**
     * Opens a backup's archive for reading, after checking its stored size against the manifest.
     * The caller reads {@link StoredArchive#archive()}, then calls {@link StoredArchive#finish()}
     * to check the checksum, and closes it. An encrypted backup needs
     * {@link #openStored(BackupKey, KeySource)}.
     *
     * @throws StowageException VERIFICATION when the archive is missing, its size or its manifest is
     *                          wrong; USAGE when the backup is encrypted
     */
    public StoredArchive openStored(BackupKey key) {
        return openStored(key, null);
    }

    /**
     * Opens a backup's archive for reading, after checking its stored size against the manifest; an
     * encrypted one is decrypted with {@code keys}, whose key id is checked before any chunk is read.
     * {@link StoredArchive#archive()} then yields authenticated plaintext, and
     * {@link StoredArchive#finish()} also authenticates the rest of the stream to its final chunk.
     *
     * @param keys the key or passphrase the backup was encrypted with; {@code null} for a plain
     *             backup (and ignored for one)
     * @throws StowageException VERIFICATION when the archive is missing, its size, its manifest or
     *                          its encryption header is wrong; USAGE when the backup is encrypted and
     *                          {@code keys} is {@code null} or of the other kind; INPUT when the key
     *                          or passphrase is not the one it was encrypted with
     */
    public StoredArchive openStored(BackupKey key, KeySource keys) {
        ManifestEntry expected = manifestEntry(key);
        long stored = storage.stat(object(key, ARCHIVE)).map(StoredObject::size).orElse(-1L);
        if (stored != expected.size()) {
            throw mismatch(key, stored < 0 ? "its archive is missing" : "its archive has " + stored + " bytes, the manifest says "
                    + expected.size());
        }
        BackupEncryption encryption = read(key).encryption();
        if (encryption != null) {
            checkKeys(key, encryption, keys);
        }
        DigestingInputStream in = new DigestingInputStream(storage.open(object(key, ARCHIVE)));
        if (encryption == null) {
            return new StoredArchive(key, in, expected, in);
        }
        try {
            return new StoredArchive(key, in, expected, decrypting(key, encryption, in, keys));
        } catch (RuntimeException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** A missing key, or a key of the other kind, fails before the archive is opened. */
    private static void checkKeys(BackupKey key, BackupEncryption encryption, KeySource keys) {
        String keyId = " (key id " + encryption.keyId() + ")";
        if (keys == null) {
            throw new StowageException(ErrorCode.USAGE, "backup " + key + " is encrypted with a "
                    + (encryption.passphrase() ? "passphrase" : "key file") + keyId + " and no "
                    + (encryption.passphrase() ? "passphrase" : "key") + " was given", howToGive(encryption));
        }
        if (encryption.passphrase() && !(keys instanceof Passphrase)) {
            throw new StowageException(ErrorCode.USAGE, "backup " + key + " is encrypted with a passphrase" + keyId
                    + ", not a key file", howToGive(encryption));
        }
        if (!encryption.passphrase() && !(keys instanceof EncryptionKey)) {
            throw new StowageException(ErrorCode.USAGE, "backup " + key + " is encrypted with a key file" + keyId
                    + ", not a passphrase", howToGive(encryption));
        }
        // a raw key's id is the same in every stream: a wrong one is known before reading a byte
        if (keys instanceof EncryptionKey raw && !raw.keyId().equals(encryption.keyId())) {
            throw wrongKey(key, encryption, "key has key id " + raw.keyId());
        }
    }

    private static String howToGive(BackupEncryption encryption) {
        return encryption.passphrase()
                ? "give its passphrase with --passphrase-file FILE or the " + "STOWAGE_PASSPHRASE environment variable (or type it at the prompt on a terminal)"
                : "give its key file with --key-file FILE";
    }

    private static StowageException wrongKey(BackupKey key, BackupEncryption encryption, String detail) {
        String what = encryption.passphrase() ? "passphrase" : "key";
        return new StowageException(ErrorCode.INPUT, "wrong " + what + " for backup " + key + ": it was encrypted with key id "
                + encryption.keyId() + (detail == null ? "" : " and the given " + detail),
                "give the " + what + " this backup was encrypted with"
                        + (encryption.passphrase() ? " (--passphrase-file FILE or STOWAGE_PASSPHRASE)" : " (--key-file FILE)"));
    }

    /**
     * Reads the encryption header through {@code in} (so it is part of the checksum), checks it
     * against the metadata, then hands it and the rest to a {@link DecryptingInputStream}. The check
     * tells a damaged header (VERIFICATION) from a wrong passphrase (INPUT), which the decrypting
     * stream alone cannot: both show as a key id that does not match.
     */
    private static DecryptingInputStream decrypting(BackupKey key, BackupEncryption encryption, InputStream in, KeySource keys) {
        byte[] header = new byte[HEADER_LENGTH];
        int got;
        try {
            got = in.readNBytes(header, 0, header.length);
        } catch (IOException e) {
            throw new StowageException(ErrorCode.INPUT, "cannot read backup " + key + ": " + e.getMessage(),
                    "check the repository is reachable", e);
        }
        if (got < header.length || !Arrays.equals(header, 0, HEADER_MAGIC.length, HEADER_MAGIC, 0, HEADER_MAGIC.length)) {
            throw mismatch(key, "its metadata says it is encrypted, but its archive does not start with an encryption header");
        }
        String headerKeyId = HexFormat.of().formatHex(header, HEADER_KEY_ID_OFFSET, HEADER_KEY_ID_OFFSET + 8);
        if (!headerKeyId.equals(encryption.keyId())) {
            throw mismatch(key, "its encryption header names key id " + headerKeyId + ", its metadata " + encryption.keyId());
        }
        ByteBuffer fields = ByteBuffer.wrap(header);
        int kdf = fields.get(HEADER_KDF_OFFSET);
        Argon2Params argon2 = encryption.argon2();
        boolean sameKdf = argon2 == null ? kdf == 0 && fields.getInt(HEADER_KDF_OFFSET + 1) == 0
                : kdf == 1 && fields.getInt(HEADER_KDF_OFFSET + 1) == argon2.memoryKiB()
                && fields.getInt(HEADER_KDF_OFFSET + 5) == argon2.iterations()
                && (fields.get(HEADER_KDF_OFFSET + 9) & 0xff) == argon2.parallelism();
        int chunkSize = fields.getInt(HEADER_LENGTH - 4);
        if (!sameKdf || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
            throw mismatch(key, "its encryption header differs from its metadata");
        }
        try {
            // SequenceInputStream closes each stream it has read to the end: the stored stream must stay
            // open for StoredArchive.matches(), and StoredArchive.close() closes it
            InputStream rest = new FilterInputStream(in) {
                @Override
                public void close() {
                }
            };
            return new DecryptingInputStream(new SequenceInputStream(new ByteArrayInputStream(header), rest), keys);
        } catch (IOException e) {
            throw new StowageException(ErrorCode.INPUT, "cannot read backup " + key + ": " + e.getMessage(),
                    "check the repository is reachable", e);
        } catch (StowageException e) {
            // the header's kdf and key id are the metadata's, so a refusal here is the key's fault (or a
            // damaged salt, which no one can tell from a wrong key: the core's fix text says so too)
            StowageException wrong = wrongKey(key, encryption, null);
            wrong.addSuppressed(e);
            throw wrong;
        }
    }

    /**
     * Verifies a backup ({@code latest} for the newest) without a server: manifest and metadata
     * parse and agree, the archive has the manifest's size and SHA-256 and parses to its end (TOC
     * and every data block), and its rows per table are those the metadata records.
     *
     * @throws StowageException VERIFICATION naming the key, the damaged object and, where known, the offset
     */
    public BackupVerification verify(String keyOrLatest) {
        return verify(keyOrLatest, null);
    }

    /**
     * {@link #verify(String)} for a backup that may be encrypted: {@code keys} decrypts it (and is
     * ignored for a plain one), so that its archive can be parsed.
     *
     * @throws StowageException as {@link #verify(String)}; USAGE when the backup is encrypted and no
     *                          key is given; INPUT when the key is not the one it was sealed with
     */
    public BackupVerification verify(String keyOrLatest, KeySource keys) {
        return new RepositoryVerifier(this, keys).verify(keyOrLatest);
    }

    /**
     * {@link #verify(String)}, then a restore into a scratch database on the server {@code server}
     * connects to (created and dropped again, see {@link ScratchDatabase}) whose row counts must be
     * the metadata's.
     *
     * @throws StowageException VERIFICATION as {@link #verify(String)}, or naming a table and both counts
     */
    public BackupVerification verifyDeep(String keyOrLatest, ConnectionSettings server, ProgressListener listener) {
        return verifyDeep(keyOrLatest, server, listener, null);
    }

    /** {@link #verifyDeep(String, ConnectionSettings, ProgressListener)} for a backup that may be encrypted. */
    public BackupVerification verifyDeep(String keyOrLatest, ConnectionSettings server, ProgressListener listener,
                                         KeySource keys) {
        return new RepositoryVerifier(this, keys).verifyDeep(keyOrLatest, server,
                listener == null ? ProgressListener.NONE : listener);
    }

    @Override
    public void close() {
        storage.close();
    }

    private ManifestEntry manifestEntry(BackupKey key) {
        Manifest manifest;
        try {
            manifest = Manifest.parse(readText(object(key, MANIFEST)));
        } catch (IllegalArgumentException e) {
            throw mismatch(key, "its manifest is unreadable (" + e.getMessage() + ")");
        }
        return manifest.entries().stream().filter(e -> e.path().equals(ARCHIVE)).findFirst()
                .orElseThrow(() -> mismatch(key, "its manifest does not list " + ARCHIVE));
    }

    private BackupInfo read(BackupKey key) {
        try {
            BackupInfo info = BackupInfo.fromJson(readText(object(key, METADATA)));
            if (!info.key().equals(key)) {
                throw new IllegalArgumentException("it names key " + info.key());
            }
            return info;
        } catch (IllegalArgumentException e) {
            throw new StowageException(ErrorCode.INPUT, "the metadata of backup " + key + " in " + location
                    + " is unreadable: " + e.getMessage(), "delete the backup with stowage backups delete " + key);
        }
    }

    private String readText(String object) {
        try (InputStream in = storage.open(object)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StowageException(ErrorCode.INPUT, "cannot read " + object + " from " + location + ": " + e.getMessage(),
                    "check the repository is reachable", e);
        }
    }

    private StowageException unknown(String key) {
        return new StowageException(ErrorCode.INPUT, "no backup " + key + " in " + location,
                "see the keys with stowage backups list --repo " + location);
    }

    static StowageException mismatch(BackupKey key, String problem) {
        return new StowageException(ErrorCode.VERIFICATION, "backup " + key + " is damaged: " + problem,
                "restore another backup (stowage backups list) and check the repository's storage");
    }

    private static String prefix(BackupKey key) {
        return BACKUPS + key.value() + "/";
    }

    private static String object(BackupKey key, String name) {
        return prefix(key) + name;
    }

    /** The options that differ from a plain custom dump's defaults, as {@code stowage dump} flags, in a fixed order. */
    static List<String> flags(DumpOptions o) {
        List<String> flags = new ArrayList<>();
        if (o.compression() != null) {
            flags.add("-Z");
            flags.add(o.compression().toString());
        }
        o.includeSchemas().forEach(v -> flags.addAll(List.of("-n", v)));
        o.excludeSchemas().forEach(v -> flags.addAll(List.of("-N", v)));
        o.includeTables().forEach(v -> flags.addAll(List.of("-t", v)));
        o.excludeTables().forEach(v -> flags.addAll(List.of("-T", v)));
        o.excludeTableData().forEach(v -> flags.addAll(List.of("--exclude-table-data", v)));
        o.sections().stream().sorted()
                .forEach(v -> flags.addAll(List.of("--section", v.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))));
        String[] names = {"--data-only", "--schema-only", "--no-owner", "--no-privileges", "--no-comments", "--clean",
            "--if-exists", "--create", "--no-tablespaces", "--no-security-labels", "--statistics", "--no-statistics",
            "--statistics-only"};
        boolean[] set = {o.dataOnly(), o.schemaOnly(), o.noOwner(), o.noPrivileges(), o.noComments(), o.clean(),
            o.ifExists(), o.create(), o.noTablespaces(), o.noSecurityLabels(), o.statistics(), o.noStatistics(),
            o.statisticsOnly()};
        for (int i = 0; i < names.length; i++) {
            if (set[i]) {
                flags.add(names[i]);
            }
        }
        if (o.jobs() > 1) {
            flags.addAll(List.of("-j", String.valueOf(o.jobs())));
        }
        if (o.lockWaitTimeout() != null) {
            flags.addAll(List.of("--lock-wait-timeout", o.lockWaitTimeout()));
        }
        if (o.snapshot() != null) {
            // which state the backup holds: the exporting session's, not the start time's
            flags.addAll(List.of("--snapshot", o.snapshot()));
        }
        return flags;
    }

    /** The Stowage version this module was built as. */
    public static String stowageVersion() {
        try (InputStream in = Repository.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
