package io.stowage.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** A strict parser of one flat JSON object (strings, numbers, null, true, false), for checking progress lines. */
final class MiniJson {
    private final String s;
    private int i;

    private MiniJson(String s) {
        this.s = s;
    }

    /** The object's fields in order; throws IllegalArgumentException on anything that is not one valid flat object. */
    static Map<String, Object> parse(String text) {
        MiniJson p = new MiniJson(text);
        Map<String, Object> object = p.object();
        if (p.i != text.length()) {
            throw new IllegalArgumentException("trailing text at " + p.i + ": " + text);
        }
        return object;
    }

    private Map<String, Object> object() {
        expect('{');
        Map<String, Object> fields = new LinkedHashMap<>();
        if (peek() == '}') {
            i++;
            return fields;
        }
        while (true) {
            String key = string();
            expect(':');
            if (fields.put(key, value()) != null) {
                throw new IllegalArgumentException("duplicate key " + key);
            }
            char c = next();
            if (c == '}') {
                return fields;
            }
            if (c != ',') {
                throw new IllegalArgumentException("expected , or } at " + (i - 1) + ": " + s);
            }
        }
    }

    private Object value() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        for (String word : new String[] {"null", "true", "false"}) {
            if (s.startsWith(word, i)) {
                i += word.length();
                return word.equals("null") ? null : Boolean.valueOf(word);
            }
        }
        int start = i;
        while (i < s.length() && "-+.eE0123456789".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        String number = s.substring(start, i);
        if (!number.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
            throw new IllegalArgumentException("bad value at " + start + ": " + s);
        }
        return number.contains(".") || number.contains("e") || number.contains("E") ? (Object) Double.valueOf(number) : Long.valueOf(number);
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                throw new IllegalArgumentException("raw control character in a string at " + (i - 1));
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                }
                default -> throw new IllegalArgumentException("bad escape \\" + e);
            }
        }
    }

    private void expect(char c) {
        if (next() != c) {
            throw new IllegalArgumentException("expected " + c + " at " + (i - 1) + ": " + s);
        }
    }

    private char next() {
        if (i >= s.length()) {
            throw new IllegalArgumentException("unexpected end: " + s);
        }
        return s.charAt(i++);
    }

    private char peek() {
        if (i >= s.length()) {
            throw new IllegalArgumentException("unexpected end: " + s);
        }
        return s.charAt(i);
    }
}
