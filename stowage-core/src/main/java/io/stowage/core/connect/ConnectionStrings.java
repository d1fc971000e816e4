package io.stowage.core.connect;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses libpq connection strings, both forms: {@code key=value} pairs ({@code conninfo_parse}) and
 * {@code postgresql://} URIs ({@code conninfo_uri_parse_options}), with libpq's error messages.
 * The result maps keywords to values in the order given; a later value for a keyword replaces an earlier one.
 */
final class ConnectionStrings {
    private static final String[] URI_PREFIXES = {"postgresql://", "postgres://"};

    private ConnectionStrings() {
    }

    /** libpq's {@code recognized_connection_string}: a URI, or anything containing {@code =}. */
    static boolean isConnectionString(String value) {
        return uriPrefixLength(value) > 0 || value.indexOf('=') >= 0;
    }

    /** Parses a URI or a {@code key=value} string. */
    static Map<String, String> parse(String value) {
        return uriPrefixLength(value) > 0 ? parseUri(value) : parseKeyValue(value);
    }

    private static int uriPrefixLength(String value) {
        for (String prefix : URI_PREFIXES) {
            if (value.startsWith(prefix)) {
                return prefix.length();
            }
        }
        return 0;
    }

    static Map<String, String> parseKeyValue(String conninfo) {
        Map<String, String> options = new LinkedHashMap<>();
        String previous = null;
        int i = 0;
        int n = conninfo.length();
        while (i < n) {
            if (Character.isWhitespace(conninfo.charAt(i))) {
                i++;
                continue;
            }
            int nameStart = i;
            while (i < n && conninfo.charAt(i) != '=' && !Character.isWhitespace(conninfo.charAt(i))) {
                i++;
            }
            String name = conninfo.substring(nameStart, i);
            while (i < n && Character.isWhitespace(conninfo.charAt(i))) {
                i++;
            }
            if (i >= n || conninfo.charAt(i) != '=') {
                if ("password".equals(previous)) {
                    throw usage("missing \"=\" after the password in connection info string",
                            "quote a password containing spaces: password='a b'");
                }
                throw usage("missing \"=\" after \"" + name + "\" in connection info string",
                        "write key=value pairs, quoting values with spaces as key='a value'");
            }
            i++;
            while (i < n && Character.isWhitespace(conninfo.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && conninfo.charAt(i) == '\'') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw usage("unterminated quoted string in connection info string",
                                "close the quoted value with ' (write \\' for a quote inside it)");
                    }
                    char c = conninfo.charAt(i);
                    if (c == '\\') {
                        i++;
                        if (i < n) {
                            value.append(conninfo.charAt(i++));
                        }
                        continue;
                    }
                    i++;
                    if (c == '\'') {
                        break;
                    }
                    value.append(c);
                }
            } else {
                while (i < n) {
                    char c = conninfo.charAt(i);
                    if (Character.isWhitespace(c)) {
                        i++;
                        break;
                    }
                    if (c == '\\') {
                        i++;
                        if (i < n) {
                            value.append(conninfo.charAt(i++));
                        }
                    } else {
                        value.append(c);
                        i++;
                    }
                }
            }
            if ("password".equals(previous) && !Keywords.known(name)) {
                throw usage("invalid connection option after the password in connection info string",
                        "quote a password containing spaces: password='a b'");
            }
            store(options, name, value.toString(), false);
            previous = name;
        }
        return options;
    }

    static Map<String, String> parseUri(String uri) {
        String shown = maskPassword(uri);
        Map<String, String> options = new LinkedHashMap<>();
        int p = uriPrefixLength(uri);
        int start = p;
        int n = uri.length();

        // user[:password]@ comes before the first '/'.
        while (p < n && uri.charAt(p) != '@' && uri.charAt(p) != '/') {
            p++;
        }
        if (p < n && uri.charAt(p) == '@') {
            int at = p;
            int colon = uri.indexOf(':', start);
            int userEnd = colon >= 0 && colon < at ? colon : at;
            String user = uri.substring(start, userEnd);
            if (!user.isEmpty()) {
                options.put("user", decode(user));
            }
            if (userEnd == colon) {
                String password = uri.substring(colon + 1, at);
                if (!password.isEmpty()) {
                    options.put("password", decodeSecret(password, "password in the URI"));
                }
            }
            p = at + 1;
        } else {
            p = start;
        }

        StringBuilder hosts = new StringBuilder();
        StringBuilder ports = new StringBuilder();
        char terminator;
        boolean first = true;
        while (true) {
            if (!first) {
                hosts.append(',');
                ports.append(',');
            }
            first = false;
            String host;
            if (p < n && uri.charAt(p) == '[') {
                int hostStart = ++p;
                while (p < n && uri.charAt(p) != ']') {
                    p++;
                }
                if (p >= n) {
                    throw usage("end of string reached when looking for matching \"]\" in IPv6 host address in URI: \""
                            + shown + "\"", "close the IPv6 address with ]");
                }
                if (p == hostStart) {
                    throw usage("IPv6 host address may not be empty in URI: \"" + shown + "\"", "put an address between [ and ]");
                }
                host = uri.substring(hostStart, p);
                p++;
                if (p < n && ":/?,".indexOf(uri.charAt(p)) < 0) {
                    throw usage("unexpected character \"" + uri.charAt(p) + "\" at position " + (p + 1)
                            + " in URI (expected \":\" or \"/\"): \"" + shown + "\"", "check the URI's syntax");
                }
            } else {
                int hostStart = p;
                while (p < n && ":/?,".indexOf(uri.charAt(p)) < 0) {
                    p++;
                }
                host = uri.substring(hostStart, p);
            }
            terminator = p < n ? uri.charAt(p) : '\0';
            hosts.append(host);
            if (terminator == ':') {
                int portStart = ++p;
                while (p < n && "/?,".indexOf(uri.charAt(p)) < 0) {
                    p++;
                }
                ports.append(uri, portStart, p);
                terminator = p < n ? uri.charAt(p) : '\0';
            }
            if (terminator != ',') {
                break;
            }
            p++;
        }
        if (!hosts.toString().isEmpty()) {
            options.put("host", decode(hosts.toString()));
        }
        if (ports.length() > 0) {
            options.put("port", decode(ports.toString()));
        }

        if (terminator != '\0' && terminator != '?') {
            int dbStart = ++p;
            while (p < n && uri.charAt(p) != '?') {
                p++;
            }
            String dbname = uri.substring(dbStart, p);
            terminator = p < n ? uri.charAt(p) : '\0';
            // An empty path leaves dbname unset, so PGDATABASE still applies.
            if (!dbname.isEmpty()) {
                options.put("dbname", decode(dbname));
            }
        }
        if (terminator != '\0') {
            parseQuery(uri.substring(p + 1), options);
        }
        return options;
    }

    private static void parseQuery(String query, Map<String, String> options) {
        boolean afterPassword = false;
        int i = 0;
        int n = query.length();
        while (i < n) {
            int end = query.indexOf('&', i);
            if (end < 0) {
                end = n;
            }
            String pair = query.substring(i, end);
            int eq = pair.indexOf('=');
            if (eq < 0) {
                if (afterPassword) {
                    throw usage("missing key/value separator \"=\" in a URI query parameter after the password",
                            "percent-encode '&' inside the password as %26");
                }
                throw usage("missing key/value separator \"=\" in URI query parameter: \"" + pair + "\"",
                        "write query parameters as key=value");
            }
            if (pair.indexOf('=', eq + 1) >= 0) {
                throw usage("extra key/value separator \"=\" in URI query parameter: \"" + pair.substring(0, eq) + "\"",
                        "percent-encode '=' inside values as %3D");
            }
            String key = decode(pair.substring(0, eq));
            String value = key.equals("password")
                    ? decodeSecret(pair.substring(eq + 1), "password URI query parameter")
                    : decode(pair.substring(eq + 1));
            // libpq's concession to JDBC URLs.
            if (key.equals("ssl") && value.equals("true")) {
                key = "sslmode";
                value = "require";
            }
            if (afterPassword && !Keywords.known(key)) {
                throw usage("invalid URI query parameter after the password", "percent-encode '&' inside the password as %26");
            }
            afterPassword = key.equals("password");
            store(options, key, value, true);
            i = end + 1;
        }
    }

    private static void store(Map<String, String> options, String keyword, String value, boolean fromUri) {
        if (!Keywords.known(keyword)) {
            if (fromUri) {
                throw usage("invalid URI query parameter: \"" + keyword + "\"", "remove it or check its spelling");
            }
            throw usage("invalid connection option \"" + keyword + "\"", "remove it or check its spelling");
        }
        options.remove(keyword);
        options.put(keyword, value);
    }

    /** libpq's {@code conninfo_uri_decode}: %XX escapes, no '+' for space, %00 forbidden. */
    static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != '%') {
                bytes.write(raw[i]);
                continue;
            }
            int hi = i + 1 < raw.length ? Character.digit(raw[i + 1], 16) : -1;
            int lo = i + 2 < raw.length ? Character.digit(raw[i + 2], 16) : -1;
            if (hi < 0 || lo < 0) {
                throw usage("invalid percent-encoded token: \"" + text + "\"", "write % as %25 in URIs");
            }
            int c = (hi << 4) | lo;
            if (c == 0) {
                throw usage("forbidden value %00 in percent-encoded value: \"" + text + "\"", "remove %00 from the URI");
            }
            bytes.write(c);
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Decodes a secret; the error message names {@code what} instead of quoting the value. */
    private static String decodeSecret(String text, String what) {
        try {
            return decode(text);
        } catch (StowageException e) {
            throw usage("invalid percent-encoded token in the " + what, "write % as %25 in URIs");
        }
    }

    /** The URI with the password of its user info replaced by ****, for error messages. */
    static String maskPassword(String uri) {
        int start = uriPrefixLength(uri);
        int p = start;
        while (p < uri.length() && uri.charAt(p) != '@' && uri.charAt(p) != '/') {
            p++;
        }
        if (p < uri.length() && uri.charAt(p) == '@') {
            int colon = uri.indexOf(':', start);
            if (colon >= 0 && colon < p) {
                uri = uri.substring(0, colon + 1) + "****" + uri.substring(p);
            }
        }
        int query = uri.indexOf("password=");
        if (query >= 0 && query > 0 && (uri.charAt(query - 1) == '?' || uri.charAt(query - 1) == '&')) {
            int end = uri.indexOf('&', query);
            uri = uri.substring(0, query) + "password=****" + (end < 0 ? "" : uri.substring(end));
        }
        return uri;
    }

    private static StowageException usage(String message, String fix) {
        return new StowageException(ErrorCode.USAGE, message, fix);
    }
}
