package io.stowage.postgres.purge;

import java.util.List;

/**
 * What a purge empties and how.
 *
 * @param tables    the selected tables, with the partitions of selected partitioned tables, sorted by name
 * @param cascaded  tables outside the selection that {@code TRUNCATE ... CASCADE} also empties because
 *                  they reference the selection through foreign keys (empty unless cascading), sorted
 * @param statement the single TRUNCATE statement that does it
 */
public record PurgePlan(List<PurgeTable> tables, List<PurgeTable> cascaded, String statement) {
    public PurgePlan {
        tables = List.copyOf(tables);
        cascaded = List.copyOf(cascaded);
    }
}
