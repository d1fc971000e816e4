package io.stowage.postgres.restore;

import io.stowage.postgres.sql.PgEncoding;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the first part of a script says about it, checked before anything is executed: whether it
 * is a plain SQL script at all, its {@code client_encoding}, and the database its {@code pg_dump -C}
 * entry creates. Custom, directory and tar archives never get here: {@link ArchiveScriptStream}
 * recognises them first and turns them into a script.
 *
 * @param encoding     the script's encoding ({@code UTF8} when it does not set one)
 * @param databaseName the tag of the {@code Type: DATABASE} entry, or {@code null} when there is none
 * @param sourceMajor  the major version of the server the dump was taken from, as its header says
 *                     ({@code -- Dumped from database version 15.4}), or 0 when it does not say
 */
public record ScriptProbe(PgEncoding encoding, String databaseName, int sourceMajor) {
    /** How much of the script is examined: pg_dump writes its header in the first few hundred bytes. */
    static final int PREFIX = 64 * 1024;

    private static final Pattern CLIENT_ENCODING = Pattern.compile(
            "(?im)^\\s*SET\\s+client_encoding\\s*(?:=|TO)\\s*'([^']*)'\\s*;");
    private static final Pattern SOURCE_VERSION = Pattern.compile(
            "(?m)^-- Dumped from database version (\\d+)");
    private static final Pattern DATABASE_ENTRY = Pattern.compile(
            "(?m)^-- Name: (.*); Type: DATABASE; Schema: ");
    /** Words a SQL script can start with (commands of PostgreSQL's grammar). */
    private static final Set<String> COMMANDS = Set.of(
            "ABORT", "ALTER", "ANALYZE", "ANALYSE", "BEGIN", "CALL", "CHECKPOINT", "CLOSE", "CLUSTER", "COMMENT",
            "COMMIT", "COPY", "CREATE", "DEALLOCATE", "DECLARE", "DELETE", "DISCARD", "DO", "DROP", "END", "EXECUTE",
            "EXPLAIN", "FETCH", "GRANT", "IMPORT", "INSERT", "LISTEN", "LOAD", "LOCK", "MERGE", "MOVE", "NOTIFY",
            "PREPARE", "REASSIGN", "REFRESH", "REINDEX", "RELEASE", "RESET", "REVOKE", "ROLLBACK", "SAVEPOINT",
            "SECURITY", "SELECT", "SET", "SHOW", "START", "TABLE", "TRUNCATE", "UNLISTEN", "UPDATE", "VACUUM",
            "VALUES", "WITH");

    /**
     * Examines the start of {@code in} without consuming it.
     *
     * @param in   the script, positioned at its start; must support mark/reset
     * @param name how to call the input in messages ({@code input file "x"}, {@code standard input})
     * @throws StowageException (INPUT) when the input is empty or clearly not a plain SQL script
     */
    public static ScriptProbe of(BufferedInputStream in, String name) throws IOException {
        in.mark(PREFIX + 1);
        byte[] prefix = in.readNBytes(PREFIX);
        in.reset();
        return of(prefix, name);
    }

    static ScriptProbe of(byte[] prefix, String name) {
        String plainFix = "restore a plain-format SQL dump (pg_dump -Fp or stowage dump)";
        if (prefix.length == 0) {
            throw new StowageException(ErrorCode.INPUT, name + " is empty", plainFix);
        }
        if (prefix.length >= 2 && (prefix[0] & 0xff) == 0x1f && (prefix[1] & 0xff) == 0x8b) {
            throw new StowageException(ErrorCode.INPUT, name + " is gzip-compressed",
                    "decompress it first, e.g. gunzip -c f | stowage restore ...");
        }
        if (startsWith(prefix, new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd})) {
            throw new StowageException(ErrorCode.INPUT, name + " is zstd-compressed",
                    "decompress it first, e.g. zstd -dc f | stowage restore ...");
        }
        if (startsWith(prefix, new byte[] {0x04, 0x22, 0x4d, 0x18})) {
            throw new StowageException(ErrorCode.INPUT, name + " is lz4-compressed",
                    "decompress it first, e.g. lz4 -dc f | stowage restore ...");
        }
        for (byte b : prefix) {
            if (b == 0) {
                throw new StowageException(ErrorCode.INPUT, name + " contains binary data (NUL bytes), not a plain SQL dump", plainFix);
            }
        }
        // Latin-1 maps every byte to one char, so offsets and ASCII syntax survive whatever the encoding.
        String text = new String(prefix, StandardCharsets.ISO_8859_1);
        checkStartsWithSql(text, name, plainFix);
        Matcher enc = CLIENT_ENCODING.matcher(text);
        PgEncoding encoding = enc.find() ? PgEncoding.forName(enc.group(1)) : PgEncoding.UTF8;
        Matcher db = DATABASE_ENTRY.matcher(text);
        String database = null;
        if (db.find()) {
            database = new String(db.group(1).getBytes(StandardCharsets.ISO_8859_1), encoding.charset());
        }
        Matcher version = SOURCE_VERSION.matcher(text);
        int sourceMajor = version.find() ? Integer.parseInt(version.group(1)) : 0;
        return new ScriptProbe(encoding, database, sourceMajor);
    }

    /** The first thing after whitespace and comments must be a SQL command word or a meta-command. */
    private static void checkStartsWithSql(String text, String name, String fix) {
        int i = 0;
        int n = text.length();
        if (text.startsWith("\ufeff") || text.startsWith("\u00ef\u00bb\u00bf")) {
            i = text.charAt(0) == '\ufeff' ? 1 : 3;
        }
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (text.startsWith("--", i)) {
                int nl = text.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                if (end < 0) {
                    return;
                }
                i = end + 2;
            } else {
                break;
            }
        }
        if (i >= n) {
            if (n < PREFIX) {
                throw new StowageException(ErrorCode.INPUT, name + " contains no SQL statements", fix);
            }
            return;
        }
        char c = text.charAt(i);
        if (c == '\\' || c == '(') {
            return;
        }
        int end = i;
        while (end < n && Character.isLetter(text.charAt(end))) {
            end++;
        }
        String word = text.substring(i, end).toUpperCase(Locale.ROOT);
        if (!COMMANDS.contains(word)) {
            String shown = text.substring(i, Math.min(n, Math.max(end, i + 1))).strip();
            throw new StowageException(ErrorCode.INPUT, name + " does not look like a SQL script (it starts with \""
                    + (shown.length() > 20 ? shown.substring(0, 20) : shown) + "\")", fix);
        }
    }

    private static boolean startsWith(byte[] data, byte[] magic) {
        if (data.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (data[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
