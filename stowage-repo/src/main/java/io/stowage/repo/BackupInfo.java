package io.stowage.repo;

import io.stowage.core.io.Json;

import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a repository knows about one complete backup: the content of its {@code metadata.json}.
 *
 * @param key              the backup's key
 * @param database         the source database
 * @param serverVersion    the source server's version string
 * @param connection       the source connection as {@code ConnectionSettings.display()} shows it (never the password)
 * @param engine           the engine that dumped ({@code native})
 * @param format           the archive format ({@code custom})
 * @param compression      the archive's compression, as {@code -Z} takes it
 * @param options          the dump's options that differ from the defaults, as {@code stowage dump} flags
 * @param stowageVersion   the Stowage version that wrote the backup
 * @param started          when the dump started
 * @param finished         when the archive and manifest were stored
 * @param archiveSize      the archive's size in bytes
 * @param archiveSha256    the archive's SHA-256, lower-case hex
 * @param entries          archive entries written
 * @param tableRows        rows per table ({@code schema.table}), in dump order
 * @param encryption       how the archive is sealed, {@code null} when it is not encrypted (metadata
 *                         written before encryption existed has no such field and reads as {@code null})
 */
public record BackupInfo(BackupKey key, String database, String serverVersion, String connection, String engine,
                         String format, String compression, List<String> options, String stowageVersion, Instant started, Instant finished,
                         long archiveSize, String archiveSha256, int entries, Map<String, Long> tableRows,
                         BackupEncryption encryption) {

    /** The metadata format's version, written as {@code metadata_version}. */
    public static final int VERSION = 1;

    public BackupInfo {
        Objects.requireNonNull(key, "key");
        options = List.copyOf(options);
        tableRows = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tableRows));
    }

    /** The metadata of a backup that is not encrypted. */
    public BackupInfo(BackupKey key, String database, String serverVersion, String connection, String engine,
                      String format, String compression, List<String> options, String stowageVersion, Instant started,
                      Instant finished, long archiveSize, String archiveSha256, int entries, Map<String, Long> tableRows) {
        this(key, database, serverVersion, connection, engine, format, compression, options, stowageVersion, started, finished,
                archiveSize, archiveSha256, entries, tableRows, null);
    }

    /** Whether the archive is encrypted (see {@link #encryption()}). */
    public boolean encrypted() {
        return encryption != null;
    }

    /** The rows of all tables. */
    public long totalRows() {
        return tableRows.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The metadata as pretty-printed JSON, fields in a fixed order, ending with a newline. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\n");
        field(sb, "metadata_version", String.valueOf(VERSION));
        field(sb, "key", Json.quote(key.value()));
        field(sb, "database", Json.quote(database));
        field(sb, "server_version", Json.quote(serverVersion));
        field(sb, "connection", Json.quote(connection));
        field(sb, "engine", Json.quote(engine));
        field(sb, "format", Json.quote(format));
        field(sb, "compression", Json.quote(compression));
        field(sb, "options", "[" + String.join(", ", options.stream().map(Json::quote).toList()) + "]");
        field(sb, "stowage_version", Json.quote(stowageVersion));
        field(sb, "started", Json.quote(started.toString()));
        field(sb, "finished", Json.quote(finished.toString()));
        field(sb, "archive_size", String.valueOf(archiveSize));
        field(sb, "archive_sha256", Json.quote(archiveSha256));
        field(sb, "encryption", encryption == null ? "null" : encryption.toJson());
        field(sb, "entries", String.valueOf(entries));
        sb.append("  \"tables\": {");
        String sep = "\n";
        for (Map.Entry<String, Long> t : tableRows.entrySet()) {
            sb.append(sep).append("    ").append(Json.quote(t.getKey())).append(": ").append(t.getValue());
            sep = ",\n";
        }
        sb.append(tableRows.isEmpty() ? "}\n" : "\n  }\n");
        return sb.append("}\n").toString();
    }

    /** The metadata as one line of JSON (for {@code backups list --json}). */
    public String toJsonLine() {
        // strings are written with their newlines escaped, so every raw newline is layout
        return toJson().strip().replaceAll("\\s*\n\\s*", " ");
    }

    private static void field(StringBuilder sb, String name, String json) {
        sb.append("  ").append(Json.quote(name)).append(": ").append(json).append(",\n");
    }

    /**
     * Reads metadata written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException naming what is wrong when it is not such metadata
     */
    public static BackupInfo fromJson(String json) {
        if (!(Json.parse(json) instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the metadata is not a JSON object");
        }
        List<String> options = new java.util.ArrayList<>();
        if (map.get("options") instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String flag)) {
                    throw new IllegalArgumentException("the metadata's \"options\" holds a non-string");
                }
                options.add(flag);
            }
        } else {
            throw new IllegalArgumentException("the metadata has no \"options\" array");
        }
        Map<String, Long> tables = new LinkedHashMap<>();
        if (map.get("tables") instanceof Map<?, ?> t) {
            t.forEach((name, rows) -> tables.put(String.valueOf(name), asLong(rows, "tables." + name)));
        } else {
            throw new IllegalArgumentException("the metadata has no \"tables\" object");
        }
        return new BackupInfo(BackupKey.parse(text(map, "key")), text(map, "database"), text(map, "server_version"),
                text(map, "connection"), text(map, "engine"), text(map, "format"), text(map, "compression"), options,
                text(map, "stowage_version"), Instant.parse(text(map, "started")), Instant.parse(text(map, "finished")),
                asLong(map.get("archive_size"), "archive_size"), text(map, "archive_sha256"),
                (int) asLong(map.get("entries"), "entries"), tables, BackupEncryption.fromJson(map.get("encryption")));
    }

    private static String text(Map<?, ?> map, String name) {
        if (map.get(name) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("the metadata has no string \"" + name + "\"");
    }

    private static long asLong(Object value, String name) {
        if (value instanceof Long l) {
            return l;
        }
        throw new IllegalArgumentException("the metadata has no integer \"" + name + "\"");
    }
}
