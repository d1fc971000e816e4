package io.stowage.postgres.archive;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Checks that a plain SQL dump is complete: every {@code COPY ... FROM stdin;} block ends with its
 * {@code \.} line, and the script ends with pg_dump's closing comment
 * {@code -- PostgreSQL database dump complete}. A plain script has no checksums of its own, so a
 * changed byte inside SQL or row text is found only through a manifest.
 */
final class PlainScriptCheck {
    private static final String COMPLETE = "-- PostgreSQL database dump complete";

    private PlainScriptCheck() {
    }

    static VerifySummary check(Path file, long size) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            // a gzip-compressed script (pg_dump -Fp -Z): its own CRC and length catch flips and truncation
            InputStream in = gzip ? new BufferedInputStream(new GZIPInputStream(raw, 64 * 1024), 64 * 1024) : raw;
            return scan(in, file, size, gzip);
        }
    }

    private static VerifySummary scan(InputStream in, Path file, long size, boolean gzip) throws IOException {
        long offset = 0;
        long lineStart = 0;
        long lastNonBlankStart = 0;
        String lastNonBlank = null;
        StringBuilder line = new StringBuilder();
        List<DataRows> tables = new ArrayList<>();
        String copyTable = null;
        long rows = 0;
        long copyBytes = 0;
        long dataBytes = 0;
        int b;
        while ((b = in.read()) >= 0) {
            offset++;
            if (b != '\n') {
                if (line.length() < 4096) {
                    line.append((char) b);
                }
                if (copyTable != null) {
                    copyBytes++;
                }
                continue;
            }
            String text = line.toString();
            line.setLength(0);
            if (copyTable != null) {
                copyBytes++;
                if (text.equals("\\.")) {
                    // "schema.table" as pg_dump qualifies it; quoted names keep their quotes
                    int dot = copyTable.indexOf('.');
                    tables.add(new DataRows(tables.size() + 1, dot < 0 ? null : copyTable.substring(0, dot),
                            copyTable.substring(dot + 1), rows, copyBytes));
                    dataBytes += copyBytes;
                    copyTable = null;
                } else {
                    rows++;
                }
            } else if (text.startsWith("COPY ") && text.endsWith(" FROM stdin;")) {
                copyTable = text.substring(5, text.indexOf(' ', 5) < 0 ? text.length() : text.indexOf(' ', 5));
                rows = 0;
                copyBytes = 0;
            }
            if (!trailer(text)) {
                lastNonBlank = text;
                lastNonBlankStart = lineStart;
            }
            lineStart = offset;
        }
        if (line.length() > 0 && !trailer(line.toString())) {
            lastNonBlank = line.toString();
            lastNonBlankStart = lineStart;
        }
        String where = gzip ? "decompressed offset " : "offset ";
        if (copyTable != null) {
            throw new StowageException(ErrorCode.VERIFICATION, "plain dump \"" + file + "\" is truncated at " + where + offset
                    + ": the COPY data of " + copyTable + " has no \\. end line", "make the dump again; this copy is incomplete");
        }
        if (!COMPLETE.equals(lastNonBlank)) {
            throw new StowageException(ErrorCode.VERIFICATION, "plain dump \"" + file + "\" is truncated at " + where + offset
                    + ": expected the closing line \"" + COMPLETE + "\" that pg_dump writes last, found "
                    + (lastNonBlank == null ? "no text" : "\"" + shorten(lastNonBlank) + "\" at " + where + lastNonBlankStart),
                    "make the dump again; this copy is incomplete");
        }
        return new VerifySummary("PLAIN", null, tables.size(), tables.size(), 0, size, dataBytes, tables);
    }

    /**
     * Lines pg_dump writes after its closing comment: the comment frame, blank lines, and (from the
     * August 2025 minors on) {@code \\unrestrict KEY}.
     */
    private static boolean trailer(String line) {
        return line.isBlank() || line.equals("--") || line.startsWith("\\unrestrict ");
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    static boolean looksPlain(byte[] start) {
        String text = new String(start, StandardCharsets.ISO_8859_1);
        return text.startsWith("--") || text.startsWith("SET ") || text.startsWith("\\") || start.length >= 2
                && (start[0] & 0xff) == 0x1f && (start[1] & 0xff) == 0x8b;
    }
}
