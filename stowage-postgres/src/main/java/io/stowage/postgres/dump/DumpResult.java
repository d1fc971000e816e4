package io.stowage.postgres.dump;

import java.time.Duration;

/**
 * What a dump produced.
 *
 * @param serverVersion the source server's version string
 * @param entries       entries written (objects, data, ACLs, comments)
 * @param tables        tables whose data was written
 * @param rows          rows written
 * @param bytes         bytes written to the output
 * @param elapsed       wall-clock time
 */
public record DumpResult(String serverVersion, int entries, int tables, long rows, long bytes, Duration elapsed) {
}
