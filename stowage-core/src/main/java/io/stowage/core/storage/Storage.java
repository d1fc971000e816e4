package io.stowage.core.storage;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A flat store of objects under '/'-separated keys: a local directory, an S3 bucket prefix, or any
 * further backend, which implements this interface in one class and registers a
 * {@link StorageProvider}.
 *
 * <p>Keys are relative names such as {@code 20261122T101500Z-pagila-3f9a/manifest.json}: no leading
 * '/', no empty segment, no {@code .} or {@code ..} segment (see {@link StorageKeys#check}). Every
 * method rejects other keys with a {@link io.stowage.core.error.StowageException} of code
 * {@link io.stowage.core.error.ErrorCode#USAGE}. Failures of the backend are
 * {@code StowageException}s too, with one-line messages that name the key and never a secret.
 *
 * <p>Objects are streamed both ways: no implementation may hold a whole object in memory or make a
 * full local copy.
 */
public interface Storage extends AutoCloseable {

    /**
     * Starts writing the object {@code key}, replacing any previous one once the returned stream is
     * closed. The object appears atomically on {@link StorageOutput#close()}; {@link
     * StorageOutput#abort()} leaves no trace.
     */
    StorageOutput create(String key);

    /**
     * Opens the object for reading.
     *
     * @throws io.stowage.core.error.StowageException with code INPUT naming the key when there is no
     *                                                such object
     */
    InputStream open(String key);

    /** The object's size and time, or empty when there is none. */
    Optional<StoredObject> stat(String key);

    /**
     * Every object whose key starts with {@code prefix} (a plain string prefix, {@code ""} for all),
     * sorted by key. Objects still being written are not listed.
     */
    List<StoredObject> list(String prefix);

    /**
     * The object's own file on the local disk, for readers that need to seek in it (a parallel
     * restore reads each table's data at its own offset): empty when the backend keeps no such file
     * (the default, as for S3) or when there is no such object. Callers only read the file.
     */
    default Optional<Path> localFile(String key) {
        return Optional.empty();
    }

    /** Deletes the object; deleting a missing object is not an error. */
    void delete(String key);

    /** Where this storage is, for messages and logs: a path or URL without any secret. */
    String describe();

    /** Releases the backend's resources (HTTP connections and the like); never throws checked. */
    @Override
    void close();
}
