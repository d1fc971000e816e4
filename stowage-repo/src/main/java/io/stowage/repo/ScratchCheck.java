package io.stowage.repo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A restore into a scratch database whose row counts matched what was expected.
 *
 * @param server        the server, as {@code ConnectionSettings.display()} shows it (never the password)
 * @param database      the scratch database's name (dropped again)
 * @param tableRows     rows per table ({@code schema.table}) counted in the scratch database
 * @param errorsIgnored errors the restore reported and went on after (a role or extension the scratch server lacks)
 */
public record ScratchCheck(String server, String database, Map<String, Long> tableRows, int errorsIgnored) {

    public ScratchCheck {
        tableRows = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tableRows));
    }

    /** The rows of all tables counted. */
    public long totalRows() {
        return tableRows.values().stream().mapToLong(Long::longValue).sum();
    }
}
