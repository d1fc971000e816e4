package io.stowage.postgres.catalog;

import static io.stowage.postgres.sql.SqlText.ident;

/**
 * The per-column settings pg_dump's dumpTableSchema writes after CREATE TABLE, in its order:
 * statistics target, storage (when it differs from the type's), compression (14+), attribute
 * options, and a foreign table column's FDW options.
 */
final class ColumnSettingsReader {
    private ColumnSettingsReader() {
    }

    static void read(CatalogReader reader) {
        CatalogSession session = reader.session();
        String target = session.atLeast(17) ? "a.attstattarget" : "NULLIF(a.attstattarget, -1)";
        String compression = session.atLeast(14) ? "NULLIF(a.attcompression::text, '')" : "NULL";
        String fdwOptions = CatalogSql.options("a.attfdwoptions");
        session.query("column settings",
                "SELECT a.attrelid, a.attname, " + target + ", "
                        + "CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END, " + compression + ", "
                        + "pg_catalog.array_to_string(a.attoptions, ', '), " + fdwOptions + " "
                        + "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
                        + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                        + "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
                        + "WHERE " + CatalogReader.USER_NS + " AND c.relkind IN ('r', 'p', 'f', 'm') AND a.attnum > 0 "
                        + "AND NOT a.attisdropped AND (" + target + " IS NOT NULL OR a.attstorage <> t.typstorage "
                        + "OR " + compression + " IS NOT NULL OR a.attoptions IS NOT NULL OR a.attfdwoptions IS NOT NULL) "
                        + "ORDER BY a.attrelid, a.attnum",
                rs -> {
                    DumpObject table = reader.relation(rs.getLong(1));
                    if (table == null || table.relation() == null) {
                        return null;
                    }
                    Relation r = table.relation();
                    String column = ident(rs.getString(2));
                    String alter = "ALTER " + (r.relkind() == 'f' ? "FOREIGN " : "") + "TABLE ONLY " + r.qualifiedName()
                            + " ALTER COLUMN " + column;
                    StringBuilder q = new StringBuilder();
                    if (rs.getString(3) != null) {
                        q.append(alter).append(" SET STATISTICS ").append(rs.getInt(3)).append(";\n");
                    }
                    if (rs.getString(4) != null) {
                        q.append(alter).append(" SET STORAGE ").append(switch (rs.getString(4)) {
                            case "p" -> "PLAIN";
                            case "e" -> "EXTERNAL";
                            case "m" -> "MAIN";
                            default -> "EXTENDED";
                        }).append(";\n");
                    }
                    if (rs.getString(5) != null) {
                        q.append(alter).append(" SET COMPRESSION ").append("l".equals(rs.getString(5)) ? "lz4" : "pglz").append(";\n");
                    }
                    if (rs.getString(6) != null && !rs.getString(6).isEmpty()) {
                        q.append(alter).append(" SET (").append(rs.getString(6)).append(");\n");
                    }
                    if (r.relkind() == 'f' && rs.getString(7) != null && !rs.getString(7).isEmpty()) {
                        q.append("ALTER FOREIGN TABLE ").append(r.qualifiedName()).append(" ALTER COLUMN ").append(column)
                                .append(" OPTIONS (\n    ").append(rs.getString(7)).append("\n);\n");
                    }
                    if (!q.isEmpty()) {
                        r.columnSettings(rs.getString(2), q.toString());
                    }
                    return null;
                });
    }
}
