package io.stowage.postgres.catalog;

import static io.stowage.postgres.sql.SqlText.ident;

/**
 * Procedural languages as pg_dump dumps them (pg_dump.c: getProcLangs, selectDumpableProcLang,
 * dumpProcLang). Only languages with {@code lanispl} are candidates, so the built-in internal, c
 * and sql never appear. An extension's language (plpgsql) is the extension's, except for
 * privileges changed since CREATE EXTENSION; a language older than the database's user objects
 * carries only its privileges; every other language is written with its handler, inline and
 * validator functions when the dump holds them, and as a parameterless {@code CREATE OR REPLACE
 * PROCEDURAL LANGUAGE} otherwise. Privileges are written for trusted languages only.
 */
final class LanguageReader {
    private LanguageReader() {
    }

    /** pg_dump's lastSystemOid: FirstNormalObjectId - 1. */
    private static final long LAST_SYSTEM_OID = 16383;

    static void read(CatalogReader reader) {
        reader.session().query("procedural languages",
                "SELECT l.oid, l.lanname, l.lanpltrusted, l.lanplcallfoid, l.laninline, l.lanvalidator, "
                        + "pg_catalog.pg_get_userbyid(l.lanowner), l.lanacl::text, "
                        + "pg_catalog.acldefault('l', l.lanowner)::text, " + CatalogReader.initPrivs("pg_language", "l.oid") + ", "
                        + "pg_catalog.obj_description(l.oid, 'pg_language') "
                        + "FROM pg_catalog.pg_language l WHERE l.lanispl ORDER BY l.oid",
                rs -> {
                    long oid = rs.getLong(1);
                    String name = rs.getString(2);
                    String qname = ident(name);
                    boolean trusted = rs.getBoolean(3);
                    String owner = rs.getString(7);
                    String acl = rs.getString(8);
                    String initPrivs = rs.getString(10);
                    boolean member = reader.isMember("pg_language", oid);
                    DumpObject o = new DumpObject(ObjectKind.PROCLANG, CatalogId.of("pg_language", oid), null, name, null)
                            .desc("PROCEDURAL LANGUAGE").owner(owner);
                    if (member || oid <= LAST_SYSTEM_OID) {
                        // only the privileges, and for a member only when they changed since CREATE EXTENSION
                        if (!trusted || (member && (acl == null || acl.equals(initPrivs)))) {
                            return null;
                        }
                        Acls.acl(o, "LANGUAGE", "LANGUAGE " + qname, qname, null, owner, acl, rs.getString(9), initPrivs);
                        if (!o.satellites().isEmpty()) {
                            reader.catalog().add(o);
                        }
                        return null;
                    }
                    DumpObject handler = function(reader, rs.getLong(4));
                    DumpObject inline = function(reader, rs.getLong(5));
                    DumpObject validator = function(reader, rs.getLong(6));
                    boolean useParams = handler != null && (inline != null || rs.getLong(5) == 0)
                            && (validator != null || rs.getLong(6) == 0);
                    StringBuilder q = new StringBuilder();
                    if (useParams) {
                        q.append("CREATE ").append(trusted ? "TRUSTED " : "").append("PROCEDURAL LANGUAGE ").append(qname)
                                .append(" HANDLER ").append(qualified(handler));
                        if (inline != null) {
                            q.append(" INLINE ").append(qualified(inline));
                        }
                        if (validator != null) {
                            q.append(" VALIDATOR ").append(qualified(validator));
                        }
                    } else {
                        // without its functions the server's own knowledge of the language has to do
                        q.append("CREATE OR REPLACE PROCEDURAL LANGUAGE ").append(qname);
                    }
                    q.append(";\n");
                    o.definition(q.toString()).drop("DROP PROCEDURAL LANGUAGE " + qname + ";\n");
                    Acls.comment(o, "LANGUAGE " + qname, "LANGUAGE " + qname, rs.getString(11));
                    if (trusted) {
                        Acls.acl(o, "LANGUAGE", "LANGUAGE " + qname, qname, null, owner, acl, rs.getString(9), initPrivs);
                    }
                    reader.catalog().add(o);
                    return null;
                });
    }

    /** The dumped function with this oid, or null when the dump does not write it (pg_dump's findFuncByOid). */
    private static DumpObject function(CatalogReader reader, long oid) {
        if (oid == 0) {
            return null;
        }
        DumpObject f = reader.catalog().find("pg_proc", oid);
        return f != null && f.kind() == ObjectKind.FUNC ? f : null;
    }

    /** fmtQualifiedDumpable: schema and name, without arguments. */
    private static String qualified(DumpObject function) {
        return ident(function.namespace()) + "." + ident(function.name());
    }
}
