package io.stowage.postgres.archive;

import io.stowage.core.archive.ArchiveEntry;
import io.stowage.core.archive.Section;

import java.util.List;
import java.util.Objects;

/**
 * One TOC entry exactly as an archive stores it (pg_dump's {@code TocEntry}), keeping NULL and
 * empty strings apart so that an archive can be rewritten byte for byte.
 *
 * @param dumpId            id, unique in the archive, greater than 0
 * @param hadDumper         true when the entry owns a data payload (TABLE DATA, BLOBS)
 * @param tableOid          oid of the object's system catalog, such as 1259 for pg_class; 0 if none
 * @param oid               the object's oid; 0 if none
 * @param tag               the name {@code pg_restore -l} shows
 * @param desc              the object kind: {@code TABLE}, {@code TABLE DATA} ...
 * @param section           the section
 * @param definition        SQL creating the object, or {@code null}
 * @param dropStatement     SQL dropping it, or {@code null}
 * @param copyStatement     the {@code COPY ... FROM stdin;} line of a data entry, or {@code null}
 * @param namespace         schema name, or {@code null}
 * @param tablespace        tablespace: {@code null} when not applicable, {@code ""} for the default
 * @param tableAccessMethod table access method (1.14+), or {@code null}
 * @param relkind           {@code pg_class.relkind} code (1.16+), 0 when absent
 * @param owner             owner role, or {@code null}
 * @param withOids          the withOids text ({@code "false"} today)
 * @param dependencies      dump ids this entry depends on, which may name ids absent from the archive
 * @param dataOffset        custom format: where the data block is; {@code null} for other formats
 */
public record TocEntry(
        int dumpId,
        boolean hadDumper,
        long tableOid,
        long oid,
        String tag,
        String desc,
        Section section,
        String definition,
        String dropStatement,
        String copyStatement,
        String namespace,
        String tablespace,
        String tableAccessMethod,
        int relkind,
        String owner,
        String withOids,
        List<Integer> dependencies,
        DataOffset dataOffset) {

    public TocEntry {
        Objects.requireNonNull(section, "section");
        dependencies = List.copyOf(dependencies);
    }

    /** True for {@code ENCODING}, {@code STDSTRINGS} and {@code SEARCHPATH}: never listed or selected. */
    public boolean isSpecial() {
        return "ENCODING".equals(desc) || "STDSTRINGS".equals(desc) || "SEARCHPATH".equals(desc);
    }

    /** The entry as the engine-wide model; tablespace, access method, relkind and offset are dropped. */
    public ArchiveEntry toArchiveEntry() {
        return new ArchiveEntry(dumpId, tag == null ? "" : tag, desc == null ? "" : desc, section, namespace, owner,
                definition, dropStatement, copyStatement, dependencies, tableOid, oid);
    }
}
