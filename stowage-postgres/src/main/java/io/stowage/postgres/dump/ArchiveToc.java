package io.stowage.postgres.dump;

import io.stowage.core.archive.ArchiveEntry;
import io.stowage.core.archive.Section;
import io.stowage.postgres.archive.TocEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        for (ArchiveEntry e : entries) {
            next = Math.max(next, e.dumpId());
        }
        List<TocEntry> toc = new ArrayList<>(entries.size() + 3);
        toc.add(special(++next, "ENCODING", "SET client_encoding = '" + ENCODING + "';\n"));
        toc.add(special(++next, "STDSTRINGS", "SET standard_conforming_strings = 'on';\n"));
        toc.add(special(++next, "SEARCHPATH", "SELECT pg_catalog.set_config('search_path', '', false);\n"));
        for (ArchiveEntry e : entries) {
            toc.add(entry(e, catalogs.getOrDefault(e.dumpId(), 0L), storage.get(e.dumpId())));
        }
        return toc;
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
