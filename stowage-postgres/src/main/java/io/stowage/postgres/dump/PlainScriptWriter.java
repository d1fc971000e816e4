package io.stowage.postgres.dump;

import io.stowage.core.archive.ArchiveEntry;
import io.stowage.core.progress.ProgressEvent;
import io.stowage.core.progress.ProgressListener;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.stowage.postgres.sql.SqlText.ident;

/**
 * Writes entries as pg_dump's plain SQL script, laid out as pg_backup_archiver.c's RestoreArchive
 * and _printTocEntry lay it out: header, fixed SET preamble, drops in reverse order for
 * {@code -c}, then the entries in three passes (everything but ACLs; ACLs; materialized view
 * refreshes and event triggers), footer.
 */
public final class PlainScriptWriter {
    /**
     * Streams one TABLE DATA entry's rows, in COPY text format, to the script; or, for the BLOBS
     * entry, every large object's bytes as lo_open/lowrite/lo_close statements.
     */
    @FunctionalInterface
    public interface TableDataSource {
        /** Writes the rows (large objects) and returns how many there were. */
        long copy(ArchiveEntry entry, OutputStream out) throws IOException;
    }

    /** Settings of the plain output. */
    public record Settings(boolean noOwner, boolean clean, boolean ifExists, boolean create,
                           String serverVersion, String dumpedBy) {
    }

    /** Storage settings pg_dump keeps in its TOC but ArchiveEntry does not: tablespace and table access method. */
    public record Storage(String tablespace, String tableAccessMethod) {
    }

    private final OutputStream out;
    private final Settings settings;
    private final Map<Integer, Storage> storage;
    private final ProgressListener listener;
    private String currentTablespace;
    private String currentAccessMethod;

    public PlainScriptWriter(OutputStream out, Settings settings, Map<Integer, Storage> storage, ProgressListener listener) {
        this.out = out;
        this.settings = settings;
        this.storage = storage;
        this.listener = listener;
    }

    /** Writes the whole script. */
    public void write(List<ArchiveEntry> entries, TableDataSource data) throws IOException {
        print("--\n-- PostgreSQL database dump\n--\n\n");
        print("-- Dumped from database version " + settings.serverVersion() + "\n");
        print("-- Dumped by " + settings.dumpedBy() + "\n\n");
        preamble();
        if (settings.clean()) {
            for (int i = entries.size() - 1; i >= 0; i--) {
                ArchiveEntry e = entries.get(i);
                if (settings.create() && !"DATABASE".equals(e.desc()) && !"DATABASE PROPERTIES".equals(e.desc())) {
                    continue;
                }
                print(DropCommand.statement(e, settings.ifExists()));
            }
        }
        for (int pass = 0; pass < 3; pass++) {
            for (ArchiveEntry e : entries) {
                if (restorePass(e) != pass) {
                    continue;
                }
                writeEntry(e, data);
            }
        }
        print("--\n-- PostgreSQL database dump complete\n--\n\n");
    }

    /** pg_backup_archiver.c's _tocEntryRestorePass. */
    static int restorePass(ArchiveEntry e) {
        return switch (e.desc()) {
            case "ACL", "ACL LANGUAGE", "DEFAULT ACL" -> 1;
            case "EVENT TRIGGER", "MATERIALIZED VIEW DATA" -> 2;
            // an event trigger's comment and security labels go with it, as pg_dump 15.18 writes them
            case "COMMENT", "SECURITY LABEL" -> e.tag().startsWith("EVENT TRIGGER ") ? 2 : 0;
            // pg_dump 18: post-data statistics (indexes, materialized views) after the REFRESHes
            case "STATISTICS DATA" -> e.section() == io.stowage.core.archive.Section.POST_DATA ? 2 : 0;
            default -> 0;
        };
    }

    private void preamble() throws IOException {
        print("SET statement_timeout = 0;\n"
                + "SET lock_timeout = 0;\n"
                + "SET idle_in_transaction_session_timeout = 0;\n"
                + "SET client_encoding = 'UTF8';\n"
                + "SET standard_conforming_strings = on;\n"
                + "SELECT pg_catalog.set_config('search_path', '', false);\n"
                + "SET check_function_bodies = false;\n"
                + "SET xmloption = content;\n"
                + "SET client_min_messages = warning;\n"
                + "SET row_security = off;\n\n");
    }

    private void writeEntry(ArchiveEntry e, TableDataSource data) throws IOException {
        Storage st = storage.get(e.dumpId());
        if (st != null) {
            selectTablespace(st.tablespace());
            selectAccessMethod(st.tableAccessMethod());
        }
        boolean isData = e.hasData() || "BLOBS".equals(e.desc());
        print(header(e, isData, settings.noOwner(), st == null ? null : st.tablespace()));
        if (!e.definition().isEmpty()) {
            print(e.definition() + "\n\n");
        }
        if (!settings.noOwner()) {
            print(OwnerCommand.statement(e));
        }
        // pg_backup_archiver.c reconnects after DATABASE PROPERTIES too, so that the settings apply
        if (("DATABASE".equals(e.desc()) || "DATABASE PROPERTIES".equals(e.desc())) && settings.create()) {
            print(connect(e.tag()) + "\n");
            currentTablespace = null;
            currentAccessMethod = null;
            preamble();
        }
        listener.onEvent(new ProgressEvent.Entry(e.desc(), e.namespace(), e.tag()));
        if ("BLOBS".equals(e.desc())) {
            out.flush();
            data.copy(e, out);
        }
        if (e.hasData()) {
            print(e.copyStatement());
            out.flush();
            data.copy(e, out);
            print("\\.\n\n\n");
        }
    }

    /** The comment block that heads every entry. */
    static String header(ArchiveEntry e, boolean isData, boolean noOwner, String tablespace) {
        StringBuilder sb = new StringBuilder("--\n-- ");
        sb.append(isData ? "Data for " : "STATISTICS DATA".equals(e.desc()) ? "Statistics for " : "").append("Name: ").append(sanitize(e.tag(), false))
                .append("; Type: ").append(e.desc())
                .append("; Schema: ").append(sanitize(e.namespace(), true))
                .append("; Owner: ").append(noOwner ? "-" : sanitize(e.owner(), true));
        if (tablespace != null && !tablespace.isEmpty()) {
            sb.append("; Tablespace: ").append(sanitize(tablespace, false));
        }
        return sb.append("\n--\n\n").toString();
    }

    private static String sanitize(String s, boolean hyphenIfEmpty) {
        if (s == null || s.isEmpty()) {
            return hyphenIfEmpty ? "-" : "";
        }
        return s.replace('\n', ' ').replace('\r', ' ');
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

    /** psql's {@code \connect} for a database name, quoted as pg_dump's appendPsqlMetaConnect does. */
    public static String connect(String db) {
        boolean complex = false;
        for (char c : db.toCharArray()) {
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.')) {
                complex = true;
            }
        }
        if (!complex) {
            return "\\connect " + ident(db) + "\n";
        }
        StringBuilder conn = new StringBuilder("dbname='");
        for (char c : db.toCharArray()) {
            if (c == '\'' || c == '\\') {
                conn.append('\\');
            }
            conn.append(c);
        }
        conn.append('\'');
        return "\\connect -reuse-previous=on " + ident(conn.toString()) + "\n";
    }

    private void print(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }
}
