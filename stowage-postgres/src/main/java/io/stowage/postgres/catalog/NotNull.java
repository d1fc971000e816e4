package io.stowage.postgres.catalog;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A column's NOT NULL constraint as PostgreSQL 18 catalogs it (pg_constraint, contype 'n'): named,
 * possibly NOT VALID, NO INHERIT, local or inherited. Before 18 there is no such row and the
 * column's attnotnull flag is all there is.
 *
 * @param oid        the constraint's oid
 * @param name       its name
 * @param validated  false for a NOT VALID constraint, which pg_dump 18 adds after the data
 * @param noInherit  NO INHERIT (inheritance children do not get it)
 * @param local      defined on this table (conislocal), not only inherited from a parent
 * @param comment    its comment, or null
 * @param definition pg_get_constraintdef's text, such as {@code NOT NULL a NOT VALID}
 * @param writtenName the name to write with the column, or null when the server would choose the
 *                    same one by itself
 */
record NotNull(long oid, String name, boolean validated, boolean noInherit, boolean local, String comment,
               String definition, String writtenName) {

    /**
     * Reads the seven columns starting at {@code first} (conname, oid, convalidated, connoinherit,
     * conislocal, comment, definition); null when the column has no such constraint (or the
     * server is older than 18).
     */
    static NotNull read(ResultSet rs, int first, String table, String column) throws SQLException {
        String name = rs.getString(first);
        if (name == null) {
            return null;
        }
        String comment = rs.getString(first + 5);
        return new NotNull(rs.getLong(first + 1), name, rs.getBoolean(first + 2), rs.getBoolean(first + 3),
                rs.getBoolean(first + 4), comment, rs.getString(first + 6),
                comment != null ? name : explicitName(table, column, name));
    }

    /**
     * The name to write, or null when the server would choose the same one ({@code
     * table_column_not_null}). A partition created with PARTITION OF carries its parent's names,
     * which a plain NOT NULL would lose. pg_dump 18 also writes the name when the constraint has
     * a comment, which needs it. Names longer than NAMEDATALEN are truncated by the server in ways
     * not worth mimicking: they are simply always written.
     */
    static String explicitName(String table, String column, String name) {
        String chosen = table + "_" + column + "_not_null";
        boolean fits = chosen.getBytes(StandardCharsets.UTF_8).length <= 63;
        return fits && chosen.equals(name) ? null : name;
    }
}
