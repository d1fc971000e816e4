package io.stowage.cli;

import io.stowage.core.io.Json;

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
        Json.quote(out, s);
    }

    @Override
    public String toString() {
        return out + "}";
    }
}
