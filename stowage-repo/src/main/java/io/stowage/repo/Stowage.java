package io.stowage.repo;

import io.stowage.core.connect.ConnectionRequest;
import io.stowage.core.connect.ConnectionResolver;
import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.crypto.KeySource;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.DumpOptions;
import io.stowage.core.options.RestoreOptions;
import io.stowage.core.progress.ProgressListener;
import io.stowage.postgres.jdbc.PgConnector;
import io.stowage.postgres.purge.PurgePlan;
import io.stowage.postgres.purge.Purger;
import io.stowage.postgres.restore.RestoreResult;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * The Java API for applications that embed Stowage: back a database up into a repository, list,
 * verify, restore and delete its backups, and empty tables. Typical use is a snapshot before a
 * schema migration, restored when the migration fails:
 *
 * <pre>{@code
 * try (Stowage stowage = Stowage.repository("/var/backups/app").build()) {
 *     BackupKey key = stowage.backup("postgresql://app@localhost:5432/appdb");
 *     try {
 *         migrate();
 *     } catch (Exception e) {
 *         stowage.replace(key, "postgresql://app@localhost:5432/appdb");
 *         throw e;
 *     }
 * }
 * }</pre>
 *
 * <p>Databases are named by a connection string as {@code stowage dump -d} takes it (a database
 * name, a {@code postgresql://} URI or libpq {@code key=value} pairs), completed from the libpq
 * environment ({@code PGHOST}, {@code PGPASSWORD}, the password file and so on), or by
 * {@link ConnectionSettings}. Every failure is a {@link StowageException} with an {@link ErrorCode}
 * and a one-line message that never contains a password. An instance is safe to use from several
 * threads at once: backups of different databases may run concurrently into one repository.
 */
public final class Stowage implements AutoCloseable {
    private final Repository repository;
    private final ProgressListener listener;
    private final KeySource keys;

    private Stowage(Repository repository, ProgressListener listener, KeySource keys) {
        this.repository = repository;
        this.listener = listener;
        this.keys = keys;
    }

    /**
     * Starts configuring access to the repository at {@code location}: a directory, {@code file:///dir}
     * or {@code s3://bucket/prefix?endpoint=…&region=…} (credentials from the usual AWS sources).
     */
    public static Builder repository(String location) {
        return new Builder(Objects.requireNonNull(location, "location"));
    }

    /** The repository underneath, for what this facade does not cover (its own options and progress). */
    public Repository repositoryApi() {
        return repository;
    }

    /** Backs up a database (a connection string) with the default options: a gzip-compressed custom archive. */
    public BackupKey backup(String database) {
        return backup(connect(database));
    }

    /** Backs up a database with the default options and returns the new backup's key. */
    public BackupKey backup(ConnectionSettings database) {
        return backup(database, DumpOptions.builder().format(ArchiveFormat.CUSTOM).build()).key();
    }

    /**
     * Backs up a database with the given dump options (format custom, no output path: the archive
     * goes to the repository) and returns the new backup's metadata.
     */
    public BackupInfo backup(ConnectionSettings database, DumpOptions options) {
        return repository.backup(database, options, listener, keys);
    }

    /** Every complete backup, newest first. */
    public List<BackupInfo> list() {
        return repository.list();
    }

    /** The metadata of one backup; {@code latest} names the newest. */
    public BackupInfo show(String keyOrLatest) {
        return repository.show(keyOrLatest);
    }

    /**
     * Restores a backup into an existing database, normally an empty one (as {@code pg_restore -d}),
     * stopping at the first error.
     */
    public RestoreResult restore(BackupKey key, String target) {
        return restore(key, connect(target));
    }

    /** Restores a backup into an existing database, stopping at the first error. */
    public RestoreResult restore(BackupKey key, ConnectionSettings target) {
        return repository.restore(key.value(), target, RestoreOptions.builder().exitOnError(true).build(), listener, keys);
    }

    /** Restores a backup with the given restore options (no input path). */
    public RestoreResult restore(BackupKey key, ConnectionSettings target, RestoreOptions options) {
        return repository.restore(key.value(), target, options, listener, keys);
    }

    /** {@link #replace(BackupKey, ConnectionSettings)} for a connection string. */
    public RestoreResult replace(BackupKey key, String database) {
        return replace(key, connect(database));
    }

    /**
     * Puts a database back exactly as the backup has it: drops the database (it must be the one the
     * backup was taken of), creates it again with its properties, and restores everything into it,
     * as {@code pg_restore --clean --create --if-exists} does. Objects created after the backup go
     * with the dropped database. Other sessions must have disconnected first (close the
     * application's pool): PostgreSQL refuses to drop a database in use, and the database is then
     * left untouched.
     *
     * @param database connection to the database to replace; the restore connects to its server's
     *                 {@code postgres} database to drop and create it
     */
    public RestoreResult replace(BackupKey key, ConnectionSettings database) {
        BackupInfo info = repository.show(key.value());
        if (!info.database().equals(database.database())) {
            throw new StowageException(ErrorCode.USAGE, "backup " + key + " is of database \"" + info.database()
                    + "\", not of \"" + database.database() + "\", so it cannot replace it",
                    "restore it into an empty database with restore(key, target) instead");
        }
        RestoreOptions options = RestoreOptions.builder().create(true).clean(true).ifExists(true).exitOnError(true).build();
        return repository.restore(key.value(), database.withDatabase("postgres"), options, listener, keys);
    }

    /**
     * Checks a backup without a server: manifest and metadata agree, the archive has its recorded
     * size and SHA-256, parses to its end (TOC and every data block; decrypted when it is
     * encrypted), and holds the rows per table its metadata records.
     *
     * @throws StowageException VERIFICATION naming the damaged object and, where known, the offset
     */
    public BackupVerification verify(BackupKey key) {
        return repository.verify(key.value(), keys);
    }

    /**
     * {@link #verify(BackupKey)}, then a restore into a scratch database on {@code server}'s server
     * (created and dropped again) whose row counts must be those the metadata records.
     */
    public BackupVerification verifyDeep(BackupKey key, ConnectionSettings server) {
        return repository.verifyDeep(key.value(), server, listener, keys);
    }

    /** Deletes a backup; {@code latest} names the newest. Returns the key deleted. */
    public BackupKey delete(String keyOrLatest) {
        return repository.delete(keyOrLatest);
    }

    /** Deletes a backup. */
    public void delete(BackupKey key) {
        repository.delete(key.value());
    }

    /**
     * Empties tables of a database in one transaction with {@code TRUNCATE … RESTART IDENTITY}:
     * those matching the pg_dump-style patterns, or every user table when none is given. Tables
     * outside the set that reference it through foreign keys make it fail with their names.
     */
    public PurgePlan purge(String database, String... tables) {
        return purge(connect(database), List.of(tables));
    }

    /** {@link #purge(String, String...)} for settings and a list of patterns. */
    public PurgePlan purge(ConnectionSettings database, List<String> tables) {
        try (Connection c = PgConnector.open(database)) {
            return Purger.purge(c, tables, false);
        } catch (SQLException e) {
            throw new StowageException(ErrorCode.SERVER, "cannot close the connection to " + database.display() + ": "
                    + e.getMessage(), "check the server", e);
        }
    }

    /** Closes the repository's storage (HTTP connections for S3). */
    @Override
    public void close() {
        repository.close();
    }

    /** Resolves a connection string as the CLI does, from the libpq environment too. */
    public static ConnectionSettings connect(String database) {
        return ConnectionResolver.resolve(ConnectionRequest.of(Objects.requireNonNull(database, "database")));
    }

    /** Configures a {@link Stowage}; {@link #build()} opens the repository. */
    public static final class Builder {
        private final String location;
        private ProgressListener listener = ProgressListener.NONE;
        private KeySource keys;

        private Builder(String location) {
            this.location = location;
        }

        /** Receives progress events of every backup and restore (default: none). */
        public Builder progress(ProgressListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Encrypts every new backup with this key ({@link io.stowage.core.crypto.KeyFile#read} for a
         * key file, {@link io.stowage.core.crypto.Passphrase} for a passphrase, stretched with
         * Argon2id), and decrypts encrypted ones with it. Plain backups stay readable.
         */
        public Builder encryptWith(KeySource keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** Opens the repository's storage. */
        public Stowage build() {
            return new Stowage(Repository.open(location), listener, keys);
        }
    }
}
