package io.stowage.postgres.catalog;

import static io.stowage.postgres.sql.SqlText.ident;

/**
 * Row-level security as pg_dump dumps it (pg_dump.c: getPolicies, dumpPolicy): a post-data
 * {@code ROW SECURITY} entry ({@code ALTER TABLE ... ENABLE ROW LEVEL SECURITY;}) for each table
 * with row security enabled, and a {@code POLICY} entry for each policy. FORCE ROW LEVEL SECURITY
 * stays in the table's own entry, as pg_dump writes it there.
 */
final class PolicyReader {
    private PolicyReader() {
    }

    static void read(CatalogReader reader) {
        reader.session().query("row security",
                "SELECT c.oid FROM pg_catalog.pg_class c WHERE c.relrowsecurity AND c.relkind IN ('r', 'p') ORDER BY c.oid",
                rs -> {
                    DumpObject table = reader.relation(rs.getLong(1));
                    if (table == null || table.relation() == null) {
                        return null;
                    }
                    // no catalog id of its own: pg_dump identifies it by its table's oid
                    DumpObject o = new DumpObject(ObjectKind.POLICY, null, table.namespace(), table.name(), table.name())
                            .desc("ROW SECURITY").owner(table.owner()).parent(table)
                            .definition("ALTER TABLE " + table.relation().qualifiedName() + " ENABLE ROW LEVEL SECURITY;");
                    o.dependOn(table);
                    reader.catalog().add(o);
                    return null;
                });
        // roles listed in pg_roles order, without ORDER BY, exactly as pg_dump's query lists them
        reader.session().query("policies",
                "SELECT pol.oid, pol.polrelid, pol.polname, pol.polcmd, pol.polpermissive, "
                        + "CASE WHEN pol.polroles = '{0}' THEN NULL ELSE pg_catalog.array_to_string(ARRAY("
                        + "  SELECT pg_catalog.quote_ident(rolname) FROM pg_catalog.pg_roles WHERE oid = ANY(pol.polroles)), ', ') END, "
                        + "pg_catalog.pg_get_expr(pol.polqual, pol.polrelid), "
                        + "pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid), "
                        + "pg_catalog.obj_description(pol.oid, 'pg_policy') "
                        + "FROM pg_catalog.pg_policy pol ORDER BY pol.oid",
                rs -> {
                    DumpObject table = reader.relation(rs.getLong(2));
                    if (table == null || table.relation() == null) {
                        return null;
                    }
                    String name = rs.getString(3);
                    String cmd = switch (rs.getString(4)) {
                        case "r" -> " FOR SELECT";
                        case "a" -> " FOR INSERT";
                        case "w" -> " FOR UPDATE";
                        case "d" -> " FOR DELETE";
                        default -> "";
                    };
                    String qtable = table.relation().qualifiedName();
                    StringBuilder q = new StringBuilder("CREATE POLICY ").append(ident(name)).append(" ON ").append(qtable)
                            .append(rs.getBoolean(5) ? "" : " AS RESTRICTIVE").append(cmd);
                    if (rs.getString(6) != null) {
                        q.append(" TO ").append(rs.getString(6));
                    }
                    if (rs.getString(7) != null) {
                        q.append(" USING (").append(rs.getString(7)).append(')');
                    }
                    if (rs.getString(8) != null) {
                        q.append(" WITH CHECK (").append(rs.getString(8)).append(')');
                    }
                    q.append(";\n");
                    DumpObject o = new DumpObject(ObjectKind.POLICY, CatalogId.of("pg_policy", rs.getLong(1)),
                            table.namespace(), name, table.name())
                            .tag(table.name() + " " + name).desc("POLICY").owner(table.owner()).parent(table)
                            .definition(q.toString())
                            .drop("DROP POLICY " + ident(name) + " ON " + qtable + ";\n");
                    o.dependOn(table);
                    Acls.comment(o, "POLICY " + ident(name) + " ON " + ident(table.name()),
                            "POLICY " + ident(name) + " ON " + qtable, rs.getString(9));
                    reader.catalog().add(o);
                    return null;
                });
    }
}
