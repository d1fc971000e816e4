package io.stowage.postgres.catalog;

import static io.stowage.postgres.sql.SqlText.ident;

/**
 * Transforms as pg_dump dumps them (pg_dump.c: getTransforms, dumpTransform): every transform
 * that is not an extension's, in a dump of the whole database. The type is formatted with
 * format_type, as pg_dump formats it; the functions are always schema-qualified with their
 * argument types.
 */
final class TransformReader {
    private TransformReader() {
    }

    private static String function(String column) {
        return "(SELECT pg_catalog.quote_ident(pn.nspname) || '.' || pg_catalog.quote_ident(p.proname) "
                + "|| '(' || COALESCE((SELECT pg_catalog.string_agg(pg_catalog.format_type(a.t, NULL), ', ' ORDER BY a.o) "
                + "FROM pg_catalog.unnest(p.proargtypes) WITH ORDINALITY AS a(t, o)), '') || ')' "
                + "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace WHERE p.oid = "
                + column + ")";
    }

    static void read(CatalogReader reader) {
        reader.session().query("transforms",
                "SELECT t.oid, pg_catalog.format_type(t.trftype, NULL), l.lanname, "
                        + function("t.trffromsql") + ", " + function("t.trftosql") + ", "
                        + "(SELECT ty.typname FROM pg_catalog.pg_type ty WHERE ty.oid = t.trftype), "
                        + "pg_catalog.obj_description(t.oid, 'pg_transform') "
                        + "FROM pg_catalog.pg_transform t JOIN pg_catalog.pg_language l ON l.oid = t.trflang "
                        + "ORDER BY t.trftype, t.trflang",
                rs -> {
                    long oid = rs.getLong(1);
                    if (reader.isMember("pg_transform", oid)) {
                        return null;
                    }
                    String args = "FOR " + rs.getString(2) + " LANGUAGE " + ident(rs.getString(3));
                    StringBuilder q = new StringBuilder("CREATE TRANSFORM ").append(args).append(" (");
                    String fromSql = rs.getString(4);
                    String toSql = rs.getString(5);
                    if (fromSql != null) {
                        q.append("FROM SQL WITH FUNCTION ").append(fromSql);
                    }
                    if (toSql != null) {
                        q.append(fromSql != null ? ", " : "").append("TO SQL WITH FUNCTION ").append(toSql);
                    }
                    q.append(");\n");
                    // pg_dump names a transform "<type name> <language name>" for sorting
                    DumpObject o = new DumpObject(ObjectKind.TRANSFORM, CatalogId.of("pg_transform", oid), null,
                            rs.getString(6) + " " + rs.getString(3), null)
                            .tag("TRANSFORM " + args).desc("TRANSFORM").owner("").definition(q.toString())
                            .drop("DROP TRANSFORM " + args + ";\n");
                    Acls.comment(o, "TRANSFORM " + args, "TRANSFORM " + args, rs.getString(7));
                    reader.catalog().add(o);
                    return null;
                });
    }
}
