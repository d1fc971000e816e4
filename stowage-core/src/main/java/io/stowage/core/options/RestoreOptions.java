package io.stowage.core.options;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import io.stowage.core.archive.Section;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * How to restore, mirroring pg_restore's options.
 *
 * @param input             the dump to read, or {@code null} for standard input
 * @param singleTransaction {@code -1}: everything in one transaction, all or nothing
 * @param clean             {@code -c}: drop each object before creating it
 * @param ifExists          {@code --if-exists}: use {@code IF EXISTS} in those drops
 * @param create            {@code -C}: create the dumped database and restore into it
 * @param noOwner           {@code -O}: skip ownership changes
 * @param noPrivileges      {@code -x}: skip GRANT and REVOKE
 * @param noComments        {@code --no-comments}: skip comments
 * @param exitOnError       {@code -e}: stop at the first error instead of counting and going on
 * @param dataOnly          {@code -a}: restore only the data
 * @param schemaOnly        {@code -s}: restore only the schema
 * @param sections          {@code --section} choices; empty means all three
 * @param noTablespaces     {@code --no-tablespaces}: skip {@code SET default_tablespace}, so everything
 *                          goes to the target's default tablespace
 * @param noSecurityLabels  {@code --no-security-labels}: skip SECURITY LABEL entries
 * @param selection         pg_restore's name selections ({@code -n -N -t -I -P -T}), archives only
 * @param useList           {@code -L}: a {@code pg_restore -l} listing naming the entries to restore
 *                          and their order, archives only; {@code null} for all in archive order
 * @param disableTriggers   {@code --disable-triggers}: with a data-only restore, disable the
 *                          tables' triggers while their data is loaded
 * @param noDataForFailedTables {@code --no-data-for-failed-tables}: skip the data of a table whose
 *                          creation failed (archives only)
 * @param freeze            load each table the restore creates and loads with one data entry as
 *                          {@code COPY ... WITH (FREEZE)}, after a TRUNCATE in the same transaction
 *                          (on by default; {@code --no-freeze} turns it off): its rows are frozen
 *                          and its pages marked all-visible as they are written, so the index builds
 *                          and foreign-key checks that follow read them without per-row visibility
 *                          checks, and no anti-wraparound VACUUM has to rewrite them later. The
 *                          native engine's way of loading (archives only); the tools engine has no
 *                          such flag and loads without it
 * @param fkNotValid        {@code --fk-not-valid}: add each foreign key {@code NOT VALID}, then
 *                          validate it with {@code ALTER TABLE ... VALIDATE CONSTRAINT}, whose lock
 *                          (SHARE UPDATE EXCLUSIVE on the referencing table, ROW SHARE on the
 *                          referenced one) lets reads and writes of both go on while the rows are
 *                          checked; the constraints end validated, as in the archive (native engine)
 */
public record RestoreOptions(
        Path input,
        boolean singleTransaction,
        boolean clean,
        boolean ifExists,
        boolean create,
        boolean noOwner,
        boolean noPrivileges,
        boolean noComments,
        boolean exitOnError,
        boolean dataOnly,
        boolean schemaOnly,
        Set<Section> sections,
        boolean noTablespaces,
        boolean noSecurityLabels,
        NameSelection selection,
        Path useList,
        boolean disableTriggers,
        boolean noDataForFailedTables,
        boolean freeze,
        boolean fkNotValid) {

    public RestoreOptions {
        sections = sections.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(sections));
        selection = selection == null ? NameSelection.NONE : selection;
        if (dataOnly && schemaOnly) {
            throw new StowageException(ErrorCode.USAGE, "options -s/--schema-only and -a/--data-only cannot be used together",
                    "choose one of them");
        }
        if (dataOnly && clean) {
            throw new StowageException(ErrorCode.USAGE, "options -c/--clean and -a/--data-only cannot be used together",
                    "drop -c, or restore the schema too");
        }
        if (ifExists && !clean) {
            throw new StowageException(ErrorCode.USAGE, "option --if-exists requires option -c/--clean",
                    "add -c, or drop --if-exists");
        }
        if (create && singleTransaction) {
            throw new StowageException(ErrorCode.USAGE, "options -C/--create and -1/--single-transaction cannot be used together",
                    "CREATE DATABASE cannot run inside a transaction; choose one of them");
        }
    }

    /**
     * Whether this restore covers {@code section}: every section unless {@code --section} chose some.
     * The choice is a mask of its own, independent of {@code -a} and {@code -s} (which select data
     * or schema components, so that large objects count as data wherever their section is), as
     * pg_dump's and pg_restore's {@code dumpSections}; the two combine without an error there too.
     */
    public boolean covers(Section section) {
        return sections.isEmpty() || sections.contains(section);
    }

    /** Whether entries are chosen by more than the defaults: names, a use list. */
    public boolean selective() {
        return !selection.isEmpty() || useList != null;
    }

    /** These options with {@link #freeze()} set to {@code freeze}. */
    public RestoreOptions withFreeze(boolean freeze) {
        return new RestoreOptions(input, singleTransaction, clean, ifExists, create, noOwner, noPrivileges, noComments, exitOnError,
                dataOnly, schemaOnly, sections, noTablespaces, noSecurityLabels, selection, useList, disableTriggers,
                noDataForFailedTables, freeze, fkNotValid);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder; {@link #build()} validates the combination. */
    public static final class Builder {
        private Path input;
        private boolean singleTransaction, clean, ifExists, create, noOwner, noPrivileges, noComments, exitOnError;
        private boolean dataOnly, schemaOnly;
        private final Set<Section> sections = EnumSet.noneOf(Section.class);
        private boolean noTablespaces, noSecurityLabels;
        private NameSelection selection = NameSelection.NONE;
        private Path useList;
        private boolean disableTriggers, noDataForFailedTables;
        private boolean freeze = true;
        private boolean fkNotValid;

        public Builder input(Path v) { input = v; return this; }
        public Builder singleTransaction(boolean v) { singleTransaction = v; return this; }
        public Builder clean(boolean v) { clean = v; return this; }
        public Builder ifExists(boolean v) { ifExists = v; return this; }
        public Builder create(boolean v) { create = v; return this; }
        public Builder noOwner(boolean v) { noOwner = v; return this; }
        public Builder noPrivileges(boolean v) { noPrivileges = v; return this; }
        public Builder noComments(boolean v) { noComments = v; return this; }
        public Builder exitOnError(boolean v) { exitOnError = v; return this; }
        public Builder dataOnly(boolean v) { dataOnly = v; return this; }
        public Builder schemaOnly(boolean v) { schemaOnly = v; return this; }
        public Builder section(Section v) { sections.add(v); return this; }
        public Builder noTablespaces(boolean v) { noTablespaces = v; return this; }
        public Builder noSecurityLabels(boolean v) { noSecurityLabels = v; return this; }
        public Builder selection(NameSelection v) { selection = v; return this; }
        public Builder useList(Path v) { useList = v; return this; }
        public Builder disableTriggers(boolean v) { disableTriggers = v; return this; }
        public Builder noDataForFailedTables(boolean v) { noDataForFailedTables = v; return this; }
        public Builder freeze(boolean v) { freeze = v; return this; }
        public Builder fkNotValid(boolean v) { fkNotValid = v; return this; }

        public RestoreOptions build() {
            return new RestoreOptions(input, singleTransaction, clean, ifExists, create, noOwner, noPrivileges, noComments, exitOnError,
                    dataOnly, schemaOnly, sections, noTablespaces, noSecurityLabels, selection, useList, disableTriggers,
                    noDataForFailedTables, freeze, fkNotValid);
        }
    }
}
