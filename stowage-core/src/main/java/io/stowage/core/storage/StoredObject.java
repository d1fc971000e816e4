package io.stowage.core.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * One object in a {@link Storage}: its key, its size in bytes and when it was last written.
 *
 * @param key      the '/'-separated key relative to the storage's root
 * @param size     the size in bytes
 * @param modified when the object was written (the backend's clock)
 */
public record StoredObject(String key, long size, Instant modified) {
    public StoredObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(modified, "modified");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
    }
}
