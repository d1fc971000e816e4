package io.stowage.postgres.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One object read from the catalogs, pg_dump's {@code DumpableObject}: what it is, how it sorts,
 * the SQL that creates and drops it, what it depends on, and the comments and ACLs that follow it.
 *
 * <p>Mutable while the catalog is read and the dependency graph repaired; the planner turns the
 * selected objects into immutable archive entries.
 */
public final class DumpObject {
    private final ObjectKind kind;
    private final CatalogId id;
    private final String namespace;
    private final String name;
    private final String tieBreak;
    private String tag;
    private String desc;
    private String owner;
    private String definition = "";
    private String drop = "";
    private String tablespace;
    private String tableAccessMethod;
    private final Set<DumpObject> dependencies = new OrderedSet<>();
    private final List<Satellite> satellites = new ArrayList<>();
    private boolean selected;
    private DumpObject parent;
    private boolean postponed;
    private TableData tableData;
    private Relation relation;

    public DumpObject(ObjectKind kind, CatalogId id, String namespace, String name, String tieBreak) {
        this.kind = kind;
        this.id = id;
        // schema, owner, desc, tablespace and access method repeat across thousands of objects:
        // one copy each keeps a large catalog's heap down
        this.namespace = namespace == null ? null : namespace.intern();
        this.name = name;
        this.tieBreak = tieBreak == null ? "" : tieBreak;
        this.tag = name;
    }

    /** How a table's data is copied, for TABLE DATA objects. */
    public record TableData(String qualifiedName, String columnList, long tableOid, String filter) {
        /** A table's whole data. */
        public TableData(String qualifiedName, String columnList, long tableOid) {
            this(qualifiedName, columnList, tableOid, null);
        }

        /** The column list of a COPY statement: {@code (a, b)} of quoted names, empty for none. */
        public static String columnList(List<String> quotedNames) {
            return quotedNames.isEmpty() ? "" : "(" + String.join(", ", quotedNames) + ")";
        }

        /** {@code COPY public.t (a, b) FROM stdin;} as the script writes it. */
        public String copyFromStdin() {
            return "COPY " + qualifiedName + " " + columnList + " FROM stdin;\n";
        }

        /**
         * The server side of the copy; with a filter (an extension configuration table's
         * registered condition) a query, as pg_dump's dumpTableData writes it.
         */
        public String copyToStdout() {
            if (filter != null) {
                String cols = columnList.isEmpty() ? "*" : columnList.substring(1, columnList.length() - 1);
                return "COPY (SELECT " + cols + " FROM " + qualifiedName + " " + filter + ") TO STDOUT";
            }
            return "COPY " + qualifiedName + " " + columnList + " TO STDOUT";
        }
    }

    public ObjectKind kind() { return kind; }
    public CatalogId id() { return id; }
    public String namespace() { return namespace; }
    public String name() { return name; }
    /** Breaks sort ties between objects of the same kind, schema and name (argument types, table name). */
    public String tieBreak() { return tieBreak; }
    public String tag() { return tag; }
    public String desc() { return desc; }
    public String owner() { return owner; }
    public String definition() { return definition; }
    public String drop() { return drop; }
    /** Tablespace for {@code SET default_tablespace}, {@code ""} for the default, null when not applicable. */
    public String tablespace() { return tablespace; }
    /** Table access method for {@code SET default_table_access_method}, null when not applicable. */
    public String tableAccessMethod() { return tableAccessMethod; }
    public Set<DumpObject> dependencies() { return dependencies; }
    public List<Satellite> satellites() { return satellites; }
    public boolean selected() { return selected; }
    /** The object this one belongs to (a table for its index, trigger, data), or null. */
    public DumpObject parent() { return parent; }
    public TableData tableData() { return tableData; }
    /** Column details for tables, views and materialized views, or null. */
    public Relation relation() { return relation; }

    public DumpObject tag(String v) { tag = v; return this; }
    public DumpObject desc(String v) { desc = v == null ? null : v.intern(); return this; }
    public DumpObject owner(String v) { owner = v == null ? null : v.intern(); return this; }
    public DumpObject definition(String v) { definition = v == null ? "" : v; return this; }
    public DumpObject drop(String v) { drop = v == null ? "" : v; return this; }
    public DumpObject tablespace(String v) { tablespace = v == null ? null : v.intern(); return this; }
    public DumpObject tableAccessMethod(String v) { tableAccessMethod = v == null ? null : v.intern(); return this; }
    public DumpObject selected(boolean v) { selected = v; return this; }
    public DumpObject parent(DumpObject v) { parent = v; return this; }
    public DumpObject tableData(TableData v) { tableData = v; return this; }
    public DumpObject relation(Relation v) { relation = v; return this; }

    /**
     * Moves a pre-data object into post-data, as pg_dump postpones a materialized view or a
     * function with a SQL-standard body that needs a post-data object such as a unique index
     * (pg_dump_sort.c: repairMatViewBoundaryMultiLoop, repairFunctionBoundaryMultiLoop).
     */
    public DumpObject postpone() { postponed = true; return this; }

    /** The section the object is written in: its kind's, or post-data when postponed. */
    public io.stowage.core.archive.Section section() {
        return postponed ? io.stowage.core.archive.Section.POST_DATA : kind.section();
    }

    /** Records that this object must come after {@code other}; self-dependencies are ignored. */
    public void dependOn(DumpObject other) {
        if (other != null && other != this) {
            dependencies.add(other);
        }
    }

    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + ".") + tag;
    }
}
