package io.stowage.postgres.restore;

import io.stowage.core.archive.Section;
import io.stowage.core.options.RestoreOptions;

import java.util.Set;

/** Decides, from the restore options, which entries and statements of a script are executed. */
final class EntryFilter {
    private static final Set<String> ACL_TYPES = Set.of("ACL", "DEFAULT ACL", "ACL LANGUAGE");
    private static final Set<String> DATABASE_TYPES = Set.of("DATABASE", "DATABASE PROPERTIES");
    private static final Set<String> DATABASE_DETAIL_TYPES = Set.of("COMMENT", "ACL", "SECURITY LABEL");

    private final RestoreOptions options;
    private final boolean preselected;
    private final EntrySections sections = new EntrySections();

    EntryFilter(RestoreOptions options) {
        this(options, false);
    }

    /**
     * @param preselected the script holds only wanted entries: an archive's script, written for
     *                    the entries its TOC selected, whose sections and order (-L) the headers
     *                    cannot tell again
     */
    EntryFilter(RestoreOptions options, boolean preselected) {
        this.options = options;
        this.preselected = preselected;
    }

    /**
     * Whether the entry is restored at all (pg_restore's _tocEntryRequired, for the options we
     * have). Call it once for every header, in script order: entries without a section of their
     * own take the one of the entry before them.
     */
    boolean wanted(ScriptItem.EntryHeader header) {
        if (preselected) {
            return true;
        }
        String desc = header.desc();
        Section section = sections.next(header);
        if (DATABASE_TYPES.contains(desc)) {
            return options.create(); // restored with -C and not otherwise, whatever the sections
        }
        if (!options.covers(section)) {
            return false;
        }
        boolean data = EntrySections.isData(header, section);
        if (options.dataOnly() && !data || options.schemaOnly() && data) {
            return false;
        }
        if (options.noPrivileges() && ACL_TYPES.contains(desc)) {
            return false;
        }
        if (options.noComments() && desc.equals("COMMENT")) {
            return false;
        }
        if (options.noSecurityLabels() && desc.equals("SECURITY LABEL")) {
            return false;
        }
        if (!options.create()) {
            // Without -C the database itself is not ours to create or change: restore into -d.
            if (DATABASE_TYPES.contains(desc)) {
                return false;
            }
            if (DATABASE_DETAIL_TYPES.contains(desc) && header.tag().startsWith("DATABASE ")) {
                return false;
            }
        }
        return true;
    }

    /** Why a statement of a wanted entry is skipped, or {@code null} to execute it. */
    String skipReason(SqlTokens t) {
        String command = t.command();
        if (command.equals("SET") && t.is(1, "client_encoding")
                || command.equals("RESET") && t.is(1, "client_encoding")) {
            return "the driver always uses UTF-8";
        }
        if (options.noOwner()) {
            if (command.equals("SET") && t.is(1, "SESSION") && t.is(2, "AUTHORIZATION")) {
                return "-O/--no-owner";
            }
            if (command.equals("ALTER") && isOwnerTo(t)) {
                return "-O/--no-owner";
            }
        }
        if (options.noTablespaces() && command.equals("SET") && t.is(1, "default_tablespace")) {
            return "--no-tablespaces"; // pg_restore's _selectTablespace, skipped
        }
        if (options.noPrivileges() && (command.equals("GRANT") || command.equals("REVOKE"))) {
            return "-x/--no-privileges";
        }
        if (!options.create() && command.equals("DROP") && t.is(1, "DATABASE")) {
            return "the database is only dropped with -C/--create";
        }
        return null;
    }

    /** {@code ALTER ... OWNER TO role} at the end of the statement. */
    static boolean isOwnerTo(SqlTokens t) {
        int end = t.size();
        if (end > 0 && t.get(end - 1).isPunct(';')) {
            end--;
        }
        return end >= 4 && t.get(end - 3).is("OWNER") && t.get(end - 2).is("TO") && t.get(end - 3).depth() == 0;
    }
}
