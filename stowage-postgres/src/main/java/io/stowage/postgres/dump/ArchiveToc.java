package io.stowage.postgres.dump;

import io.stowage.core.archive.ArchiveEntry;
import io.stowage.core.archive.Section;
import io.stowage.postgres.archive.TocEntry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a dump plan into the TOC pg_dump writes into an archive: the special ENCODING,
 * STDSTRINGS and SEARCHPATH entries first (pg_dump.c's dumpEncoding, dumpStdStrings,
 * dumpSearchPath), then the plan's entries with the fields the plain model leaves out: the
 * catalog oid, hadDumper, tablespace and table access method, and NULL where pg_dump passes no
 * value.
 *
 * <p>The special entries take the dump ids after the plan's last one, as pg_dump creates them after
 * every object has its id; pg_restore does not care about the numbers, only about uniqueness.
 */
public final class ArchiveToc {
    /** The client encoding every Stowage dump is written in: the catalog session sets UTF8. */
    static final String ENCODING = "UTF8";

    /** Object kinds without an owner whose comments and labels pg_dump writes with owner {@code ''}. */
    private static final List<String> OWNERLESS = List.of("EXTENSION", "CAST", "TRANSFORM", "ACCESS METHOD",
            "TEXT SEARCH PARSER", "TEXT SEARCH TEMPLATE");

    private ArchiveToc() {
    }

    /**
     * The archive's entries in order.
     *
     * @param entries     the plan's entries, in dump order
     * @param catalogs    the oid of each entry's system catalog (pg_class 1259 ...), by dump id; absent for 0
     * @param storage     tablespace and table access method, by dump id
     */
    public static List<TocEntry> build(List<ArchiveEntry> entries, Map<Integer, Long> catalogs,
                                       Map<Integer, PlainScriptWriter.Storage> storage) {
        int next = 0;
        Map<Integer, ArchiveEntry> byId = new HashMap<>();
        Set<String> attachedIndexes = new HashSet<>();
        for (ArchiveEntry e : entries) {
            next = Math.max(next, e.dumpId());
            byId.put(e.dumpId(), e);
            if ("INDEX ATTACH".equals(e.desc())) {
                attachedIndexes.add(e.namespace() + "." + e.tag());
            }
        }
        Map<Long, Integer> refreshOf = new HashMap<>();
        for (ArchiveEntry e : entries) {
            if ("MATERIALIZED VIEW DATA".equals(e.desc())) {
                ArchiveEntry view = first(e, byId, "MATERIALIZED VIEW");
                if (view != null) {
                    refreshOf.put(view.objectOid(), e.dumpId());
                }
            }
        }
        List<TocEntry> toc = new ArrayList<>(entries.size() + 3);
        toc.add(special(++next, "ENCODING", "SET client_encoding = '" + ENCODING + "';\n"));
        toc.add(special(++next, "STDSTRINGS", "SET standard_conforming_strings = 'on';\n"));
        toc.add(special(++next, "SEARCHPATH", "SELECT pg_catalog.set_config('search_path', '', false);\n"));
        for (ArchiveEntry e : entries) {
            TocEntry t = entry(e, catalogs.getOrDefault(e.dumpId(), 0L), storage.get(e.dumpId()));
            toc.add(asPgDumpWrites(t, e, byId, attachedIndexes, refreshOf));
        }
        return toc;
    }

    /**
     * Where pg_dump's ArchiveEntry calls give an entry other fields than the object model has, for
     * reasons of their own (pg_dump.c of 15, function named in each case).
     */
    private static TocEntry asPgDumpWrites(TocEntry t, ArchiveEntry e, Map<Integer, ArchiveEntry> byId,
                                           Set<String> attachedIndexes, Map<Long, Integer> refreshOf) {
        long tableOid = t.tableOid();
        long oid = t.oid();
        String definition = t.definition();
        String drop = t.dropStatement();
        String owner = t.owner();
        List<Integer> deps = new ArrayList<>(t.dependencies());
        switch (e.desc()) {
            case "USER MAPPING" -> {
                // dumpUserMappings: nilCatalogId, a fresh dump id and no dependencies
                tableOid = 0;
                oid = 0;
                deps.clear();
            }
            // dumpShellType: no dependencies, not even on the schema; dumpDatabase: none for the properties
            case "SHELL TYPE", "DATABASE PROPERTIES" -> deps.clear();
            case "ROW SECURITY" -> {
                // getPolicies: the table's "policy" has catId {0, table oid}
                ArchiveEntry table = first(e, byId, "TABLE");
                oid = table == null ? 0 : table.objectOid();
            }
            case "MATERIALIZED VIEW DATA" -> {
                // makeTableDataInfo: catId {0, matview oid}; buildMatViewRefreshDependencies: a
                // refresh waits for the refreshes of the materialized views its query reads
                ArchiveEntry view = first(e, byId, "MATERIALIZED VIEW");
                if (view != null) {
                    oid = view.objectOid();
                    for (long source : sourceMatviews(view, byId)) {
                        Integer refresh = refreshOf.get(source);
                        if (refresh != null && !deps.contains(refresh)) {
                            deps.add(refresh);
                        }
                    }
                }
            }
            case "INDEX" -> {
                // dumpIndex: an index attached to a partitioned index is dropped with it, no DROP INDEX
                if (attachedIndexes.contains(e.namespace() + "." + e.tag())) {
                    drop = "";
                }
            }
            case "TRIGGER" -> {
                // dumpTrigger: a partition's trigger enable state is written as a trigger entry
                // whose SQL starts with an empty line
                if (definition != null && definition.startsWith("ALTER TABLE ")) {
                    definition = "\n" + definition;
                }
            }
            default -> {
            }
        }
        // these dump functions always pass their (possibly empty) DROP buffer
        if (drop == null && switch (e.desc()) {
            case "SEQUENCE", "TRIGGER", "INDEX", "DATABASE PROPERTIES" -> true;
            default -> false;
        }) {
            drop = "";
        }
        // objects without an owner of their own (casts, text search parsers and templates ...) pass
        // none; only comments, labels and ACLs of such objects carry an empty owner
        boolean satellite = Set.of("COMMENT", "ACL", "SECURITY LABEL").contains(e.desc());
        if ("".equals(owner) && !satellite) {
            owner = null;
        }
        if (owner == null && satellite && OWNERLESS.stream().anyMatch(kind -> t.tag().startsWith(kind + " "))) {
            owner = "";
        }
        return new TocEntry(t.dumpId(), t.hadDumper(), tableOid, oid, t.tag(), t.desc(), t.section(), definition, drop,
                t.copyStatement(), t.namespace(), t.tablespace(), t.tableAccessMethod(), t.relkind(), owner, t.withOids(),
                deps, t.dataOffset());
    }

    /** The first dependency of {@code e} that is a {@code desc} entry, or null. */
    private static ArchiveEntry first(ArchiveEntry e, Map<Integer, ArchiveEntry> byId, String desc) {
        for (Integer d : e.dependencies()) {
            ArchiveEntry dep = byId.get(d);
            if (dep != null && desc.equals(dep.desc())) {
                return dep;
            }
        }
        return null;
    }

    /** The oids of the materialized views {@code view} reads, directly or through plain views. */
    private static Set<Long> sourceMatviews(ArchiveEntry view, Map<Integer, ArchiveEntry> byId) {
        Set<Long> found = new LinkedHashSet<>();
        Set<Integer> seen = new HashSet<>();
        Deque<Integer> todo = new ArrayDeque<>(view.dependencies());
        while (!todo.isEmpty()) {
            ArchiveEntry d = byId.get(todo.pop());
            if (d == null || !seen.add(d.dumpId())) {
                continue;
            }
            if ("MATERIALIZED VIEW".equals(d.desc())) {
                found.add(d.objectOid());
            } else if ("VIEW".equals(d.desc())) {
                todo.addAll(d.dependencies());
            }
        }
        return found;
    }

    private static TocEntry special(int dumpId, String name, String definition) {
        return new TocEntry(dumpId, false, 0, 0, name, name, Section.PRE_DATA, definition, null, null, null, null,
                null, 0, null, "false", List.of(), null);
    }

    static TocEntry entry(ArchiveEntry e, long catalogOid, PlainScriptWriter.Storage storage) {
        boolean data = hasDumper(e.desc());
        // TABLE DATA names its table by oid with no catalog (pg_dump's tdinfo->dobj.catId is {0, table oid})
        long tableOid = "TABLE DATA".equals(e.desc()) ? 0 : catalogOid;
        long oid = "TABLE DATA".equals(e.desc()) ? e.tableOid() : e.objectOid();
        return new TocEntry(e.dumpId(), data, tableOid, oid, e.tag(), e.desc(), e.section(),
                nullIfEmpty(e.definition()), nullIfEmpty(e.dropStatement()), nullIfEmpty(e.copyStatement()),
                e.namespace(), storage == null ? null : storage.tablespace(),
                storage == null ? null : storage.tableAccessMethod(), 0, e.owner(), "false", e.dependencies(), null);
    }

    /** The entries whose payload the archive carries: pg_dump gives them a dumper function. */
    static boolean hasDumper(String desc) {
        return "TABLE DATA".equals(desc) || "BLOBS".equals(desc);
    }

    private static String nullIfEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
