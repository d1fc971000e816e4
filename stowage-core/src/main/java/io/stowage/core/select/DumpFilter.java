package io.stowage.core.select;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.DumpOptions;

/**
 * pg_dump's reading of a filter file ({@code read_dump_filters} in pg_dump.c): which items it
 * accepts, and the command-line option each one stands for.
 *
 * <table>
 *   <caption>filter items and their pg_dump options</caption>
 *   <tr><th>type</th><th>include</th><th>exclude</th></tr>
 *   <tr><td>schema</td><td>{@code -n}</td><td>{@code -N}</td></tr>
 *   <tr><td>table</td><td>{@code -t}</td><td>{@code -T}</td></tr>
 *   <tr><td>table_data</td><td>not allowed</td><td>{@code --exclude-table-data}</td></tr>
 *   <tr><td>table_and_children</td><td>{@code --table-and-children}</td><td>{@code --exclude-table-and-children}</td></tr>
 *   <tr><td>table_data_and_children</td><td>not allowed</td><td>{@code --exclude-table-data-and-children}</td></tr>
 *   <tr><td>extension</td><td>{@code -e}</td><td>{@code --exclude-extension}</td></tr>
 *   <tr><td>foreign_data</td><td>{@code --include-foreign-data}</td><td>not allowed</td></tr>
 *   <tr><td>database, function, index, trigger</td><td>not allowed</td><td>not allowed</td></tr>
 * </table>
 *
 * The items whose option Stowage does not have yet ({@code *_and_children}, extension and
 * foreign_data) are refused with a usage error that says so and what to write instead.
 */
public final class DumpFilter {
    private DumpFilter() {
    }

    /**
     * Checks every item as pg_dump does and adds it to {@code options} as its equivalent option,
     * in file order.
     *
     * @throws StowageException with {@link ErrorCode#USAGE} for the first item pg_dump does not allow
     *     (pg_dump's message, with the file and line) or Stowage does not support yet
     */
    public static void apply(FilterFile file, DumpOptions.Builder options) {
        for (FilterRule rule : file.rules()) {
            boolean include = rule.command() == FilterCommand.INCLUDE;
            switch (rule.type()) {
                case SCHEMA -> {
                    if (include) {
                        options.includeSchema(rule.pattern());
                    } else {
                        options.excludeSchema(rule.pattern());
                    }
                }
                case TABLE -> {
                    if (include) {
                        options.includeTable(rule.pattern());
                    } else {
                        options.excludeTable(rule.pattern());
                    }
                }
                case TABLE_DATA -> {
                    if (include) {
                        throw file.notAllowed(rule);
                    }
                    options.excludeTableData(rule.pattern());
                }
                case TABLE_DATA_AND_CHILDREN -> {
                    if (include) {
                        throw file.notAllowed(rule);
                    }
                    throw unsupported(file, rule, "--exclude-table-data-and-children",
                            "write one \"exclude table_data\" line for the table and one for each partition or child");
                }
                case TABLE_AND_CHILDREN -> throw unsupported(file, rule,
                        include ? "--table-and-children" : "--exclude-table-and-children",
                        "write one \"" + rule.command().keyword() + " table\" line for the table and one for each"
                                + " partition or child");
                case EXTENSION -> throw unsupported(file, rule, include ? "--extension" : "--exclude-extension",
                        "remove the line: Stowage dumps every extension of the selected schemas");
                case FOREIGN_DATA -> {
                    if (!include) {
                        throw file.notAllowed(rule);
                    }
                    throw unsupported(file, rule, "--include-foreign-data",
                            "remove the line: the data of foreign tables is not dumped, as pg_dump does by default");
                }
                case DATABASE, FUNCTION, INDEX, TRIGGER -> throw file.notAllowed(rule);
            }
        }
    }

    private static StowageException unsupported(FilterFile file, FilterRule rule, String option, String fix) {
        String where = file.name() == null ? "standard input" : "file \"" + file.name() + "\"";
        return new StowageException(ErrorCode.USAGE,
                "filter item \"" + rule.command().keyword() + " " + rule.type().keyword() + "\" in " + where
                        + " on line " + rule.line() + " is not supported by stowage dump yet (pg_dump's " + option + ")",
                fix);
    }
}
