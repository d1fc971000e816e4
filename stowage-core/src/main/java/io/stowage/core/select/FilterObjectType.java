package io.stowage.core.select;

import java.util.Locale;
import java.util.Optional;

/**
 * The second word of a filter-file line: which kind of object the pattern selects. These are all
 * the types pg_dump 17's filter.c knows; which of them a program accepts, and with which command,
 * is decided by the program ({@link DumpFilter}, {@link RestoreFilter}).
 */
public enum FilterObjectType {
    TABLE_DATA("table_data", "table data"),
    TABLE_DATA_AND_CHILDREN("table_data_and_children", "table data and children"),
    DATABASE("database", "database"),
    EXTENSION("extension", "extension"),
    FOREIGN_DATA("foreign_data", "foreign data"),
    FUNCTION("function", "function"),
    INDEX("index", "index"),
    SCHEMA("schema", "schema"),
    TABLE("table", "table"),
    TABLE_AND_CHILDREN("table_and_children", "table and children"),
    TRIGGER("trigger", "trigger");

    private final String keyword;
    private final String displayName;

    FilterObjectType(String keyword, String displayName) {
        this.keyword = keyword;
        this.displayName = displayName;
    }

    /** The keyword as written in a filter file (matched case-insensitively). */
    public String keyword() {
        return keyword;
    }

    /** The name pg_dump uses in messages, for example {@code "table data"}. */
    public String displayName() {
        return displayName;
    }

    /** The type a keyword names, ignoring ASCII case as pg_strncasecmp does. */
    public static Optional<FilterObjectType> fromKeyword(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        for (FilterObjectType t : values()) {
            if (t.keyword.equals(lower)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
