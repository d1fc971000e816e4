package io.stowage.postgres.dump;

import io.stowage.core.archive.ArchiveEntry;
import io.stowage.core.options.DumpOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The -C entries for the database itself, as pg_dump's dumpDatabase and dumpDatabaseConfig write them. */
class DatabaseEntriesTest {
    private static final DatabaseEntries.Database DB = new DatabaseEntries.Database("My DB", "owner", "UTF8", "C.UTF-8",
            "C.UTF-8", "i", "de-DE", null, "space", 7, true, "{=c/owner,owner=CTc/owner}", "{=Tc/owner,owner=CTc/owner}",
            "comment", 42);

    @Test
    void createDatabaseHasProviderLocalesAndTablespace() {
        assertThat(DatabaseEntries.createDatabase(DB, true, false)).isEqualTo("CREATE DATABASE \"My DB\" WITH TEMPLATE = template0 "
                + "ENCODING = 'UTF8' LOCALE_PROVIDER = icu LOCALE = 'C.UTF-8' ICU_LOCALE = 'de-DE' TABLESPACE = space;\n");
        assertThat(DatabaseEntries.createDatabase(DB, true, true)).doesNotContain("TABLESPACE");
    }

    @Test
    void entriesInPgDumpOrderWithLabelsAndRoleSettings() {
        List<ArchiveEntry> entries = DatabaseEntries.entries(DB,
                List.of(new String[] {null, "search_path=app, \"Mixed Case\""}, new String[] {"Some Role", "work_mem=16MB"}),
                List.<String[]>of(new String[] {"selinux", "unconfined_u:object_r:sepgsql_db_t:s0"}), true, DumpOptions.builder().create(true).build());
        assertThat(entries).extracting(ArchiveEntry::desc)
                .containsExactly("DATABASE", "COMMENT", "SECURITY LABEL", "ACL", "DATABASE PROPERTIES");
        assertThat(entries.get(2).definition())
                .isEqualTo("SECURITY LABEL FOR selinux ON DATABASE \"My DB\" IS 'unconfined_u:object_r:sepgsql_db_t:s0';\n");
        // the commands themselves are AclCommands' (tested there); here: relative to the database's default
        assertThat(entries.get(3).definition()).contains("TEMPORARY ON DATABASE \"My DB\" FROM PUBLIC;\n");
        ArchiveEntry props = entries.get(4);
        assertThat(props.definition()).isEqualTo("ALTER DATABASE \"My DB\" CONNECTION LIMIT = 7;\n"
                + "ALTER DATABASE \"My DB\" IS_TEMPLATE = true;\n"
                + "ALTER DATABASE \"My DB\" SET search_path TO 'app', 'Mixed Case';\n"
                + "ALTER ROLE \"Some Role\" IN DATABASE \"My DB\" SET work_mem TO '16MB';\n");
        assertThat(props.dropStatement())
                .isEqualTo("UPDATE pg_catalog.pg_database SET datistemplate = false WHERE datname = 'My DB';\n");
    }

    @Test
    void noSecurityLabelsCommentsOrPrivilegesLeaveThoseOut() {
        List<ArchiveEntry> entries = DatabaseEntries.entries(DB, List.of(), List.of(), true,
                DumpOptions.builder().create(true).noComments(true).noPrivileges(true).build());
        assertThat(entries).extracting(ArchiveEntry::desc).containsExactly("DATABASE", "DATABASE PROPERTIES");
    }
}
