package io.stowage.tools.pg;

/** The PostgreSQL client programs the tools engine runs. */
public enum PgTool {
    PG_DUMP("pg_dump"),
    PG_RESTORE("pg_restore"),
    PSQL("psql");

    private final String command;

    PgTool(String command) {
        this.command = command;
    }

    /** The program's name as users type it, for example {@code pg_dump}. */
    public String command() {
        return command;
    }

    /** The file name in a bin directory: with {@code .exe} on Windows. */
    public String fileName(boolean windows) {
        return windows ? command + ".exe" : command;
    }
}
