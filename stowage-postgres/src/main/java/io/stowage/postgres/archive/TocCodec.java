package io.stowage.postgres.archive;

import io.stowage.core.archive.Section;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes TOC entries ({@code ReadToc}/{@code WriteToc} plus the custom format's extra
 * field, the data offset) with the field gates of archive versions 1.12 to 1.16.
 */
public final class TocCodec {

    private static final Section[] SECTIONS_BY_CODE = {null, Section.NONE, Section.PRE_DATA, Section.DATA, Section.POST_DATA};

    private TocCodec() {
    }

    /**
     * Reads the entry count and every entry of a custom archive's TOC. Once the {@code ENCODING}
     * entry has been read, later strings are decoded with the encoding it names.
     */
    public static List<TocEntry> readCustomToc(ArchiveInput in, ArchiveVersion version) {
        return readToc(in, version, null);
    }

    /**
     * Reads the TOC of a directory or tar archive's {@code toc.dat}, whose extra field per entry is
     * the name of the entry's data file ({@code ""} or NULL for none), put in {@code fileNames} by
     * dump id.
     */
    public static List<TocEntry> readFileToc(ArchiveInput in, ArchiveVersion version, Map<Integer, String> fileNames) {
        return readToc(in, version, Objects.requireNonNull(fileNames, "fileNames"));
    }

    private static List<TocEntry> readToc(ArchiveInput in, ArchiveVersion version, Map<Integer, String> fileNames) {
        long countStart = in.position();
        int count = in.readInt("the TOC entry count");
        if (count < 0) {
            throw in.corrupt(countStart, "a TOC entry count of 0 or more", String.valueOf(count));
        }
        List<TocEntry> entries = new ArrayList<>(Math.min(count, 4096));
        Map<String, String> words = new java.util.HashMap<>();
        for (int i = 0; i < count; i++) {
            long entryStart = in.position();
            TocEntry entry = readEntry(in, version, i + 1, fileNames == null, words);
            if (fileNames != null) {
                long nameStart = in.position();
                String what = "TOC entry " + (i + 1) + " (dump id " + entry.dumpId() + ")'s data file name";
                String file = in.readString(what);
                // pg_dump names a file exactly for the entries with data; a mismatch is corruption
                boolean named = file != null && !file.isEmpty();
                if (named != entry.hadDumper()) {
                    throw in.corrupt(nameStart, what + (entry.hadDumper() ? " (the entry has data)" : " \"\" (the entry has no data)"),
                            file == null ? "NULL" : "\"" + file + "\"");
                }
                if (named) {
                    fileNames.put(entry.dumpId(), file);
                }
            }
            if ("ENCODING".equals(entry.desc())) {
                Charset charset;
                try {
                    charset = ArchiveEncodings.charsetOfEncodingEntry(entry.definition());
                } catch (IllegalArgumentException e) {
                    throw in.corrupt(entryStart, "an ENCODING entry naming a known encoding", e.getMessage());
                }
                if (charset != null) {
                    in.setCharset(charset);
                }
            }
            entries.add(entry);
        }
        return entries;
    }

    /**
     * Reads one entry; with {@code custom}, also its data offset. {@code ordinal} numbers the entry
     * in messages.
     */
    public static TocEntry readEntry(ArchiveInput in, ArchiveVersion version, int ordinal, boolean custom) {
        return readEntry(in, version, ordinal, custom, new java.util.HashMap<>());
    }

    /**
     * {@link #readEntry(ArchiveInput, ArchiveVersion, int, boolean)} with the short fields that
     * repeat from entry to entry (desc, schema, tablespace, access method, owner, the withOids
     * flag) taken from {@code words}, one String each: a TOC of 100,000 tables has 300,000 entries,
     * and without this each held six copies of the same few words.
     */
    static TocEntry readEntry(ArchiveInput in, ArchiveVersion version, int ordinal, boolean custom, Map<String, String> words) {
        String where = "TOC entry " + ordinal + "'s ";
        long idStart = in.position();
        int dumpId = in.readInt(where + "dump id");
        if (dumpId <= 0) {
            throw in.corrupt(idStart, where + "dump id greater than 0", String.valueOf(dumpId));
        }
        where = "TOC entry " + ordinal + " (dump id " + dumpId + ")'s ";
        long dumperStart = in.position();
        int hadDumper = in.readInt(where + "hadDumper flag");
        if (hadDumper != 0 && hadDumper != 1) {
            throw in.corrupt(dumperStart, where + "hadDumper flag 0 or 1", String.valueOf(hadDumper));
        }
        long tableOid = readOid(in, where + "table oid");
        long oid = readOid(in, where + "oid");
        String tag = in.readString(where + "tag");
        String desc = shared(words, in.readString(where + "desc"));
        long sectionStart = in.position();
        int sectionCode = in.readInt(where + "section");
        if (sectionCode < 1 || sectionCode > 4) {
            throw in.corrupt(sectionStart, where + "section 1 to 4", String.valueOf(sectionCode));
        }
        String definition = in.readString(where + "definition");
        String dropStatement = in.readString(where + "drop statement");
        String copyStatement = in.readString(where + "copy statement");
        String namespace = shared(words, in.readString(where + "namespace"));
        String tablespace = shared(words, in.readString(where + "tablespace"));
        String tableAm = version.isAtLeast(ArchiveVersion.V1_14) ? shared(words, in.readString(where + "table access method")) : null;
        int relkind = version.isAtLeast(ArchiveVersion.V1_16) ? in.readInt(where + "relkind") : 0;
        String owner = shared(words, in.readString(where + "owner"));
        String withOids = shared(words, in.readString(where + "withOids flag"));
        List<Integer> dependencies = new ArrayList<>();
        while (true) {
            long depStart = in.position();
            String dep = in.readString(where + "dependency or end of dependencies");
            if (dep == null) {
                break;
            }
            try {
                dependencies.add(Integer.parseInt(dep.strip()));
            } catch (NumberFormatException e) {
                throw in.corrupt(depStart, where + "dependency dump id", "\"" + dep + "\"");
            }
        }
        long offsetStart = in.position();
        DataOffset offset = custom ? in.readOffset(where + "data offset") : null;
        // pg_backup_custom.c gives an entry a data offset exactly when it has a data dumper, so a
        // mismatch is corruption (of either field); pg_restore would silently restore no data
        if (offset != null && hadDumper == 1 && offset.state() == OffsetState.NO_DATA) {
            throw in.corrupt(offsetStart, where + "data offset (flag 1 or 2) for an entry with data", "flag 3 (no data)");
        }
        if (offset != null && hadDumper == 0 && offset.state() != OffsetState.NO_DATA) {
            throw in.corrupt(dumperStart, where + "hadDumper flag 1 for an entry with a data offset", "0");
        }
        return new TocEntry(dumpId, hadDumper == 1, tableOid, oid, tag, desc, SECTIONS_BY_CODE[sectionCode],
                definition, dropStatement, copyStatement, namespace, tablespace, tableAm, relkind, owner, withOids,
                dependencies, offset);
    }

    private static long readOid(ArchiveInput in, String what) {
        long start = in.position();
        String text = in.readString(what);
        if (text == null) {
            throw in.corrupt(start, what + " as decimal text", "NULL");
        }
        try {
            long value = Long.parseLong(text);
            if (value < 0 || value > 0xFFFFFFFFL) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw in.corrupt(start, what + " as decimal text", "\"" + text + "\"");
        }
    }

    /** Writes the entry count and the entries of a custom archive's TOC. */
    public static void writeCustomToc(List<TocEntry> entries, ArchiveOutput out, ArchiveVersion version) {
        out.writeInt(entries.size());
        for (TocEntry entry : entries) {
            if ("ENCODING".equals(entry.desc())) {
                Charset charset = ArchiveEncodings.charsetOfEncodingEntry(entry.definition());
                writeEntry(entry, out, version, true);
                if (charset != null) {
                    out.setCharset(charset);
                }
            } else {
                writeEntry(entry, out, version, true);
            }
        }
    }

    /**
     * Writes the entry count and the entries of a directory or tar archive's {@code toc.dat}, each
     * followed by its data file name from {@code fileNames} ({@code ""} for entries without one, as
     * pg_dump's _WriteExtraToc does).
     */
    public static void writeFileToc(List<TocEntry> entries, ArchiveOutput out, ArchiveVersion version,
                                    Map<Integer, String> fileNames) {
        out.writeInt(entries.size());
        for (TocEntry entry : entries) {
            writeEntry(entry, out, version, false);
            out.writeString(fileNames.getOrDefault(entry.dumpId(), ""));
            if ("ENCODING".equals(entry.desc())) {
                Charset charset = ArchiveEncodings.charsetOfEncodingEntry(entry.definition());
                if (charset != null) {
                    out.setCharset(charset);
                }
            }
        }
    }

    /** Writes one entry; with {@code custom}, also its data offset ({@link DataOffset#NO_DATA} if unset). */
    public static void writeEntry(TocEntry entry, ArchiveOutput out, ArchiveVersion version, boolean custom) {
        out.writeInt(entry.dumpId());
        out.writeInt(entry.hadDumper() ? 1 : 0);
        out.writeString(Long.toString(entry.tableOid()));
        out.writeString(Long.toString(entry.oid()));
        out.writeString(entry.tag());
        out.writeString(entry.desc());
        out.writeInt(entry.section().ordinal() + 1);
        out.writeString(entry.definition());
        out.writeString(entry.dropStatement());
        out.writeString(entry.copyStatement());
        out.writeString(entry.namespace());
        out.writeString(entry.tablespace());
        if (version.isAtLeast(ArchiveVersion.V1_14)) {
            out.writeString(entry.tableAccessMethod());
        }
        if (version.isAtLeast(ArchiveVersion.V1_16)) {
            out.writeInt(entry.relkind());
        }
        out.writeString(entry.owner());
        out.writeString(entry.withOids() == null ? "false" : entry.withOids());
        for (int dependency : entry.dependencies()) {
            out.writeString(Integer.toString(dependency));
        }
        out.writeString(null);
        if (custom) {
            out.writeOffset(entry.dataOffset() == null ? DataOffset.NO_DATA : entry.dataOffset());
        }
    }

    private static String shared(Map<String, String> words, String s) {
        if (s == null || s.length() > 64) {
            return s;
        }
        String known = words.putIfAbsent(s, s);
        return known == null ? s : known;
    }
}
