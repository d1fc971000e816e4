package io.stowage.postgres.catalog;

/**
 * Identifies a catalog row the way pg_depend does: the catalog it lives in (by name, e.g.
 * {@code pg_class}) and its oid.
 */
public record CatalogId(String catalog, long oid) {
    public static CatalogId of(String catalog, long oid) {
        return new CatalogId(catalog, oid);
    }
}
