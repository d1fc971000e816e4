package io.stowage.postgres.restore;

import io.stowage.core.archive.Section;

import java.util.Set;

/**
 * The section of each entry of a plain script. An archive stores every entry's section; a plain
 * script only has the entry's type in its header, so the section is derived from the type as
 * pg_dump assigns it in its {@code ArchiveEntry} calls. Entries of no section of their own
 * (comments, ACLs, security labels) take the section of the entry before them, as pg_restore's
 * {@code curSection} does, which is the section of the object they belong to.
 */
final class EntrySections {
    private static final Set<String> DATA = Set.of("TABLE DATA", "SEQUENCE SET", "BLOBS", "LARGE OBJECTS", "BLOB DATA");
    private static final Set<String> POST_DATA = Set.of("INDEX", "INDEX ATTACH", "CONSTRAINT", "CHECK CONSTRAINT",
            "FK CONSTRAINT", "TRIGGER", "EVENT TRIGGER", "RULE", "POLICY", "ROW SECURITY", "DEFAULT ACL",
            "MATERIALIZED VIEW DATA", "PUBLICATION", "PUBLICATION TABLE", "PUBLICATION TABLES IN SCHEMA",
            "SUBSCRIPTION", "SUBSCRIPTION TABLE", "STATISTICS");
    private static final Set<String> NO_SECTION = Set.of("COMMENT", "ACL", "SECURITY LABEL", "ACL LANGUAGE");

    private Section current = Section.PRE_DATA;

    /** The section of the next entry of the script; call once per header, in script order. */
    Section next(ScriptItem.EntryHeader header) {
        current = of(header, current);
        return current;
    }

    /** The section of {@code header} when the entry before it was in {@code previous}. */
    static Section of(ScriptItem.EntryHeader header, Section previous) {
        String desc = header.desc();
        if (NO_SECTION.contains(desc)) {
            return previous;
        }
        if (desc.equals("STATISTICS DATA")) {
            // pg_dump 18 puts a table's statistics in data, an index's or a materialized view's in
            // post-data; the header does not say which, the position in the script does
            return previous == Section.POST_DATA ? Section.POST_DATA : Section.DATA;
        }
        if (DATA.contains(desc) || header.data() && !POST_DATA.contains(desc)) {
            return Section.DATA;
        }
        return POST_DATA.contains(desc) ? Section.POST_DATA : Section.PRE_DATA;
    }

    /**
     * Whether the entry holds data rather than schema for {@code -a} and {@code -s}: pg_restore's
     * _tocEntryRequired counts data entries, sequence values and everything about large objects
     * (their creation, comments, ACLs and security labels) as data; a materialized view's
     * REFRESH has no data of its own in an archive, so it counts as schema.
     */
    static boolean isData(ScriptItem.EntryHeader header, Section section) {
        String desc = header.desc();
        if (desc.equals("STATISTICS DATA")) {
            return false; // statistics are neither (pg_dump 18's --statistics); -a and -s keep them
        }
        if (desc.equals("LARGE OBJECT") || desc.equals("BLOB") || desc.equals("BLOB METADATA")) {
            return true;
        }
        if (NO_SECTION.contains(desc) && (header.tag().startsWith("LARGE OBJECT ") || header.tag().startsWith("BLOB "))) {
            return true;
        }
        return section == Section.DATA && !NO_SECTION.contains(desc);
    }
}
