package io.stowage.postgres.catalog;

import static io.stowage.postgres.sql.SqlText.ident;

/**
 * User-defined access methods as pg_dump dumps them (pg_dump.c: getAccessMethods,
 * selectDumpableAccessMethod, dumpAccessMethod): those created after initdb and not by an
 * extension, index and table methods with their handler, in a dump of the whole database.
 * Access methods have no owner and no privileges.
 */
final class AccessMethodReader {
    private AccessMethodReader() {
    }

    static void read(CatalogReader reader) {
        reader.session().query("access methods",
                "SELECT a.oid, a.amname, a.amtype, a.amhandler::pg_catalog.regproc::text, "
                        + "pg_catalog.obj_description(a.oid, 'pg_am') "
                        + "FROM pg_catalog.pg_am a WHERE a.oid > 16383 ORDER BY a.oid",
                rs -> {
                    long oid = rs.getLong(1);
                    if (reader.isMember("pg_am", oid)) {
                        return null;
                    }
                    String type = switch (rs.getString(3)) {
                        case "i" -> "INDEX";
                        case "t" -> "TABLE";
                        default -> null;
                    };
                    String qname = ident(rs.getString(2));
                    if (type == null) {
                        reader.warn("access method " + qname + " has an unknown type " + rs.getString(3) + " and is not dumped");
                        return null;
                    }
                    DumpObject o = new DumpObject(ObjectKind.ACCESS_METHOD, CatalogId.of("pg_am", oid), null, rs.getString(2), null)
                            .desc("ACCESS METHOD").owner("")
                            .definition("CREATE ACCESS METHOD " + qname + " TYPE " + type + " HANDLER " + rs.getString(4) + ";\n")
                            .drop("DROP ACCESS METHOD " + qname + ";\n");
                    Acls.comment(o, "ACCESS METHOD " + qname, "ACCESS METHOD " + qname, rs.getString(5));
                    reader.catalog().add(o);
                    return null;
                });
    }
}
