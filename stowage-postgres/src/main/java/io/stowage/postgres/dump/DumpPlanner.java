package io.stowage.postgres.dump;

import io.stowage.core.archive.ArchiveEntry;
import io.stowage.core.archive.Section;
import io.stowage.core.options.DumpOptions;
import io.stowage.postgres.catalog.Catalog;
import io.stowage.postgres.catalog.CatalogReader;
import io.stowage.postgres.catalog.DumpObject;
import io.stowage.postgres.catalog.ObjectKind;
import io.stowage.postgres.catalog.Relation;
import io.stowage.postgres.catalog.Satellite;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static io.stowage.postgres.sql.SqlText.ident;
import static io.stowage.postgres.sql.SqlText.qualified;

/**
 * Turns the catalog into the ordered list of archive entries: repairs the dependency loops pg_dump
 * repairs (a column default that must wait for a sequence owned by its table becomes a separate
 * DEFAULT entry; a view whose query needs a post-data object is created as a shell and filled in
 * by a post-data RULE entry), adds TABLE DATA objects, selects by the options, sorts, and numbers
 * the entries with their dependencies as dump ids.
 */
public final class DumpPlanner {
    private final Catalog catalog;
    private final DumpOptions options;
    private final ObjectFilter filter;
    private final Consumer<String> warnings;

    /**
     * The result: entries in dump order, how to copy each TABLE DATA entry's rows, the storage
     * settings, and the oid of the system catalog each object lives in (pg_dump's
     * {@code catId.tableoid}, which archives record), by dump id.
     */
    public record Plan(List<ArchiveEntry> entries, Map<Integer, DumpObject.TableData> tableData,
                       Map<Integer, PlainScriptWriter.Storage> storage, Map<Integer, Long> catalogs) {
    }

    public DumpPlanner(Catalog catalog, DumpOptions options, ObjectFilter filter, Consumer<String> warnings) {
        this.catalog = catalog;
        this.options = options;
        this.filter = filter;
        this.warnings = warnings;
    }

    /** Settles column defaults and view rules, renders relation definitions and adds data objects. */
    public void prepare(List<DumpObject> attrDefaults, Map<DumpObject, DumpObject> viewRules) {
        prepare(attrDefaults, List.of(), viewRules);
    }

    /**
     * Settles CHECK constraints, column defaults and view rules (pg_dump_sort.c's loop repairs),
     * postpones materialized views and functions that need post-data objects, renders relation
     * definitions and adds data objects.
     */
    public void prepare(List<DumpObject> attrDefaults, List<CatalogReader.PendingCheck> checks,
                        Map<DumpObject, DumpObject> viewRules) {
        settleChecks(checks);
        for (DumpObject def : attrDefaults) {
            DumpObject table = def.parent();
            if (reaches(def.dependencies(), table)) {
                table.relation().separateDefault(def.tag().substring(table.name().length() + 1));
                def.dependOn(table);
            } else {
                def.dependencies().forEach(table::dependOn);
                catalog.remove(def);
            }
        }
        // Views are considered in pg_dump's presort order (schema, then name): when views form a
        // loop, the first of them is the one split into shell and rule, as pg_dump's loop search
        // starts from the object that sorts first. That keeps the choice stable from run to run.
        List<Map.Entry<DumpObject, DumpObject>> rules = new ArrayList<>(viewRules.entrySet());
        rules.sort(Comparator.comparing((Map.Entry<DumpObject, DumpObject> e) -> String.valueOf(e.getKey().namespace()))
                .thenComparing(e -> e.getKey().name()));
        Map<DumpObject, Set<DumpObject>> ruleDeps = new LinkedHashMap<>();
        for (Map.Entry<DumpObject, DumpObject> e : rules) {
            ruleDeps.put(e.getKey(), new LinkedHashSet<>(e.getValue().dependencies()));
            e.getKey().dependencies().addAll(e.getValue().dependencies());
            e.getKey().dependencies().remove(e.getKey());
        }
        Set<DumpObject> split = new HashSet<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<DumpObject, Set<DumpObject>> e : ruleDeps.entrySet()) {
                DumpObject view = e.getKey();
                if (split.contains(view) || view.relation().relkind() != 'v') {
                    continue;
                }
                boolean needsPostData = e.getValue().stream().anyMatch(d -> d.section() == Section.POST_DATA
                        || d.section() == Section.DATA);
                Set<DumpObject> others = new LinkedHashSet<>(e.getValue());
                others.remove(view);
                if (needsPostData || reaches(others, view)) {
                    split.add(view);
                    changed = true;
                    view.dependencies().clear();
                    e.getValue().stream().filter(d -> d.kind() == ObjectKind.NAMESPACE || d.kind() == ObjectKind.TYPE
                            || d.kind() == ObjectKind.EXTENSION).forEach(view::dependOn);
                }
            }
            // after the splits, which cut views' waits on post-data objects, as pg_dump's loops do
            changed |= postpone();
        }
        for (Map.Entry<DumpObject, DumpObject> e : viewRules.entrySet()) {
            DumpObject view = e.getKey();
            DumpObject rule = e.getValue();
            Relation r = view.relation();
            if (split.contains(view)) {
                view.definition(r.createDummyView());
                rule.definition(r.replaceView()).drop(r.replaceWithDummy());
                rule.dependOn(view);
            } else {
                catalog.remove(rule);
            }
        }
        for (DumpObject o : new ArrayList<>(catalog.objects())) {
            Relation r = o.relation();
            if (o.kind() != ObjectKind.TABLE || r == null) {
                continue;
            }
            switch (r.relkind()) {
                case 'v' -> {
                    if (!split.contains(o)) {
                        o.definition(r.createView());
                    }
                }
                case 'm' -> o.definition(r.createMaterializedView());
                default -> {
                    o.definition(r.createTable());
                    if (r.relkind() == 'r') {
                        addTableData(o);
                    }
                }
            }
        }
    }

    /**
     * A CHECK constraint stays inside CREATE TABLE / CREATE DOMAIN unless it needs something that
     * needs the table or domain (a function on the row type, on the domain): then it becomes a
     * separate post-data entry (repairTableConstraintMultiLoop, repairDomainConstraintMultiLoop).
     */
    private void settleChecks(List<CatalogReader.PendingCheck> checks) {
        for (CatalogReader.PendingCheck p : checks) {
            DumpObject c = p.constraint();
            DumpObject owner = p.owner();
            if (p.tableCheck() != null && reaches(c.dependencies(), owner)
                    || p.domainClause() != null && reaches(c.dependencies(), owner)) {
                if (p.tableCheck() != null) {
                    owner.relation().separateCheck(p.tableCheck());
                }
                c.dependOn(owner);
                continue;
            }
            c.dependencies().stream().filter(d -> d != owner).forEach(owner::dependOn);
            owner.satellites().addAll(c.satellites());
            if (p.domainClause() != null) {
                owner.definition(owner.definition().replaceFirst(";\n$", "") + p.domainClause() + ";\n");
            }
            catalog.remove(c);
            // whatever depended on the constraint now depends on its owner
            for (DumpObject o : catalog.objects()) {
                if (o.dependencies().remove(c)) {
                    o.dependOn(owner);
                }
            }
        }
    }

    /**
     * pg_dump's repairMatViewBoundaryMultiLoop and repairFunctionBoundaryMultiLoop: a materialized
     * view or a function (a SQL-standard body, 14+) that needs a post-data object, such as the
     * primary key a GROUP BY relies on or the unique index of ON CONFLICT, is written in post-data.
     * Returns whether anything was postponed.
     */
    private boolean postpone() {
        boolean any = false;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (DumpObject o : catalog.objects()) {
                boolean candidate = o.kind() == ObjectKind.FUNC
                        || o.kind() == ObjectKind.TABLE && o.relation() != null && o.relation().relkind() == 'm';
                if (candidate && o.section() == Section.PRE_DATA && needsLaterSection(o)) {
                    o.postpone();
                    changed = true;
                    any = true;
                }
            }
        }
        return any;
    }

    /** Whether an object depends, directly or through pre-data objects, on a data or post-data object. */
    private static boolean needsLaterSection(DumpObject o) {
        Set<DumpObject> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<DumpObject> todo = new ArrayDeque<>(o.dependencies());
        while (!todo.isEmpty()) {
            DumpObject d = todo.pop();
            if (d == o || !seen.add(d)) {
                continue;
            }
            if (d.section() == Section.POST_DATA || d.section() == Section.DATA) {
                return true;
            }
            todo.addAll(d.dependencies());
        }
        return false;
    }

    private void addTableData(DumpObject table) {
        List<String> cols = new ArrayList<>();
        for (Relation.Column c : table.relation().columns()) {
            if (c.generated() == '\0') {
                cols.add(ident(c.name()));
            }
        }
        String columnList = DumpObject.TableData.columnList(cols);
        DumpObject data = new DumpObject(ObjectKind.TABLE_DATA, null, table.namespace(), table.name(), null)
                .desc("TABLE DATA").owner(table.owner()).parent(table)
                .tableData(new DumpObject.TableData(table.relation().qualifiedName(), columnList, table.id().oid()));
        data.dependOn(table);
        catalog.add(data);
    }

    /** Whether any of {@code from} is, or transitively depends on, {@code target}. */
    private static boolean reaches(Set<DumpObject> from, DumpObject target) {
        Set<DumpObject> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<DumpObject> todo = new ArrayDeque<>(from);
        while (!todo.isEmpty()) {
            DumpObject o = todo.pop();
            if (o == target) {
                return true;
            }
            if (seen.add(o)) {
                todo.addAll(o.dependencies());
            }
        }
        return false;
    }

    /**
     * In a data-only dump nothing re-creates foreign keys after the data, so load referenced tables'
     * data first (pg_dump's getTableDataFKConstraints); circular references are reported by the sort.
     */
    public void orderDataByForeignKeys(List<DumpObject[]> foreignKeys) {
        if (!options.dataOnly()) {
            return;
        }
        Map<DumpObject, DumpObject> dataOf = new IdentityHashMap<>();
        for (DumpObject o : catalog.objects()) {
            if (o.kind() == ObjectKind.TABLE_DATA) {
                dataOf.put(o.parent(), o);
            }
        }
        for (DumpObject[] fk : foreignKeys) {
            DumpObject from = dataOf.get(fk[0]);
            DumpObject to = dataOf.get(fk[1]);
            if (from != null && to != null) {
                from.dependOn(to);
            }
        }
    }

    /** Marks each object selected or not, by the options. */
    public void select() {
        filter.checkPatternsMatch(catalog.objects());
        for (DumpObject o : catalog.objects()) {
            if (o.parent() == null) {
                o.selected(selectedOnItsOwn(o));
            }
        }
        // owned sequences follow their table; then everything else follows its parent
        for (DumpObject o : catalog.objects()) {
            if (o.kind() == ObjectKind.TABLE && o.parent() != null) {
                o.selected(relationSelected(o) || o.parent().selected());
            }
        }
        for (DumpObject o : catalog.objects()) {
            if (o.parent() != null && o.kind() != ObjectKind.TABLE) {
                boolean sel = o.parent().selected();
                if (o.kind() == ObjectKind.TABLE_DATA && sel) {
                    // an extension's configuration table data is named after the table itself
                    sel = !filter.dataExcluded(o.parent().kind() == ObjectKind.EXTENSION ? o : o.parent());
                }
                // pg_dump takes a publication's tables from their schemas, which -t leaves out
                if (o.kind() == ObjectKind.PUBLICATION_REL && filter.tablesOnly()) {
                    sel = false;
                }
                o.selected(sel);
            }
        }
        for (DumpObject o : catalog.objects()) {
            Section s = o.section();
            if (o.kind() == ObjectKind.STATISTICS_DATA || o.kind() == ObjectKind.STATISTICS_DATA_POST) {
                // pg_dump 18's dumpStatistics: its own component, which -a and -s leave alone
                if (!options.dumpStatistics() || !options.covers(s)) {
                    o.selected(false);
                }
                continue;
            }
            if (options.statisticsOnly()) {
                o.selected(false);
                continue;
            }
            boolean isData = s == Section.DATA || o.kind() == ObjectKind.LARGE_OBJECT;
            if (options.dataOnly() && !isData) {
                o.selected(false);
            }
            if (options.schemaOnly() && (isData || o.kind() == ObjectKind.REFRESH_MATVIEW)) {
                o.selected(false);
            }
            // --section masks by the object's own section; its comments, ACLs and other
            // satellites are written with it, as they follow it in pg_dump's archiver
            if (s != Section.NONE && !options.covers(s)) {
                o.selected(false);
            }
            if (options.noPrivileges() && o.kind() == ObjectKind.DEFAULT_ACL) {
                o.selected(false);
            }
        }
    }

    private boolean relationSelected(DumpObject o) {
        return filter.relationIncluded(o);
    }

    private boolean selectedOnItsOwn(DumpObject o) {
        return switch (o.kind()) {
            case NAMESPACE -> !filter.tablesOnly() && filter.schemaIncluded(o.name());
            case EXTENSION, LARGE_OBJECT, LARGE_OBJECT_DATA, EVENT_TRIGGER, PUBLICATION, SUBSCRIPTION -> filter.everything();
            case PUBLICATION_TABLE_IN_SCHEMA -> filter.everything() && filter.schemaIncluded(o.namespace());
            case DEFAULT_ACL -> o.namespace() == null ? filter.everything()
                    : !filter.tablesOnly() && filter.schemaIncluded(o.namespace());
            // objects outside any schema: only in a dump of the whole database, as pg_dump does
            case CAST, FDW, FOREIGN_SERVER, PROCLANG, TRANSFORM, ACCESS_METHOD -> filter.everything();
            case TABLE -> relationSelected(o);
            default -> !filter.tablesOnly() && o.namespace() != null && filter.schemaIncluded(o.namespace());
        };
    }

    /** Sorts and numbers the selected objects, with their comments and ACLs, as archive entries. */
    public Plan plan(List<ArchiveEntry> leading) {
        List<DumpObject> sorted = DumpSorter.sort(catalog.objects(), warnings);
        List<ArchiveEntry> entries = new ArrayList<>(leading);
        Map<DumpObject, Integer> ids = new IdentityHashMap<>();
        // per-entry maps keyed by dump id, held through the whole dump: arrays, not hash maps, and
        // one instance of each (mostly identical) storage and catalog value
        Map<Integer, DumpObject.TableData> data = new DenseIdMap<>();
        Map<Integer, PlainScriptWriter.Storage> storage = new DenseIdMap<>();
        Map<Integer, Long> catalogs = new DenseIdMap<>();
        Map<Object, Object> canonical = new HashMap<>();
        for (ArchiveEntry e : leading) {
            if ("DATABASE".equals(e.desc())) {
                catalogs.put(e.dumpId(), CatalogOids.PG_DATABASE);
            }
        }
        for (DumpObject o : sorted) {
            if (!o.selected()) {
                continue;
            }
            int id = 0;
            if (!o.definition().isEmpty() || o.tableData() != null || o.kind() == ObjectKind.LARGE_OBJECT_DATA) {
                id = entries.size() + 1;
                ids.put(o, id);
                String copy = o.tableData() == null ? "" : o.tableData().copyFromStdin();
                entries.add(new ArchiveEntry(id, o.tag(), o.desc(), o.section(), o.namespace(), o.owner(),
                        o.definition(), o.drop(), copy, dumpDependencies(o, ids),
                        o.tableData() == null ? 0 : o.tableData().tableOid(), o.id() == null ? 0 : o.id().oid()));
                if (o.tableData() != null) {
                    data.put(id, o.tableData());
                }
                if (o.id() != null) {
                    catalogs.put(id, (Long) canonical.computeIfAbsent(CatalogOids.of(o.id().catalog()), k -> k));
                }
                if (o.tablespace() != null || o.tableAccessMethod() != null) {
                    storage.put(id, (PlainScriptWriter.Storage) canonical.computeIfAbsent(
                            new PlainScriptWriter.Storage(o.tablespace(), o.tableAccessMethod()), k -> k));
                }
            }
            for (Satellite s : o.satellites()) {
                if (include(s)) {
                    entries.add(new ArchiveEntry(entries.size() + 1, s.tag(), s.desc(), s.section(), s.namespace(),
                            s.owner(), s.definition(), "", "", id == 0 ? List.of() : List.of(id), 0, 0));
                }
            }
        }
        return new Plan(entries, data, storage, catalogs);
    }

    private boolean include(Satellite s) {
        if ("COMMENT".equals(s.desc())) {
            return !options.noComments();
        }
        if ("ACL".equals(s.desc())) {
            return !options.noPrivileges();
        }
        return true;
    }

    /** pg_dump's findDumpableDependencies: the nearest written objects, looking through skipped ones. */
    private static List<Integer> dumpDependencies(DumpObject o, Map<DumpObject, Integer> ids) {
        Set<Integer> out = new LinkedHashSet<>();
        Set<DumpObject> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<DumpObject> todo = new ArrayDeque<>(o.dependencies());
        while (!todo.isEmpty()) {
            DumpObject d = todo.pop();
            if (!seen.add(d)) {
                continue;
            }
            Integer id = ids.get(d);
            if (id != null) {
                out.add(id);
            } else {
                todo.addAll(d.dependencies());
            }
        }
        return new ArrayList<>(out);
    }
}
