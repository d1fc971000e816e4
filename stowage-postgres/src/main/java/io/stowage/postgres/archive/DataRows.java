package io.stowage.postgres.archive;

/**
 * The rows found in one TABLE DATA entry while verifying: the lines of COPY data before its
 * {@code \.} end line, for comparison with the row counts a backup's metadata records.
 *
 * @param dumpId    the entry's dump id
 * @param namespace the table's schema, or {@code null}
 * @param table     the entry's tag: the table name
 * @param rows      the number of rows, or -1 when the data is not COPY text (an {@code --inserts} dump)
 * @param bytes     the decompressed bytes of the entry's data
 */
public record DataRows(int dumpId, String namespace, String table, long rows, long bytes) {
}
