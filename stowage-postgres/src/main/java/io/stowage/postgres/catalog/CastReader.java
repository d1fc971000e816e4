package io.stowage.postgres.catalog;

/**
 * User-defined casts (pg_dump.c: dumpCast). Built-in casts (oid below 16384), those of
 * extensions and those built along with a range type are left out, as pg_dump leaves them.
 */
final class CastReader {
    private CastReader() {
    }

    private static final String FUNCTION = "(SELECT pg_catalog.quote_ident(pn.nspname) || '.' || pg_catalog.quote_ident(p.proname) "
            + "|| '(' || COALESCE((SELECT pg_catalog.string_agg(pg_catalog.format_type(a.t, NULL), ', ' ORDER BY a.o) "
            + "FROM pg_catalog.unnest(p.proargtypes) WITH ORDINALITY AS a(t, o)), '') || ')' "
            + "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace WHERE p.oid = c.castfunc)";

    static void read(CatalogReader reader) {
        reader.session().query("casts",
                "SELECT c.oid, pg_catalog.format_type(c.castsource, NULL), pg_catalog.format_type(c.casttarget, NULL), "
                        + "c.castmethod, c.castcontext, " + FUNCTION + ", "
                        + "(SELECT t.typname FROM pg_catalog.pg_type t WHERE t.oid = c.castsource), "
                        + "(SELECT t.typname FROM pg_catalog.pg_type t WHERE t.oid = c.casttarget), "
                        + "pg_catalog.obj_description(c.oid, 'pg_cast') "
                        + "FROM pg_catalog.pg_cast c WHERE c.oid >= 16384 "
                        // a range type's cast to its multirange (14+) is part of the range type
                        + "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_cast'::pg_catalog.regclass "
                        + "  AND d.objid = c.oid AND d.deptype = 'i') ORDER BY c.oid",
                rs -> {
                    long oid = rs.getLong(1);
                    if (reader.isMember("pg_cast", oid)) {
                        return null;
                    }
                    String label = "CAST (" + rs.getString(2) + " AS " + rs.getString(3) + ")";
                    StringBuilder q = new StringBuilder("CREATE ").append(label).append(' ');
                    switch (rs.getString(4)) {
                        case "b" -> q.append("WITHOUT FUNCTION");
                        case "i" -> q.append("WITH INOUT");
                        default -> q.append("WITH FUNCTION ").append(rs.getString(6));
                    }
                    switch (rs.getString(5)) {
                        case "a" -> q.append(" AS ASSIGNMENT");
                        case "i" -> q.append(" AS IMPLICIT");
                        default -> { }
                    }
                    q.append(";\n");
                    // pg_dump sorts casts by their types' names; the entry is tagged with the label
                    String sortName = rs.getString(7) == null || rs.getString(8) == null
                            ? "" : rs.getString(7) + " " + rs.getString(8);
                    DumpObject o = new DumpObject(ObjectKind.CAST, CatalogId.of("pg_cast", oid), null, sortName, null)
                            .tag(label).desc("CAST").owner("").definition(q.toString()).drop("DROP " + label + ";\n");
                    Acls.comment(o, label, label, rs.getString(9));
                    reader.catalog().add(o);
                    return null;
                });
    }
}
