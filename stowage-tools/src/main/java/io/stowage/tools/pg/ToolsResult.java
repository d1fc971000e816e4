package io.stowage.tools.pg;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a run of the tools engine did.
 *
 * @param installation  the client programs used
 * @param command       the command that ran, in its display form (no environment values, no password)
 * @param output        the dump written, or {@code null} for a stream or a restore
 * @param errorsIgnored errors the tool reported and went past (a restore without {@code -e}); 0 for a dump
 * @param elapsed       wall-clock time of the tool's run
 */
public record ToolsResult(PgInstallation installation, String command, Path output, int errorsIgnored, Duration elapsed) {
}
