package io.stowage.postgres.archive;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@code -L/--use-list} file read as pg_restore's SortTocFromFile reads it: everything from a
 * {@code ;} to the end of the line is a comment, blank lines are skipped, and each other line
 * starts with the dump id of an entry to restore, in the order to restore them ({@code pg_restore
 * -l} output, edited, is such a file). A line whose id is not a number, out of range or already
 * listed is ignored with a warning.
 */
public final class UseList {

    private UseList() {
    }

    /**
     * The listed dump ids in order.
     *
     * @param warnings receives pg_restore's "line ignored" warnings
     */
    public static List<Integer> read(Path file, CustomArchiveToc toc, Consumer<String> warnings) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new StowageException(ErrorCode.INPUT, "cannot read the -L/--use-list file \"" + file + "\": " + e.getMessage(),
                    "check the path; make the file with stowage restore -l (or pg_restore -l) and edit it", e);
        }
        return parse(lines, toc, warnings, file.toString());
    }

    static List<Integer> parse(List<String> lines, CustomArchiveToc toc, Consumer<String> warnings, String name) {
        int maxDumpId = 0;
        Set<Integer> present = new HashSet<>();
        for (TocEntry e : toc.entries()) {
            maxDumpId = Math.max(maxDumpId, e.dumpId());
            present.add(e.dumpId());
        }
        List<Integer> ids = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (String raw : lines) {
            int comment = raw.indexOf(';');
            String line = comment >= 0 ? raw.substring(0, comment) : raw;
            if (line.isBlank()) {
                continue;
            }
            // strtol: leading blanks, an optional sign, digits; whatever follows is ignored
            String trimmed = line.stripLeading();
            int end = 0;
            if (end < trimmed.length() && (trimmed.charAt(end) == '+' || trimmed.charAt(end) == '-')) {
                end++;
            }
            int digits = end;
            while (end < trimmed.length() && Character.isDigit(trimmed.charAt(end)) && end - digits < 10) {
                end++;
            }
            long id = end > digits ? Long.parseLong(trimmed.substring(0, end)) : 0;
            if (end == digits || id <= 0 || id > maxDumpId || seen.contains((int) id)) {
                warnings.accept("line ignored: " + line);
                continue;
            }
            if (!present.contains((int) id)) {
                throw new StowageException(ErrorCode.INPUT, "could not find entry for ID " + id + " (listed in \"" + name + "\")",
                        "make the list from this archive with stowage restore -l (or pg_restore -l)");
            }
            seen.add((int) id);
            ids.add((int) id);
        }
        return ids;
    }
}
