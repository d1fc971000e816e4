package io.stowage.postgres.sql;

import java.util.List;

/**
 * The quoting pg_dump uses inside a script that has already set {@code standard_conforming_strings
 * = on}: plain string literals ({@code appendStringLiteralAH}), dollar quoting of function bodies
 * ({@code appendStringLiteralDQ}) and reloption lists ({@code appendReloptionsArray}).
 */
public final class DumpQuoting {
    private static final String DQ_SUFFIXES = "_XXXXXXX";

    private DumpQuoting() {
    }

    /** {@code 'text'} with quotes doubled; backslashes stay as they are under standard strings. */
    public static String stringLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /**
     * Dollar-quotes {@code body} with the shortest delimiter of the form {@code $}, {@code $_},
     * {@code $_X}, ... that does not occur in it (checked without the closing {@code $}, as pg_dump
     * does, because a body ending in {@code $foo} must not be quoted with {@code $foo$}).
     */
    public static String dollarQuote(String body, String prefix) {
        StringBuilder delim = new StringBuilder("$");
        if (prefix != null) {
            delim.append(prefix);
        }
        int next = 0;
        while (body.contains(delim)) {
            delim.append(DQ_SUFFIXES.charAt(next++));
            next %= DQ_SUFFIXES.length();
        }
        delim.append('$');
        return delim + body + delim;
    }

    /**
     * {@code name=value, ...} from a reloptions array; values are quoted unless they read as an
     * identifier that needs no quotes.
     */
    public static String reloptions(List<String> options, String prefix) {
        StringBuilder sb = new StringBuilder();
        for (String option : options) {
            int eq = option.indexOf('=');
            String name = eq < 0 ? option : option.substring(0, eq);
            String value = eq < 0 ? "" : option.substring(eq + 1);
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(prefix).append(SqlText.ident(name)).append('=');
            sb.append(SqlText.ident(value).equals(value) ? value : stringLiteral(value));
        }
        return sb.toString();
    }
}
