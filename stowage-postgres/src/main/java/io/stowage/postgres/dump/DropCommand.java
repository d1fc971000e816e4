package io.stowage.postgres.dump;

import io.stowage.core.archive.ArchiveEntry;

/**
 * The DROP statement the plain script writes for {@code -c}, with IF EXISTS injected as
 * pg_backup_archiver.c's RestoreArchive injects it for {@code --if-exists}.
 */
public final class DropCommand {
    private DropCommand() {
    }

    /** The statement to write, or the empty string when the entry has none. */
    public static String statement(ArchiveEntry e, boolean ifExists) {
        String drop = e.dropStatement();
        if (drop.isEmpty()) {
            return "";
        }
        if (!ifExists || drop.startsWith("--")) {
            return drop;
        }
        if ("BLOB".equals(e.desc())) {
            return "SELECT pg_catalog.lo_unlink(oid) FROM pg_catalog.pg_largeobject_metadata WHERE oid = '" + e.tag() + "';\n";
        }
        StringBuilder out = new StringBuilder();
        String rest = drop;
        if (rest.startsWith("ALTER TABLE")) {
            out.append("ALTER TABLE IF EXISTS");
            rest = rest.substring("ALTER TABLE".length());
        }
        if ("DEFAULT".equals(e.desc()) || "DATABASE PROPERTIES".equals(e.desc()) || rest.startsWith("CREATE OR REPLACE VIEW")) {
            return out.append(rest).toString();
        }
        String marker = switch (e.desc()) {
            case "CONSTRAINT", "CHECK CONSTRAINT", "FK CONSTRAINT" -> "DROP CONSTRAINT";
            default -> "DROP " + e.desc();
        };
        int at = rest.indexOf(marker);
        if (at < 0) {
            return out.append(rest).toString();
        }
        return out.append(rest, 0, at).append(marker).append(" IF EXISTS").append(rest.substring(at + marker.length())).toString();
    }
}
