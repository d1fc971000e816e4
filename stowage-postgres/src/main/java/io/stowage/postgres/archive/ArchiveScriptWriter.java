package io.stowage.postgres.archive;

import io.stowage.core.archive.ArchiveEntry;
import io.stowage.core.archive.Section;
import io.stowage.core.options.RestoreOptions;
import io.stowage.postgres.dump.OwnerCommand;
import io.stowage.postgres.dump.PlainScriptWriter;
import io.stowage.postgres.restore.ForeignKeySplit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.List;

import static io.stowage.postgres.sql.SqlText.ident;

/**
 * Writes a custom archive as the plain SQL script {@code pg_restore -f -} prints for it, laid out as
 * pg_backup_archiver.c's RestoreArchive, restore_toc_entry and _printTocEntry lay it out: header,
 * session SETs (from the archive's ENCODING, STDSTRINGS and SEARCHPATH entries), then the entries in
 * the three serial passes (everything but ACLs; ACLs; materialized view data and event triggers),
 * footer. Table data and large objects are streamed from the archive, never held in memory.
 */
public final class ArchiveScriptWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(Charset.forName("US-ASCII"));
    /** RELKIND_PARTITIONED_TABLE, as 1.16 archives record it. */
    private static final int RELKIND_PARTITIONED_TABLE = 'p';
    /** pg_dump's LOBBUFSIZE: the bytes per lowrite statement. */
    private static final int LO_WRITE_SIZE = 16 * 1024;
    /** INV_WRITE. */
    private static final int INV_WRITE = 0x20000;

    private final OpenArchive archive;
    private final TocSelection selection;
    private final RestoreOptions options;
    private final boolean create;
    /** The session user as pg_restore tracks it ({@code currUser}): null when unknown, "" for the login user. */
    private String currentUser;
    private final OutputStream out;
    private final Charset charset;
    private String currentTablespace;
    private String currentAccessMethod;
    /** _selectOutputSchema's currSchema: only archives without a SEARCHPATH entry (before 1.13) use it. */
    private String currentSchema;
    private boolean searchPathEntry;
    private boolean standardStrings = true;
    private boolean specialsRead;

    /**
     * All of the archive, as {@code pg_restore -f -} (with {@code -C} when {@code create}) writes it.
     *
     * @param archive the archive, opened and positioned after its TOC
     * @param create  as {@code pg_restore -C}: include the DATABASE entries, followed by {@code \connect}
     * @param out     where the script goes, in the archive's encoding
     */
    public ArchiveScriptWriter(OpenArchive archive, boolean create, OutputStream out) {
        this(archive, TocSelection.all(archive.toc(), create), RestoreOptions.builder().create(create).build(), out);
    }

    /**
     * The selected entries of the archive, in the selection's order, as {@code pg_restore -f -}
     * writes them with {@code options}: {@code -1} (BEGIN/COMMIT), {@code -c}/{@code --if-exists}
     * (drops first, in reverse), {@code -C}, {@code -O}, {@code --disable-triggers}.
     *
     * @param archive   the archive, opened and positioned after its TOC
     * @param selection the entries to write (see {@link TocSelection#of})
     * @param options   the restore options
     * @param out       where the script goes, in the archive's encoding
     */
    public ArchiveScriptWriter(OpenArchive archive, TocSelection selection, RestoreOptions options, OutputStream out) {
        this.archive = archive;
        this.selection = selection;
        this.options = options;
        this.create = options.create();
        this.out = out;
        this.charset = archive.data().charset();
    }

    /** Writes the whole script; does not close {@code out}. */
    public void write() throws IOException {
        write(s -> true);
    }

    /**
     * Writes the script with only the entries {@code body} accepts: header, session SETs, the drops
     * of the whole selection for {@code -c}, those entries, footer. A parallel restore runs this
     * script for the entries it restores before its workers start (pg_restore's
     * restore_toc_entries_prefork) and writes every other entry with {@link #writeSingleEntry}.
     */
    public void write(java.util.function.Predicate<TocSelection.Selected> body) throws IOException {
        ArchiveHeader header = archive.toc().header();
        print("--\n-- PostgreSQL database dump\n--\n\n");
        print("-- Dumped from database version " + header.serverVersion() + "\n");
        print("-- Dumped by pg_dump version " + header.pgDumpVersion() + "\n\n");
        readSpecials();
        if (options.singleTransaction()) {
            print("BEGIN;\n\n");
        }
        preamble();
        if (options.clean()) {
            writeDrops();
        }
        for (int pass = 0; pass < 3; pass++) {
            for (TocSelection.Selected s : selection.entries()) {
                if (restorePass(s.entry()) == pass && body.test(s)) {
                    writeEntry(s);
                }
            }
        }
        if (options.singleTransaction()) {
            print("COMMIT;\n\n");
        }
        print("--\n-- PostgreSQL database dump complete\n--\n\n");
        out.flush();
    }

    private void readSpecials() {
        if (specialsRead) {
            return; // a parallel restore's worker writes hundreds of entries with one writer
        }
        specialsRead = true;
        for (TocEntry e : archive.toc().entries()) {
            if ("STDSTRINGS".equals(e.desc()) && e.definition() != null) {
                // pg_dump writes "SET standard_conforming_strings = 'on';" (or 'off')
                standardStrings = !e.definition().contains("'off'");
            }
            searchPathEntry |= "SEARCHPATH".equals(e.desc());
        }
    }

    /**
     * Writes the session SETs the script starts with (_doSetFixedOutputState), and nothing else: what
     * each connection of a parallel restore runs before its first entry, as pg_restore's workers do.
     */
    public void writeSessionSetup() throws IOException {
        readSpecials();
        preamble();
        out.flush();
    }

    /**
     * Writes one selected entry as the script would (restore_toc_entry), for a connection that has
     * run {@link #writeSessionSetup}: its data is streamed from the archive. An archive written with
     * standard_conforming_strings off says so first, so that the entry's SQL is read as written.
     */
    public void writeSingleEntry(TocSelection.Selected entry) throws IOException {
        readSpecials();
        if (!standardStrings) {
            print("SET standard_conforming_strings = off;\n\n");
        }
        writeEntry(entry);
        out.flush();
    }

    /** pg_backup_archiver.c's _tocEntryRestorePass. */
    public static int restorePass(TocEntry e) {
        String desc = e.desc() == null ? "" : e.desc();
        String tag = e.tag() == null ? "" : e.tag();
        return switch (desc) {
            case "ACL", "ACL LANGUAGE", "DEFAULT ACL" -> 1;
            case "EVENT TRIGGER", "MATERIALIZED VIEW DATA" -> 2;
            case "COMMENT" -> tag.startsWith("EVENT TRIGGER ") ? 2 : 0;
            case "STATISTICS DATA" -> e.section() == Section.POST_DATA ? 2 : 0;
            default -> 0;
        };
    }

    /** _doSetFixedOutputState, with the values of the archive's special entries. */
    private void preamble() throws IOException {
        print("SET statement_timeout = 0;\n"
                + "SET lock_timeout = 0;\n"
                + "SET idle_in_transaction_session_timeout = 0;\n");
        print(special("ENCODING", "SET client_encoding = 'UTF8';\n"));
        print("SET standard_conforming_strings = " + (standardStrings ? "on" : "off") + ";\n");
        if (searchPathEntry) {
            print(special("SEARCHPATH", ""));
        }
        print("SET check_function_bodies = false;\n"
                + "SET xmloption = content;\n"
                + "SET client_min_messages = warning;\n"
                + "SET row_security = off;\n\n");
    }

    private String special(String desc, String fallback) {
        for (TocEntry e : archive.toc().entries()) {
            if (desc.equals(e.desc()) && e.definition() != null && !e.definition().isEmpty()) {
                String d = e.definition();
                return d.endsWith("\n") ? d : d + "\n";
            }
        }
        return fallback;
    }

    /** RestoreArchive's drops for -c: every selected entry's drop statement, last entry first. */
    private void writeDrops() throws IOException {
        List<TocSelection.Selected> entries = selection.entries();
        for (int i = entries.size() - 1; i >= 0; i--) {
            TocEntry e = entries.get(i).entry();
            boolean database = "DATABASE".equals(e.desc()) || "DATABASE PROPERTIES".equals(e.desc());
            if (create && !database || e.dropStatement() == null || e.dropStatement().isEmpty()) {
                continue; // with -C only the database is dropped: we are not connected to it yet
            }
            selectSchema(e.namespace());
            if ("BLOB METADATA".equals(e.desc())) {
                // 1.16: its drop statement is "-- dummy"; each object of the group is unlinked
                print(options.ifExists()
                        ? perLargeObject(e, "SELECT pg_catalog.lo_unlink(oid) FROM pg_catalog.pg_largeobject_metadata WHERE oid = '", "'")
                        : perLargeObject(e, "SELECT pg_catalog.lo_unlink('", "')"));
            } else {
                print(options.ifExists() ? IfExists.insert(e) : e.dropStatement());
            }
        }
        currentSchema = null; // the schema may be gone now: set search_path again when needed
    }

    /** restore_toc_entry: the schema part, then the data part, of one selected entry. */
    private void writeEntry(TocSelection.Selected s) throws IOException {
        TocEntry e = s.entry();
        if (s.schema()) {
            writeDefinition(e);
        }
        if (s.data()) {
            if (e.hadDumper()) {
                writeData(e);
            } else if (!s.schema()) {
                writeDefinition(e);
            }
        }
    }

    private void writeDefinition(TocEntry e) throws IOException {
        ArchiveEntry model = e.toArchiveEntry();
        boolean partitioned = e.relkind() == RELKIND_PARTITIONED_TABLE;
        selectSchema(e.namespace());
        selectTablespace(e.tablespace());
        if (!partitioned) {
            selectAccessMethod(e.tableAccessMethod());
        }
        print(header(e, false, options.noOwner()));
        String desc = e.desc() == null ? "" : e.desc();
        ForeignKeySplit fkSplit = desc.equals("FK CONSTRAINT") && options.fkNotValid()
                ? ForeignKeySplit.of(e.definition(), standardStrings).orElse(null) : null;
        if (desc.equals("BLOB METADATA")) {
            // 1.16: the definition lists the group's oids, one a line (IssueCommandPerBlob)
            print(perLargeObject(e, "SELECT pg_catalog.lo_create('", "')"));
        } else if (desc.equals("ACL") && e.tag() != null && e.tag().startsWith("LARGE OBJECTS")) {
            print(aclPerLargeObject(e));
        } else if (fkSplit != null) {
            print(fkSplit.addNotValid() + "\n\n" + fkSplit.validate() + "\n\n");
        } else if (e.definition() != null && !e.definition().isEmpty()) {
            print(e.definition() + "\n\n");
        }
        if (!options.noOwner()) {
            if (desc.equals("BLOB METADATA")) {
                if (e.owner() != null && !e.owner().isEmpty() && e.dropStatement() != null && !e.dropStatement().isEmpty()) {
                    print(perLargeObject(e, "ALTER LARGE OBJECT ", " OWNER TO " + ident(e.owner())));
                }
            } else {
                print(OwnerCommand.statement(model));
            }
        }
        if (partitioned && e.tableAccessMethod() != null) {
            // pg_restore 17's _printTableAccessMethodNoStorage: a partitioned table has no storage to
            // create with default_table_access_method, so its method is set afterwards
            print("ALTER TABLE " + qualified(e) + " SET ACCESS METHOD " + ident(e.tableAccessMethod()) + ";\n\n");
        }
        if (TocSelection.isAcl(e.desc() == null ? "" : e.desc())) {
            currentUser = null; // an ACL entry may hold SET SESSION AUTHORIZATION
        }
        if ("DATABASE".equals(e.desc()) || "DATABASE PROPERTIES".equals(e.desc())) {
            print(PlainScriptWriter.connect(e.tag()) + "\n");
            currentTablespace = null;
            currentAccessMethod = null;
            currentUser = null;
            currentSchema = null;
            preamble();
        }
    }

    private void writeData(TocEntry e) throws IOException {
        selectSchema(e.namespace());
        selectTablespace(e.tablespace());
        if (e.relkind() != RELKIND_PARTITIONED_TABLE) {
            selectAccessMethod(e.tableAccessMethod());
        }
        print(header(e, true, options.noOwner()));
        if ("BLOBS".equals(e.desc())) {
            selectSchema("pg_catalog");
            writeLargeObjects(e);
            return;
        }
        boolean triggers = options.disableTriggers() && (options.dataOnly() || selection.impliedDataOnly());
        if (triggers) {
            // _disableTriggersIfNecessary: become the superuser (-S; else the login user) to disable them
            becomeLoginUser();
            print("ALTER TABLE " + qualified(e) + " DISABLE TRIGGER ALL;\n\n");
        }
        if (e.copyStatement() != null) {
            print(e.copyStatement());
        }
        out.flush();
        try (InputStream data = archive.data().openData(e)) {
            data.transferTo(out);
        }
        if (triggers) {
            becomeLoginUser();
            print("ALTER TABLE " + qualified(e) + " ENABLE TRIGGER ALL;\n\n");
        }
    }

    private void becomeLoginUser() throws IOException {
        if (!"".equals(currentUser)) {
            print("SET SESSION AUTHORIZATION DEFAULT;\n\n");
            currentUser = "";
        }
    }

    private static String qualified(TocEntry e) {
        return e.namespace() == null || e.namespace().isEmpty() ? ident(e.tag()) : ident(e.namespace()) + "." + ident(e.tag());
    }

    private void writeLargeObjects(TocEntry e) throws IOException {
        boolean transaction = !options.singleTransaction(); // under -1 the whole script is one already
        if (transaction) {
            print("BEGIN;\n\n");
        }
        byte[] buffer = new byte[LO_WRITE_SIZE];
        java.util.Set<Long> expected = largeObjectsOf(e);
        java.util.Set<Long> missing = new java.util.HashSet<>(expected);
        archive.data().readLargeObjects(e, (oid, data) -> {
            // pg_dump writes the data of every object its BLOB entries create, and no other: a
            // corrupt oid would write into an object nobody created, or miss one
            if (!missing.remove(oid)) {
                throw corruptLargeObjects(e, (expected.contains(oid) ? "large object " + oid + " twice" : "large object " + oid)
                        + ", expected only the objects its BLOB entries create");
            }
            print("SELECT pg_catalog.lo_open('" + oid + "', " + INV_WRITE + ");\n");
            int n;
            while ((n = data.readNBytes(buffer, 0, buffer.length)) > 0) {
                writeLine(buffer, n);
            }
            print("SELECT pg_catalog.lo_close(0);\n\n");
        });
        if (!missing.isEmpty()) {
            throw corruptLargeObjects(e, "no data for large object " + missing.iterator().next()
                    + ", expected data for every object its BLOB entries create");
        }
        if (transaction) {
            print("COMMIT;\n\n");
        }
    }

    private static io.stowage.core.error.StowageException corruptLargeObjects(TocEntry e, String problem) {
        return new io.stowage.core.error.StowageException(io.stowage.core.error.ErrorCode.INPUT,
                "archive is corrupt: the data of dump id " + e.dumpId() + " (" + e.desc() + ") holds " + problem,
                "check that the archive is complete and undamaged; make the dump again if it was damaged");
    }

    /** IssueCommandPerBlob: the command around each oid of a BLOB METADATA entry's definition, then a blank line. */
    private static String perLargeObject(TocEntry metadata, String begin, String end) {
        StringBuilder sb = new StringBuilder();
        String defn = metadata.definition() == null ? "" : metadata.definition();
        int start = 0;
        for (int nl = defn.indexOf('\n'); nl >= 0; nl = defn.indexOf('\n', start)) {
            sb.append(begin).append(defn, start, nl).append(end).append(";\n");
            start = nl + 1;
        }
        return sb.append('\n').toString();
    }

    /**
     * IssueACLPerBlob: a 1.16 {@code LARGE OBJECTS a..b} ACL holds its commands once, for the first
     * object; each is repeated for every object of the BLOB METADATA entry it depends on.
     */
    private String aclPerLargeObject(TocEntry acl) {
        TocEntry metadata = null;
        if (!acl.dependencies().isEmpty()) {
            for (TocEntry t : archive.toc().entries()) {
                if (t.dumpId() == acl.dependencies().get(0)) {
                    metadata = t;
                }
            }
        }
        if (metadata == null) {
            throw new io.stowage.core.error.StowageException(io.stowage.core.error.ErrorCode.INPUT,
                    "archive is corrupt: ACL entry " + acl.dumpId() + " (" + acl.tag() + ") names no BLOB METADATA entry it applies to",
                    "check that the archive is complete and undamaged; make the dump again if it was damaged");
        }
        String defn = acl.definition() == null ? "" : acl.definition();
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        int start = 0;
        String firstHalf = null;
        int secondStart = -1;
        for (int i = 0; i < defn.length(); i++) {
            char c = defn.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (quoted) {
                continue;
            }
            if (firstHalf == null && defn.startsWith("LARGE OBJECT ", i)) {
                firstHalf = defn.substring(start, i + 13);
                i += 13;
                while (i < defn.length() && Character.isDigit(defn.charAt(i))) {
                    i++;
                }
                secondStart = i;
                i--;
            } else if (c == ';' && firstHalf != null) {
                sb.append(perLargeObject(metadata, firstHalf, defn.substring(secondStart, i)));
                i++;
                while (i < defn.length() && Character.isWhitespace(defn.charAt(i))) {
                    i++;
                }
                start = i;
                i--;
                firstHalf = null;
            }
        }
        return sb.toString();
    }

    /**
     * The oids whose data a BLOBS entry holds: those of every BLOB entry (archives up to 1.15 have
     * one BLOBS entry), or from 1.16 those listed by the BLOB METADATA entries it depends on.
     */
    private java.util.Set<Long> largeObjectsOf(TocEntry blobs) {
        java.util.Set<Long> oids = new java.util.HashSet<>();
        for (TocEntry t : archive.toc().entries()) {
            if ("BLOB".equals(t.desc()) && t.tag() != null) {
                addOid(oids, t.tag());
            } else if ("BLOB METADATA".equals(t.desc()) && t.definition() != null
                    && blobs.dependencies().contains(t.dumpId())) {
                // pg_dump 17's dumpLO: the group's oids, one a line
                for (String line : t.definition().split("\n")) {
                    addOid(oids, line);
                }
            }
        }
        return oids;
    }

    private static void addOid(java.util.Set<Long> oids, String text) {
        try {
            oids.add(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            // not an oid: such an entry creates nothing we could check against
        }
    }

    /** {@code SELECT pg_catalog.lowrite(0, '\x...');} as appendByteaLiteral writes it. */
    private void writeLine(byte[] data, int length) throws IOException {
        byte[] line = new byte[length * 2 + 48];
        int n = 0;
        String start = standardStrings ? "SELECT pg_catalog.lowrite(0, '\\x" : "SELECT pg_catalog.lowrite(0, E'\\\\x";
        for (char c : start.toCharArray()) {
            line[n++] = (byte) c;
        }
        for (int i = 0; i < length; i++) {
            line[n++] = HEX[(data[i] >> 4) & 0xf];
            line[n++] = HEX[data[i] & 0xf];
        }
        for (char c : "');\n".toCharArray()) {
            line[n++] = (byte) c;
        }
        out.write(line, 0, n);
    }

    /** The comment block that heads every entry. */
    private static String header(TocEntry e, boolean isData, boolean noOwner) {
        StringBuilder sb = new StringBuilder("--\n-- ");
        sb.append(isData ? "Data for " : "").append("Name: ").append(sanitize(e.tag(), false))
                .append("; Type: ").append(e.desc())
                .append("; Schema: ").append(sanitize(e.namespace(), true))
                .append("; Owner: ").append(noOwner || e.owner() == null ? "-" : sanitize(e.owner(), false)); // as pg_restore 15: "" stays empty
        if (e.tablespace() != null && !e.tablespace().isEmpty()) {
            sb.append("; Tablespace: ").append(sanitize(e.tablespace(), false));
        }
        return sb.append("\n--\n\n").toString();
    }

    private static String sanitize(String s, boolean hyphenIfEmpty) {
        if (s == null || s.isEmpty()) {
            return hyphenIfEmpty ? "-" : "";
        }
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    /**
     * _selectOutputSchema: archives before 1.13 have no SEARCHPATH entry and unqualified SQL, so
     * pg_restore sets search_path to each entry's schema.
     */
    private void selectSchema(String schema) throws IOException {
        if (searchPathEntry || schema == null || schema.isEmpty() || schema.equals(currentSchema)) {
            return;
        }
        print("SET search_path = " + ident(schema) + (schema.equals("pg_catalog") ? "" : ", pg_catalog") + ";\n\n");
        currentSchema = schema;
    }

    private void selectTablespace(String tablespace) throws IOException {
        if (tablespace == null || tablespace.equals(currentTablespace)) {
            return;
        }
        print(tablespace.isEmpty() ? "SET default_tablespace = '';\n\n" : "SET default_tablespace = " + ident(tablespace) + ";\n\n");
        currentTablespace = tablespace;
    }

    private void selectAccessMethod(String am) throws IOException {
        if (am == null || am.equals(currentAccessMethod)) {
            return;
        }
        print("SET default_table_access_method = " + ident(am) + ";\n\n");
        currentAccessMethod = am;
    }

    private void print(String s) throws IOException {
        out.write(s.getBytes(charset));
    }
}
