package io.stowage.postgres.dump;

import io.stowage.core.archive.ArchiveEntry;

import java.util.Set;

import static io.stowage.postgres.sql.SqlText.ident;

/**
 * The {@code ALTER <object> OWNER TO role;} the plain script writes after an entry, with
 * {@code <object>} derived exactly as pg_backup_archiver.c's _getObjectDescription derives it
 * (PostgreSQL 16 and later): from the type and name for most objects, from the DROP statement for
 * those whose name needs an argument list, nothing for objects without an owner of their own.
 */
public final class OwnerCommand {
    private static final Set<String> PLAIN = Set.of("COLLATION", "CONVERSION", "DOMAIN", "FOREIGN TABLE",
            "MATERIALIZED VIEW", "SEQUENCE", "STATISTICS", "TABLE", "TEXT SEARCH DICTIONARY",
            "TEXT SEARCH CONFIGURATION", "TYPE", "VIEW", "DATABASE", "PROCEDURAL LANGUAGE", "SCHEMA",
            "EVENT TRIGGER", "FOREIGN DATA WRAPPER", "SERVER", "PUBLICATION", "SUBSCRIPTION");
    private static final Set<String> FROM_DROP = Set.of("AGGREGATE", "FUNCTION", "OPERATOR", "OPERATOR CLASS",
            "OPERATOR FAMILY", "PROCEDURE");

    private OwnerCommand() {
    }

    /** The object as ALTER ... OWNER names it, or null when the entry has no owner of its own. */
    public static String describe(ArchiveEntry e) {
        String type = e.desc();
        if (PLAIN.contains(type)) {
            return type + " " + (e.namespace() != null && !e.namespace().isEmpty() ? ident(e.namespace()) + "." : "")
                    + ident(e.tag());
        }
        if ("BLOB".equals(type)) {
            return "LARGE OBJECT " + e.tag();
        }
        if (FROM_DROP.contains(type)) {
            String s = e.dropStatement().substring("DROP ".length());
            int end = s.length();
            while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == ';')) {
                end--;
            }
            return s.substring(0, end);
        }
        return null;
    }

    /**
     * The owner statement for an entry, or the empty string: needs an owner and a drop statement
     * ("anything without a DROP command is not a separately ownable object").
     */
    public static String statement(ArchiveEntry e) {
        if (e.owner() == null || e.owner().isEmpty() || e.dropStatement().isEmpty()) {
            return "";
        }
        String what = describe(e);
        return what == null ? "" : "ALTER " + what + " OWNER TO " + ident(e.owner()) + ";\n\n";
    }
}
