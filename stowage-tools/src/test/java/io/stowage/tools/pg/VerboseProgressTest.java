package io.stowage.tools.pg;

import io.stowage.core.progress.ProgressEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VerboseProgressTest {

    @Test
    void plainDumpLinesBecomeTheNativeEvents() {
        List<ProgressEvent> events = new ArrayList<>();
        VerboseProgress progress = new VerboseProgress(PgTool.PG_DUMP, events::add);
        List<String> lines = List.of(
                "pg_dump: last built-in OID is 16383",
                "pg_dump: reading extensions",
                "pg_dump: creating SCHEMA \"legacy\"",
                "pg_dump: creating TABLE \"public.actor\"",
                "pg_dump: processing data for table \"public.actor\"",
                "pg_dump: dumping contents of table \"public.actor\"",
                "pg_dump: processing data for table \"public.film\"",
                "pg_dump: dumping contents of table \"public.film\"",
                "pg_dump: executing SEQUENCE SET actor_actor_id_seq",
                "pg_dump: creating CONSTRAINT \"public.actor actor_pkey\"",
                "pg_dump: warning: there are circular foreign-key constraints on this table:");
        for (String line : lines) {
            assertThat(progress.accept(line)).as(line).isTrue();
        }
        progress.finish();

        assertThat(events).containsExactly(
                new ProgressEvent.Phase("catalog"),
                new ProgressEvent.Info("last built-in OID is 16383"),
                new ProgressEvent.Info("reading extensions"),
                new ProgressEvent.Phase("pre-data"),
                new ProgressEvent.Entry("SCHEMA", null, "legacy"),
                new ProgressEvent.Entry("TABLE", "public", "actor"),
                new ProgressEvent.Phase("data"),
                new ProgressEvent.TableData("public", "actor", ProgressEvent.UNKNOWN, ProgressEvent.UNKNOWN),
                new ProgressEvent.TableData("public", "film", ProgressEvent.UNKNOWN, ProgressEvent.UNKNOWN),
                new ProgressEvent.Entry("SEQUENCE SET", null, "actor_actor_id_seq"),
                new ProgressEvent.Phase("post-data"),
                new ProgressEvent.Entry("CONSTRAINT", "public", "actor actor_pkey"),
                new ProgressEvent.Warning("there are circular foreign-key constraints on this table:"));
    }

    @Test
    void errorsAndDetailsAreNotProgress() {
        VerboseProgress progress = new VerboseProgress(PgTool.PG_RESTORE, e -> { });

        assertThat(progress.accept("pg_restore: error: could not execute query: ERROR:  schema \"legacy\" already exists")).isFalse();
        assertThat(progress.accept("pg_restore: from TOC entry 6; 2615 16385 SCHEMA legacy postgres")).isFalse();
        assertThat(progress.accept("Command was: CREATE SCHEMA legacy;")).isFalse();
        assertThat(progress.accept("pg_restore: warning: errors ignored on restore: 3")).isFalse();
        assertThat(progress.accept("pg_restore: connecting to database for restore")).isTrue();
    }

    @Test
    void restoreDataIsReportedWhenTheNextEntryStarts() {
        List<ProgressEvent> events = new ArrayList<>();
        VerboseProgress progress = new VerboseProgress(PgTool.PG_RESTORE, events::add);
        progress.accept("pg_restore: creating TABLE \"public.actor\"");
        progress.accept("pg_restore: processing data for table \"public.actor\"");
        int before = events.size();
        progress.accept("pg_restore: creating INDEX \"public.idx_actor_last_name\"");

        assertThat(events.subList(before, events.size())).containsExactly(
                new ProgressEvent.TableData("public", "actor", ProgressEvent.UNKNOWN, ProgressEvent.UNKNOWN),
                new ProgressEvent.Phase("post-data"),
                new ProgressEvent.Entry("INDEX", "public", "idx_actor_last_name"));
    }
}
