package io.stowage.core.select;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A filter file as read by pg_dump 17's and pg_restore 17's {@code --filter FILE} (filter.c): one
 * {@code include|exclude <object type> <pattern>} item per line, blank lines and lines starting
 * with {@code #} ignored, a {@code #} after a pattern starting a comment.
 *
 * <p>The reader is format-agnostic: it returns every item with the pattern normalised the way
 * filter.c normalises it, and leaves it to the program to decide which object types it accepts
 * ({@link DumpFilter}, {@link RestoreFilter}). Pattern rules, as in filter.c:
 * <ul>
 *   <li>whitespace between words is kept as one space, whitespace around {@code . , ( )} is
 *       dropped and a comma is written as {@code ", "}, so {@code foo( integer ,text )} becomes
 *       {@code foo(integer, text)}, the way the server prints a signature;</li>
 *   <li>a double-quoted part is kept with its quotes; inside it {@code ""} is a quote,
 *       {@code \n} a newline, {@code \\} a backslash, a backslash before any other character drops
 *       both, and the quoted part may run over several lines (each line break becomes a newline in
 *       the pattern);</li>
 *   <li>keywords are matched case-insensitively.</li>
 * </ul>
 * One deliberate choice: a keyword is the whole run of non-space characters (as in PostgreSQL's
 * current filter.c), so {@code include table1 x} is rejected as an unknown object type rather
 * than read as {@code table} with the pattern {@code 1 x}.
 */
public final class FilterFile {
    private static final String STDIN = "-";

    private final String name;
    private final List<FilterRule> rules;

    private FilterFile(String name, List<FilterRule> rules) {
        this.name = name;
        this.rules = rules;
    }

    /**
     * Reads a filter file named on the command line; {@code -} reads standard input.
     *
     * @throws StowageException with {@link ErrorCode#INPUT} when the file cannot be read, and with
     *     {@link ErrorCode#USAGE} when a line is malformed (the message names the file and line)
     */
    public static FilterFile read(String fileArgument, InputStream stdin) {
        if (STDIN.equals(fileArgument)) {
            return parse(null, new InputStreamReader(stdin, StandardCharsets.UTF_8));
        }
        Path path = Path.of(fileArgument);
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return parse(fileArgument, reader);
        } catch (NoSuchFileException e) {
            throw new StowageException(ErrorCode.INPUT, "could not open filter file \"" + fileArgument
                    + "\": no such file", "check the path given to --filter");
        } catch (IOException e) {
            throw new StowageException(ErrorCode.INPUT, "could not read filter file \"" + fileArgument
                    + "\": " + e.getMessage(), "check the path given to --filter and its permissions", e);
        }
    }

    /**
     * Parses filter items from a reader.
     *
     * @param name the file name for messages, or {@code null} for standard input
     * @throws StowageException with {@link ErrorCode#USAGE} for a malformed line
     */
    public static FilterFile parse(String name, Reader reader) {
        Parser parser = new Parser(name, reader);
        List<FilterRule> rules = new ArrayList<>();
        try {
            FilterRule rule;
            while ((rule = parser.next()) != null) {
                rules.add(rule);
            }
        } catch (IOException e) {
            throw new StowageException(ErrorCode.INPUT, "could not read from filter file \"" + display(name)
                    + "\": " + e.getMessage(), "check the path given to --filter", e);
        }
        return new FilterFile(name, List.copyOf(rules));
    }

    /** The items in file order (blank and comment lines are not items). */
    public List<FilterRule> rules() {
        return rules;
    }

    /** The file name as given, or {@code null} for standard input. */
    public String name() {
        return name;
    }

    /**
     * pg_dump's error for an item a program cannot use: {@code invalid format in filter read from
     * file "F" on line N: detail}.
     */
    public StowageException error(int line, String detail) {
        return error(name, line, detail);
    }

    /** {@code "include filter for \"function\" is not allowed"}, as pg_dump and pg_restore say it. */
    public StowageException notAllowed(FilterRule rule) {
        return error(rule.line(), rule.command().keyword() + " filter for \"" + rule.type().displayName()
                + "\" is not allowed");
    }

    static StowageException error(String name, int line, String detail) {
        String where = name == null ? "standard input" : "file \"" + name + "\"";
        return new StowageException(ErrorCode.USAGE,
                "invalid format in filter read from " + where + " on line " + line + ": " + detail,
                "each item reads include|exclude <object type> <pattern>, as in pg_dump --filter");
    }

    private static String display(String name) {
        return name == null ? "standard input" : name;
    }

    /** Walks the file line by line, as filter.c does with pg_get_line_buf. */
    private static final class Parser {
        private final String name;
        private final Reader reader;
        private String line;
        private int pos;
        private int lineNo;

        Parser(String name, Reader reader) {
            this.name = name;
            this.reader = reader instanceof BufferedReader ? reader : new BufferedReader(reader);
        }

        /** The next item, skipping blank and comment lines; {@code null} at end of file. */
        FilterRule next() throws IOException {
            while (readLine()) {
                skipSpace();
                if (pos >= line.length() || line.charAt(pos) == '#') {
                    continue;
                }
                String command = keyword();
                if (command == null) {
                    throw fail("no filter command found (expected \"include\" or \"exclude\")");
                }
                FilterCommand cmd;
                if (command.equalsIgnoreCase("include")) {
                    cmd = FilterCommand.INCLUDE;
                } else if (command.equalsIgnoreCase("exclude")) {
                    cmd = FilterCommand.EXCLUDE;
                } else {
                    throw fail("invalid filter command (expected \"include\" or \"exclude\")");
                }
                String typeWord = keyword();
                if (typeWord == null) {
                    throw fail("missing filter object type");
                }
                FilterObjectType type = FilterObjectType.fromKeyword(typeWord)
                        .orElseThrow(() -> fail("unsupported filter object type: \"" + typeWord + "\""));
                String pattern = pattern();
                return new FilterRule(cmd, type, pattern, lineNo);
            }
            return null;
        }

        /** Reads one line including its line break; false at end of input. */
        private boolean readLine() throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = reader.read()) != -1) {
                sb.append((char) c);
                if (c == '\n') {
                    break;
                }
            }
            if (sb.length() == 0) {
                return false;
            }
            line = sb.toString();
            pos = 0;
            lineNo++;
            return true;
        }

        private String keyword() {
            skipSpace();
            int start = pos;
            while (pos < line.length() && !isSpace(line.charAt(pos))) {
                pos++;
            }
            return pos == start ? null : line.substring(start, pos);
        }

        /** filter.c's read_pattern: normalises spacing around punctuation, keeps quoted parts. */
        private String pattern() throws IOException {
            StringBuilder out = new StringBuilder();
            boolean skipSpace = true;
            boolean foundSpace = false;
            skipSpace();
            if (pos >= line.length()) {
                throw fail("missing object name pattern");
            }
            while (pos < line.length() && line.charAt(pos) != '#') {
                while (pos < line.length() && !isSpace(line.charAt(pos)) && "#,.()\"".indexOf(line.charAt(pos)) < 0) {
                    if (!skipSpace && foundSpace) {
                        out.append(' ');
                        skipSpace = true;
                    }
                    out.append(line.charAt(pos++));
                }
                skipSpace = false;
                char ch = pos < line.length() ? line.charAt(pos) : '\0';
                if (ch == '"') {
                    if (foundSpace) {
                        out.append(' ');
                    }
                    quoted(out);
                } else if (ch == ',') {
                    out.append(", ");
                    skipSpace = true;
                    pos++;
                } else if (ch == '.' || ch == '(' || ch == ')') {
                    out.append(ch);
                    pos++;
                    skipSpace = true;
                }
                foundSpace = false;
                while (pos < line.length() && isSpace(line.charAt(pos))) {
                    foundSpace = true;
                    pos++;
                }
            }
            return out.toString();
        }

        /** filter.c's read_quoted_string: from the opening quote to just after the closing one. */
        private void quoted(StringBuilder out) throws IOException {
            out.append('"');
            pos++;
            while (true) {
                if (pos < line.length() && (line.charAt(pos) == '\r' || line.charAt(pos) == '\n')) {
                    pos++;
                    continue;
                }
                if (pos >= line.length()) {
                    if (!readLine()) {
                        throw fail("unexpected end of file");
                    }
                    out.append('\n');
                    // like filter.c, the new line's first character is taken as it is: an empty
                    // line inside quotes contributes its own line break as well
                }
                char ch = line.charAt(pos);
                if (ch == '"') {
                    out.append('"');
                    pos++;
                    if (pos < line.length() && line.charAt(pos) == '"') {
                        out.append('"');
                        pos++;
                    } else {
                        break;
                    }
                } else if (ch == '\\') {
                    pos++;
                    char escaped = pos < line.length() ? line.charAt(pos) : '\0';
                    if (escaped == 'n') {
                        out.append('\n');
                    } else if (escaped == '\\') {
                        out.append('\\');
                    }
                    pos++;
                } else {
                    out.append(ch);
                    pos++;
                }
            }
        }

        private void skipSpace() {
            while (pos < line.length() && isSpace(line.charAt(pos))) {
                pos++;
            }
        }

        private StowageException fail(String detail) {
            return error(name, lineNo, detail);
        }

        /** C's isspace in the C locale. */
        private static boolean isSpace(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
        }
    }
}
