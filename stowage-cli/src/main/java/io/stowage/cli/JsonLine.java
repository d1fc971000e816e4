package io.stowage.cli;

import java.util.Locale;

/**
 * One flat JSON object, built field by field: enough for progress lines (strings, integers,
 * decimals, null), so the CLI needs no JSON library for them. Strings are escaped as RFC 8259
 * requires (quote, backslash, every control character), so table names with quotes or newlines
 * cannot break a line.
 */
final class JsonLine {
    private final StringBuilder out = new StringBuilder(256).append('{');

    JsonLine string(String name, String value) {
        key(name);
        if (value == null) {
            out.append("null");
        } else {
            quote(value);
        }
        return this;
    }

    /** A count; a negative one (unknown) is null. */
    JsonLine count(String name, long value) {
        key(name);
        out.append(value < 0 ? "null" : Long.toString(value));
        return this;
    }

    /** A decimal; NaN and infinities (unknown) are null. */
    JsonLine decimal(String name, double value) {
        key(name);
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            out.append("null");
        } else {
            out.append(String.format(Locale.ROOT, "%.3f", value));
        }
        return this;
    }

    private void key(String name) {
        if (out.length() > 1) {
            out.append(',');
        }
        quote(name);
        out.append(':');
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        // U+2028/9 are valid JSON but break JavaScript line readers
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out + "}";
    }
}
