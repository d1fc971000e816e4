package io.stowage.postgres.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adapts a dump's statements to a target server older than the source, so that a restore across
 * major versions sends only what the target accepts. A rewrite that loses nothing happens
 * silently; anything that cannot be carried is named in a warning.
 *
 * <p>Each rule is tied to the major version that introduced the feature; newer targets get the
 * statements unchanged.
 */
final class TargetCompatibility {
    /** A possibly rewritten statement ({@code null} when it must be skipped) and what was lost. */
    record Adapted(String sql, List<String> losses) {
    }

    private static final String IDENT = "(?:\"(?:[^\"]|\"\")*\"|[A-Za-z_][A-Za-z0-9_$]*)";
    private static final Pattern RANGE_TYPE = Pattern.compile(
            "(?is)^\\s*CREATE\\s+TYPE\\s+(" + IDENT + "(?:\\." + IDENT + ")?)\\s+AS\\s+RANGE\\b");
    private static final Pattern MULTIRANGE_OPTION = Pattern.compile(
            "(?is),?\\s*\\bmultirange_type_name\\s*=\\s*(" + IDENT + "(?:\\.(" + IDENT + "))?)");
    private static final Pattern GRANT = Pattern.compile(
            "(?is)^(\\s*(?:GRANT|REVOKE(?:\\s+GRANT\\s+OPTION\\s+FOR)?)\\s+)([A-Z ,]+?)(\\s+ON\\s+.*)$");

    private final int sourceMajor;
    private final int targetMajor;

    /**
     * @param sourceMajor the major the dump was taken from, 0 if unknown (then nothing is adapted)
     * @param targetMajor the major of the server restored into
     */
    TargetCompatibility(int sourceMajor, int targetMajor) {
        this.sourceMajor = sourceMajor;
        this.targetMajor = targetMajor;
    }

    /** Whether the target is older than the source, so statements may need adapting. */
    boolean downgrade() {
        return sourceMajor > 0 && targetMajor > 0 && targetMajor < sourceMajor;
    }

    /** Objects (schema and "DESC tag") whose CREATE could not be carried: their comments and ACLs go too. */
    private final java.util.Set<String> skippedObjects = new java.util.HashSet<>();
    /** The entry whose CREATE was skipped: its remaining statements (owner and so on) are skipped too. */
    private ScriptItem.EntryHeader skippedEntry;

    /**
     * Adapts one statement of an entry: as {@link #adapt(String, String)}, and once an object's
     * CREATE cannot be carried, the rest of its entry and its COMMENT, ACL and SECURITY LABEL
     * entries are skipped along with it (named once each).
     */
    Adapted adapt(String sql, ScriptItem.EntryHeader entry) {
        if (entry == null) {
            return adapt(sql, "the script's preamble");
        }
        if (entry == skippedEntry) {
            return new Adapted(null, List.of());
        }
        if (!skippedObjects.isEmpty() && List.of("COMMENT", "ACL", "SECURITY LABEL").contains(entry.desc())
                && skippedObjects.contains(entry.namespace() + "\u0000" + entry.tag())) {
            return new Adapted(null, List.of(entry.label() + ": skipped with its object, which PostgreSQL "
                    + targetMajor + " cannot hold"));
        }
        Adapted a = adapt(sql, entry.label());
        if (a.sql() == null && createsFunction(sql)) {
            skippedEntry = entry;
            skippedObjects.add(entry.namespace() + "\u0000" + entry.desc() + " " + entry.tag());
        }
        return a;
    }

    /** Adapts one statement; {@code object} names the entry it belongs to, for warnings. */
    Adapted adapt(String sql, String object) {
        if (!downgrade()) {
            return new Adapted(sql, List.of());
        }
        List<String> losses = new ArrayList<>();
        String adapted = sql;
        if (targetMajor < 14) {
            adapted = withoutMultirangeName(adapted, object, losses);
        }
        if (targetMajor < 14 && adapted != null) {
            adapted = withoutSqlStandardBody(adapted, object, losses);
        }
        if (targetMajor < 14 && adapted != null) {
            adapted = withoutCompression(adapted, object, losses);
        }
        if (targetMajor < 15 && adapted != null) {
            adapted = withoutNullsNotDistinct(adapted, object, losses);
        }
        if (targetMajor < 15 && adapted != null) {
            adapted = withoutSecurityInvoker(adapted, object, losses);
        }
        if (targetMajor < 15 && adapted != null) {
            adapted = withoutUnloggedSequence(adapted, object, losses);
        }
        if (targetMajor < 15 && adapted != null) {
            adapted = withoutPublicationFilters(adapted, object, losses);
        }
        if (targetMajor < 17 && adapted != null) {
            adapted = withoutMaintain(adapted, object, losses);
        }
        if (targetMajor < 17 && adapted != null && TRANSACTION_TIMEOUT.matcher(adapted).matches()) {
            // pg_dump 17+ writes it in its preamble; an older server has no such timeout to turn off
            adapted = null;
        }
        if (targetMajor < 18 && adapted != null) {
            adapted = withoutVirtualColumns(adapted, object, losses);
        }
        if (targetMajor < 18 && adapted != null) {
            adapted = withoutNotNullConstraintForms(adapted, object, losses);
        }
        return new Adapted(adapted, List.copyOf(losses));
    }

    private static final Pattern TRANSACTION_TIMEOUT = Pattern.compile("(?is)^\\s*SET\\s+transaction_timeout\\s*(=|TO)\\s*[^;]*;?\\s*$");
    private static final Pattern CREATE_FUNCTION = Pattern.compile(
            "(?is)^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:FUNCTION|PROCEDURE)\\s");
    /** A SQL-standard body as pg_get_function_sqlbody prints it, on a line of its own; never inside AS '...'. */
    private static final Pattern SQL_BODY = Pattern.compile("(?i)\\n\\s*(?:BEGIN\\s+ATOMIC\\b|RETURN\\s)");
    private static final Pattern AS_CLAUSE = Pattern.compile("(?i)\\n\\s*AS\\s+(?:'|\\$|E')");

    private static boolean createsFunction(String sql) {
        return CREATE_FUNCTION.matcher(sql).find();
    }

    /**
     * SQL-standard function bodies ({@code BEGIN ATOMIC ... END}, {@code RETURN expr}) arrived in
     * 14. Rewriting them as string bodies would change when names are resolved and lose their
     * dependencies, so the function is not carried.
     */
    private String withoutSqlStandardBody(String sql, String object, List<String> losses) {
        if (!createsFunction(sql) || AS_CLAUSE.matcher(sql).find() || !SQL_BODY.matcher(sql).find()) {
            return sql;
        }
        losses.add(object + ": a SQL-standard function body cannot be carried to PostgreSQL " + targetMajor
                + " (it arrived in 14); the function is not created");
        return null;
    }

    private static final Pattern SET_COMPRESSION = Pattern.compile(
            "(?is)^\\s*ALTER\\s+(?:FOREIGN\\s+)?TABLE\\s+(?:ONLY\\s+)?(.+?)\\s+ALTER\\s+COLUMN\\s+(.+?)\\s+SET\\s+COMPRESSION\\s+(\\S+?)\\s*;?\\s*$");

    /** Per-column compression methods arrived in 14; an older target compresses with pglz, as always. */
    private String withoutCompression(String sql, String object, List<String> losses) {
        Matcher m = SET_COMPRESSION.matcher(sql);
        if (!m.matches()) {
            return sql;
        }
        losses.add(object + ": the compression method " + m.group(3) + " of column " + m.group(2) + " of " + m.group(1)
                + " cannot be carried to PostgreSQL " + targetMajor + " (it arrived in 14); the default applies");
        return null;
    }

    private static final Pattern NULLS_NOT_DISTINCT = Pattern.compile("(?i)\\s+NULLS\\s+NOT\\s+DISTINCT\\b");

    /** NULLS NOT DISTINCT arrived in 15: the older target's unique index or constraint treats NULLs as distinct. */
    private String withoutNullsNotDistinct(String sql, String object, List<String> losses) {
        if (!startsWith(sql, "CREATE") && !startsWith(sql, "ALTER")) {
            return sql;
        }
        Matcher m = NULLS_NOT_DISTINCT.matcher(sql);
        if (!m.find() || !outsideLiterals(sql, m.start())) {
            return sql;
        }
        losses.add(object + ": NULLS NOT DISTINCT cannot be carried to PostgreSQL " + targetMajor
                + " (it arrived in 15); the unique index there treats NULLs as distinct");
        return sql.substring(0, m.start()) + sql.substring(m.end());
    }

    private static final Pattern VIEW_OPTIONS = Pattern.compile(
            "(?is)^(\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?VIEW\\s+.+?)\\s+WITH\\s*\\(([^)]*)\\)(\\s+AS\\b.*)$");

    /** security_invoker views arrived in 15: on an older server a view always runs with its owner's rights. */
    private String withoutSecurityInvoker(String sql, String object, List<String> losses) {
        Matcher m = VIEW_OPTIONS.matcher(sql);
        if (!m.matches()) {
            return sql;
        }
        List<String> kept = new ArrayList<>();
        String dropped = null;
        for (String option : m.group(2).split(",")) {
            if (option.strip().toLowerCase(java.util.Locale.ROOT).startsWith("security_invoker")) {
                dropped = option.strip();
            } else {
                kept.add(option.strip());
            }
        }
        if (dropped == null) {
            return sql;
        }
        if (!dropped.matches("(?i)security_invoker\\s*=\\s*'?(false|off|0|no)'?")) {
            losses.add(object + ": " + dropped + " cannot be carried to PostgreSQL " + targetMajor
                    + " (it arrived in 15); the view there checks privileges as its owner");
        }
        return m.group(1) + (kept.isEmpty() ? "" : " WITH (" + String.join(", ", kept) + ")") + m.group(3);
    }

    private static final Pattern UNLOGGED_SEQUENCE = Pattern.compile("(?is)^(\\s*CREATE\\s+)UNLOGGED\\s+(SEQUENCE\\b.*)$");

    /** Unlogged sequences arrived in 15: the older target gets a logged one. */
    private String withoutUnloggedSequence(String sql, String object, List<String> losses) {
        Matcher m = UNLOGGED_SEQUENCE.matcher(sql);
        if (!m.matches()) {
            return sql;
        }
        losses.add(object + ": an unlogged sequence cannot be carried to PostgreSQL " + targetMajor
                + " (it arrived in 15); it is created logged");
        return m.group(1) + m.group(2);
    }

    private static final Pattern PUBLICATION_SCHEMA = Pattern.compile(
            "(?is)^\\s*(?:ALTER|CREATE)\\s+PUBLICATION\\s+.*\\bTABLES\\s+IN\\s+SCHEMA\\b.*$");
    private static final Pattern PUBLICATION_TABLE = Pattern.compile(
            "(?is)^\\s*ALTER\\s+PUBLICATION\\s+(\\S+)\\s+ADD\\s+TABLE\\s+(?:ONLY\\s+)?(\\S+)\\s*(.*?)\\s*;?\\s*$");

    /**
     * Publication column lists, row filters and TABLES IN SCHEMA arrived in 15. Publishing the
     * whole table instead would send columns and rows the source kept back, so such a membership
     * is not carried at all.
     */
    private String withoutPublicationFilters(String sql, String object, List<String> losses) {
        if (PUBLICATION_SCHEMA.matcher(sql).matches()) {
            losses.add(object + ": publishing TABLES IN SCHEMA cannot be carried to PostgreSQL " + targetMajor
                    + " (it arrived in 15): " + sql.strip());
            return null;
        }
        Matcher m = PUBLICATION_TABLE.matcher(sql);
        if (m.matches() && !m.group(3).isEmpty()) {
            losses.add(object + ": the column list or row filter of table " + m.group(2) + " in publication " + m.group(1)
                    + " cannot be carried to PostgreSQL " + targetMajor + " (they arrived in 15); the table is not published");
            return null;
        }
        return sql;
    }

    private static final Pattern GENERATED = Pattern.compile("(?i)\\bGENERATED\\s+ALWAYS\\s+AS\\s*\\(");

    /**
     * Virtual generated columns arrived in 18; an older target computes the same values and
     * stores them: the column is created STORED, and named.
     */
    private String withoutVirtualColumns(String sql, String object, List<String> losses) {
        if (!startsWith(sql, "CREATE") && !startsWith(sql, "ALTER")) {
            return sql;
        }
        StringBuilder out = new StringBuilder();
        Matcher m = GENERATED.matcher(sql);
        int from = 0;
        while (m.find(from)) {
            if (!outsideLiterals(sql, m.start())) {
                from = m.end();
                continue;
            }
            int close = matchingParen(sql, m.end() - 1);
            if (close < 0) {
                break;
            }
            out.append(sql, from, close + 1);
            from = close + 1;
            String rest = sql.substring(from);
            if (!rest.matches("(?is)^\\s*STORED\\b.*")) {
                out.append(" STORED");
                losses.add(object + ": the virtual generated column " + sql.substring(m.start(), close + 1).strip()
                        + " cannot be carried to PostgreSQL " + targetMajor + " (virtual columns arrived in 18); it is created STORED");
            }
        }
        if (from == 0) {
            return sql;
        }
        return out.append(sql.substring(from)).toString();
    }

    private static final Pattern ADD_NOT_NULL = Pattern.compile(
            "(?is)^(\\s*ALTER\\s+TABLE\\s+(?:ONLY\\s+)?.+?)\\s+ADD\\s+CONSTRAINT\\s+(.+?)\\s+NOT\\s+NULL\\s+(\\S+?)(\\s+NOT\\s+VALID|\\s+NO\\s+INHERIT)?\\s*;?\\s*$");
    private static final Pattern INLINE_NO_INHERIT = Pattern.compile("(?i)\\bNOT\\s+NULL\\s+NO\\s+INHERIT\\b");

    /**
     * NOT NULL constraints became catalogued, named constraints in 18, with NOT VALID and NO INHERIT.
     * An older target holds a column's NOT NULL flag only: a valid added constraint becomes
     * {@code SET NOT NULL} (losing nothing but a name older servers do not keep), a NOT VALID one
     * cannot be carried (the flag would be checked against rows the source never checked), and
     * NO INHERIT is dropped, named.
     */
    private String withoutNotNullConstraintForms(String sql, String object, List<String> losses) {
        Matcher m = ADD_NOT_NULL.matcher(sql);
        if (m.matches()) {
            String option = m.group(4) == null ? "" : m.group(4).strip().replaceAll("\\s+", " ").toUpperCase(java.util.Locale.ROOT);
            if (option.equals("NOT VALID")) {
                losses.add(object + ": the NOT VALID not-null constraint " + m.group(2) + " on column " + m.group(3)
                        + " cannot be carried to PostgreSQL " + targetMajor + " (it arrived in 18)");
                return null;
            }
            if (option.equals("NO INHERIT")) {
                losses.add(object + ": NO INHERIT of the not-null constraint " + m.group(2) + " cannot be carried to PostgreSQL "
                        + targetMajor + " (it arrived in 18); the column is simply NOT NULL");
            }
            String table = m.group(1).replaceFirst("(?is)^\\s*ALTER\\s+TABLE\\s+(ONLY\\s+)?", "");
            return "ALTER TABLE ONLY " + table + " ALTER COLUMN " + m.group(3) + " SET NOT NULL;";
        }
        Matcher inline = INLINE_NO_INHERIT.matcher(sql);
        if ((startsWith(sql, "CREATE") || startsWith(sql, "ALTER")) && inline.find() && outsideLiterals(sql, inline.start())) {
            losses.add(object + ": NO INHERIT of a not-null constraint cannot be carried to PostgreSQL " + targetMajor
                    + " (it arrived in 18); the column is simply NOT NULL");
            return sql.substring(0, inline.start()) + "NOT NULL" + sql.substring(inline.end());
        }
        return sql;
    }

    private static boolean startsWith(String sql, String word) {
        return sql.stripLeading().regionMatches(true, 0, word, 0, word.length());
    }

    /** Whether position {@code at} lies outside string literals, quoted identifiers and dollar quotes. */
    static boolean outsideLiterals(String sql, int at) {
        int i = 0;
        while (i < at) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = sql.indexOf(c, i + 1);
                while (end >= 0 && end + 1 < sql.length() && sql.charAt(end + 1) == c) {
                    end = sql.indexOf(c, end + 2);
                }
                if (end < 0 || end >= at) {
                    return false;
                }
                i = end + 1;
            } else if (c == '$') {
                Matcher tag = DOLLAR_TAG.matcher(sql).region(i, sql.length());
                if (tag.lookingAt()) {
                    int end = sql.indexOf(tag.group(), tag.end());
                    if (end < 0 || end >= at) {
                        return false;
                    }
                    i = end + tag.group().length();
                } else {
                    i++;
                }
            } else {
                i++;
            }
        }
        return true;
    }

    private static final Pattern DOLLAR_TAG = Pattern.compile("\\$(?:[A-Za-z_][A-Za-z0-9_]*)?\\$");

    /** The index of the parenthesis closing the one at {@code open}, skipping literals; -1 if none. */
    static int matchingParen(String sql, int open) {
        int depth = 0;
        for (int i = open; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = sql.indexOf(c, i + 1);
                while (end >= 0 && end + 1 < sql.length() && sql.charAt(end + 1) == c) {
                    end = sql.indexOf(c, end + 2);
                }
                if (end < 0) {
                    return -1;
                }
                i = end;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Multiranges arrived in 14, where every range type gets one; pg_dump 14+ names it in CREATE TYPE.
     * An older target creates the range without it: nothing is lost when the name is the one the
     * server would derive, but a custom name cannot be carried.
     */
    private String withoutMultirangeName(String sql, String object, List<String> losses) {
        Matcher type = RANGE_TYPE.matcher(sql);
        if (!type.find()) {
            return sql;
        }
        Matcher option = MULTIRANGE_OPTION.matcher(sql);
        if (!option.find()) {
            return sql;
        }
        String rangeName = unquote(lastPart(type.group(1)));
        String multirangeName = unquote(lastPart(option.group(1)));
        if (!multirangeName.equals(defaultMultirangeName(rangeName))) {
            losses.add(object + ": the multirange type name " + option.group(1) + " cannot be carried to PostgreSQL "
                    + targetMajor + ", which has no multirange types (they arrived in 14)");
        }
        String rest = sql.substring(0, option.start()) + sql.substring(option.end());
        // the option may have been the first one, leaving "( ," behind
        return rest.replaceFirst("\\(\\s*,", "(");
    }

    /** The MAINTAIN privilege arrived in 17; older targets have no such privilege to grant. */
    private String withoutMaintain(String sql, String object, List<String> losses) {
        Matcher m = GRANT.matcher(sql);
        if (!m.find()) {
            return sql;
        }
        List<String> kept = new ArrayList<>();
        boolean dropped = false;
        for (String privilege : m.group(2).split(",")) {
            if (privilege.strip().equalsIgnoreCase("MAINTAIN")) {
                dropped = true;
            } else {
                kept.add(privilege.strip());
            }
        }
        if (!dropped) {
            return sql;
        }
        losses.add(object + ": the MAINTAIN privilege cannot be carried to PostgreSQL " + targetMajor
                + " (it arrived in 17): " + sql.strip());
        if (kept.isEmpty()) {
            return null;
        }
        return m.group(1) + String.join(",", kept) + m.group(3);
    }

    /** What PostgreSQL names a range's multirange: "range" replaced by "multirange", else "_multirange" appended. */
    static String defaultMultirangeName(String rangeName) {
        int at = rangeName.indexOf("range");
        if (at >= 0) {
            return rangeName.substring(0, at) + "multirange" + rangeName.substring(at + "range".length());
        }
        return rangeName + "_multirange";
    }

    private static String lastPart(String qualified) {
        Matcher m = Pattern.compile(IDENT).matcher(qualified);
        String last = qualified;
        while (m.find()) {
            last = m.group();
        }
        return last;
    }

    private static String unquote(String ident) {
        if (ident.startsWith("\"")) {
            return ident.substring(1, ident.length() - 1).replace("\"\"", "\"");
        }
        return ident.toLowerCase(java.util.Locale.ROOT);
    }
}
