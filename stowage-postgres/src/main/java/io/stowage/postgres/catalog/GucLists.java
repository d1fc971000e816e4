package io.stowage.postgres.catalog;

import io.stowage.postgres.sql.DumpQuoting;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Settings whose values the server stores as already-quoted lists (GUC_LIST_QUOTE), which pg_dump
 * splits and writes as separate string literals ({@code SET search_path TO 'a', 'b'}).
 */
public final class GucLists {
    private static final Set<String> LIST_QUOTED = Set.of("local_preload_libraries", "search_path",
            "session_preload_libraries", "shared_preload_libraries", "temp_tablespaces", "unix_socket_directories");

    private GucLists() {
    }

    public static boolean isListQuoted(String name) {
        return LIST_QUOTED.contains(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** Splits {@code a, "b c"} (SplitGUCList) and writes {@code 'a', 'b c'}. */
    public static String quoteList(String value) {
        List<String> items = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(value.charAt(i))) {
                i++;
            }
            StringBuilder item = new StringBuilder();
            if (i < n && value.charAt(i) == '"') {
                i++;
                while (i < n) {
                    char c = value.charAt(i++);
                    if (c == '"') {
                        if (i < n && value.charAt(i) == '"') {
                            item.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        item.append(c);
                    }
                }
            } else {
                while (i < n && value.charAt(i) != ',' && !Character.isWhitespace(value.charAt(i))) {
                    item.append(value.charAt(i++));
                }
            }
            items.add(item.toString());
            while (i < n && Character.isWhitespace(value.charAt(i))) {
                i++;
            }
            if (i < n && value.charAt(i) == ',') {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String item : items) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(DumpQuoting.stringLiteral(item));
        }
        return sb.toString();
    }
}
