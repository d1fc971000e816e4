package io.stowage.core.select;

/**
 * One {@code include|exclude <object type> <pattern>} item of a filter file.
 *
 * @param command include or exclude
 * @param type    the object type
 * @param pattern the pattern, normalised as pg_dump's filter.c normalises it (spaces around
 *                {@code . , ( )} dropped, quoted parts kept with their quotes), ready for
 *                {@link NamePattern#parse(String)} or for pg_restore's exact-name matching
 * @param line    the line the item ended on (a quoted pattern may span lines), which is the line
 *                pg_dump names in its errors about the item
 */
public record FilterRule(FilterCommand command, FilterObjectType type, String pattern, int line) {
    public FilterRule {
        if (command == null || type == null || pattern == null) {
            throw new IllegalArgumentException("command, type and pattern are required");
        }
    }
}
