package io.stowage.tools.pg;

import io.stowage.core.archive.Section;
import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.CompressionAlgorithm;
import io.stowage.core.options.CompressionSpec;
import io.stowage.core.options.DumpOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * pg_dump's arguments for a {@link DumpOptions}: each option of the model mapped one to one to its
 * flag, checked against the pg_dump version that will run. Connection flags come from
 * {@link ChildConnection}; {@code --verbose} is always passed, because its lines are the engine's
 * progress events.
 */
public final class DumpArguments {
    private DumpArguments() {
    }

    /**
     * The arguments, without the connection flags.
     *
     * @param options what to dump
     * @param version the pg_dump that will run
     * @param file    where pg_dump writes ({@code -f}): the temporary name of the output; {@code null} for standard output
     * @throws io.stowage.core.error.StowageException ({@link io.stowage.core.error.ErrorCode#USAGE}) for an option this
     *                                                pg_dump lacks
     */
    public static List<String> of(DumpOptions options, PgVersion version, Path file) {
        PgTool tool = PgTool.PG_DUMP;
        List<String> args = new ArrayList<>();
        args.add("--verbose");
        args.add("--format=" + formatLetter(options.format()));
        if (file != null) {
            args.add("--file=" + file);
        }
        if (options.compression() != null) {
            args.add("--compress=" + compression(options.compression(), version));
        }
        options.includeSchemas().forEach(p -> args.add("--schema=" + p));
        options.excludeSchemas().forEach(p -> args.add("--exclude-schema=" + p));
        options.includeTables().forEach(p -> args.add("--table=" + p));
        options.excludeTables().forEach(p -> args.add("--exclude-table=" + p));
        options.excludeTableData().forEach(p -> args.add("--exclude-table-data=" + p));
        flag(args, options.dataOnly(), "--data-only");
        flag(args, options.schemaOnly(), "--schema-only");
        flag(args, options.noOwner(), "--no-owner");
        flag(args, options.noPrivileges(), "--no-privileges");
        if (options.noComments()) {
            ToolFeatures.require(tool, version, "--no-comments", 11);
            args.add("--no-comments");
        }
        flag(args, options.clean(), "--clean");
        flag(args, options.ifExists(), "--if-exists");
        flag(args, options.create(), "--create");
        for (Section s : Section.values()) {
            if (!options.sections().isEmpty() && options.sections().contains(s)) {
                args.add("--section=" + sectionName(s));
            }
        }
        flag(args, options.noTablespaces(), "--no-tablespaces");
        flag(args, options.noSecurityLabels(), "--no-security-labels");
        if (options.statistics()) {
            ToolFeatures.require(tool, version, "--statistics", 18);
            args.add("--statistics");
        }
        if (options.noStatistics()) {
            ToolFeatures.require(tool, version, "--no-statistics", 18);
            args.add("--no-statistics");
        }
        if (options.statisticsOnly()) {
            ToolFeatures.require(tool, version, "--statistics-only", 18);
            args.add("--statistics-only");
        }
        if (options.jobs() > 1) {
            if (options.format() != ArchiveFormat.DIRECTORY) {
                // the native engine reads in parallel for custom and tar archives too; pg_dump only for directories
                throw ToolFeatures.unsupported(tool, "-j/--jobs with the " + options.format().name().toLowerCase(Locale.ROOT)
                        + " format", "use -F d for a parallel dump with pg_dump, or use the native engine");
            }
            args.add("--jobs=" + options.jobs());
        }
        if (options.snapshot() != null) {
            args.add("--snapshot=" + options.snapshot());
        }
        if (options.lockWaitTimeout() != null) {
            args.add("--lock-wait-timeout=" + options.lockWaitTimeout());
        }
        flag(args, options.noSync(), "--no-sync");
        return args;
    }

    private static void flag(List<String> args, boolean set, String flag) {
        if (set) {
            args.add(flag);
        }
    }

    static String formatLetter(ArchiveFormat format) {
        return switch (format) {
            case PLAIN -> "p";
            case CUSTOM -> "c";
            case DIRECTORY -> "d";
            case TAR -> "t";
        };
    }

    static String sectionName(Section section) {
        return switch (section) {
            case PRE_DATA -> "pre-data";
            case DATA -> "data";
            case POST_DATA -> "post-data";
            default -> throw new IllegalArgumentException("not a dump section: " + section);
        };
    }

    /**
     * {@code -Z}'s value: pg_dump 16 takes {@code algorithm[:level]}; older ones take only a gzip level,
     * 0 meaning none.
     */
    static String compression(CompressionSpec spec, PgVersion version) {
        if (version.major() >= 16) {
            return spec.toString();
        }
        if (spec.algorithm() == CompressionAlgorithm.LZ4 || spec.algorithm() == CompressionAlgorithm.ZSTD) {
            ToolFeatures.require(PgTool.PG_DUMP, version, "--compress=" + spec, 16);
        }
        // gzip without a level: zlib's default, which pg_dump 15 spells as its level 6
        return Integer.toString(spec.effectiveLevel());
    }
}
