package io.stowage.tools.pg;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory holding PostgreSQL client programs of one version.
 *
 * @param binDir  the directory
 * @param version the version its programs report
 * @param origin  how it was found: {@code --pg-bin}, {@code STOWAGE_PG_BIN}, {@code PATH} or {@code install location}
 * @param windows whether program files carry {@code .exe}
 */
public record PgInstallation(Path binDir, PgVersion version, String origin, boolean windows) {

    /** The path of {@code tool} in this directory (whether or not it is there). */
    public Path path(PgTool tool) {
        return binDir.resolve(tool.fileName(windows));
    }

    /** Whether {@code tool} is present and executable here. */
    public boolean has(PgTool tool) {
        Path p = path(tool);
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }

    /** For messages: {@code 15.10 in /usr/lib/postgresql/15/bin}. */
    public String describe() {
        return version + " in " + binDir;
    }
}
