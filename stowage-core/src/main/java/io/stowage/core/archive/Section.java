package io.stowage.core.archive;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

/**
 * The section of a dump an entry belongs to, as pg_dump's {@code --section} divides them.
 *
 * <p>{@link #NONE} holds entries outside the three sections (comments and ACLs take the section of
 * the object they describe in pg_dump; the database entry itself has none).
 */
public enum Section {
    NONE("NONE"),
    PRE_DATA("SECTION_PRE_DATA"),
    DATA("SECTION_DATA"),
    POST_DATA("SECTION_POST_DATA");

    private final String archiveName;

    Section(String archiveName) {
        this.archiveName = archiveName;
    }

    /** The name pg_restore prints for this section. */
    public String archiveName() {
        return archiveName;
    }

    /**
     * Parses {@code pre-data}, {@code data} or {@code post-data} as given to {@code --section};
     * anything else is a usage error worded as pg_dump and pg_restore word it.
     */
    public static Section fromOption(String value) {
        return switch (value) {
            case "pre-data" -> PRE_DATA;
            case "data" -> DATA;
            case "post-data" -> POST_DATA;
            default -> throw new StowageException(ErrorCode.USAGE, "unrecognized section name: \"" + value + "\"",
                    "use --section pre-data, --section data or --section post-data");
        };
    }
}
