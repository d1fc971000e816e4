package io.stowage.core.storage;

/**
 * Opens the storages of one URL scheme. Implementations are found with {@link
 * java.util.ServiceLoader} (a {@code META-INF/services/io.stowage.core.storage.StorageProvider}
 * entry), so that core knows no backend beyond the local one and a module on the class path is all
 * it takes to add one.
 */
public interface StorageProvider {

    /** The URL scheme this provider serves, lower case, for example {@code "s3"}. */
    String scheme();

    /**
     * Opens the storage at {@code location}, whose {@link StorageLocation#scheme()} is {@link
     * #scheme()}.
     *
     * @throws io.stowage.core.error.StowageException when the location or its options are invalid
     *                                                or the backend cannot be set up
     */
    Storage open(StorageLocation location);
}
