package io.stowage.postgres.catalog;

import java.util.HashMap;
import java.util.Map;

import static io.stowage.postgres.sql.SqlText.ident;

/**
 * Publications as pg_dump dumps them (pg_dump.c: getPublications, dumpPublication,
 * getPublicationTables, dumpPublicationTable, getPublicationNamespaces,
 * dumpPublicationNamespace): a {@code PUBLICATION} entry with its publish options, a
 * {@code PUBLICATION TABLE} entry per member table (with the column list and row filter of 15+),
 * and a {@code PUBLICATION TABLES IN SCHEMA} entry per member schema (15+). Members have no drop
 * statement: dropping the table or schema drops them.
 */
final class PublicationReader {
    private PublicationReader() {
    }

    static void read(CatalogReader reader) {
        CatalogSession session = reader.session();
        Map<Long, DumpObject> publications = new HashMap<>();
        session.query("publications",
                "SELECT p.oid, p.pubname, pg_catalog.pg_get_userbyid(p.pubowner), p.puballtables, p.pubinsert, "
                        + "p.pubupdate, p.pubdelete, p.pubtruncate, "
                        + (session.atLeast(13) ? "p.pubviaroot, " : "false, ")
                        + (session.atLeast(18) ? "p.pubgencols::text, " : "NULL, ")
                        + "pg_catalog.obj_description(p.oid, 'pg_publication') "
                        + "FROM pg_catalog.pg_publication p ORDER BY p.oid",
                rs -> {
                    String name = rs.getString(2);
                    String qname = ident(name);
                    StringBuilder q = new StringBuilder("CREATE PUBLICATION ").append(qname);
                    if (rs.getBoolean(4)) {
                        q.append(" FOR ALL TABLES");
                    }
                    StringBuilder publish = new StringBuilder();
                    String[] actions = {"insert", "update", "delete", "truncate"};
                    for (int i = 0; i < actions.length; i++) {
                        if (rs.getBoolean(5 + i)) {
                            publish.append(publish.length() == 0 ? "" : ", ").append(actions[i]);
                        }
                    }
                    q.append(" WITH (publish = '").append(publish).append('\'');
                    if (rs.getBoolean(9)) {
                        q.append(", publish_via_partition_root = true");
                    }
                    String gencols = rs.getString(10);
                    if ("s".equals(gencols) || "t".equals(gencols) || "true".equals(gencols)) {
                        q.append(", publish_generated_columns = stored");
                    }
                    q.append(");\n");
                    DumpObject o = new DumpObject(ObjectKind.PUBLICATION, CatalogId.of("pg_publication", rs.getLong(1)),
                            null, name, null)
                            .desc("PUBLICATION").owner(rs.getString(3)).definition(q.toString())
                            .drop("DROP PUBLICATION " + qname + ";\n");
                    Acls.comment(o, "PUBLICATION " + qname, "PUBLICATION " + qname, rs.getString(11));
                    reader.catalog().add(o);
                    publications.put(rs.getLong(1), o);
                    return null;
                });
        if (publications.isEmpty()) {
            return;
        }
        boolean v15 = session.atLeast(15);
        session.query("publication tables",
                "SELECT pr.oid, pr.prpubid, pr.prrelid, "
                        + (v15 ? "pg_catalog.pg_get_expr(pr.prqual, pr.prrelid), "
                        + "CASE WHEN pr.prattrs IS NOT NULL THEN (SELECT pg_catalog.array_to_string(pg_catalog.array_agg("
                        + "  pg_catalog.quote_ident(a.attname::text) ORDER BY s), ', ') "
                        + "  FROM pg_catalog.generate_series(0, pg_catalog.array_upper(pr.prattrs::pg_catalog.int2[], 1)) s, "
                        + "  pg_catalog.pg_attribute a WHERE a.attrelid = pr.prrelid AND a.attnum = pr.prattrs[s]) END "
                        : "NULL, NULL ")
                        + "FROM pg_catalog.pg_publication_rel pr ORDER BY pr.oid",
                rs -> {
                    DumpObject pub = publications.get(rs.getLong(2));
                    DumpObject table = reader.relation(rs.getLong(3));
                    if (pub == null || table == null || table.relation() == null) {
                        return null;
                    }
                    StringBuilder q = new StringBuilder("ALTER PUBLICATION ").append(ident(pub.name()))
                            .append(" ADD TABLE ONLY ").append(table.relation().qualifiedName());
                    if (rs.getString(5) != null) {
                        q.append(" (").append(rs.getString(5)).append(')');
                    }
                    if (rs.getString(4) != null) {
                        // pg_get_expr leaves out the parentheses of e.g. WHERE TRUE
                        q.append(" WHERE (").append(rs.getString(4)).append(')');
                    }
                    q.append(";\n");
                    DumpObject o = new DumpObject(ObjectKind.PUBLICATION_REL, CatalogId.of("pg_publication_rel", rs.getLong(1)),
                            table.namespace(), table.name(), pub.name())
                            .tag(pub.name() + " " + table.name()).desc("PUBLICATION TABLE").owner(pub.owner())
                            .parent(table).definition(q.toString());
                    o.dependOn(pub);
                    o.dependOn(table);
                    reader.catalog().add(o);
                    return null;
                });
        if (!v15) {
            return;
        }
        session.query("publication schemas",
                "SELECT pn.oid, pn.pnpubid, pn.pnnspid, n.nspname FROM pg_catalog.pg_publication_namespace pn "
                        + "JOIN pg_catalog.pg_namespace n ON n.oid = pn.pnnspid ORDER BY pn.oid",
                rs -> {
                    DumpObject pub = publications.get(rs.getLong(2));
                    DumpObject schema = reader.catalog().find("pg_namespace", rs.getLong(3));
                    if (pub == null || schema == null) {
                        return null;
                    }
                    String nsp = rs.getString(4);
                    DumpObject o = new DumpObject(ObjectKind.PUBLICATION_TABLE_IN_SCHEMA,
                            CatalogId.of("pg_publication_namespace", rs.getLong(1)), nsp, nsp, pub.name())
                            .tag(pub.name() + " " + nsp).desc("PUBLICATION TABLES IN SCHEMA").owner(pub.owner())
                            .definition("ALTER PUBLICATION " + ident(pub.name()) + " ADD TABLES IN SCHEMA " + ident(nsp) + ";\n");
                    o.dependOn(pub);
                    o.dependOn(schema);
                    reader.catalog().add(o);
                    return null;
                });
    }
}
