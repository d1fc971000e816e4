package io.stowage.core.select;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An object-name pattern as given to pg_dump's {@code -n}, {@code -N}, {@code -t}, {@code -T} and
 * {@code --exclude-table-data}, read with psql's rules (fe_utils/string_utils.c,
 * {@code patternToSQLRegex}).
 *
 * <ul>
 *   <li>{@code *} matches any sequence of characters and {@code ?} exactly one;</li>
 *   <li>text between double quotes is taken literally and case-sensitively ({@code ""} inside
 *       quotes stands for one quote), so {@code "a.b"} is one name containing a dot;</li>
 *   <li>unquoted ASCII letters are folded to lower case, as the SQL parser folds identifiers;</li>
 *   <li>an unquoted {@code .} separates {@code [database.]schema.name}; every other character
 *       matches itself. psql lets unquoted regular-expression operators through to the server's
 *       regex engine; Stowage matches them literally instead, which is what the pattern means for
 *       every name that does not rely on PostgreSQL's regex dialect (and {@code $} is literal in
 *       psql as well).</li>
 * </ul>
 *
 * <p>Matching is whole-name and case-sensitive, like psql's {@code ^(...)$} anchored regexes. A
 * database part, when present, is kept literally (quotes removed, letters folded, wildcards not
 * expanded) and must name the database being dumped: see {@link #checkDatabase(String)}.
 */
public final class NamePattern {
    private static final int MAX_DOTS = 2;

    private final String text;
    /** The pattern's parts in order ({@code [database, ] [schema, ] name}), each a whole-name regex. */
    private final List<Pattern> parts;
    /** Each part as written, with quotes removed and letters folded: used for the database part. */
    private final List<String> literals;

    private NamePattern(String text, List<Pattern> parts, List<String> literals) {
        this.text = text;
        this.parts = parts;
        this.literals = literals;
    }

    /**
     * Parses a pattern.
     *
     * @throws StowageException with {@link ErrorCode#USAGE} when the pattern has more than two
     *     unquoted dots (more parts than {@code database.schema.name})
     */
    public static NamePattern parse(String pattern) {
        if (pattern == null) {
            throw new IllegalArgumentException("pattern is null");
        }
        List<Pattern> parts = new ArrayList<>();
        List<String> literals = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        boolean inQuotes = false;
        int i = 0;
        while (i < pattern.length()) {
            char ch = pattern.charAt(i);
            if (ch == '"') {
                if (inQuotes && i + 1 < pattern.length() && pattern.charAt(i + 1) == '"') {
                    appendLiteral(regex, "\"");
                    literal.append('"');
                    i++;
                } else {
                    inQuotes = !inQuotes;
                }
                i++;
            } else if (!inQuotes && ch >= 'A' && ch <= 'Z') {
                // psql folds with isupper/pg_tolower: ASCII only, multibyte characters are kept.
                char lower = (char) (ch + ('a' - 'A'));
                appendLiteral(regex, String.valueOf(lower));
                literal.append(lower);
                i++;
            } else if (!inQuotes && ch == '*') {
                regex.append(".*");
                literal.append('*');
                i++;
            } else if (!inQuotes && ch == '?') {
                regex.append('.');
                literal.append('?');
                i++;
            } else if (!inQuotes && ch == '.') {
                parts.add(Pattern.compile(regex.toString(), Pattern.DOTALL));
                literals.add(literal.toString());
                regex.setLength(0);
                literal.setLength(0);
                i++;
            } else {
                int cp = pattern.codePointAt(i);
                String s = new String(Character.toChars(cp));
                appendLiteral(regex, s);
                literal.append(s);
                i += s.length();
            }
        }
        parts.add(Pattern.compile(regex.toString(), Pattern.DOTALL));
        literals.add(literal.toString());
        if (parts.size() - 1 > MAX_DOTS) {
            throw tooManyDots(pattern);
        }
        return new NamePattern(pattern, List.copyOf(parts), List.copyOf(literals));
    }

    /** The pattern exactly as the user gave it. */
    public String text() {
        return text;
    }

    /**
     * Whether the pattern names a schema for a relation ({@code schema.name} or
     * {@code database.schema.name}). Meaningful for relation patterns ({@code -t}, {@code -T},
     * {@code --exclude-table-data}).
     */
    public boolean hasSchemaPart() {
        return parts.size() >= 2;
    }

    /**
     * Whether a schema matches, reading the whole pattern as a schema pattern ({@code -n},
     * {@code -N}): {@code schema} or {@code database.schema}.
     *
     * @throws StowageException with {@link ErrorCode#USAGE} when the pattern has two dots, which is
     *     too many for a schema pattern
     */
    public boolean matchesSchema(String schemaName) {
        if (parts.size() > 2) {
            throw tooManyDots(text);
        }
        return parts.get(parts.size() - 1).matcher(schemaName).matches();
    }

    /**
     * Whether a relation matches, reading the pattern as a relation pattern ({@code -t},
     * {@code -T}, {@code --exclude-table-data}). Without a schema part the pattern matches only
     * relations visible in the default search path, as pg_dump does by resetting search_path and
     * testing {@code pg_table_is_visible}; with one, it matches the schema and the name.
     *
     * @param visibleInDefaultSearchPath {@code pg_catalog.pg_table_is_visible(oid)} under the
     *     default search_path
     */
    public boolean matchesRelation(String schema, String name, boolean visibleInDefaultSearchPath) {
        Pattern namePart = parts.get(parts.size() - 1);
        if (!namePart.matcher(name).matches()) {
            return false;
        }
        if (!hasSchemaPart()) {
            return visibleInDefaultSearchPath;
        }
        return parts.get(parts.size() - 2).matcher(schema).matches();
    }

    /**
     * The database part of a relation pattern ({@code db.schema.name}), literal as written (quotes
     * removed, unquoted letters folded, wildcards not expanded), or {@code null} when there is none.
     * For a schema pattern use {@link #schemaDatabasePart()}.
     */
    public String databasePart() {
        return parts.size() == 3 ? literals.get(0) : null;
    }

    /** The database part of a schema pattern ({@code db.schema}), or {@code null} when there is none. */
    public String schemaDatabasePart() {
        return parts.size() == 2 ? literals.get(0) : null;
    }

    /**
     * Rejects a relation pattern whose database part names another database, as pg_dump does.
     *
     * @throws StowageException with {@link ErrorCode#USAGE} for a cross-database reference
     */
    public void checkDatabase(String currentDatabase) {
        checkDatabasePart(databasePart(), currentDatabase);
    }

    /**
     * Rejects a schema pattern with a database part, as pg_dump 15 to 18 do: their
     * {@code expand_schema_name_patterns} compares the current database with an empty string, so
     * {@code -n db.schema} fails with "cross-database references are not implemented" even when
     * {@code db} is the current database.
     *
     * @throws StowageException with {@link ErrorCode#USAGE} for a database part, or when the
     *     pattern has too many dots for a schema pattern
     */
    public void checkSchemaDatabase(String currentDatabase) {
        if (parts.size() > 2) {
            throw tooManyDots(text);
        }
        if (schemaDatabasePart() != null) {
            checkDatabasePart("", currentDatabase);
        }
    }

    private void checkDatabasePart(String database, String currentDatabase) {
        if (database != null && !database.equals(currentDatabase)) {
            throw new StowageException(ErrorCode.USAGE,
                    "cross-database references are not implemented: " + text,
                    "drop the database part of the pattern; the dump reads only the database it is connected to");
        }
    }

    private static StowageException tooManyDots(String pattern) {
        return new StowageException(ErrorCode.USAGE,
                "improper qualified name (too many dotted names): " + pattern,
                "write the pattern as schema.name (or database.schema.name for tables); quote a name "
                        + "containing a dot, as in \"my.table\"");
    }

    private static void appendLiteral(StringBuilder regex, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
                regex.append('\\');
            }
            regex.append(c);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
