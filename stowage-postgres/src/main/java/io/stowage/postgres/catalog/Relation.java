package io.stowage.postgres.catalog;

import io.stowage.postgres.sql.DumpQuoting;
import io.stowage.postgres.sql.SqlText;

import java.util.ArrayList;
import java.util.List;

/**
 * A table, view or materialized view as pg_dump's dumpTableSchema needs it, and the SQL it writes
 * for one: {@code CREATE TABLE} with columns in attnum order, inline defaults, NOT NULL, COLLATE,
 * CHECK constraints, INHERITS, PARTITION BY, reloptions; views and their dummy shells.
 */
public final class Relation {
    /**
     * One column; {@code defaultExpr} is null when there is none. {@code notNullName} is the name of
     * the column's NOT NULL constraint when it must be written out: on PostgreSQL 18+, where those
     * constraints are named catalog objects, and only when the name is not the one the server
     * would choose by itself; null otherwise.
     */
    public record Column(String name, String type, String defaultExpr, char generated, boolean notNull,
                         String collation, boolean local, char identity, boolean inheritedNotNull, String notNullName,
                         boolean notNullNoInherit) {

        public Column {
            // column names and types repeat across tables (id, integer, text): one copy each
            name = name == null ? null : name.intern();
            type = type == null ? null : type.intern();
            collation = collation == null ? null : collation.intern();
        }

        /** A column whose NOT NULL, if any, is plain (inheritable, the server's name). */
        public Column(String name, String type, String defaultExpr, char generated, boolean notNull,
                      String collation, boolean local, char identity, boolean inheritedNotNull, String notNullName) {
            this(name, type, defaultExpr, generated, notNull, collation, local, identity, inheritedNotNull, notNullName, false);
        }

        /** The same column with its inherited-NOT-NULL flag set. */
        Column withInheritedNotNull() {
            return new Column(name, type, defaultExpr, generated, notNull, collation, local, identity, true, notNullName,
                    notNullNoInherit);
        }
    }

    /** A CHECK constraint of a table. */
    public record Check(String name, String definition, boolean local, boolean validated) {
    }

    private final char relkind;
    private final String qualifiedName;
    private final boolean unlogged;
    private final boolean partition;
    private final List<Column> columns = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private final List<String> parents = new ArrayList<>();
    private List<String> reloptions = List.of();
    private List<String> toastReloptions = List.of();
    private String partitionKey;
    private String checkOption;
    private String viewDefinition;
    private String ofType;
    private char replicaIdentity = 'd';
    private boolean forceRowSecurity;
    private boolean rowSecurity;
    // both are empty for nearly every table: allocated on first use
    private java.util.Set<String> separateDefaults = java.util.Set.of();
    /** Per-column ALTERs written after CREATE (statistics, storage, compression, options, FDW options). */
    private java.util.Map<String, String> columnSettings = java.util.Map.of();
    private String foreignServer;
    private String foreignOptions;

    public Relation(char relkind, String qualifiedName, boolean unlogged, boolean partition) {
        this.relkind = relkind;
        this.qualifiedName = qualifiedName;
        this.unlogged = unlogged;
        this.partition = partition;
    }

    public char relkind() { return relkind; }
    public String qualifiedName() { return qualifiedName; }
    public boolean partition() { return partition; }
    public List<Column> columns() { return columns; }
    public List<Check> checks() { return checks; }
    public List<String> parents() { return parents; }
    public Relation reloptions(List<String> v) { reloptions = v; return this; }
    public Relation toastReloptions(List<String> v) { toastReloptions = v; return this; }
    public Relation partitionKey(String v) { partitionKey = v; return this; }
    public Relation checkOption(String v) { checkOption = v; return this; }
    public Relation viewDefinition(String v) { viewDefinition = v; return this; }
    public Relation ofType(String v) { ofType = v; return this; }
    public Relation replicaIdentity(char v) { replicaIdentity = v; return this; }
    public Relation rowSecurity(boolean enabled, boolean forced) { rowSecurity = enabled; forceRowSecurity = forced; return this; }

    /** Adds the per-column ALTER commands pg_dump writes after CREATE TABLE for {@code column}. */
    public void columnSettings(String column, String sql) {
        if (columnSettings.isEmpty()) {
            columnSettings = new java.util.HashMap<>();
        }
        columnSettings.merge(column, sql, String::concat);
    }

    /**
     * A foreign table's {@code SERVER} and {@code OPTIONS} clause.
     *
     * @param server  the server name, already quoted
     * @param options {@code name 'value'} items joined as pg_dump joins them, or null
     */
    public Relation foreignServer(String server, String options) {
        foreignServer = server;
        foreignOptions = options;
        return this;
    }

    /** Marks a column's default as dumped separately (ALTER TABLE ... SET DEFAULT), to break a cycle. */
    public void separateDefault(String column) {
        if (separateDefaults.isEmpty()) {
            separateDefaults = new java.util.HashSet<>();
        }
        separateDefaults.add(column);
    }

    private boolean printsColumn(Column c) {
        return c.local() || partition;
    }

    /** Whether a CHECK constraint is written inside CREATE TABLE. */
    public boolean inlineCheck(Check c) {
        return c.validated() && (c.local() || partition) && !separateChecks.contains(c.name());
    }

    private final java.util.Set<String> separateChecks = new java.util.HashSet<>();

    /**
     * Marks a CHECK constraint as dumped separately (post-data ALTER TABLE ... ADD CONSTRAINT),
     * to break a loop through a function on the table's row type (repairTableConstraintMultiLoop).
     */
    public void separateCheck(String name) {
        separateChecks.add(name);
    }

    /** {@code CREATE TABLE ...;} plus the ALTERs pg_dump writes in the same entry. */
    public String createTable() {
        StringBuilder q = new StringBuilder();
        String keyword = relkind == 'f' ? "FOREIGN TABLE" : "TABLE";
        q.append("CREATE ").append(unlogged ? "UNLOGGED " : "").append(keyword).append(' ').append(qualifiedName);
        if (ofType != null) {
            q.append(" OF ").append(ofType);
        }
        int printed = 0;
        for (Column c : columns) {
            if (!printsColumn(c)) {
                continue;
            }
            boolean printDefault = c.defaultExpr() != null && !separateDefaults.contains(c.name());
            boolean printNotNull = c.notNull() && (!c.inheritedNotNull() || partition);
            if (ofType != null && !printDefault && !printNotNull) {
                continue;
            }
            q.append(printed == 0 ? " (" : ",").append("\n    ");
            printed++;
            q.append(SqlText.ident(c.name()));
            if (ofType == null) {
                q.append(' ').append(c.type());
            }
            if (printDefault) {
                if (c.generated() == 's') {
                    q.append(" GENERATED ALWAYS AS (").append(c.defaultExpr()).append(") STORED");
                } else if (c.generated() == 'v') {
                    q.append(" GENERATED ALWAYS AS (").append(c.defaultExpr()).append(')');
                } else {
                    q.append(" DEFAULT ").append(c.defaultExpr());
                }
            }
            if (printNotNull) {
                if (c.notNullName() != null) {
                    // PostgreSQL 18 names NOT NULL constraints; a partition attached or created with
                    // PARTITION OF carries its parent's names, which a plain NOT NULL would not keep
                    q.append(" CONSTRAINT ").append(SqlText.ident(c.notNullName()));
                }
                q.append(" NOT NULL");
                if (c.notNullNoInherit()) {
                    q.append(" NO INHERIT");
                }
            }
            if (c.collation() != null) {
                q.append(" COLLATE ").append(c.collation());
            }
        }
        for (Check c : checks) {
            if (!inlineCheck(c)) {
                continue;
            }
            q.append(printed == 0 ? " (\n    " : ",\n    ");
            q.append("CONSTRAINT ").append(SqlText.ident(c.name())).append(' ').append(c.definition());
            printed++;
        }
        if (printed > 0) {
            q.append("\n)");
        } else if (ofType == null) {
            q.append(" (\n)");
        }
        if (!parents.isEmpty() && !partition) {
            q.append("\nINHERITS (").append(String.join(", ", parents)).append(')');
        }
        if (relkind == 'p') {
            q.append("\nPARTITION BY ").append(partitionKey);
        }
        if (foreignServer != null) {
            q.append("\nSERVER ").append(foreignServer);
        }
        appendWith(q);
        if (foreignOptions != null && !foreignOptions.isEmpty()) {
            q.append("\nOPTIONS (\n    ").append(foreignOptions).append("\n)");
        }
        q.append(";\n");
        for (Column c : columns) {
            if (!printsColumn(c) && c.notNull() && !c.inheritedNotNull()) {
                if (c.notNullName() != null) {
                    // 18: a local not-null on an inherited column keeps its name and NO INHERIT
                    q.append("ALTER TABLE ONLY ").append(qualifiedName).append(" ADD CONSTRAINT ")
                            .append(SqlText.ident(c.notNullName()))
                            .append(" NOT NULL ").append(SqlText.ident(c.name()))
                            .append(c.notNullNoInherit() ? " NO INHERIT" : "").append(";\n");
                } else {
                    q.append("ALTER TABLE ONLY ").append(qualifiedName).append(" ALTER COLUMN ")
                            .append(SqlText.ident(c.name())).append(" SET NOT NULL;\n");
                }
            }
            q.append(columnSettings.getOrDefault(c.name(), ""));
        }
        // a foreign table's replica identity reads "nothing" but cannot be set
        boolean replicates = relkind == 'r' || relkind == 'p';
        if (replicates && replicaIdentity == 'n') {
            q.append("\nALTER TABLE ONLY ").append(qualifiedName).append(" REPLICA IDENTITY NOTHING;\n");
        } else if (replicates && replicaIdentity == 'f') {
            q.append("\nALTER TABLE ONLY ").append(qualifiedName).append(" REPLICA IDENTITY FULL;\n");
        }
        if (forceRowSecurity) {
            q.append("\nALTER TABLE ONLY ").append(qualifiedName).append(" FORCE ROW LEVEL SECURITY;\n");
        }
        return q.toString();
    }

    /** The {@code ALTER TABLE ... ENABLE ROW LEVEL SECURITY} pg_dump writes as a separate entry, or null. */
    public String enableRowSecurity() {
        return rowSecurity ? "ALTER TABLE " + qualifiedName + " ENABLE ROW LEVEL SECURITY;\n" : null;
    }

    private void appendWith(StringBuilder q) {
        if (reloptions.isEmpty() && toastReloptions.isEmpty()) {
            return;
        }
        q.append("\nWITH (");
        if (!reloptions.isEmpty()) {
            q.append(DumpQuoting.reloptions(reloptions, ""));
        }
        if (!toastReloptions.isEmpty()) {
            if (!reloptions.isEmpty()) {
                q.append(", ");
            }
            q.append(DumpQuoting.reloptions(toastReloptions, "toast."));
        }
        q.append(')');
    }

    /** The view's query as pg_get_viewdef prints it, without the trailing semicolon. */
    private String viewQuery() {
        String def = viewDefinition == null ? "" : viewDefinition;
        if (def.endsWith(";")) {
            def = def.substring(0, def.length() - 1);
        }
        return def;
    }

    private String viewOptions() {
        return reloptions.isEmpty() ? "" : " WITH (" + DumpQuoting.reloptions(reloptions, "") + ")";
    }

    /** {@code CREATE VIEW v AS ...;} with reloptions and check option. */
    public String createView() {
        return "CREATE VIEW " + qualifiedName + viewOptions() + " AS\n" + viewQuery()
                + (checkOption == null ? "" : "\n  WITH " + checkOption + " CHECK OPTION") + ";\n";
    }

    /** The shell a view is created as when its query must wait for post-data objects. */
    public String createDummyView() {
        return "CREATE VIEW " + qualifiedName + " AS\n" + dummySelect() + ";\n";
    }

    /** The post-data {@code CREATE OR REPLACE VIEW} that fills a view shell in. */
    public String replaceView() {
        return "CREATE OR REPLACE VIEW " + qualifiedName + viewOptions() + " AS\n" + viewQuery()
                + (checkOption == null ? "" : "\n  WITH " + checkOption + " CHECK OPTION") + ";\n";
    }

    /** Puts the shell back: the "drop" of a view's separate ON SELECT rule. */
    public String replaceWithDummy() {
        return "CREATE OR REPLACE VIEW " + qualifiedName + " AS\n" + dummySelect() + ";\n";
    }

    private String dummySelect() {
        StringBuilder sb = new StringBuilder("SELECT");
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            sb.append(i > 0 ? "," : "").append("\n    NULL::").append(c.type());
            if (c.collation() != null) {
                sb.append(" COLLATE ").append(c.collation());
            }
            sb.append(" AS ").append(SqlText.ident(c.name()));
        }
        return sb.toString();
    }

    /** {@code CREATE MATERIALIZED VIEW m AS ... WITH NO DATA;}. */
    public String createMaterializedView() {
        StringBuilder q = new StringBuilder("CREATE MATERIALIZED VIEW ").append(qualifiedName);
        appendWith(q);
        q.append(" AS\n").append(viewQuery()).append("\n  WITH NO DATA;\n");
        for (Column c : columns) {
            q.append(columnSettings.getOrDefault(c.name(), ""));
        }
        return q.toString();
    }
}
