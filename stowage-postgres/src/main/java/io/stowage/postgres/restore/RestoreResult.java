package io.stowage.postgres.restore;

import java.time.Duration;

/**
 * What a restore did.
 *
 * @param entries        entries restored
 * @param statements     SQL statements executed
 * @param tables         tables whose data was loaded
 * @param rows           rows loaded with COPY
 * @param errorsIgnored  errors that were reported and skipped (without {@code -e})
 * @param elapsed        wall-clock time
 */
public record RestoreResult(int entries, int statements, int tables, long rows, int errorsIgnored, Duration elapsed) {
}
