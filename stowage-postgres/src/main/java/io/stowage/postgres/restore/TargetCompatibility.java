package io.stowage.postgres.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adapts a dump's statements to a target server older than the source, so that a restore across
 * major versions sends only what the target accepts. A rewrite that loses nothing happens
 * silently; anything that cannot be carried is named in a warning.
 *
 * <p>Each rule is tied to the major version that introduced the feature; newer targets get the
 * statements unchanged.
 */
final class TargetCompatibility {
    /** A possibly rewritten statement ({@code null} when it must be skipped) and what was lost. */
    record Adapted(String sql, List<String> losses) {
    }

    private static final String IDENT = "(?:\"(?:[^\"]|\"\")*\"|[A-Za-z_][A-Za-z0-9_$]*)";
    private static final Pattern RANGE_TYPE = Pattern.compile(
            "(?is)^\\s*CREATE\\s+TYPE\\s+(" + IDENT + "(?:\\." + IDENT + ")?)\\s+AS\\s+RANGE\\b");
    private static final Pattern MULTIRANGE_OPTION = Pattern.compile(
            "(?is),?\\s*\\bmultirange_type_name\\s*=\\s*(" + IDENT + "(?:\\.(" + IDENT + "))?)");
    private static final Pattern GRANT = Pattern.compile(
            "(?is)^(\\s*(?:GRANT|REVOKE(?:\\s+GRANT\\s+OPTION\\s+FOR)?)\\s+)([A-Z ,]+?)(\\s+ON\\s+.*)$");

    private final int sourceMajor;
    private final int targetMajor;

    /**
     * @param sourceMajor the major the dump was taken from, 0 if unknown (then nothing is adapted)
     * @param targetMajor the major of the server restored into
     */
    TargetCompatibility(int sourceMajor, int targetMajor) {
        this.sourceMajor = sourceMajor;
        this.targetMajor = targetMajor;
    }

    /** Whether the target is older than the source, so statements may need adapting. */
    boolean downgrade() {
        return sourceMajor > 0 && targetMajor > 0 && targetMajor < sourceMajor;
    }

    /** Adapts one statement; {@code object} names the entry it belongs to, for warnings. */
    Adapted adapt(String sql, String object) {
        if (!downgrade()) {
            return new Adapted(sql, List.of());
        }
        List<String> losses = new ArrayList<>();
        String adapted = sql;
        if (targetMajor < 14) {
            adapted = withoutMultirangeName(adapted, object, losses);
        }
        if (targetMajor < 17 && adapted != null) {
            adapted = withoutMaintain(adapted, object, losses);
        }
        return new Adapted(adapted, List.copyOf(losses));
    }

    /**
     * Multiranges arrived in 14, where every range type gets one; pg_dump 14+ names it in CREATE TYPE.
     * An older target creates the range without it: nothing is lost when the name is the one the
     * server would derive, but a custom name cannot be carried.
     */
    private String withoutMultirangeName(String sql, String object, List<String> losses) {
        Matcher type = RANGE_TYPE.matcher(sql);
        if (!type.find()) {
            return sql;
        }
        Matcher option = MULTIRANGE_OPTION.matcher(sql);
        if (!option.find()) {
            return sql;
        }
        String rangeName = unquote(lastPart(type.group(1)));
        String multirangeName = unquote(lastPart(option.group(1)));
        if (!multirangeName.equals(defaultMultirangeName(rangeName))) {
            losses.add(object + ": the multirange type name " + option.group(1) + " cannot be carried to PostgreSQL "
                    + targetMajor + ", which has no multirange types (they arrived in 14)");
        }
        String rest = sql.substring(0, option.start()) + sql.substring(option.end());
        // the option may have been the first one, leaving "( ," behind
        return rest.replaceFirst("\\(\\s*,", "(");
    }

    /** The MAINTAIN privilege arrived in 17; older targets have no such privilege to grant. */
    private String withoutMaintain(String sql, String object, List<String> losses) {
        Matcher m = GRANT.matcher(sql);
        if (!m.find()) {
            return sql;
        }
        List<String> kept = new ArrayList<>();
        boolean dropped = false;
        for (String privilege : m.group(2).split(",")) {
            if (privilege.strip().equalsIgnoreCase("MAINTAIN")) {
                dropped = true;
            } else {
                kept.add(privilege.strip());
            }
        }
        if (!dropped) {
            return sql;
        }
        losses.add(object + ": the MAINTAIN privilege cannot be carried to PostgreSQL " + targetMajor
                + " (it arrived in 17): " + sql.strip());
        if (kept.isEmpty()) {
            return null;
        }
        return m.group(1) + String.join(",", kept) + m.group(3);
    }

    /** What PostgreSQL names a range's multirange: "range" replaced by "multirange", else "_multirange" appended. */
    static String defaultMultirangeName(String rangeName) {
        int at = rangeName.indexOf("range");
        if (at >= 0) {
            return rangeName.substring(0, at) + "multirange" + rangeName.substring(at + "range".length());
        }
        return rangeName + "_multirange";
    }

    private static String lastPart(String qualified) {
        Matcher m = Pattern.compile(IDENT).matcher(qualified);
        String last = qualified;
        while (m.find()) {
            last = m.group();
        }
        return last;
    }

    private static String unquote(String ident) {
        if (ident.startsWith("\"")) {
            return ident.substring(1, ident.length() - 1).replace("\"\"", "\"");
        }
        return ident.toLowerCase(java.util.Locale.ROOT);
    }
}
