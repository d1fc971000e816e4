package io.stowage.postgres.catalog;

import io.stowage.postgres.sql.DumpQuoting;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Optimizer statistics as pg_dump 18 dumps them with {@code --statistics} (dumpRelationStats): a
 * STATISTICS DATA entry per table, partitioned table, foreign table, materialized view and index,
 * holding a {@code pg_restore_relation_stats} call for pg_class's relpages, reltuples,
 * relallvisible (and relallfrozen from 18) and a {@code pg_restore_attribute_stats} call per
 * pg_stats row, with named arguments and only the non-null statistics. Index columns are named
 * by attnum, since their names are generated. Tables' statistics go to the data section, after
 * all table data; indexes' and populated materialized views' to post-data, after the REFRESH.
 *
 * <p>The restore functions exist from PostgreSQL 18 only, so only an 18 or later source is read.
 */
public final class RelationStatistics {
    /** pg_stats columns after attname and inherited, with the type pg_dump casts each to. */
    private static final String[][] ATTRIBUTE_ARGS = {
            {"null_frac", "real"}, {"avg_width", "integer"}, {"n_distinct", "real"},
            {"most_common_vals", "text"}, {"most_common_freqs", "real[]"}, {"histogram_bounds", "text"},
            {"correlation", "real"}, {"most_common_elems", "text"}, {"most_common_elem_freqs", "real[]"},
            {"elem_count_histogram", "real[]"}, {"range_length_histogram", "text"}, {"range_empty_frac", "real"},
            {"range_bounds_histogram", "text"}};

    private RelationStatistics() {
    }

    /**
     * Adds a statistics object for every relation in {@code catalog} that has one, each the child
     * of its relation (so that it is selected with it). Call after the catalog is read and before
     * the planner selects objects.
     */
    public static void read(CatalogSession session, Catalog catalog) {
        String[] version = new String[1];
        session.query("the server version", "SELECT pg_catalog.current_setting('server_version_num')",
                rs -> version[0] = rs.getString(1));
        Map<Long, StringBuilder> sql = new HashMap<>();
        Map<Long, DumpObject> owners = new HashMap<>();
        Map<String, Long> byName = new HashMap<>();
        Map<Long, Character> kinds = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        session.query("relation statistics",
                "SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpages, c.reltuples, c.relallvisible, c.relallfrozen, "
                        + "c.relispopulated FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE c.relkind IN ('r', 'p', 'f', 'm', 'i', 'I') ORDER BY c.oid",
                rs -> {
                    DumpObject rel = catalog.find("pg_class", rs.getLong(1));
                    if (rel == null || rel.relation() == null && rel.kind() != ObjectKind.INDEX && rel.kind() != ObjectKind.CONSTRAINT) {
                        return null;
                    }
                    long oid = rs.getLong(1);
                    StringBuilder b = new StringBuilder(relationCall(version[0], rs.getString(2), rs.getString(3),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                    sql.put(oid, b);
                    owners.put(oid, rel);
                    byName.put(rs.getString(2) + "\u0000" + rs.getString(3), oid);
                    names.put(oid, rs.getString(3));
                    char kind = rs.getString(4).charAt(0);
                    kinds.put(oid, kind == 'm' && !rs.getBoolean(9) ? 'M' : kind);
                    return null;
                });
        session.query("column statistics",
                "SELECT s.schemaname, s.tablename, s.attname, s.inherited, a.attnum, "
                        + "s.null_frac, s.avg_width, s.n_distinct, s.most_common_vals, s.most_common_freqs, s.histogram_bounds, "
                        + "s.correlation, s.most_common_elems, s.most_common_elem_freqs, s.elem_count_histogram, "
                        + "s.range_length_histogram, s.range_empty_frac, s.range_bounds_histogram "
                        + "FROM pg_catalog.pg_stats s JOIN pg_catalog.pg_namespace n ON n.nspname = s.schemaname "
                        + "JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = s.tablename "
                        + "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = s.attname "
                        + "ORDER BY s.schemaname, s.tablename, s.attname, s.inherited",
                rs -> {
                    Long oid = byName.get(rs.getString(1) + "\u0000" + rs.getString(2));
                    if (oid != null) {
                        char kind = kinds.get(oid);
                        boolean index = kind == 'i' || kind == 'I';
                        sql.get(oid).append(attributeCall(version[0], rs, index));
                    }
                    return null;
                });
        Map<DumpObject, DumpObject> refreshes = new HashMap<>();
        for (DumpObject o : catalog.objects()) {
            if (o.kind() == ObjectKind.REFRESH_MATVIEW && o.parent() != null) {
                refreshes.put(o.parent(), o);
            }
        }
        for (Map.Entry<Long, StringBuilder> e : sql.entrySet()) {
            DumpObject rel = owners.get(e.getKey());
            char kind = kinds.get(e.getKey());
            DumpObject refresh = refreshes.get(rel);
            boolean post = kind == 'i' || kind == 'I' || kind == 'm' && refresh != null;
            String name = names.get(e.getKey());
            DumpObject stats = new DumpObject(post ? ObjectKind.STATISTICS_DATA_POST : ObjectKind.STATISTICS_DATA,
                    null, rel.namespace(), name, null)
                    .desc("STATISTICS DATA").parent(rel).definition(e.getValue().toString());
            stats.dependOn(post && refresh != null ? refresh : rel);
            catalog.add(stats);
        }
    }

    /** {@code SELECT * FROM pg_catalog.pg_restore_relation_stats(...);} as pg_dump 18 writes it. */
    static String relationCall(String version, String schema, String relname, String relpages, String reltuples,
                               String relallvisible, String relallfrozen) {
        StringBuilder b = new StringBuilder("SELECT * FROM pg_catalog.pg_restore_relation_stats(\n");
        b.append("\t'version', ").append(DumpQuoting.stringLiteral(version)).append("::integer,\n");
        b.append("\t'schemaname', ").append(DumpQuoting.stringLiteral(schema)).append(",\n");
        b.append("\t'relname', ").append(DumpQuoting.stringLiteral(relname)).append(",\n");
        b.append("\t'relpages', ").append(DumpQuoting.stringLiteral(relpages)).append("::integer,\n");
        b.append("\t'reltuples', ").append(DumpQuoting.stringLiteral(reltuples)).append("::real,\n");
        b.append("\t'relallvisible', ").append(DumpQuoting.stringLiteral(relallvisible)).append("::integer");
        if (relallfrozen != null) {
            b.append(",\n\t'relallfrozen', ").append(DumpQuoting.stringLiteral(relallfrozen)).append("::integer");
        }
        return b.append("\n);\n").toString();
    }

    private static String attributeCall(String version, ResultSet rs, boolean index) throws SQLException {
        StringBuilder b = new StringBuilder("SELECT * FROM pg_catalog.pg_restore_attribute_stats(\n");
        b.append("\t'version', ").append(DumpQuoting.stringLiteral(version)).append("::integer,\n");
        b.append("\t'schemaname', ").append(DumpQuoting.stringLiteral(rs.getString(1))).append(",\n");
        b.append("\t'relname', ").append(DumpQuoting.stringLiteral(rs.getString(2))).append(",\n");
        if (index) {
            b.append("\t'attnum', ").append(DumpQuoting.stringLiteral(rs.getString(5))).append("::smallint,\n");
        } else {
            b.append("\t'attname', ").append(DumpQuoting.stringLiteral(rs.getString(3))).append(",\n");
        }
        b.append("\t'inherited', ").append(DumpQuoting.stringLiteral(rs.getBoolean(4) ? "t" : "f")).append("::boolean");
        for (int i = 0; i < ATTRIBUTE_ARGS.length; i++) {
            String value = rs.getString(6 + i);
            if (value != null) {
                b.append(",\n\t'").append(ATTRIBUTE_ARGS[i][0]).append("', ").append(DumpQuoting.stringLiteral(value))
                        .append("::").append(ATTRIBUTE_ARGS[i][1]);
            }
        }
        return b.append("\n);\n").toString();
    }
}
