package io.stowage.postgres.catalog;

import io.stowage.core.archive.Section;
import io.stowage.postgres.dump.acl.AclCommands;
import io.stowage.postgres.sql.DumpQuoting;

/** Builds the COMMENT and ACL satellites pg_dump writes after an object (dumpComment, dumpACL). */
final class Acls {
    private Acls() {
    }

    /**
     * Adds {@code COMMENT ON <target> IS '...';} after {@code object}.
     *
     * @param tag    {@code TABLE actor}, {@code COLUMN actor.first_name}
     * @param target what follows {@code COMMENT ON}, qualified
     */
    static void comment(DumpObject object, String tag, String target, String text) {
        if (text == null) {
            return;
        }
        object.satellites().add(new Satellite("COMMENT", tag, object.namespace(), object.owner(), Section.NONE,
                "COMMENT ON " + target + " IS " + DumpQuoting.stringLiteral(text) + ";\n"));
    }

    /**
     * Adds the GRANT/REVOKE commands for an ACL relative to its baseline: pg_init_privs when the
     * object has initial privileges, otherwise acldefault (columns: nothing).
     */
    static void acl(DumpObject object, String keyword, String tagName, String qualifiedName, String column,
                    String owner, String acl, String aclDefault, String initPrivs) {
        String actual = acl != null ? acl : (initPrivs != null ? aclDefault : null);
        if (actual == null) {
            return;
        }
        String baseline = initPrivs != null ? initPrivs : aclDefault;
        String sql = AclCommands.build(keyword, qualifiedName, column, owner, actual, baseline);
        if (sql == null || sql.isEmpty()) {
            return;
        }
        object.satellites().add(new Satellite("ACL", tagName, object.namespace(), owner, Section.NONE, sql));
    }
}
