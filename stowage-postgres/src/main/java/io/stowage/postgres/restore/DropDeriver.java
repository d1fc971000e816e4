package io.stowage.postgres.restore;

import io.stowage.postgres.sql.SqlText;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Derives the statement that drops what one script entry creates, for {@code -c/--clean}.
 *
 * <p>pg_restore has each entry's drop statement in its archive and derives {@code ALTER ... OWNER TO}
 * from it; a plain script only has the owner statement, so this goes the other way. Entries without
 * one (constraints, indexes, triggers, rules, defaults, policies, extensions, and everything in a
 * dump made with {@code -O}) get their drop from their own SQL or their header, the way pg_dump
 * writes those drops.
 */
final class DropDeriver {
    /** Object kinds as they follow ALTER, longest first so that "OPERATOR CLASS" wins over "OPERATOR". */
    private static final List<String> KINDS = List.of(
            "TEXT SEARCH CONFIGURATION", "TEXT SEARCH DICTIONARY", "TEXT SEARCH PARSER", "TEXT SEARCH TEMPLATE",
            "FOREIGN DATA WRAPPER", "MATERIALIZED VIEW", "PROCEDURAL LANGUAGE", "OPERATOR CLASS", "OPERATOR FAMILY",
            "FOREIGN TABLE", "EVENT TRIGGER", "LARGE OBJECT", "AGGREGATE", "COLLATION", "CONVERSION", "DATABASE",
            "DOMAIN", "FUNCTION", "LANGUAGE", "OPERATOR", "PROCEDURE", "PUBLICATION", "ROUTINE", "SCHEMA",
            "SEQUENCE", "SERVER", "STATISTICS", "SUBSCRIPTION", "TABLESPACE", "TABLE", "TYPE", "VIEW");
    /** Entry types pg_dump writes {@code ALTER TABLE ... OWNER TO} for although they are not tables. */
    private static final Set<String> TABLE_LIKE = Set.of("VIEW", "SEQUENCE", "MATERIALIZED VIEW", "FOREIGN TABLE");
    /** Entry types whose header alone names the object well enough for a drop (schema-qualified or not). */
    private static final Map<String, Boolean> BY_HEADER = Map.ofEntries(
            Map.entry("TABLE", true), Map.entry("VIEW", true), Map.entry("MATERIALIZED VIEW", true),
            Map.entry("SEQUENCE", true), Map.entry("FOREIGN TABLE", true), Map.entry("TYPE", true),
            Map.entry("DOMAIN", true), Map.entry("COLLATION", true), Map.entry("CONVERSION", true),
            Map.entry("TEXT SEARCH CONFIGURATION", true), Map.entry("TEXT SEARCH DICTIONARY", true),
            Map.entry("TEXT SEARCH PARSER", true), Map.entry("TEXT SEARCH TEMPLATE", true),
            Map.entry("STATISTICS", true), Map.entry("FUNCTION", true), Map.entry("PROCEDURE", true),
            Map.entry("AGGREGATE", true), Map.entry("SCHEMA", false), Map.entry("EXTENSION", false),
            Map.entry("SERVER", false), Map.entry("FOREIGN DATA WRAPPER", false), Map.entry("PUBLICATION", false),
            Map.entry("EVENT TRIGGER", false));

    /** Entry types without an owner, whose drop comes from their own SQL. */
    private static final Set<String> FROM_DEFINITION = Set.of("CONSTRAINT", "FK CONSTRAINT", "CHECK CONSTRAINT",
            "DEFAULT", "INDEX", "TRIGGER", "RULE", "POLICY", "EXTENSION", "CAST", "TRANSFORM", "ACCESS METHOD",
            "USER MAPPING");

    private final ScriptItem.EntryHeader header;
    private final boolean ifExists;
    private String fromOwner;
    private String fromSql;
    private boolean creates;
    /** A base type (CREATE TYPE name (INPUT = ...)) or a range with a canonical function: functions depend on it. */
    private boolean baseType;

    private final Map<String, String> viewDefinitions;

    /**
     * @param viewDefinitions shared across the entries of one script: each view's {@code CREATE VIEW}
     *                        statement by name, so that the {@code _RETURN} rule of a view pg_dump
     *                        split in two can be "dropped" by resetting the view to its placeholder
     */
    DropDeriver(ScriptItem.EntryHeader header, boolean ifExists, Map<String, String> viewDefinitions) {
        this.header = header;
        this.ifExists = ifExists;
        this.viewDefinitions = viewDefinitions;
    }

    /** Feeds one statement of the entry. */
    void statement(SqlTokens t) {
        String command = t.command();
        if (command.equals("CREATE")) {
            creates = true;
            if (header.desc().equals("TYPE") && t.is(1, "TYPE")) {
                int end = t.nameEnd(2);
                baseType = end > 2 && t.get(end) != null && t.get(end).isPunct('(') && hasTopLevelWordInParens(t, end, "INPUT")
                        // a range type with a canonical function: that function depends on the range too
                        || end > 2 && t.is(end, "AS") && t.is(end + 1, "RANGE") && t.get(end + 2) != null
                        && t.get(end + 2).isPunct('(') && hasTopLevelWordInParens(t, end + 2, "CANONICAL");
            }
        }
        if (fromOwner == null && command.equals("ALTER")) {
            fromOwner = fromOwnerStatement(t);
        }
        if (command.equals("CREATE") && t.is(1, "VIEW") && header.desc().equals("VIEW")) {
            int end = t.nameEnd(2);
            if (end > 2 && t.is(end, "AS")) {
                viewDefinitions.put(t.text(2, end), t.sql().substring(t.get(2).start()));
            }
        }
        if (fromSql == null && header.desc().equals("RULE") && command.equals("CREATE")
                && t.is(1, "OR") && t.is(2, "REPLACE") && t.is(3, "VIEW")) {
            // A view dumped as placeholder + _RETURN rule (circular dependencies): like pg_dump, undo
            // the rule by putting the placeholder back, which frees what the real query depends on.
            int end = t.nameEnd(4);
            String placeholder = end > 4 ? viewDefinitions.get(t.text(4, end)) : null;
            if (placeholder != null) {
                fromSql = "CREATE OR REPLACE VIEW " + placeholder;
            }
        }
        if (fromSql == null && FROM_DEFINITION.contains(header.desc())) {
            fromSql = fromDefinition(t);
        }
    }

    /** The drop statement, or {@code null} when the entry creates nothing that needs one. */
    String drop() {
        String drop = baseDrop();
        // pg_dump drops a base type with CASCADE (dumpBaseType): its I/O functions depend on it; a
        // range's canonical function does likewise, which pg_dump's plain DROP TYPE trips over
        if (drop != null && baseType && drop.startsWith("DROP TYPE ") && drop.endsWith(";")) {
            return drop.substring(0, drop.length() - 1) + " CASCADE;";
        }
        return drop;
    }

    /** Whether {@code word} appears directly inside the parentheses opened at {@code open}. */
    private static boolean hasTopLevelWordInParens(SqlTokens t, int open, String word) {
        int depth = t.get(open).depth() + 1;
        for (int j = open + 1; j < t.size(); j++) {
            if (t.get(j).depth() == depth && t.get(j).is(word)) {
                return true;
            }
        }
        return false;
    }

    private String baseDrop() {
        if (header.desc().equals("BLOB")) {
            // pg_restore's drop of a large object, guarded by DropLOIfExists under --if-exists
            String oid = header.tag().replace("'", "");
            return ifExists
                    ? "SELECT pg_catalog.lo_unlink(oid) FROM pg_catalog.pg_largeobject_metadata WHERE oid = '" + oid + "';"
                    : "SELECT pg_catalog.lo_unlink('" + oid + "');";
        }
        if (fromOwner != null) {
            return fromOwner;
        }
        if (fromSql != null) {
            return fromSql;
        }
        Boolean qualified = BY_HEADER.get(header.desc());
        if (qualified == null || !creates) {
            return null;
        }
        String name;
        if (header.desc().equals("FUNCTION") || header.desc().equals("PROCEDURE") || header.desc().equals("AGGREGATE")) {
            // The tag is "name(argument types)", with the name unquoted.
            int paren = header.tag().indexOf('(');
            if (paren <= 0) {
                return null;
            }
            name = qualify(header.tag().substring(0, paren)) + header.tag().substring(paren);
        } else {
            name = qualified ? qualify(header.tag()) : SqlText.ident(header.tag());
        }
        return "DROP " + header.desc() + ifExists(" ") + " " + name + ";";
    }

    private String qualify(String name) {
        return header.namespace() == null ? SqlText.ident(name) : SqlText.qualified(header.namespace(), name);
    }

    private String ifExists(String before) {
        return ifExists ? before + "IF EXISTS" : "";
    }

    /** {@code ALTER <kind> <name> OWNER TO <role>;} becomes {@code DROP <kind> [IF EXISTS] <name>;}. */
    private String fromOwnerStatement(SqlTokens t) {
        int n = t.size();
        int end = n;
        if (end > 0 && t.get(end - 1).isPunct(';')) {
            end--;
        }
        if (end < 5 || !t.get(end - 3).is("OWNER") || !t.get(end - 2).is("TO")) {
            return null;
        }
        for (String kind : KINDS) {
            String[] words = kind.split(" ");
            int i = 1;
            boolean match = true;
            for (String word : words) {
                if (!t.is(i++, word)) {
                    match = false;
                    break;
                }
            }
            if (!match) {
                continue;
            }
            int ownerAt = end - 3;
            if (i >= ownerAt) {
                return null;
            }
            String name = t.text(i, ownerAt);
            String dropKind = kind;
            if (kind.equals("TABLE") && TABLE_LIKE.contains(header.desc())) {
                dropKind = header.desc();
            }
            return switch (dropKind) {
                case "DATABASE", "TABLESPACE" -> null; // handled by -C, never dropped per object
                case "LARGE OBJECT" -> "SELECT pg_catalog.lo_unlink(oid) FROM pg_catalog.pg_largeobject_metadata WHERE oid = '"
                        + name.replace("'", "") + "';";
                default -> "DROP " + dropKind + ifExists(" ") + " " + name + ";";
            };
        }
        return null;
    }

    /** Drops for the entry types that have no owner: constraints, indexes, triggers, rules, defaults ... */
    private String fromDefinition(SqlTokens t) {
        String command = t.command();
        if (command.equals("ALTER")) {
            return fromAlter(t);
        }
        if (!command.equals("CREATE")) {
            return null;
        }
        int i = 1;
        if (t.is(i, "OR") && t.is(i + 1, "REPLACE")) {
            i += 2;
        }
        if (t.is(i, "UNIQUE")) {
            i++;
        }
        if (t.is(i, "CONSTRAINT")) {
            i++;
        }
        String what = t.get(i) == null ? "" : t.get(i).text().toUpperCase(Locale.ROOT);
        i++;
        switch (what) {
            case "INDEX" -> {
                if (t.is(i, "CONCURRENTLY")) {
                    i++;
                }
                if (t.is(i, "IF") && t.is(i + 1, "NOT") && t.is(i + 2, "EXISTS")) {
                    i += 3;
                }
                int end = t.nameEnd(i);
                if (end == i || !t.is(end, "ON")) {
                    return null;
                }
                String name = t.text(i, end);
                if (end == i + 1 && header.namespace() != null) {
                    name = SqlText.ident(header.namespace()) + "." + name;
                }
                return "DROP INDEX" + ifExists(" ") + " " + name + ";";
            }
            case "TRIGGER", "RULE", "POLICY" -> {
                int nameEnd = t.nameEnd(i);
                if (nameEnd != i + 1) {
                    return null;
                }
                String name = t.text(i, nameEnd);
                // Trigger: ... ON table; rule: AS ON event TO table; policy: ON table.
                String before = what.equals("RULE") ? "TO" : "ON";
                for (int j = nameEnd; j < t.size(); j++) {
                    if (t.get(j).depth() == 0 && t.get(j).is(before)) {
                        int tableEnd = t.nameEnd(j + 1);
                        if (tableEnd == j + 1) {
                            return null;
                        }
                        return "DROP " + what + ifExists(" ") + " " + name + " ON " + t.text(j + 1, tableEnd) + ";";
                    }
                }
                return null;
            }
            case "EXTENSION" -> {
                if (t.is(i, "IF") && t.is(i + 1, "NOT") && t.is(i + 2, "EXISTS")) {
                    i += 3;
                }
                int end = t.nameEnd(i);
                return end == i ? null : "DROP EXTENSION" + ifExists(" ") + " " + t.text(i, end) + ";";
            }
            case "CAST" -> {
                // CREATE CAST (source AS target) ...: the parenthesised pair names the cast
                int close = closingParen(t, i);
                return close < 0 ? null : "DROP CAST" + ifExists(" ") + " " + t.text(i, close + 1) + ";";
            }
            case "TRANSFORM" -> {
                // CREATE TRANSFORM FOR type LANGUAGE lang (...): everything before the parenthesis
                int open = indexAtDepth(t, i, '(');
                return !t.is(i, "FOR") || open < 0 ? null : "DROP TRANSFORM" + ifExists(" ") + " " + t.text(i, open) + ";";
            }
            case "ACCESS" -> {
                int end = t.is(i, "METHOD") ? t.nameEnd(i + 1) : i + 1;
                return end != i + 2 ? null : "DROP ACCESS METHOD" + ifExists(" ") + " " + t.text(i + 1, end) + ";";
            }
            case "USER" -> {
                // CREATE USER MAPPING FOR role SERVER server [OPTIONS (...)]
                if (!t.is(i, "MAPPING")) {
                    return null;
                }
                int from = i + 1;
                if (t.is(from, "IF") && t.is(from + 1, "NOT") && t.is(from + 2, "EXISTS")) {
                    from += 3;
                }
                int end = from;
                while (end < t.size() && !(t.get(end).depth() == 0 && (t.get(end).is("OPTIONS") || t.get(end).isPunct(';')))) {
                    end++;
                }
                return !t.is(from, "FOR") || end == from ? null
                        : "DROP USER MAPPING" + ifExists(" ") + " " + t.text(from, end) + ";";
            }
            default -> {
                return null;
            }
        }
    }

    /** The index of the parenthesis closing the one at {@code open}, or -1. */
    private static int closingParen(SqlTokens t, int open) {
        if (t.get(open) == null || !t.get(open).isPunct('(')) {
            return -1;
        }
        int depth = t.get(open).depth();
        for (int j = open + 1; j < t.size(); j++) {
            if (t.get(j).isPunct(')') && t.get(j).depth() == depth) {
                return j;
            }
        }
        return -1;
    }

    /** The first token at top level from {@code from} on that is the punctuation {@code c}, or -1. */
    private static int indexAtDepth(SqlTokens t, int from, char c) {
        for (int j = from; j < t.size(); j++) {
            if (t.get(j).depth() == 0 && t.get(j).isPunct(c)) {
                return j;
            }
        }
        return -1;
    }

    /**
     * {@code ALTER TABLE [ONLY] t ADD CONSTRAINT c ...} and {@code ALTER TABLE [ONLY] t ALTER [COLUMN] c SET DEFAULT ...},
     * dropped the way pg_dump writes it; domains' constraints likewise.
     */
    private String fromAlter(SqlTokens t) {
        int i = 1;
        String kind;
        if (t.is(i, "TABLE")) {
            kind = "TABLE";
            i++;
        } else if (t.is(i, "FOREIGN") && t.is(i + 1, "TABLE")) {
            kind = "FOREIGN TABLE";
            i += 2;
        } else if (t.is(i, "DOMAIN")) {
            kind = "DOMAIN";
            i++;
        } else {
            return null;
        }
        if (t.is(i, "IF") && t.is(i + 1, "EXISTS")) {
            i += 2;
        }
        if (t.is(i, "ONLY")) {
            i++;
        }
        int end = t.nameEnd(i);
        if (end == i) {
            return null;
        }
        String target = t.text(i, end);
        if (t.is(end, "ADD") && t.is(end + 1, "CONSTRAINT") && t.get(end + 2) != null && t.get(end + 2).isName()) {
            String constraint = t.get(end + 2).text();
            if (kind.equals("DOMAIN")) {
                return "ALTER DOMAIN " + target + " DROP CONSTRAINT" + ifExists(" ") + " " + constraint + ";";
            }
            return "ALTER " + kind + ifExists(" ") + " ONLY " + target + " DROP CONSTRAINT" + ifExists(" ") + " " + constraint + ";";
        }
        if (!kind.equals("DOMAIN") && t.is(end, "ALTER")) {
            int c = end + 1;
            if (t.is(c, "COLUMN")) {
                c++;
            }
            if (t.get(c) != null && t.get(c).isName() && t.is(c + 1, "SET") && t.is(c + 2, "DEFAULT")) {
                return "ALTER " + kind + ifExists(" ") + " " + target + " ALTER COLUMN " + t.get(c).text() + " DROP DEFAULT;";
            }
        }
        return null;
    }
}
