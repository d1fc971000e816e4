package io.stowage.core.select;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.util.ArrayList;
import java.util.List;

/**
 * pg_restore's reading of a filter file ({@code read_restore_filters} in pg_restore.c): the
 * selection lists the items stand for. Like pg_restore's own {@code -n -t -I -P -T -N} values,
 * the patterns are compared with the TOC entries' names exactly (no wildcards, no case folding),
 * so quotes written in the file stay part of the name, as they do in pg_restore.
 *
 * <table>
 *   <caption>filter items and their pg_restore options</caption>
 *   <tr><th>type</th><th>include</th><th>exclude</th></tr>
 *   <tr><td>schema</td><td>{@code -n}</td><td>{@code -N}</td></tr>
 *   <tr><td>table</td><td>{@code -t}</td><td>not allowed</td></tr>
 *   <tr><td>index</td><td>{@code -I}</td><td>not allowed</td></tr>
 *   <tr><td>function</td><td>{@code -P}</td><td>not allowed</td></tr>
 *   <tr><td>trigger</td><td>{@code -T}</td><td>not allowed</td></tr>
 *   <tr><td>every other type</td><td>not allowed</td><td>not allowed</td></tr>
 * </table>
 *
 * @param schemas         {@code -n} names
 * @param tables          {@code -t} names
 * @param indexes         {@code -I} names
 * @param functions       {@code -P} names (signatures such as {@code add_one(integer)})
 * @param triggers        {@code -T} names
 * @param excludedSchemas {@code -N} names
 */
public record RestoreFilter(List<String> schemas, List<String> tables, List<String> indexes,
                            List<String> functions, List<String> triggers, List<String> excludedSchemas) {

    public RestoreFilter {
        schemas = List.copyOf(schemas);
        tables = List.copyOf(tables);
        indexes = List.copyOf(indexes);
        functions = List.copyOf(functions);
        triggers = List.copyOf(triggers);
        excludedSchemas = List.copyOf(excludedSchemas);
    }

    /**
     * The selection lists of a filter file, in file order within each list.
     *
     * @throws StowageException with {@link ErrorCode#USAGE} for the first item pg_restore does not
     *     allow, with pg_restore's message naming the file and line
     */
    public static RestoreFilter from(FilterFile file) {
        List<String> schemas = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        List<String> functions = new ArrayList<>();
        List<String> triggers = new ArrayList<>();
        List<String> excludedSchemas = new ArrayList<>();
        for (FilterRule rule : file.rules()) {
            if (rule.command() == FilterCommand.EXCLUDE) {
                if (rule.type() != FilterObjectType.SCHEMA) {
                    throw file.notAllowed(rule);
                }
                excludedSchemas.add(rule.pattern());
                continue;
            }
            switch (rule.type()) {
                case SCHEMA -> schemas.add(rule.pattern());
                case TABLE -> tables.add(rule.pattern());
                case INDEX -> indexes.add(rule.pattern());
                case FUNCTION -> functions.add(rule.pattern());
                case TRIGGER -> triggers.add(rule.pattern());
                default -> throw file.notAllowed(rule);
            }
        }
        return new RestoreFilter(schemas, tables, indexes, functions, triggers, excludedSchemas);
    }

    /** Whether the file selected nothing (only comments and blank lines). */
    public boolean isEmpty() {
        return schemas.isEmpty() && tables.isEmpty() && indexes.isEmpty() && functions.isEmpty()
                && triggers.isEmpty() && excludedSchemas.isEmpty();
    }
}
