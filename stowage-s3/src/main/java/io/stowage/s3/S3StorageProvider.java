package io.stowage.s3;

import io.stowage.core.storage.Storage;
import io.stowage.core.storage.StorageLocation;
import io.stowage.core.storage.StorageProvider;

/** Serves {@code s3://bucket/prefix} locations with {@link S3Storage}; found through ServiceLoader. */
public final class S3StorageProvider implements StorageProvider {
    @Override
    public String scheme() {
        return "s3";
    }

    @Override
    public Storage open(StorageLocation location) {
        return S3Storage.open(S3Settings.from(location, System.getenv()));
    }
}
