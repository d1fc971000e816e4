package io.stowage.postgres.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokens of one SQL statement, enough to recognise the handful of statement shapes the restore
 * engine acts on ({@code COPY ... FROM stdin}, {@code ALTER ... OWNER TO}, {@code CREATE INDEX} ...).
 * Comments and whitespace are dropped; literals and quoted identifiers stay single tokens, so a
 * keyword inside them is never mistaken for syntax.
 */
final class SqlTokens {

    enum Kind { WORD, QUOTED_IDENT, STRING, NUMBER, PUNCT }

    /**
     * One token.
     *
     * @param text  the token as written
     * @param start offset of its first character in the statement
     * @param end   offset after its last character
     * @param depth parenthesis depth it appears at
     */
    record Token(Kind kind, String text, int start, int end, int depth) {
        /** True for an unquoted word equal, ignoring case, to {@code keyword}. */
        boolean is(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }

        boolean isPunct(char c) {
            return kind == Kind.PUNCT && text.length() == 1 && text.charAt(0) == c;
        }

        boolean isName() {
            return kind == Kind.WORD || kind == Kind.QUOTED_IDENT;
        }
    }

    private final String sql;
    private final List<Token> tokens;

    private SqlTokens(String sql, List<Token> tokens) {
        this.sql = sql;
        this.tokens = tokens;
    }

    String sql() {
        return sql;
    }

    List<Token> list() {
        return tokens;
    }

    int size() {
        return tokens.size();
    }

    Token get(int i) {
        return i < tokens.size() ? tokens.get(i) : null;
    }

    /** True when token {@code i} exists and is the keyword. */
    boolean is(int i, String keyword) {
        Token t = get(i);
        return t != null && t.is(keyword);
    }

    /** The statement text from token {@code from} to before token {@code to} (exclusive), as written. */
    String text(int from, int to) {
        int end = to < tokens.size() ? tokens.get(to - 1).end() : tokens.get(tokens.size() - 1).end();
        return sql.substring(tokens.get(from).start(), end);
    }

    /**
     * The end (exclusive token index) of a possibly qualified name starting at {@code i}:
     * {@code name}, {@code schema.name}, {@code "Schema"."Name"}; {@code i} itself when there is none.
     */
    int nameEnd(int i) {
        if (get(i) == null || !get(i).isName()) {
            return i;
        }
        int j = i + 1;
        while (get(j) != null && get(j).isPunct('.') && get(j + 1) != null && get(j + 1).isName()) {
            j += 2;
        }
        return j;
    }

    /** The first word among the tokens, upper-cased, or the empty string. */
    String command() {
        Token t = get(0);
        return t != null && t.kind() == Kind.WORD ? t.text().toUpperCase(Locale.ROOT) : "";
    }

    /**
     * A name as the catalog spells it, from its SQL form as pg_dump writes it: pg_dump quotes every
     * name that is not plain lower case, so an unquoted one is already the catalog's.
     */
    static String unquoteIdent(String name) {
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            return name.substring(1, name.length() - 1).replace("\"\"", "\"");
        }
        return name;
    }

    /**
     * Splits a statement into tokens.
     *
     * @param standardStrings whether {@code standard_conforming_strings} is on, which decides
     *                        whether a backslash escapes a quote in a plain {@code '...'} literal
     */
    static SqlTokens of(String sql, boolean standardStrings) {
        List<Token> out = new ArrayList<>();
        int n = sql.length();
        int depth = 0;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int nest = 1;
                i += 2;
                while (i < n && nest > 0) {
                    if (sql.startsWith("/*", i)) {
                        nest++;
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        nest--;
                        i += 2;
                    } else {
                        i++;
                    }
                }
            } else if (c == '\'' || ((c == 'e' || c == 'E') && i + 1 < n && sql.charAt(i + 1) == '\'')) {
                boolean escapes = c != '\'' || !standardStrings;
                i = skipQuoted(sql, c == '\'' ? i : i + 1, '\'', escapes);
                out.add(new Token(Kind.STRING, sql.substring(start, i), start, i, depth));
            } else if (c == '"') {
                i = skipQuoted(sql, i, '"', false);
                out.add(new Token(Kind.QUOTED_IDENT, sql.substring(start, i), start, i, depth));
            } else if (c == '$') {
                int delim = dollarDelimiter(sql, i);
                if (delim > 0) {
                    String tag = sql.substring(i, i + delim);
                    int close = sql.indexOf(tag, i + delim);
                    i = close < 0 ? n : close + delim;
                    out.add(new Token(Kind.STRING, sql.substring(start, i), start, i, depth));
                } else {
                    i++;
                    while (i < n && Character.isDigit(sql.charAt(i))) {
                        i++;
                    }
                    out.add(new Token(Kind.PUNCT, sql.substring(start, i), start, i, depth));
                }
            } else if (isIdentStart(c)) {
                while (i < n && isIdentCont(sql.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.WORD, sql.substring(start, i), start, i, depth));
            } else if (c >= '0' && c <= '9') {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.' || sql.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, sql.substring(start, i), start, i, depth));
            } else {
                i++;
                if (c == ')' && depth > 0) {
                    depth--;
                }
                out.add(new Token(Kind.PUNCT, String.valueOf(c), start, i, depth));
                if (c == '(') {
                    depth++;
                }
            }
        }
        return new SqlTokens(sql, List.copyOf(out));
    }

    /** Skips a quoted token starting at the quote at {@code i}; returns the offset after it. */
    private static int skipQuoted(String sql, int i, char quote, boolean backslashEscapes) {
        int n = sql.length();
        i++;
        while (i < n) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    /** Length of a dollar-quote delimiter ({@code $$}, {@code $tag$}) at {@code i}, or 0. */
    static int dollarDelimiter(String sql, int i) {
        int j = i + 1;
        if (j < sql.length() && isDollarTagStart(sql.charAt(j))) {
            j++;
            while (j < sql.length() && isDollarTagCont(sql.charAt(j))) {
                j++;
            }
        }
        return j < sql.length() && sql.charAt(j) == '$' ? j - i + 1 : 0;
    }

    static boolean isIdentStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isIdentCont(int c) {
        return isIdentStart(c) || (c >= '0' && c <= '9') || c == '$';
    }

    static boolean isDollarTagStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isDollarTagCont(int c) {
        return isDollarTagStart(c) || (c >= '0' && c <= '9');
    }
}
