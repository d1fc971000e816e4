package io.stowage.core.options;

import java.util.List;

/**
 * pg_restore's selection by exact name (not pattern): {@code -n/--schema}, {@code -N/--exclude-schema},
 * {@code -t/--table}, {@code -I/--index}, {@code -P/--function}, {@code -T/--trigger}. Each may be
 * given more than once. A {@code -t -I -P -T} choice restores only objects of the chosen kinds
 * (pg_restore's {@code selTypes}); {@code -n} and {@code -N} limit every kind by schema.
 *
 * @param schemas        {@code -n}: only objects in these schemas
 * @param excludeSchemas {@code -N}: no objects in these schemas
 * @param tables         {@code -t}: tables, views, materialized views, sequences, foreign tables and their data
 * @param indexes        {@code -I}: indexes
 * @param functions      {@code -P}: functions, procedures and aggregates, named with their argument types
 * @param triggers       {@code -T}: triggers
 */
public record NameSelection(
        List<String> schemas,
        List<String> excludeSchemas,
        List<String> tables,
        List<String> indexes,
        List<String> functions,
        List<String> triggers) {

    /** No selection: everything. */
    public static final NameSelection NONE = new NameSelection(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    public NameSelection {
        schemas = List.copyOf(schemas);
        excludeSchemas = List.copyOf(excludeSchemas);
        tables = List.copyOf(tables);
        indexes = List.copyOf(indexes);
        functions = List.copyOf(functions);
        triggers = List.copyOf(triggers);
    }

    /** True when one of {@code -t -I -P -T} was given: only the chosen kinds are restored. */
    public boolean selectsTypes() {
        return !tables.isEmpty() || !indexes.isEmpty() || !functions.isEmpty() || !triggers.isEmpty();
    }

    public boolean isEmpty() {
        return schemas.isEmpty() && excludeSchemas.isEmpty() && !selectsTypes();
    }
}
