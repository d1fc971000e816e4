package io.stowage.postgres.restore;

import io.stowage.postgres.archive.TocEntry;

import java.util.Optional;

/**
 * A primary key or unique constraint of a plain table restored in two steps, as a parallel restore
 * can run them: {@code CREATE UNIQUE INDEX name ON table USING btree (columns) ...}, which takes a
 * SHARE lock and so is built side by side with the table's other indexes, then
 * {@code ALTER TABLE ONLY table ADD CONSTRAINT name PRIMARY KEY|UNIQUE USING INDEX name}, a short
 * step under the exclusive lock that {@code ADD CONSTRAINT ... PRIMARY KEY (columns)} would hold
 * for the whole build.
 *
 * <p>Only the exact form pg_dump and Stowage write is translated, where the result is the same
 * catalog: {@code ALTER TABLE ONLY t\n    ADD CONSTRAINT c PRIMARY KEY|UNIQUE [NULLS NOT DISTINCT]
 * (plain column names) [INCLUDE (columns)] [WITH (options)] [USING INDEX TABLESPACE ts]
 * [[NOT] DEFERRABLE] [INITIALLY DEFERRED|IMMEDIATE];} followed by any other statements of the
 * entry ({@code CLUSTER ON}, {@code REPLICA IDENTITY USING INDEX}), which go with the second step.
 * Anything else keeps its one statement: exclusion constraints, keys of partitioned tables (an
 * index on a partitioned table cannot become a constraint) and of partitions and inheritance
 * children (see {@link #partitioned}), PostgreSQL 18's {@code WITHOUT
 * OVERLAPS}, and whatever does not parse.
 *
 * @param createIndex the first step
 * @param attach      the second step, with the entry's other statements
 */
record KeyIndexSplit(String createIndex, String attach) {

    /**
     * The two steps of a CONSTRAINT entry, if it has the form above.
     *
     * @param table    the TABLE entry of the constraint's table, to tell a partitioned one; null when unknown
     * @param attached the table is attached to a parent by an entry of its own (TABLE ATTACH)
     */
    static Optional<KeyIndexSplit> of(TocEntry constraint, TocEntry table, boolean attached, boolean standardStrings) {
        if (!"CONSTRAINT".equals(constraint.desc()) || constraint.definition() == null || table == null || attached
                || !"TABLE".equals(table.desc()) || partitioned(table, standardStrings)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(parse(constraint.definition(), standardStrings));
        } catch (RuntimeException e) {
            return Optional.empty(); // an unexpected shape: the entry keeps its statement
        }
    }

    /**
     * A partitioned table, or a partition or inheritance child written as such: a child's key and
     * not-null constraints meet its parent's (PostgreSQL 18 records whether a not-null constraint
     * is the child's own), which only the statement pg_dump wrote is known to reproduce.
     */
    private static boolean partitioned(TocEntry table, boolean standardStrings) {
        if (table.relkind() == 'p') {
            return true;
        }
        if (table.definition() == null) {
            return true; // cannot tell: do not split
        }
        SqlTokens t = SqlTokens.of(table.definition(), standardStrings);
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).depth() == 0 && (t.is(i, "PARTITION") && (t.is(i + 1, "BY") || t.is(i + 1, "OF")) || t.is(i, "INHERITS"))) {
                return true;
            }
        }
        return false;
    }

    private static KeyIndexSplit parse(String definition, boolean standardStrings) {
        SqlTokens t = SqlTokens.of(definition, standardStrings);
        if (!t.is(0, "ALTER") || !t.is(1, "TABLE") || !t.is(2, "ONLY")) {
            return null;
        }
        int tableEnd = t.nameEnd(3);
        if (tableEnd == 3 || !t.is(tableEnd, "ADD") || !t.is(tableEnd + 1, "CONSTRAINT")
                || t.get(tableEnd + 2) == null || !t.get(tableEnd + 2).isName()) {
            return null;
        }
        String table = t.text(3, tableEnd);
        String name = t.get(tableEnd + 2).text();
        int i = tableEnd + 3;
        String kind;
        if (t.is(i, "PRIMARY") && t.is(i + 1, "KEY")) {
            kind = "PRIMARY KEY";
            i += 2;
        } else if (t.is(i, "UNIQUE")) {
            kind = "UNIQUE";
            i++;
        } else {
            return null;
        }
        boolean nullsNotDistinct = false;
        if (t.is(i, "NULLS") && t.is(i + 1, "NOT") && t.is(i + 2, "DISTINCT")) {
            nullsNotDistinct = true;
            i += 3;
        } else if (t.is(i, "NULLS") && t.is(i + 1, "DISTINCT")) {
            i += 2;
        }
        int columnsEnd = nameList(t, i);
        if (columnsEnd < 0) {
            return null;
        }
        String columns = t.text(i, columnsEnd);
        i = columnsEnd;
        String include = null;
        String with = null;
        String tablespace = null;
        StringBuilder deferral = new StringBuilder();
        while (i < t.size() && !t.get(i).isPunct(';')) {
            if (t.is(i, "INCLUDE") && include == null) {
                int end = nameList(t, i + 1);
                if (end < 0) {
                    return null;
                }
                include = t.text(i + 1, end);
                i = end;
            } else if (t.is(i, "WITH") && with == null && t.get(i + 1) != null && t.get(i + 1).isPunct('(')) {
                int end = closing(t, i + 1);
                if (end < 0) {
                    return null;
                }
                with = t.text(i + 1, end);
                i = end;
            } else if (t.is(i, "USING") && t.is(i + 1, "INDEX") && t.is(i + 2, "TABLESPACE") && tablespace == null
                    && t.get(i + 3) != null && t.get(i + 3).isName()) {
                tablespace = t.get(i + 3).text();
                i += 4;
            } else if (t.is(i, "DEFERRABLE")) {
                deferral.append(" DEFERRABLE");
                i++;
            } else if (t.is(i, "NOT") && t.is(i + 1, "DEFERRABLE")) {
                deferral.append(" NOT DEFERRABLE");
                i += 2;
            } else if (t.is(i, "INITIALLY") && (t.is(i + 1, "DEFERRED") || t.is(i + 1, "IMMEDIATE"))) {
                deferral.append(" INITIALLY ").append(t.get(i + 1).text().toUpperCase(java.util.Locale.ROOT));
                i += 2;
            } else {
                return null;
            }
        }
        if (i >= t.size()) {
            return null;
        }
        String rest = definition.substring(t.get(i).end());
        String createIndex = "CREATE UNIQUE INDEX " + name + " ON " + table + " USING btree " + columns
                + (include == null ? "" : " INCLUDE " + include)
                + (nullsNotDistinct ? " NULLS NOT DISTINCT" : "")
                + (with == null ? "" : " WITH " + with)
                + (tablespace == null ? "" : " TABLESPACE " + tablespace) + ";\n";
        String attach = "ALTER TABLE ONLY " + table + "\n    ADD CONSTRAINT " + name + " " + kind + " USING INDEX " + name
                + deferral + ";" + rest;
        return new KeyIndexSplit(createIndex, attach);
    }

    /** The end (exclusive) of {@code (name, name ...)} at token {@code i}, or -1 unless it is one of plain names. */
    private static int nameList(SqlTokens t, int i) {
        if (t.get(i) == null || !t.get(i).isPunct('(')) {
            return -1;
        }
        int j = i + 1;
        while (true) {
            if (t.get(j) == null || !t.get(j).isName() || t.get(j).is("WITHOUT")) {
                return -1;
            }
            j++;
            if (t.get(j) != null && t.get(j).isPunct(')')) {
                return j + 1;
            }
            if (t.get(j) == null || !t.get(j).isPunct(',')) {
                return -1;
            }
            j++;
        }
    }

    /** The end (exclusive) of the parenthesised group opening at token {@code i}, or -1. */
    private static int closing(SqlTokens t, int i) {
        int depth = t.get(i).depth();
        for (int j = i + 1; j < t.size(); j++) {
            if (t.get(j).isPunct(')') && t.get(j).depth() == depth) {
                return j + 1;
            }
        }
        return -1;
    }
}
