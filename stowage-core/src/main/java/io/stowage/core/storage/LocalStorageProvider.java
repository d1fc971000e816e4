package io.stowage.core.storage;

import java.nio.file.Path;

/** Serves {@code file:} locations (and plain paths, which parse to them) with {@link LocalStorage}. */
public final class LocalStorageProvider implements StorageProvider {
    @Override
    public String scheme() {
        return StorageLocation.FILE;
    }

    @Override
    public Storage open(StorageLocation location) {
        return LocalStorage.open(Path.of(location.path()));
    }
}
