package io.stowage.postgres.archive;

import io.stowage.core.archive.Section;
import io.stowage.core.options.NameSelection;
import io.stowage.core.options.RestoreOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The entries of an archive a restore processes, in the order it processes them: pg_restore's
 * SortTocFromFile ({@code -L}), ProcessArchiveRestoreOptions and _tocEntryRequired, applied to the
 * TOC before any SQL is written.
 *
 * @param entries          the required entries in restore order, each with what is wanted of it
 * @param impliedDataOnly  no schema part is wanted (RestoreArchive's "implied data-only restore"),
 *                         which makes {@code --disable-triggers} apply as with {@code -a}
 */
public record TocSelection(List<Selected> entries, boolean impliedDataOnly) {

    /** pg_restore -t: these kinds of entries are "tables" (pg_restore 15's _tocEntryRequired). */
    private static final Set<String> TABLE_KINDS = Set.of("TABLE", "TABLE DATA", "VIEW", "FOREIGN TABLE",
            "MATERIALIZED VIEW", "MATERIALIZED VIEW DATA", "SEQUENCE", "SEQUENCE SET");

    /**
     * One entry to process.
     *
     * @param entry  the TOC entry
     * @param schema its definition is wanted (REQ_SCHEMA)
     * @param data   its data is wanted (REQ_DATA)
     */
    public record Selected(TocEntry entry, boolean schema, boolean data) {}

    public TocSelection {
        entries = List.copyOf(entries);
    }

    /** Every entry pg_restore restores with default options but {@code create}. */
    public static TocSelection all(CustomArchiveToc toc, boolean create) {
        return of(toc, RestoreOptions.builder().create(create).build(), null);
    }

    /**
     * The selection for {@code options}.
     *
     * @param useList the dump ids of a {@code -L} list in its order (see {@link UseList}), or {@code null}
     */
    public static TocSelection of(CustomArchiveToc toc, RestoreOptions options, List<Integer> useList) {
        List<TocEntry> order = toc.entries();
        Set<Integer> wantedIds = null;
        if (useList != null) {
            // SortTocFromFile moves each listed entry to the end in list order: the unlisted ones
            // stay in front, in archive order; that order is also the one sections are tracked in
            Map<Integer, TocEntry> byId = new HashMap<>();
            toc.entries().forEach(e -> byId.put(e.dumpId(), e));
            wantedIds = new LinkedHashSet<>(useList);
            List<TocEntry> sorted = new ArrayList<>();
            for (TocEntry e : toc.entries()) {
                if (!wantedIds.contains(e.dumpId())) {
                    sorted.add(e);
                }
            }
            for (int id : wantedIds) {
                sorted.add(byId.get(id));
            }
            order = sorted;
        }
        Map<Integer, Boolean> required = new HashMap<>();
        List<Selected> result = new ArrayList<>();
        Section current = Section.PRE_DATA;
        for (TocEntry e : order) {
            if (e.section() != Section.NONE) {
                current = e.section();
            }
            Selected s = required(e, current, options, wantedIds, required);
            required.put(e.dumpId(), s != null);
            if (s != null) {
                result.add(s);
            }
        }
        boolean impliedDataOnly = !options.dataOnly() && result.stream().noneMatch(Selected::schema);
        return new TocSelection(result, impliedDataOnly);
    }

    /** _tocEntryRequired; {@code null} when nothing of the entry is wanted. */
    private static Selected required(TocEntry te, Section section, RestoreOptions o, Set<Integer> wantedIds,
                                     Map<Integer, Boolean> requiredSoFar) {
        String desc = te.desc() == null ? "" : te.desc();
        String tag = te.tag() == null ? "" : te.tag();
        if (te.isSpecial()) {
            return null; // applied in the preamble, never as entries
        }
        if (desc.equals("DATABASE") || desc.equals("DATABASE PROPERTIES")) {
            return o.create() ? new Selected(te, true, false) : null;
        }
        if (o.noPrivileges() && isAcl(desc)) {
            return null;
        }
        if (o.noComments() && desc.equals("COMMENT")) {
            return null;
        }
        if (o.noSecurityLabels() && desc.equals("SECURITY LABEL")) {
            return null;
        }
        if (!o.covers(section)) {
            return null;
        }
        if (wantedIds != null && !wantedIds.contains(te.dumpId())) {
            return null;
        }
        NameSelection names = o.selection();
        if (desc.equals("ACL") || desc.equals("COMMENT") || desc.equals("SECURITY LABEL")) {
            if (tag.startsWith("DATABASE ")) {
                if (!o.create()) {
                    return null;
                }
            } else if (!names.schemas().isEmpty() || !names.excludeSchemas().isEmpty() || names.selectsTypes()) {
                // in a selective restore these follow their parent: the one entry they depend on
                if (te.dependencies().size() != 1 || !requiredSoFar.getOrDefault(te.dependencies().get(0), false)) {
                    return null;
                }
            }
        } else {
            if (!names.schemas().isEmpty() && (te.namespace() == null || !names.schemas().contains(te.namespace()))) {
                return null;
            }
            if (te.namespace() != null && names.excludeSchemas().contains(te.namespace())) {
                return null;
            }
            if (names.selectsTypes() && !selectedByType(desc, tag, names)) {
                return null;
            }
        }
        boolean schema = true;
        boolean data = true;
        if (!te.hadDumper()) {
            // sequence values and everything about large objects count as data: from 1.16 also
            // BLOB METADATA and the "LARGE OBJECTS a..b" ACL of a group (hence no space after OBJECT)
            boolean dataLike = desc.equals("SEQUENCE SET") || desc.equals("BLOB") || desc.equals("BLOB METADATA")
                    || (desc.equals("ACL") || desc.equals("COMMENT") || desc.equals("SECURITY LABEL"))
                    && tag.startsWith("LARGE OBJECT");
            if (dataLike) {
                schema = false;
            } else {
                data = false;
            }
        }
        if (te.definition() == null || te.definition().isEmpty()) {
            schema = false;
        }
        if (desc.equals("<Init>") && tag.equals("Max OID")) {
            return null;
        }
        if (o.schemaOnly()) {
            data = false;
        }
        if (o.dataOnly()) {
            schema = false;
        }
        return schema || data ? new Selected(te, schema, data) : null;
    }

    private static boolean selectedByType(String desc, String tag, NameSelection names) {
        if (TABLE_KINDS.contains(desc)) {
            return !names.tables().isEmpty() && names.tables().contains(tag);
        }
        if (desc.equals("INDEX")) {
            return !names.indexes().isEmpty() && names.indexes().contains(tag);
        }
        if (desc.equals("FUNCTION") || desc.equals("AGGREGATE") || desc.equals("PROCEDURE")) {
            return !names.functions().isEmpty() && names.functions().contains(tag);
        }
        if (desc.equals("TRIGGER")) {
            return !names.triggers().isEmpty() && names.triggers().contains(tag);
        }
        return false;
    }

    /** _tocEntryIsACL. */
    static boolean isAcl(String desc) {
        return desc.equals("ACL") || desc.equals("DEFAULT ACL") || desc.equals("ACL LANGUAGE");
    }
}
