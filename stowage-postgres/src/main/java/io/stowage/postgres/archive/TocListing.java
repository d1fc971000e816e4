package io.stowage.postgres.archive;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Formats an archive's TOC as {@code pg_restore -l} does (pg_backup_archiver.c's
 * {@code PrintTOCSummary}): a comment block describing the archive, then one line per non-special
 * entry, {@code dumpId; tableoid oid desc namespace tag owner}.
 */
public final class TocListing {

    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", Locale.ROOT);

    private TocListing() {
    }

    /**
     * The listing, formatting the creation time in {@code zone} (pg_restore uses its own local time
     * zone) and naming the format as given ({@code CUSTOM}, {@code DIRECTORY} or {@code TAR}).
     * With {@code createDatabase} ({@code pg_restore -C -l}) the database's own entries are listed.
     */
    public static String format(CustomArchiveToc toc, String formatName, ZoneId zone, boolean createDatabase) {
        List<TocEntry> listed = toc.entries().stream()
                .filter(e -> !e.isSpecial() && (createDatabase || !isDatabaseLevel(e))).toList();
        return format(toc, formatName, zone, listed);
    }

    /**
     * The listing of {@code listed}, in that order: the entries a restore with the same options
     * would process ({@link TocSelection}), as {@code pg_restore -l} with selection options or
     * {@code -L} prints them.
     */
    public static String format(CustomArchiveToc toc, String formatName, ZoneId zone, List<TocEntry> listed) {
        ArchiveHeader h = toc.header();
        StringBuilder sb = new StringBuilder();
        sb.append(";\n");
        sb.append("; Archive created at ").append(createdText(h.created(), zone)).append('\n');
        sb.append(";     dbname: ").append(sanitize(h.databaseName(), false)).append('\n');
        sb.append(";     TOC Entries: ").append(toc.entries().size()).append('\n');
        sb.append(";     Compression: ").append(h.compression().listingText()).append('\n');
        sb.append(";     Dump Version: ").append(h.version().listingText()).append('\n');
        sb.append(";     Format: ").append(formatName).append('\n');
        sb.append(";     Integer: ").append(h.intSize()).append(" bytes\n");
        sb.append(";     Offset: ").append(h.offsetSize()).append(" bytes\n");
        if (h.serverVersion() != null) {
            sb.append(";     Dumped from database version: ").append(h.serverVersion()).append('\n');
        }
        if (h.pgDumpVersion() != null) {
            sb.append(";     Dumped by pg_dump version: ").append(h.pgDumpVersion()).append('\n');
        }
        sb.append(";\n;\n; Selected TOC Entries:\n;\n");
        for (TocEntry e : listed) {
            sb.append(e.dumpId()).append("; ")
                    .append(e.tableOid()).append(' ')
                    .append(e.oid()).append(' ')
                    .append(e.desc()).append(' ')
                    .append(sanitize(e.namespace(), true)).append(' ')
                    .append(sanitize(e.tag(), false)).append(' ')
                    .append(sanitize(e.owner(), false)).append('\n');
        }
        return sb.toString();
    }

    /** The listing without {@code -C}: the database's own entries are left out, as pg_restore does. */
    public static String format(CustomArchiveToc toc, String formatName, ZoneId zone) {
        return format(toc, formatName, zone, false);
    }

    /** A custom archive's listing in the JVM's time zone. */
    public static String format(CustomArchiveToc toc) {
        return format(toc, "CUSTOM", ZoneId.systemDefault());
    }

    // pg_restore applies DATABASE, DATABASE PROPERTIES and the database's comment, ACL and label
    // only with -C (_tocEntryRequired), so -l shows them only then
    private static boolean isDatabaseLevel(TocEntry e) {
        if ("DATABASE".equals(e.desc()) || "DATABASE PROPERTIES".equals(e.desc())) {
            return true;
        }
        boolean attached = "COMMENT".equals(e.desc()) || "ACL".equals(e.desc()) || "SECURITY LABEL".equals(e.desc());
        return attached && e.tag() != null && e.tag().startsWith("DATABASE ");
    }

    private static String createdText(ArchiveTimestamp created, ZoneId zone) {
        ZonedDateTime time = created.toLocalDateTime().atZone(zone);
        return CREATED.format(time);
    }

    // pg_restore's sanitize_line: NULL or empty becomes "-" or "", newlines become spaces
    private static String sanitize(String text, boolean hyphenIfEmpty) {
        if (text == null || text.isEmpty()) {
            return hyphenIfEmpty ? "-" : "";
        }
        return text.replace('\n', ' ').replace('\r', ' ');
    }
}
