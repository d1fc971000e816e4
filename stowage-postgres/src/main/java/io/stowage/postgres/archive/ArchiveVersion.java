package io.stowage.postgres.archive;

/**
 * An archive format version as pg_dump's header records it ({@code K_VERS_1_14} is 1.14.0).
 *
 * <p>Only versions 1.12 to 1.16 are read: everything pg_dump 9.0 to 18 writes. Field gates in the
 * header and TOC depend on it: the compression field changes from an Int level to an algorithm byte
 * at 1.15, {@code tableam} appears at 1.14 and {@code relkind} at 1.16.
 */
public record ArchiveVersion(int major, int minor, int revision) implements Comparable<ArchiveVersion> {

    public static final ArchiveVersion V1_12 = new ArchiveVersion(1, 12, 0);
    public static final ArchiveVersion V1_13 = new ArchiveVersion(1, 13, 0);
    public static final ArchiveVersion V1_14 = new ArchiveVersion(1, 14, 0);
    public static final ArchiveVersion V1_15 = new ArchiveVersion(1, 15, 0);
    public static final ArchiveVersion V1_16 = new ArchiveVersion(1, 16, 0);

    /** The oldest version this package reads. */
    public static final ArchiveVersion OLDEST_READABLE = V1_12;
    /** The newest version this package reads (what pg_dump 17 and 18 write). */
    public static final ArchiveVersion NEWEST_READABLE = new ArchiveVersion(1, 16, 255);

    public ArchiveVersion {
        if (major < 0 || major > 255 || minor < 0 || minor > 255 || revision < 0 || revision > 255) {
            throw new IllegalArgumentException("archive version parts are bytes: " + major + "." + minor + "." + revision);
        }
    }

    /** True when this version is the same as or newer than {@code other}. */
    public boolean isAtLeast(ArchiveVersion other) {
        return compareTo(other) >= 0;
    }

    /** True for versions 1.12 to 1.16 (any revision). */
    public boolean isReadable() {
        return isAtLeast(OLDEST_READABLE) && NEWEST_READABLE.isAtLeast(this);
    }

    /** pg_dump compares versions as {@code (maj*256 + min)*256 + rev}. */
    @Override
    public int compareTo(ArchiveVersion other) {
        return Integer.compare(packed(), other.packed());
    }

    private int packed() {
        return (major * 256 + minor) * 256 + revision;
    }

    /** As {@code pg_restore -l} prints it: {@code 1.14-0}. */
    public String listingText() {
        return major + "." + minor + "-" + revision;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + revision;
    }
}
