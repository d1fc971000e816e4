package io.stowage.postgres.sql;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A PostgreSQL client encoding and the Java charset that decodes it: what a script's
 * {@code SET client_encoding} or an archive's ENCODING entry names.
 *
 * @param pgName      PostgreSQL's canonical name ({@code UTF8}, {@code LATIN1}, {@code SJIS} ...)
 * @param charset     the Java charset for it
 * @param asciiUnsafe true for the client-only encodings whose multibyte characters may contain
 *                    bytes that look like ASCII ({@code \}, {@code '}, {@code ;}), which a byte
 *                    lexer cannot read: such scripts are transcoded to UTF-8 before lexing
 */
public record PgEncoding(String pgName, Charset charset, boolean asciiUnsafe) {

    /** The encoding of scripts that do not name one. */
    public static final PgEncoding UTF8 = new PgEncoding("UTF8", StandardCharsets.UTF_8, false);

    /** PostgreSQL encoding (canonical name) to Java charset name. */
    private static final Map<String, String> JAVA = new HashMap<>();
    /** Every spelling pg_char_to_encoding accepts (normalized by {@link #normalize}) to the canonical name. */
    private static final Map<String, String> ALIASES = new HashMap<>();

    static {
        // SQL_ASCII means "no conversion": pgjdbc always speaks UTF-8, so the bytes pass through as UTF-8.
        define("SQL_ASCII", "UTF-8", "sqlascii");
        define("UTF8", "UTF-8", "utf8", "unicode");
        define("LATIN1", "ISO-8859-1", "latin1", "iso88591");
        define("LATIN2", "ISO-8859-2", "latin2", "iso88592");
        define("LATIN3", "ISO-8859-3", "latin3", "iso88593");
        define("LATIN4", "ISO-8859-4", "latin4", "iso88594");
        define("LATIN5", "ISO-8859-9", "latin5", "iso88599");
        define("LATIN6", "ISO-8859-10", "latin6", "iso885910");
        define("LATIN7", "ISO-8859-13", "latin7", "iso885913");
        define("LATIN8", "ISO-8859-14", "latin8", "iso885914");
        define("LATIN9", "ISO-8859-15", "latin9", "iso885915");
        define("LATIN10", "ISO-8859-16", "latin10", "iso885916");
        define("ISO_8859_5", "ISO-8859-5", "iso88595");
        define("ISO_8859_6", "ISO-8859-6", "iso88596");
        define("ISO_8859_7", "ISO-8859-7", "iso88597");
        define("ISO_8859_8", "ISO-8859-8", "iso88598");
        define("WIN866", "IBM866", "win866", "alt");
        define("WIN874", "x-windows-874", "win874");
        define("WIN1250", "windows-1250", "win1250", "windows1250");
        define("WIN1251", "windows-1251", "win1251", "windows1251", "win");
        define("WIN1252", "windows-1252", "win1252", "windows1252");
        define("WIN1253", "windows-1253", "win1253", "windows1253");
        define("WIN1254", "windows-1254", "win1254", "windows1254");
        define("WIN1255", "windows-1255", "win1255", "windows1255");
        define("WIN1256", "windows-1256", "win1256", "windows1256");
        define("WIN1257", "windows-1257", "win1257", "windows1257");
        define("WIN1258", "windows-1258", "win1258", "windows1258", "abc", "tcvn", "tcvn5712", "vscii");
        define("KOI8R", "KOI8-R", "koi8r", "koi8");
        define("KOI8U", "KOI8-U", "koi8u");
        define("EUC_JP", "EUC-JP", "eucjp");
        define("EUC_CN", "GB2312", "euccn");
        define("EUC_KR", "EUC-KR", "euckr");
        define("EUC_TW", "x-EUC-TW", "euctw");
        define("EUC_JIS_2004", "x-euc-jp-2004", "eucjis2004");
        define("SJIS", "windows-31j", "sjis", "shiftjis", "mskanji", "win932", "windows932");
        define("SHIFT_JIS_2004", "x-SJIS_0213", "shiftjis2004");
        define("BIG5", "x-windows-950", "big5", "win950", "windows950");
        define("GBK", "GBK", "gbk", "win936", "windows936");
        define("UHC", "x-windows-949", "uhc", "win949", "windows949");
        define("GB18030", "GB18030", "gb18030");
        define("JOHAB", "x-Johab", "johab");
    }

    private static final java.util.Set<String> ASCII_UNSAFE =
            java.util.Set.of("SJIS", "SHIFT_JIS_2004", "BIG5", "GBK", "UHC", "GB18030", "JOHAB");

    private static void define(String pgName, String javaName, String... aliases) {
        JAVA.put(pgName, javaName);
        ALIASES.put(normalize(pgName), pgName);
        for (String alias : aliases) {
            ALIASES.put(alias, pgName);
        }
    }

    /** Lower case, letters and digits only, the way PostgreSQL's clean_encoding_name compares names. */
    private static String normalize(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** True when the script is UTF-8 (or SQL_ASCII) so that its bytes can go to the server unchanged. */
    public boolean isUtf8() {
        return charset.equals(StandardCharsets.UTF_8);
    }

    /**
     * The encoding for a {@code client_encoding} value as a script sets it.
     *
     * @throws StowageException (INPUT) for a name PostgreSQL or this JVM does not know
     */
    public static PgEncoding forName(String clientEncoding) {
        String pgName = ALIASES.get(normalize(clientEncoding));
        if (pgName == null) {
            throw new StowageException(ErrorCode.INPUT, "the script sets an unknown client_encoding \"" + clientEncoding + "\"",
                    "convert the script to UTF-8 (e.g. with iconv) and change its SET client_encoding line to 'UTF8'");
        }
        Charset charset;
        try {
            charset = Charset.forName(JAVA.get(pgName));
        } catch (IllegalArgumentException e) {
            throw new StowageException(ErrorCode.INPUT, "the script's client_encoding " + pgName + " is not supported by this Java runtime",
                    "convert the script to UTF-8 (e.g. with iconv) and change its SET client_encoding line to 'UTF8'", e);
        }
        return new PgEncoding(pgName, charset, ASCII_UNSAFE.contains(pgName));
    }
}
