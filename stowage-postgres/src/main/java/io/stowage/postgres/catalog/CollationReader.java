package io.stowage.postgres.catalog;

import io.stowage.postgres.sql.DumpQuoting;

import static io.stowage.postgres.sql.SqlText.ident;
import static io.stowage.postgres.sql.SqlText.qualified;

/**
 * Collations and conversions (pg_dump.c: dumpCollation, dumpConversion). The locale of an ICU
 * collation lives in collcollate up to 14, colliculocale in 15 and 16, colllocale from 17.
 */
final class CollationReader {
    private CollationReader() {
    }

    static void read(CatalogReader reader) {
        readCollations(reader);
        readConversions(reader);
    }

    private static void readCollations(CatalogReader reader) {
        CatalogSession session = reader.session();
        String locale = session.atLeast(17) ? "c.colllocale"
                : session.atLeast(15) ? "c.colliculocale"
                : "CASE WHEN c.collprovider = 'i' THEN c.collcollate END";
        String rules = session.atLeast(16) ? "c.collicurules" : "NULL";
        session.query("collations",
                "SELECT c.oid, c.collname, n.nspname, pg_catalog.pg_get_userbyid(c.collowner), c.collprovider, "
                        + "c.collisdeterministic, c.collcollate, c.collctype, " + locale + ", " + rules + ", "
                        + "pg_catalog.obj_description(c.oid, 'pg_collation') "
                        + "FROM pg_catalog.pg_collation c JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace "
                        + "WHERE " + CatalogReader.USER_NS + " ORDER BY c.oid",
                rs -> {
                    long oid = rs.getLong(1);
                    if (reader.isMember("pg_collation", oid)) {
                        return null;
                    }
                    String name = rs.getString(2);
                    String ns = rs.getString(3);
                    String qname = qualified(ns, name);
                    char provider = rs.getString(5).charAt(0);
                    StringBuilder q = new StringBuilder("CREATE COLLATION ").append(qname).append(" (provider = ")
                            .append(switch (provider) {
                                case 'i' -> "icu";
                                case 'b' -> "builtin";
                                case 'c' -> "libc";
                                default -> "default";
                            });
                    if (!rs.getBoolean(6)) {
                        q.append(", deterministic = false");
                    }
                    if (provider == 'c') {
                        String collate = rs.getString(7);
                        String ctype = rs.getString(8);
                        if (collate != null && collate.equals(ctype)) {
                            q.append(", locale = ").append(DumpQuoting.stringLiteral(collate));
                        } else {
                            q.append(", lc_collate = ").append(DumpQuoting.stringLiteral(collate))
                                    .append(", lc_ctype = ").append(DumpQuoting.stringLiteral(ctype));
                        }
                    } else {
                        if (rs.getString(9) != null) {
                            q.append(", locale = ").append(DumpQuoting.stringLiteral(rs.getString(9)));
                        }
                        if (rs.getString(10) != null) {
                            q.append(", rules = ").append(DumpQuoting.stringLiteral(rs.getString(10)));
                        }
                    }
                    q.append(");\n");
                    DumpObject o = new DumpObject(ObjectKind.COLLATION, CatalogId.of("pg_collation", oid), ns, name, null)
                            .desc("COLLATION").owner(rs.getString(4)).definition(q.toString())
                            .drop("DROP COLLATION " + qname + ";\n");
                    Acls.comment(o, "COLLATION " + ident(name), "COLLATION " + qname, rs.getString(11));
                    reader.catalog().add(o);
                    return null;
                });
    }

    private static void readConversions(CatalogReader reader) {
        reader.session().query("conversions",
                "SELECT c.oid, c.conname, n.nspname, pg_catalog.pg_get_userbyid(c.conowner), c.condefault, "
                        + "pg_catalog.pg_encoding_to_char(c.conforencoding), pg_catalog.pg_encoding_to_char(c.contoencoding), "
                        + "c.conproc::text, pg_catalog.obj_description(c.oid, 'pg_conversion') "
                        + "FROM pg_catalog.pg_conversion c JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace "
                        + "WHERE " + CatalogReader.USER_NS + " ORDER BY c.oid",
                rs -> {
                    long oid = rs.getLong(1);
                    if (reader.isMember("pg_conversion", oid)) {
                        return null;
                    }
                    String name = rs.getString(2);
                    String ns = rs.getString(3);
                    String qname = qualified(ns, name);
                    // regproc output is already quoted and qualified as needed
                    String q = "CREATE " + (rs.getBoolean(5) ? "DEFAULT " : "") + "CONVERSION " + qname + " FOR "
                            + DumpQuoting.stringLiteral(rs.getString(6)) + " TO " + DumpQuoting.stringLiteral(rs.getString(7))
                            + " FROM " + rs.getString(8) + ";\n";
                    DumpObject o = new DumpObject(ObjectKind.CONVERSION, CatalogId.of("pg_conversion", oid), ns, name, null)
                            .desc("CONVERSION").owner(rs.getString(4)).definition(q)
                            .drop("DROP CONVERSION " + qname + ";\n");
                    Acls.comment(o, "CONVERSION " + ident(name), "CONVERSION " + qname, rs.getString(9));
                    reader.catalog().add(o);
                    return null;
                });
    }
}
