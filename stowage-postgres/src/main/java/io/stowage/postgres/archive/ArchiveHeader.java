package io.stowage.postgres.archive;

import java.util.Objects;

/**
 * The header at the start of a custom archive (and of {@code toc.dat} in directory and tar
 * archives), as pg_dump's {@code WriteHead} writes it.
 *
 * @param version         the archive version
 * @param intSize         bytes in an Int's magnitude (pg_dump writes 4)
 * @param offsetSize      bytes in a data offset (pg_dump writes 8)
 * @param formatCode      1 custom, 3 tar and directory
 * @param compression     the compression field, shaped by the version
 * @param created         the creation time
 * @param databaseName    the dumped database's name
 * @param serverVersion   the server's version string, such as {@code 15.18 (Debian 15.18-0+deb12u1)}
 * @param pgDumpVersion   the dumper's version string
 */
public record ArchiveHeader(
        ArchiveVersion version,
        int intSize,
        int offsetSize,
        int formatCode,
        HeaderCompression compression,
        ArchiveTimestamp created,
        String databaseName,
        String serverVersion,
        String pgDumpVersion) {

    /** The magic bytes every archive starts with. */
    public static final String MAGIC = "PGDMP";
    /** {@code archCustom}. */
    public static final int FORMAT_CUSTOM = 1;
    /** {@code archTar}, which directory archives' {@code toc.dat} also carries. */
    public static final int FORMAT_TAR = 3;
    /** {@code archDirectory}, accepted for robustness; pg_dump itself writes 3 in directories. */
    public static final int FORMAT_DIRECTORY = 5;

    public ArchiveHeader {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(created, "created");
        if (version.isAtLeast(ArchiveVersion.V1_15) != (compression.level() == null)) {
            throw new IllegalArgumentException("archive " + version + " cannot record compression " + compression);
        }
    }
}
