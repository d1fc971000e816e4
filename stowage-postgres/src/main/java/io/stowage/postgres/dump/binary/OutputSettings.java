package io.stowage.postgres.dump.binary;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;

/**
 * The source session's settings that shape the text of a {@code COPY ... TO STDOUT}, as
 * {@code SHOW} (or {@code current_setting}) reports them. {@link BinaryCopyToText} formats a type
 * only under the settings it reproduces exactly and refuses the type otherwise.
 *
 * @param dateStyle      DateStyle, e.g. {@code ISO, MDY}: dates and timestamps need the ISO style
 * @param timeZone       TimeZone, e.g. {@code UTC}: timestamptz needs a zone that is UTC at every instant
 * @param byteaOutput    bytea_output: bytea needs {@code hex}
 * @param clientEncoding client_encoding: every type needs {@code UTF8}
 */
public record OutputSettings(String dateStyle, String timeZone, String byteaOutput, String clientEncoding) {
    /**
     * The TimeZone names whose offset is zero at every instant, so that timestamptz_out prints
     * "+00" after the UTC time (checked on PostgreSQL 12, 15 and 18 by the differential test).
     * Names are matched exactly as the server reports them: any other spelling is refused.
     */
    static final Set<String> UTC_ZONES = Set.of("UTC", "Etc/UTC", "Etc/UCT", "UCT", "GMT", "Etc/GMT", "Etc/GMT0",
            "Etc/GMT+0", "Etc/GMT-0", "GMT0", "GMT+0", "GMT-0", "Etc/Greenwich", "Greenwich", "Universal",
            "Etc/Universal", "Zulu", "Etc/Zulu");

    private static final String QUERY = "SELECT current_setting('DateStyle'), current_setting('TimeZone'), "
            + "current_setting('bytea_output'), current_setting('client_encoding')";

    /** The settings of {@code c}'s session now. */
    public static OutputSettings of(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(QUERY)) {
            r.next();
            return new OutputSettings(r.getString(1), r.getString(2), r.getString(3), r.getString(4));
        }
    }

    /** Whether dates and timestamps print in the ISO style ({@code ISO, MDY} and the like). */
    boolean isoDates() {
        return dateStyle != null && dateStyle.toUpperCase(Locale.ROOT).startsWith("ISO");
    }

    /** Whether timestamptz prints with offset "+00" at every instant. */
    boolean utc() {
        return timeZone != null && UTC_ZONES.contains(timeZone);
    }

    boolean hexBytea() {
        return "hex".equals(byteaOutput);
    }

    boolean utf8() {
        return clientEncoding != null && (clientEncoding.equalsIgnoreCase("UTF8") || clientEncoding.equalsIgnoreCase("UTF-8"));
    }
}
