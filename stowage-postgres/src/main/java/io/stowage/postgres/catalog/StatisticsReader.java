package io.stowage.postgres.catalog;

import static io.stowage.postgres.sql.SqlText.ident;
import static io.stowage.postgres.sql.SqlText.qualified;

/**
 * Extended statistics (pg_dump.c: dumpStatisticsExt) and the statistics targets of index
 * expression columns (dumpIndex's {@code ALTER INDEX ... ALTER COLUMN n SET STATISTICS}). A
 * target is "default" as -1 up to 16 and as NULL from 17; extended statistics have one from 13.
 */
final class StatisticsReader {
    private StatisticsReader() {
    }

    static void read(CatalogReader reader) {
        readExtendedStatistics(reader);
        readIndexColumnTargets(reader);
    }

    private static void readExtendedStatistics(CatalogReader reader) {
        CatalogSession session = reader.session();
        String target = session.atLeast(17) ? "COALESCE(s.stxstattarget, -1)" : session.atLeast(13) ? "s.stxstattarget" : "-1";
        session.query("extended statistics",
                "SELECT s.oid, s.stxname, n.nspname, pg_catalog.pg_get_userbyid(s.stxowner), s.stxrelid, "
                        + "pg_catalog.pg_get_statisticsobjdef(s.oid), " + target + ", "
                        + "pg_catalog.obj_description(s.oid, 'pg_statistic_ext') "
                        + "FROM pg_catalog.pg_statistic_ext s JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace "
                        + "WHERE " + CatalogReader.USER_NS + " ORDER BY s.oid",
                rs -> {
                    long oid = rs.getLong(1);
                    if (reader.isMember("pg_statistic_ext", oid)) {
                        return null;
                    }
                    String name = rs.getString(2);
                    String ns = rs.getString(3);
                    String qname = qualified(ns, name);
                    StringBuilder q = new StringBuilder(rs.getString(6)).append(";\n");
                    if (rs.getInt(7) >= 0) {
                        q.append("ALTER STATISTICS ").append(qname).append(" SET STATISTICS ").append(rs.getInt(7)).append(";\n");
                    }
                    DumpObject o = new DumpObject(ObjectKind.STATSEXT, CatalogId.of("pg_statistic_ext", oid), ns, name, null)
                            .desc("STATISTICS").owner(rs.getString(4)).definition(q.toString())
                            .drop("DROP STATISTICS " + qname + ";\n");
                    DumpObject table = reader.relation(rs.getLong(5));
                    if (table != null) {
                        o.parent(table);
                        o.dependOn(table);
                    }
                    Acls.comment(o, "STATISTICS " + ident(name), "STATISTICS " + qname, rs.getString(8));
                    reader.catalog().add(o);
                    return null;
                });
    }

    private static void readIndexColumnTargets(CatalogReader reader) {
        CatalogSession session = reader.session();
        String target = session.atLeast(17) ? "a.attstattarget" : "NULLIF(a.attstattarget, -1)";
        session.query("index column statistics targets",
                "SELECT a.attrelid, a.attnum, " + target + " "
                        + "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
                        + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE " + CatalogReader.USER_NS + " AND c.relkind IN ('i', 'I') AND a.attnum > 0 "
                        + "AND " + target + " IS NOT NULL ORDER BY a.attrelid, a.attnum",
                rs -> {
                    DumpObject index = reader.catalog().find("pg_class", rs.getLong(1));
                    if (index == null || index.kind() != ObjectKind.INDEX) {
                        return null;
                    }
                    // after CREATE INDEX, before CLUSTER ON and REPLICA IDENTITY, as dumpIndex writes them
                    String def = index.definition();
                    int end = def.indexOf(";\n") + 2;
                    String alter = "ALTER INDEX " + qualified(index.namespace(), index.name()) + " ALTER COLUMN "
                            + rs.getInt(2) + " SET STATISTICS " + rs.getInt(3) + ";\n";
                    index.definition(def.substring(0, end) + alter + def.substring(end));
                    return null;
                });
    }
}
