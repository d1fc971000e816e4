package io.stowage.tools.pg;

import io.stowage.core.error.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stderr texts are what pg_dump 15 and pg_restore 15 print (captured from real runs). */
class ToolErrorsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "pg_dump: error: connection to server at \"127.0.0.1\", port 1 failed: Connection refused|CONNECTION_REFUSED|CONNECTION|08001",
        "pg_dump: error: could not translate host name \"nosuch.invalid\" to address: Name or service not known|CONNECTION_REFUSED|CONNECTION|08001",
        "pg_dump: error: connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password authentication failed for user \"u\"|AUTHENTICATION_FAILED|AUTHENTICATION|28P01",
        "pg_dump: error: connection to server at \"127.0.0.1\", port 5432 failed: fe_sendauth: no password supplied|AUTHENTICATION_FAILED|AUTHENTICATION|",
        "pg_dump: error: connection to server at \"127.0.0.1\", port 54377 failed: FATAL:  database \"nope\" does not exist|DATABASE_MISSING|DATABASE_NOT_FOUND|3D000",
        "pg_dump: error: query failed: ERROR:  permission denied for table actor|PERMISSION_DENIED|SERVER|42501",
        "pg_dump: error: query failed: ERROR:  canceling statement due to lock timeout|LOCK_TIMEOUT|SERVER|55P03",
        "pg_dump: error: query failed: ERROR:  canceling statement due to statement timeout|LOCK_TIMEOUT|SERVER|57014",
        "pg_dump: error: query failed: ERROR:  could not extend file \"base/1/2\": No space left on device|DISK_FULL|SERVER|53100",
        "pg_dump: error: could not write to output file: No space left on device|DISK_FULL|OUTPUT|",
        "pg_dump: error: query failed: ERROR:  out of memory|OUT_OF_MEMORY|SERVER|53200",
        "pg_dump: error: out of memory|OUT_OF_MEMORY|INTERNAL|",
        "pg_dump: error: could not open output file \"/nonexist/x.sql\": No such file or directory|OUTPUT|OUTPUT|",
        "pg_dump: error: could not open output file \"/root/x.sql\": Permission denied|OUTPUT|OUTPUT|",
        "pg_restore: error: input file does not appear to be a valid archive|INPUT|INPUT|",
        "pg_dump: error: query failed: ERROR:  relation \"x\" does not exist|SERVER_ERROR|SERVER|",
        "pg_dump: error: query failed: ERROR:  42P01: relation \"x\" does not exist|SERVER_ERROR|SERVER|42P01",
        "something odd happened|OTHER|INTERNAL|",
    })
    void classifies(String line, FailureCategory category, ErrorCode code, String sqlState) {
        PgTool tool = line.startsWith("pg_restore") ? PgTool.PG_RESTORE : PgTool.PG_DUMP;
        PgToolException e = ToolErrors.classify(tool, 1, List.of(line, "pg_dump: detail: Query was: LOCK TABLE public.actor IN ACCESS SHARE MODE"));

        assertThat(e.category()).isEqualTo(category);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.sqlState()).isEqualTo(sqlState);
        assertThat(e.toolExitCode()).isEqualTo(1);
        assertThat(e.getMessage()).startsWith(tool.command() + " failed: ").doesNotContain("error: ");
    }

    @org.junit.jupiter.api.Test
    void versionMismatchNamesBothVersionsAndTheClientToInstall() {
        PgToolException e = ToolErrors.classify(PgTool.PG_DUMP, 1, List.of(
                "pg_dump: error: aborting because of server version mismatch",
                "pg_dump: detail: server version: 17.11; pg_dump version: 15.10 (Debian 15.10-1)"));

        assertThat(e.category()).isEqualTo(FailureCategory.SERVER_VERSION_MISMATCH);
        assertThat(e.code()).isEqualTo(ErrorCode.ENVIRONMENT);
        assertThat(e.oneLine()).isEqualTo("server version mismatch: pg_dump 15.10 cannot dump a PostgreSQL 17.11 server"
                + " - install the PostgreSQL 17 client (Debian: apt-get install postgresql-client-17) or pass --pg-bin DIR");
    }
}
