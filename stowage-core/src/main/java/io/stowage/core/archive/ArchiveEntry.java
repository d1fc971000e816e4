package io.stowage.core.archive;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a dump's table of contents, shaped like pg_dump's {@code TocEntry} so that every
 * output format (plain script now, custom, directory and tar archives later) writes the same model.
 *
 * @param dumpId        1-based id, unique in the dump; dependencies refer to it
 * @param tag           the object's name as pg_dump tags it: {@code actor}, {@code actor actor_pkey},
 *                      {@code film_in_stock(integer, integer)}
 * @param desc          pg_dump's object type: {@code TABLE}, {@code INDEX}, {@code FK CONSTRAINT},
 *                      {@code TABLE DATA}, {@code SEQUENCE SET}, {@code ACL}, {@code COMMENT} ...
 * @param section       the dump section
 * @param namespace     schema name, or {@code null} for objects outside schemas
 * @param owner         owner role name, or {@code null} when the object has no owner of its own
 * @param definition    SQL that creates the object (without the owner change), possibly empty
 * @param dropStatement SQL that drops the object, possibly empty; also names the object for
 *                      {@code ALTER ... OWNER TO}, as pg_restore derives it
 * @param copyStatement for data entries, the {@code COPY ... FROM stdin;} line; otherwise empty
 * @param dependencies  dump ids this entry depends on
 * @param tableOid      catalog oid of the object's table, for data entries; 0 otherwise
 * @param objectOid     catalog oid of the object itself, 0 if none
 */
public record ArchiveEntry(
        int dumpId,
        String tag,
        String desc,
        Section section,
        String namespace,
        String owner,
        String definition,
        String dropStatement,
        String copyStatement,
        List<Integer> dependencies,
        long tableOid,
        long objectOid) {

    public ArchiveEntry {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(desc, "desc");
        Objects.requireNonNull(section, "section");
        definition = definition == null ? "" : definition;
        dropStatement = dropStatement == null ? "" : dropStatement;
        copyStatement = copyStatement == null ? "" : copyStatement;
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
    }

    /** True for entries that carry table data streamed with COPY. */
    public boolean hasData() {
        return "TABLE DATA".equals(desc);
    }
}
