package io.stowage.cli;

/** Which engine runs a dump or restore ({@code --engine}). */
enum Engine {
    /** Stowage's own engine, over JDBC. */
    NATIVE,
    /** The reference programs: pg_dump, pg_restore, psql. */
    TOOLS,
    /** Native, and the tools only where the native engine refuses up front what it cannot carry. */
    AUTO
}
