package io.stowage.postgres.dump.acl;

import java.util.ArrayList;
import java.util.List;

/** Splits the text form of a one-dimensional array into its elements (pg_dump's parsePGArray). */
final class AclArray {
    private AclArray() {
    }

    /**
     * The elements of {@code {a,b,"c \"d\""}}, with element quoting and backslash escapes removed, or
     * {@code null} when the text is not an array literal.
     */
    static List<String> parse(String text) {
        if (text.length() < 2 || text.charAt(0) != '{' || text.charAt(text.length() - 1) != '}') {
            return null;
        }
        List<String> items = new ArrayList<>();
        int i = 1;
        int last = text.length() - 1;
        while (i < last) {
            StringBuilder item = new StringBuilder();
            while (i < last && text.charAt(i) != ',') {
                char c = text.charAt(i);
                if (c != '"') {
                    if (c == '}') {
                        return null; // an embedded '}' is bogus syntax
                    }
                    item.append(c);
                    i++;
                    continue;
                }
                i++;
                while (true) {
                    if (i >= last) {
                        return null; // unterminated quoted element
                    }
                    char q = text.charAt(i);
                    if (q == '"') {
                        i++;
                        break;
                    }
                    if (q == '\\') {
                        i++;
                        if (i >= last) {
                            return null;
                        }
                        q = text.charAt(i);
                    }
                    item.append(q);
                    i++;
                }
            }
            items.add(item.toString());
            if (i < last) {
                i++; // skip the comma
                if (i == last) {
                    return null; // trailing comma
                }
            }
        }
        return items;
    }
}
