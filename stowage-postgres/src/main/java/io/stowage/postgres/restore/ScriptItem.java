package io.stowage.postgres.restore;

import java.io.InputStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One unit of a plain SQL script, as {@link ScriptReader} yields them. */
public sealed interface ScriptItem {

    /** The 1-based script line where the item starts. */
    int line();

    /**
     * A complete SQL statement, ending with its semicolon (or at the end of the script when the
     * last statement has none), without the whitespace and {@code --} comments in front of it.
     */
    record Statement(String sql, int line) implements ScriptItem {}

    /**
     * A {@code COPY ... FROM stdin} statement and its data: the raw bytes of the data lines, ending
     * before the {@code \.} terminator line. The stream is read from the script as it is consumed;
     * it is only valid until the next call of {@link ScriptReader#next()}, which skips whatever was
     * not read.
     */
    record CopyData(String sql, int line, InputStream data) implements ScriptItem {}

    /**
     * A psql meta-command such as {@code \connect}: its name without the backslash and its
     * arguments, unquoted the way psql unquotes them.
     */
    record MetaCommand(String command, List<String> args, int line) implements ScriptItem {
        public MetaCommand {
            args = List.copyOf(args);
        }
    }

    /**
     * The comment pg_dump writes in front of each entry:
     * {@code -- Name: TAG; Type: DESC; Schema: NS; Owner: OWNER} or, for data,
     * {@code -- Data for Name: TAG; Type: TABLE DATA; ...} or, for pg_dump 18's statistics,
     * {@code -- Statistics for Name: TAG; Type: STATISTICS DATA; ...}.
     *
     * @param tag       the entry's tag (the object name as pg_dump tags it, unquoted)
     * @param desc      the entry's type: {@code TABLE}, {@code FK CONSTRAINT}, {@code ACL} ...
     * @param namespace the schema, or {@code null} when pg_dump wrote {@code -}
     * @param owner     the owner, or {@code null} when pg_dump wrote {@code -}
     * @param data      true for a {@code Data for Name:} header
     */
    record EntryHeader(String tag, String desc, String namespace, String owner, boolean data, int line)
            implements ScriptItem {

        private static final Pattern HEADER = Pattern.compile(
                "^-- (Data for |Statistics for )?Name: (.*); Type: ([A-Z][A-Z ]*); Schema: (.*?); Owner: (.*?)(?:; Tablespace: .*)?$");

        /** Parses one comment line (without its line ending), or returns {@code null} when it is not a header. */
        public static EntryHeader parse(String commentLine, int line) {
            Matcher m = HEADER.matcher(commentLine);
            if (!m.matches()) {
                return null;
            }
            return new EntryHeader(m.group(2), m.group(3), dashIsNull(m.group(4)), dashIsNull(m.group(5)),
                    "Data for ".equals(m.group(1)), line);
        }

        private static String dashIsNull(String value) {
            return value.isEmpty() || value.equals("-") ? null : value;
        }

        /** {@code DESC schema.tag}, for messages. */
        public String label() {
            return desc + " " + (namespace == null ? tag : namespace + "." + tag);
        }
    }
}
