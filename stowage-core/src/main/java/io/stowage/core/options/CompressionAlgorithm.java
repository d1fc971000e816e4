package io.stowage.core.options;

/** PostgreSQL's {@code pg_compress_algorithm}, as archive version 1.15 and later record it. */
public enum CompressionAlgorithm {
    NONE("none"),
    GZIP("gzip"),
    LZ4("lz4"),
    ZSTD("zstd");

    private final String label;

    CompressionAlgorithm(String label) {
        this.label = label;
    }

    /** The name {@code pg_restore -l} prints (16 and later) and {@code --compress} accepts. */
    public String label() {
        return label;
    }

    /** The header byte: the enum's position, as in compression.h. */
    public int code() {
        return ordinal();
    }

    /** The algorithm for a header byte, or {@code null} if the byte names none. */
    public static CompressionAlgorithm ofCode(int code) {
        return code >= 0 && code < values().length ? values()[code] : null;
    }
}
