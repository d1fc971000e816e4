package io.stowage.postgres.dump;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.DumpOptions;
import io.stowage.core.select.NamePattern;
import io.stowage.postgres.catalog.DumpObject;
import io.stowage.postgres.catalog.ObjectKind;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Which objects a dump includes, by pg_dump's rules for {@code -n/-N}, {@code -t/-T} and
 * {@code --exclude-table-data}: with {@code -t} only the matching relations and what belongs to
 * them; with {@code -n} only objects in the matching schemas.
 */
public final class ObjectFilter {
    private final List<NamePattern> includeSchemas;
    private final List<NamePattern> excludeSchemas;
    private final List<NamePattern> includeTables;
    private final List<NamePattern> excludeTables;
    private final List<NamePattern> excludeTableData;
    private final Map<Long, Boolean> visible;

    /**
     * @param visible {@code pg_table_is_visible} of each relation under the default search_path,
     *                by oid (only needed for patterns without a schema part)
     */
    public ObjectFilter(DumpOptions options, Map<Long, Boolean> visible, String database) {
        this.includeSchemas = parse(options.includeSchemas());
        this.excludeSchemas = parse(options.excludeSchemas());
        this.includeTables = parse(options.includeTables());
        this.excludeTables = parse(options.excludeTables());
        this.excludeTableData = parse(options.excludeTableData());
        this.visible = visible;
        for (NamePattern p : includeSchemas) {
            p.checkSchemaDatabase(database);
        }
        for (NamePattern p : excludeSchemas) {
            p.checkSchemaDatabase(database);
        }
        for (List<NamePattern> l : List.of(includeTables, excludeTables, excludeTableData)) {
            for (NamePattern p : l) {
                p.checkDatabase(database);
            }
        }
    }

    private static List<NamePattern> parse(List<String> patterns) {
        return patterns.stream().map(NamePattern::parse).toList();
    }

    /** True when {@code -t} limits the dump to some relations. */
    public boolean tablesOnly() {
        return !includeTables.isEmpty();
    }

    /** True when no -n or -t narrows the dump (extensions and large objects are then included). */
    public boolean everything() {
        return includeSchemas.isEmpty() && includeTables.isEmpty();
    }

    /** Whether objects in this schema are dumped (ignoring -t). */
    public boolean schemaIncluded(String schema) {
        if (!includeSchemas.isEmpty() && includeSchemas.stream().noneMatch(p -> p.matchesSchema(schema))) {
            return false;
        }
        return excludeSchemas.stream().noneMatch(p -> p.matchesSchema(schema));
    }

    private boolean matches(List<NamePattern> patterns, DumpObject relation) {
        boolean vis = relation.id() != null && visible.getOrDefault(relation.id().oid(), false);
        return patterns.stream().anyMatch(p -> p.matchesRelation(relation.namespace(), relation.name(), vis));
    }

    /** Whether a table, view, sequence or materialized view is dumped. */
    public boolean relationIncluded(DumpObject relation) {
        if (matches(excludeTables, relation)) {
            return false;
        }
        return tablesOnly() ? matches(includeTables, relation) : schemaIncluded(relation.namespace());
    }

    /** Whether a dumped table's data is left out by --exclude-table-data. */
    public boolean dataExcluded(DumpObject table) {
        return matches(excludeTableData, table);
    }

    /**
     * pg_dump's strict pattern check: every -n and -t pattern must match something.
     *
     * @throws StowageException with {@link ErrorCode#USAGE} naming the first pattern that matches nothing
     */
    public void checkPatternsMatch(Collection<DumpObject> objects) {
        for (NamePattern p : includeSchemas) {
            boolean any = objects.stream().anyMatch(o -> o.kind() == ObjectKind.NAMESPACE && p.matchesSchema(o.name()));
            if (!any) {
                throw new StowageException(ErrorCode.USAGE, "no matching schemas were found for pattern \"" + p.text() + "\"",
                        "check the -n pattern; list schemas with psql's \\dn");
            }
        }
        for (NamePattern p : includeTables) {
            boolean any = objects.stream().anyMatch(o -> o.kind() == ObjectKind.TABLE
                    && p.matchesRelation(o.namespace(), o.name(), visible.getOrDefault(o.id().oid(), false)));
            if (!any) {
                throw new StowageException(ErrorCode.USAGE, "no matching tables were found for pattern \"" + p.text() + "\"",
                        "check the -t pattern (qualify it with the schema if the table is not on the search path)");
            }
        }
    }
}
