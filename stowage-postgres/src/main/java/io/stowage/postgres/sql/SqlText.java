package io.stowage.postgres.sql;

import java.util.Set;

/**
 * Quoting of identifiers and literals the way pg_dump's {@code fmtId} and {@code appendStringLiteral}
 * do it, so generated SQL is safe under any search_path and any standard_conforming_strings.
 */
public final class SqlText {
    /**
     * Keywords that cannot be used bare as identifiers: every non-unreserved keyword of PostgreSQL
     * 12 to 18 ({@code pg_get_keywords()} where {@code catcode <> 'U'}), so a name valid on one
     * major stays valid when the dump is restored into another.
     */
    private static final Set<String> KEYWORDS = Set.of((
            "all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both "
            + "case cast char character check coalesce collate collation column concurrently constraint create cross "
            + "current_catalog current_date current_role current_schema current_time current_timestamp current_user "
            + "dec decimal default deferrable desc distinct do else end except exists extract false fetch float for "
            + "foreign freeze from full grant greatest group grouping having ilike in initially inner inout int integer "
            + "intersect interval into is isnull join json json_array json_arrayagg json_exists json_object "
            + "json_objectagg json_query json_scalar json_serialize json_table json_value lateral leading least left "
            + "like limit localtime localtimestamp merge_action national natural nchar none normalize not notnull null "
            + "nullif numeric offset on only or order out outer overlaps overlay placing position precision primary "
            + "real references returning right row select session_user setof similar smallint some substring "
            + "symmetric system_user table tablesample then time timestamp to trailing treat trim true union unique "
            + "user using values varchar variadic verbose when where window with xmlattributes xmlconcat xmlelement "
            + "xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable").split(" "));

    private SqlText() {
    }

    /** Quotes an identifier when needed: not all lower-case letters, digits and underscores, or a keyword. */
    public static String ident(String name) {
        if (!needsQuotes(name)) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code schema.name}, each part quoted as needed. */
    public static String qualified(String schema, String name) {
        return schema == null ? ident(name) : ident(schema) + "." + ident(name);
    }

    /**
     * A string literal valid whatever standard_conforming_strings says: plain {@code '...'} when the
     * value has no backslash, otherwise {@code E'...'} with backslashes doubled.
     */
    public static String literal(String value) {
        if (value == null) {
            return "NULL";
        }
        String quoted = value.replace("'", "''");
        if (value.indexOf('\\') >= 0) {
            return "E'" + quoted.replace("\\", "\\\\") + "'";
        }
        return "'" + quoted + "'";
    }

    private static boolean needsQuotes(String name) {
        if (name.isEmpty()) {
            return true;
        }
        char first = name.charAt(0);
        if (!((first >= 'a' && first <= 'z') || first == '_')) {
            return true;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return true;
            }
        }
        return KEYWORDS.contains(name);
    }
}
