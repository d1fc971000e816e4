package io.stowage.postgres.restore;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a plain SQL script into {@link ScriptItem}s the way psql does (src/fe_utils/psqlscan.l):
 * a semicolon ends a statement only outside quotes, comments, parentheses and the
 * {@code BEGIN ATOMIC ... END} body of a SQL-standard function; backslashes start meta-commands;
 * COPY data follows its {@code COPY ... FROM stdin;} line up to a {@code \.} line.
 *
 * <p>The reader works on bytes, so the script must be in an encoding where every byte below 0x80 is
 * ASCII (UTF-8, LATIN*, WIN*, EUC_* ...); scripts in SJIS, BIG5 and the like are transcoded to
 * UTF-8 before they get here. Statement text is decoded with the given charset; COPY data is handed
 * over as the script's raw bytes. Nothing is held in memory beyond the current statement.
 */
public final class ScriptReader implements Closeable {
    /** The meta-commands pg_dump writes; anything else is not a pg_dump script. */
    private static final Set<String> META_COMMANDS = Set.of("connect", "c", "restrict", "unrestrict");
    private static final Pattern STD_STRINGS = Pattern.compile(
            "(?is)SET\\s+(?:SESSION\\s+|LOCAL\\s+)?standard_conforming_strings\\s*(?:=|TO)\\s*'?(on|off|true|false|yes|no|1|0)'?\\s*;?\\s*");

    private enum Quote { STANDARD, ESCAPE, BIT }

    private final InputStream in;
    private final Charset charset;
    private byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    private boolean eof;
    private int line = 1;

    private boolean standardStrings = true;

    /** The statement being collected. */
    private byte[] stmt = new byte[4096];
    private int stmtLen;
    private int stmtLine;
    private int parenDepth;
    private int beginDepth;
    private int identifierCount;
    private final char[] identifiers = new char[4];
    /** After a closing quote: psql continues the literal when only whitespace with a newline precedes the next quote. */
    private Quote lastQuote;
    private boolean sawNewline;

    private CopyStream copy;

    /**
     * @param in      the script; read with internal buffering, closed by {@link #close()}
     * @param charset the script's character set, ASCII-compatible
     */
    public ScriptReader(InputStream in, Charset charset) {
        this.in = in;
        this.charset = charset;
    }

    /** Whether {@code standard_conforming_strings} is on at this point of the script (it starts on). */
    public boolean standardConformingStrings() {
        return standardStrings;
    }

    /** The line the reader has reached. */
    public int line() {
        return line;
    }

    /**
     * The next item, or {@code null} at the end of the script. Skips the rest of the previous
     * item's COPY data if its consumer left some.
     *
     * @throws IOException      when the script cannot be read
     * @throws StowageException (INPUT) for NUL bytes, bytes invalid in the charset, or a
     *                          meta-command other than those pg_dump writes
     */
    public ScriptItem next() throws IOException {
        if (copy != null) {
            copy.skipRest();
            copy = null;
        }
        while (true) {
            int c = peek(0);
            if (c < 0) {
                return endOfScript();
            }
            if (stmtLen == 0 && lastQuote == null) {
                if (isSpace(c)) {
                    take();
                    continue;
                }
                if (c == '-' && peek(1) == '-') {
                    int at = line;
                    String comment = decode(readRestOfLine(false), at);
                    ScriptItem.EntryHeader header = ScriptItem.EntryHeader.parse(comment, at);
                    if (header != null) {
                        return header;
                    }
                    continue;
                }
            }
            ScriptItem item = lexToken();
            if (item != null) {
                return item;
            }
        }
    }

    private ScriptItem endOfScript() {
        lastQuote = null;
        if (stmtLen == 0 || isBlank(stmt, stmtLen)) {
            stmtLen = 0;
            return null;
        }
        // psql sends what is left at the end of the input even without a semicolon.
        String sql = decode(Arrays.copyOf(stmt, stmtLen), stmtLine).strip();
        int at = stmtLine;
        resetStatement();
        return new ScriptItem.Statement(sql, at);
    }

    /** Lexes one token; returns an item when it completes one. */
    private ScriptItem lexToken() throws IOException {
        int c = peek(0);
        boolean keepQuoteState = false;
        ScriptItem result = null;
        if (c == 0) {
            throw new StowageException(ErrorCode.INPUT, "the script contains a NUL byte at line " + line + ": it is binary, not a plain SQL dump",
                    "restore a plain-format dump (pg_dump -Fp), or use pg_restore for other formats");
        }
        if (isSpace(c)) {
            take();
            append(c);
            if (c == '\n') {
                sawNewline = true;
            }
            keepQuoteState = true;
        } else if (c == '-' && peek(1) == '-') {
            // A "--" comment before the newline ends any string continuation; after it, it does not.
            keepQuoteState = sawNewline;
            appendBytes(readRestOfLine(true));
            sawNewline = keepQuoteState;
        } else if (c == '/' && peek(1) == '*') {
            startStatement();
            blockComment();
        } else if (c == '\'') {
            startStatement();
            take();
            append(c);
            Quote kind = lastQuote != null && sawNewline ? lastQuote : (standardStrings ? Quote.STANDARD : Quote.ESCAPE);
            quoted(kind);
            keepQuoteState = true;
        } else if ((c == 'e' || c == 'E') && peek(1) == '\'') {
            startStatement();
            takeAppend(2);
            quoted(Quote.ESCAPE);
            keepQuoteState = true;
        } else if ((c == 'b' || c == 'B' || c == 'x' || c == 'X') && peek(1) == '\'') {
            startStatement();
            takeAppend(2);
            quoted(Quote.BIT);
            keepQuoteState = true;
        } else if ((c == 'u' || c == 'U') && peek(1) == '&' && peek(2) == '\'') {
            startStatement();
            takeAppend(3);
            quoted(Quote.STANDARD);
            keepQuoteState = true;
        } else if ((c == 'u' || c == 'U') && peek(1) == '&' && peek(2) == '"') {
            startStatement();
            takeAppend(2);
            quotedIdentifier();
        } else if ((c == 'n' || c == 'N') && peek(1) == '\'') {
            // National character literal: the N is dropped by psql's lexer rule; the quote follows.
            startStatement();
            takeAppend(1);
        } else if (c == '"') {
            startStatement();
            quotedIdentifier();
        } else if (c == '$') {
            startStatement();
            dollar();
        } else if (SqlTokens.isIdentStart(c)) {
            startStatement();
            identifier();
        } else if (c >= '0' && c <= '9') {
            startStatement();
            do {
                takeAppend(1);
                c = peek(0);
            } while ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_');
        } else if (c == '\\') {
            int next = peek(1);
            if (next == ';' || next == ':') {
                // psql's \; and \: put the bare character into the query without their usual meaning.
                startStatement();
                take();
                takeAppend(1);
                if (next == ';') {
                    identifierCount = 0;
                }
            } else {
                result = metaCommand();
            }
        } else {
            startStatement();
            takeAppend(1);
            if (c == '(') {
                parenDepth++;
            } else if (c == ')') {
                if (parenDepth > 0) {
                    parenDepth--;
                }
            } else if (c == ';' && parenDepth == 0 && beginDepth == 0) {
                result = endStatement();
            }
        }
        if (!keepQuoteState) {
            lastQuote = null;
            sawNewline = false;
        }
        return result;
    }

    private ScriptItem endStatement() throws IOException {
        int at = stmtLine;
        String sql = decode(Arrays.copyOf(stmt, stmtLen), at);
        boolean standardBefore = standardStrings;
        resetStatement();
        Matcher m = STD_STRINGS.matcher(sql);
        if (m.matches()) {
            String v = m.group(1).toLowerCase(Locale.ROOT);
            standardStrings = v.equals("on") || v.equals("true") || v.equals("yes") || v.equals("1");
        }
        if (isCopyFromStdin(SqlTokens.of(sql, standardBefore))) {
            // Like psql, the data starts on the line after the COPY statement; anything after the
            // semicolon on that line is read as SQL once the data has ended.
            byte[] rest = readRestOfLine(true);
            copy = new CopyStream(isBlank(rest, rest.length) ? null : rest);
            return new ScriptItem.CopyData(sql, at, copy);
        }
        return new ScriptItem.Statement(sql, at);
    }

    /** {@code COPY ... FROM STDIN}: the only COPY whose data the script itself carries. */
    static boolean isCopyFromStdin(SqlTokens tokens) {
        if (!tokens.command().equals("COPY")) {
            return false;
        }
        for (int i = 1; i + 1 < tokens.size(); i++) {
            SqlTokens.Token t = tokens.get(i);
            if (t.depth() == 0 && t.is("FROM") && tokens.get(i + 1).is("STDIN")) {
                return true;
            }
        }
        return false;
    }

    private void resetStatement() {
        stmtLen = 0;
        parenDepth = 0;
        beginDepth = 0;
        identifierCount = 0;
    }

    private void startStatement() {
        if (stmtLen == 0) {
            stmtLine = line;
        }
    }

    private void quoted(Quote kind) throws IOException {
        while (true) {
            int c = take();
            if (c < 0) {
                return;
            }
            append(c);
            if (c == '\\' && kind == Quote.ESCAPE) {
                int escaped = take();
                if (escaped < 0) {
                    return;
                }
                append(escaped);
            } else if (c == '\'') {
                if (peek(0) == '\'') {
                    takeAppend(1);
                } else {
                    lastQuote = kind;
                    sawNewline = false;
                    return;
                }
            }
        }
    }

    private void quotedIdentifier() throws IOException {
        takeAppend(1);
        while (true) {
            int c = take();
            if (c < 0) {
                return;
            }
            append(c);
            if (c == '"') {
                if (peek(0) == '"') {
                    takeAppend(1);
                } else {
                    return;
                }
            }
        }
    }

    private void blockComment() throws IOException {
        takeAppend(2);
        int depth = 1;
        while (depth > 0) {
            int c = peek(0);
            if (c < 0) {
                return;
            }
            if (c == '/' && peek(1) == '*') {
                takeAppend(2);
                depth++;
            } else if (c == '*' && peek(1) == '/') {
                takeAppend(2);
                depth--;
            } else {
                takeAppend(1);
            }
        }
    }

    private void dollar() throws IOException {
        int delim = dollarDelimiterAt(0);
        if (delim == 0) {
            // A lone $ or a parameter ($1): not a quote.
            takeAppend(1);
            while (peek(0) >= '0' && peek(0) <= '9') {
                takeAppend(1);
            }
            return;
        }
        byte[] tag = new byte[delim];
        for (int i = 0; i < delim; i++) {
            tag[i] = (byte) peek(i);
        }
        takeAppend(delim);
        while (true) {
            int c = peek(0);
            if (c < 0) {
                return;
            }
            if (c != '$') {
                takeAppend(1);
                continue;
            }
            int other = dollarDelimiterAt(0);
            if (other == 0) {
                takeAppend(1);
            } else if (other == delim && matches(tag)) {
                takeAppend(delim);
                return;
            } else {
                // $junk$ does not close $tag$, but its last $ may start the closing delimiter.
                takeAppend(other - 1);
            }
        }
    }

    private boolean matches(byte[] tag) throws IOException {
        for (int i = 0; i < tag.length; i++) {
            if (peek(i) != (tag[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    /** Length of a {@code $tag$} delimiter at lookahead offset {@code k}, or 0. */
    private int dollarDelimiterAt(int k) throws IOException {
        int j = k + 1;
        int c = peek(j);
        if (SqlTokens.isDollarTagStart(c)) {
            do {
                j++;
                c = peek(j);
            } while (SqlTokens.isDollarTagCont(c) && j - k < 4096);
        }
        return c == '$' ? j - k + 1 : 0;
    }

    /** An identifier or keyword; tracks CREATE FUNCTION ... BEGIN ... END as psqlscan.l does. */
    private void identifier() throws IOException {
        StringBuilder word = new StringBuilder();
        int c = peek(0);
        while (SqlTokens.isIdentCont(c)) {
            take();
            append(c);
            if (word.length() < 16) {
                word.append((char) (c < 0x80 ? Character.toLowerCase(c) : '?'));
            }
            c = peek(0);
        }
        String w = word.toString();
        if (identifierCount == 0) {
            Arrays.fill(identifiers, '\0');
        }
        if (w.equals("create") || w.equals("function") || w.equals("procedure") || w.equals("or") || w.equals("replace")) {
            if (identifierCount < identifiers.length) {
                identifiers[identifierCount] = w.charAt(0);
            }
        }
        identifierCount++;
        boolean routine = identifiers[0] == 'c'
                && (identifiers[1] == 'f' || identifiers[1] == 'p'
                    || (identifiers[1] == 'o' && identifiers[2] == 'r' && (identifiers[3] == 'f' || identifiers[3] == 'p')));
        if (routine && parenDepth == 0) {
            if (w.equals("begin")) {
                beginDepth++;
            } else if (w.equals("case")) {
                if (beginDepth >= 1) {
                    beginDepth++;
                }
            } else if (w.equals("end")) {
                if (beginDepth > 0) {
                    beginDepth--;
                }
            }
        }
    }

    private ScriptItem metaCommand() throws IOException {
        int at = line;
        byte[] raw = readRestOfLine(false);
        String text = decode(raw, at).substring(1);
        int nameEnd = 0;
        while (nameEnd < text.length() && !Character.isWhitespace(text.charAt(nameEnd)) && text.charAt(nameEnd) != '\\') {
            nameEnd++;
        }
        String name = text.substring(0, nameEnd);
        if (!META_COMMANDS.contains(name)) {
            throw new StowageException(ErrorCode.INPUT, "unsupported psql meta-command \\" + name + " at line " + at
                    + " (only \\connect, \\restrict and \\unrestrict, which pg_dump writes, are understood)",
                    "run this script with psql, or restore a plain dump made by pg_dump or stowage");
        }
        return new ScriptItem.MetaCommand(name, metaArguments(text.substring(nameEnd)), at);
    }

    /** Splits meta-command arguments as psql does: '...' with '' and backslash escapes, "..." kept verbatim inside. */
    static List<String> metaArguments(String text) {
        List<String> args = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n || text.startsWith("\\", i)) {
                return args;
            }
            StringBuilder arg = new StringBuilder();
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                char c = text.charAt(i);
                if (c == '\'') {
                    i++;
                    while (i < n) {
                        char q = text.charAt(i);
                        if (q == '\'' && i + 1 < n && text.charAt(i + 1) == '\'') {
                            arg.append('\'');
                            i += 2;
                        } else if (q == '\'') {
                            i++;
                            break;
                        } else if (q == '\\' && i + 1 < n) {
                            char e = text.charAt(i + 1);
                            arg.append(switch (e) {
                                case 'n' -> '\n';
                                case 't' -> '\t';
                                case 'r' -> '\r';
                                case 'b' -> '\b';
                                case 'f' -> '\f';
                                default -> e;
                            });
                            i += 2;
                        } else {
                            arg.append(q);
                            i++;
                        }
                    }
                } else if (c == '"') {
                    i++;
                    while (i < n) {
                        char q = text.charAt(i);
                        if (q == '"' && i + 1 < n && text.charAt(i + 1) == '"') {
                            arg.append('"');
                            i += 2;
                        } else if (q == '"') {
                            i++;
                            break;
                        } else {
                            arg.append(q);
                            i++;
                        }
                    }
                } else {
                    arg.append(c);
                    i++;
                }
            }
            args.add(arg.toString());
        }
    }

    /**
     * Consumes the rest of the current line and its line ending. Returns the line without the
     * ending, or, when {@code withEnding}, including it.
     */
    private byte[] readRestOfLine(boolean withEnding) throws IOException {
        byte[] out = new byte[128];
        int len = 0;
        while (true) {
            int c = take();
            if (c < 0 || c == '\n') {
                if (c == '\n' && withEnding) {
                    if (len == out.length) {
                        out = Arrays.copyOf(out, len * 2);
                    }
                    out[len++] = '\n';
                } else if (!withEnding && len > 0 && out[len - 1] == '\r') {
                    len--;
                }
                return Arrays.copyOf(out, len);
            }
            if (c == 0) {
                throw new StowageException(ErrorCode.INPUT, "the script contains a NUL byte at line " + line + ": it is binary, not a plain SQL dump",
                        "restore a plain-format dump (pg_dump -Fp), or use pg_restore for other formats");
            }
            if (len == out.length) {
                out = Arrays.copyOf(out, len * 2);
            }
            out[len++] = (byte) c;
        }
    }

    private String decode(byte[] bytes, int at) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new StowageException(ErrorCode.INPUT, "invalid byte sequence for encoding " + charset.name()
                    + " in the script at line " + at,
                    "make the script's SET client_encoding line name the encoding the file is really in", e);
        }
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }

    private static boolean isBlank(byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (!isSpace(b[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    // ---- byte buffer -------------------------------------------------------------------------

    /** The byte {@code k} positions ahead without consuming it, or -1 past the end. */
    private int peek(int k) throws IOException {
        while (pos + k >= lim) {
            if (eof) {
                return -1;
            }
            fill(k + 1);
        }
        return buf[pos + k] & 0xff;
    }

    private void fill(int need) throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) {
            eof = true;
        } else {
            lim += n;
        }
    }

    private int take() throws IOException {
        int c = peek(0);
        if (c >= 0) {
            pos++;
            if (c == '\n') {
                line++;
            }
        }
        return c;
    }

    /** Puts bytes back in front of the unread input (they were already counted in {@link #line}). */
    private void unread(byte[] bytes) {
        if (pos >= bytes.length) {
            pos -= bytes.length;
        } else {
            byte[] grown = new byte[Math.max(buf.length, lim - pos + bytes.length)];
            System.arraycopy(buf, pos, grown, bytes.length, lim - pos);
            lim = lim - pos + bytes.length;
            pos = 0;
            buf = grown;
        }
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        for (byte b : bytes) {
            if (b == '\n') {
                line--;
            }
        }
    }

    private void takeAppend(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            int c = take();
            if (c < 0) {
                return;
            }
            append(c);
        }
    }

    private void append(int c) {
        if (stmtLen == stmt.length) {
            stmt = Arrays.copyOf(stmt, stmt.length * 2);
        }
        stmt[stmtLen++] = (byte) c;
    }

    private void appendBytes(byte[] bytes) {
        for (byte b : bytes) {
            append(b & 0xff);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The data lines of one COPY block, read straight from the script buffer. */
    private final class CopyStream extends InputStream {
        private final byte[] deferred;
        private boolean atLineStart = true;
        private boolean finished;

        CopyStream(byte[] deferred) {
            this.deferred = deferred;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (finished || copy != this) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            if (atLineStart && atTerminator()) {
                finish();
                return -1;
            }
            if (peek(0) < 0) {
                finish();
                return -1;
            }
            int end = Math.min(lim, pos + len);
            int n = 0;
            boolean lineEnded = false;
            for (int i = pos; i < end; i++) {
                n++;
                if (buf[i] == '\n') {
                    lineEnded = true;
                    break;
                }
            }
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            if (lineEnded) {
                line++;
            }
            atLineStart = lineEnded;
            return n;
        }

        /** {@code \.} alone on a line (LF or CRLF), or at the very end. */
        private boolean atTerminator() throws IOException {
            if (peek(0) != '\\' || peek(1) != '.') {
                return false;
            }
            int c = peek(2);
            return c < 0 || c == '\n' || (c == '\r' && (peek(3) == '\n' || peek(3) < 0));
        }

        private void finish() throws IOException {
            if (atLineStart && atTerminator()) {
                take();
                take();
                if (peek(0) == '\r') {
                    take();
                }
                if (peek(0) == '\n') {
                    take();
                }
            }
            finished = true;
            if (deferred != null) {
                unread(deferred);
            }
        }

        void skipRest() throws IOException {
            byte[] sink = new byte[8192];
            while (read(sink, 0, sink.length) >= 0) {
                // discard
            }
        }
    }
}
