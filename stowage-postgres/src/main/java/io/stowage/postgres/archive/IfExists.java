package io.stowage.postgres.archive;

/**
 * pg_restore's {@code --if-exists} rewriting of an entry's drop statement (RestoreArchive): a
 * leading {@code ALTER TABLE} becomes {@code ALTER TABLE IF EXISTS}, and the first
 * {@code DROP <desc>} (for constraints {@code DROP CONSTRAINT}) gets {@code IF EXISTS}; column
 * defaults, database properties and {@code CREATE OR REPLACE VIEW} pseudo-drops stay as they are,
 * and large objects are unlinked only when they exist.
 */
final class IfExists {

    private IfExists() {
    }

    static String insert(TocEntry e) {
        String desc = e.desc() == null ? "" : e.desc();
        String drop = e.dropStatement();
        if (desc.startsWith("BLOB")) {
            return "SELECT pg_catalog.lo_unlink(oid) FROM pg_catalog.pg_largeobject_metadata WHERE oid = '" + e.oid() + "';\n";
        }
        StringBuilder sb = new StringBuilder();
        String rest = drop;
        if (rest.startsWith("ALTER TABLE")) {
            sb.append("ALTER TABLE IF EXISTS");
            rest = rest.substring("ALTER TABLE".length());
        }
        if (desc.equals("DEFAULT") || desc.equals("DATABASE PROPERTIES") || rest.startsWith("CREATE OR REPLACE VIEW")) {
            return sb.append(rest).toString();
        }
        String mark = desc.equals("CONSTRAINT") || desc.equals("CHECK CONSTRAINT") || desc.equals("FK CONSTRAINT")
                ? "DROP CONSTRAINT" : "DROP " + desc;
        int at = rest.indexOf(mark);
        if (at < 0) {
            return sb.append(rest).toString(); // pg_restore warns and keeps the statement
        }
        return sb.append(rest, 0, at).append(mark).append(" IF EXISTS").append(rest.substring(at + mark.length())).toString();
    }
}
