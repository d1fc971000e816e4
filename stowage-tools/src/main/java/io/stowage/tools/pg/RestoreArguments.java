package io.stowage.tools.pg;

import io.stowage.core.archive.Section;
import io.stowage.core.options.NameSelection;
import io.stowage.core.options.RestoreOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of the program that restores a dump: pg_restore for archives, each
 * {@link RestoreOptions} option mapped one to one to its flag; psql for plain-text scripts, which
 * can apply only {@code -1} and {@code -e} (pg_restore itself refuses scripts and says to use psql).
 * {@link RestoreOptions#freeze()} is the native engine's way of loading and has no flag in either
 * program: the tools load without it (the CLI refuses an explicit {@code --freeze} with them).
 * {@link RestoreOptions#fkNotValid()} has none either, and {@link ToolsRestorer#check} refuses it.
 * Connection flags come from {@link ChildConnection}.
 */
public final class RestoreArguments {
    private RestoreArguments() {
    }

    /**
     * pg_restore's arguments, without the connection flags.
     *
     * @param options how to restore
     * @param version the pg_restore that will run
     * @param archive the archive file or directory, or {@code null} to read standard input
     */
    public static List<String> pgRestore(RestoreOptions options, PgVersion version, Path archive) {
        return pgRestore(options, version, archive, 1);
    }

    /**
     * pg_restore's arguments with {@code jobs} parallel connections ({@code -j}, which pg_restore allows
     * for custom archive files and directory archives only, and refuses itself otherwise).
     */
    public static List<String> pgRestore(RestoreOptions options, PgVersion version, Path archive, int jobs) {
        PgTool tool = PgTool.PG_RESTORE;
        List<String> args = new ArrayList<>();
        args.add("--verbose");
        flag(args, options.singleTransaction(), "--single-transaction");
        flag(args, options.clean(), "--clean");
        flag(args, options.ifExists(), "--if-exists");
        flag(args, options.create(), "--create");
        flag(args, options.noOwner(), "--no-owner");
        flag(args, options.noPrivileges(), "--no-privileges");
        if (options.noComments()) {
            ToolFeatures.require(tool, version, "--no-comments", 11);
            args.add("--no-comments");
        }
        flag(args, options.exitOnError(), "--exit-on-error");
        flag(args, options.dataOnly(), "--data-only");
        flag(args, options.schemaOnly(), "--schema-only");
        for (Section s : Section.values()) {
            if (options.sections().contains(s)) {
                args.add("--section=" + DumpArguments.sectionName(s));
            }
        }
        flag(args, options.noTablespaces(), "--no-tablespaces");
        flag(args, options.noSecurityLabels(), "--no-security-labels");
        NameSelection sel = options.selection();
        sel.schemas().forEach(n -> args.add("--schema=" + n));
        if (!sel.excludeSchemas().isEmpty()) {
            ToolFeatures.require(tool, version, "-N/--exclude-schema", 10);
            sel.excludeSchemas().forEach(n -> args.add("--exclude-schema=" + n));
        }
        sel.tables().forEach(n -> args.add("--table=" + n));
        sel.indexes().forEach(n -> args.add("--index=" + n));
        sel.functions().forEach(n -> args.add("--function=" + n));
        sel.triggers().forEach(n -> args.add("--trigger=" + n));
        if (options.useList() != null) {
            args.add("--use-list=" + options.useList());
        }
        flag(args, options.disableTriggers(), "--disable-triggers");
        flag(args, options.noDataForFailedTables(), "--no-data-for-failed-tables");
        if (jobs > 1) {
            args.add("--jobs=" + jobs);
        }
        if (archive != null) {
            args.add(archive.toString());
        }
        return args;
    }

    /**
     * psql's arguments for a plain-text script, without the connection flags.
     *
     * @param script the script, or {@code null} to read standard input
     * @throws io.stowage.core.error.StowageException ({@link io.stowage.core.error.ErrorCode#USAGE}) for an option
     *                                                psql cannot apply to a script
     */
    public static List<String> psql(RestoreOptions options, Path script) {
        return psql(options, script, 1);
    }

    /** psql's arguments; more than one job is rejected, since a script runs on one connection. */
    public static List<String> psql(RestoreOptions options, Path script, int jobs) {
        rejectForScript(jobs > 1, "-j/--jobs");
        rejectForScript(options.clean(), "-c/--clean");
        rejectForScript(options.create(), "-C/--create");
        rejectForScript(options.noOwner(), "-O/--no-owner");
        rejectForScript(options.noPrivileges(), "-x/--no-privileges");
        rejectForScript(options.noComments(), "--no-comments");
        rejectForScript(options.dataOnly(), "-a/--data-only");
        rejectForScript(options.schemaOnly(), "-s/--schema-only");
        rejectForScript(!options.sections().isEmpty(), "--section");
        rejectForScript(options.noTablespaces(), "--no-tablespaces");
        rejectForScript(options.noSecurityLabels(), "--no-security-labels");
        rejectForScript(!options.selection().isEmpty(), "-n/-N/-t/-I/-P/-T");
        rejectForScript(options.useList() != null, "-L/--use-list");
        rejectForScript(options.disableTriggers(), "--disable-triggers");
        rejectForScript(options.noDataForFailedTables(), "--no-data-for-failed-tables");
        List<String> args = new ArrayList<>();
        // no ~/.psqlrc: a user's settings must not change what a restore does
        args.add("--no-psqlrc");
        args.add("--quiet");
        if (options.exitOnError()) {
            args.add("--set=ON_ERROR_STOP=1");
        }
        flag(args, options.singleTransaction(), "--single-transaction");
        // "-" for standard input: --single-transaction applies only to -f and -c
        args.add("--file=" + (script == null ? "-" : script.toString()));
        return args;
    }

    private static void rejectForScript(boolean set, String option) {
        if (set) {
            throw ToolFeatures.unsupported(PgTool.PSQL, option + " with a plain-text script",
                    "restore the script with the native engine, or dump in an archive format (-F c) for pg_restore");
        }
    }

    private static void flag(List<String> args, boolean set, String flag) {
        if (set) {
            args.add(flag);
        }
    }
}
