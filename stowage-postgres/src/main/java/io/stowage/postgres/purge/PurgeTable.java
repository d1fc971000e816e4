package io.stowage.postgres.purge;

import io.stowage.postgres.sql.SqlText;

/**
 * One table a purge empties.
 *
 * @param oid         the table's pg_class oid
 * @param schema      its schema
 * @param name        its name
 * @param partitioned whether it is a partitioned table (relkind {@code p}), truncated with its partitions
 */
public record PurgeTable(long oid, String schema, String name, boolean partitioned) {
    /** {@code schema.name}, quoted as needed, as it appears in SQL and in output. */
    public String qualified() {
        return SqlText.qualified(schema, name);
    }
}
