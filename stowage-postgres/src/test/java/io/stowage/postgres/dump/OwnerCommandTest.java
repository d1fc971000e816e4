package io.stowage.postgres.dump;

import io.stowage.core.archive.ArchiveEntry;
import io.stowage.core.archive.Section;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OwnerCommandTest {
    private static ArchiveEntry entry(String desc, String ns, String tag, String owner, String drop) {
        return new ArchiveEntry(1, tag, desc, Section.PRE_DATA, ns, owner, "CREATE ...;\n", drop, "", List.of(), 0, 0);
    }

    @Test
    void namesPlainObjectsByTypeSchemaAndTag() {
        assertThat(OwnerCommand.statement(entry("VIEW", "public", "Rental Report", "postgres", "DROP VIEW x;\n")))
                .isEqualTo("ALTER VIEW public.\"Rental Report\" OWNER TO postgres;\n\n");
        assertThat(OwnerCommand.statement(entry("SCHEMA", null, "legacy", "app owner", "DROP SCHEMA legacy;\n")))
                .isEqualTo("ALTER SCHEMA legacy OWNER TO \"app owner\";\n\n");
    }

    @Test
    void takesFunctionSignaturesFromTheDropStatement() {
        ArchiveEntry f = entry("PROCEDURE", "public", "rewards_report(integer)", "postgres",
                "DROP PROCEDURE public.rewards_report(IN min integer, INOUT c refcursor);\n");
        assertThat(OwnerCommand.statement(f))
                .isEqualTo("ALTER PROCEDURE public.rewards_report(IN min integer, INOUT c refcursor) OWNER TO postgres;\n\n");
    }

    @Test
    void writesNothingForObjectsWithoutOwnerOrDrop() {
        assertThat(OwnerCommand.statement(entry("INDEX", "public", "idx", "postgres", "DROP INDEX public.idx;\n"))).isEmpty();
        assertThat(OwnerCommand.statement(entry("SEQUENCE OWNED BY", "public", "s", "postgres", ""))).isEmpty();
        assertThat(OwnerCommand.statement(entry("TABLE", "public", "t", null, "DROP TABLE public.t;\n"))).isEmpty();
    }

    @Test
    void injectsIfExistsLikePgRestore() {
        assertThat(DropCommand.statement(entry("FK CONSTRAINT", "public", "t fk", "p",
                "ALTER TABLE ONLY public.t DROP CONSTRAINT fk;\n"), true))
                .isEqualTo("ALTER TABLE IF EXISTS ONLY public.t DROP CONSTRAINT IF EXISTS fk;\n");
        assertThat(DropCommand.statement(entry("MATERIALIZED VIEW", "public", "m", "p",
                "DROP MATERIALIZED VIEW public.m;\n"), true)).isEqualTo("DROP MATERIALIZED VIEW IF EXISTS public.m;\n");
        assertThat(DropCommand.statement(entry("DEFAULT", "public", "t id", "p",
                "ALTER TABLE public.t ALTER COLUMN id DROP DEFAULT;\n"), true))
                .isEqualTo("ALTER TABLE IF EXISTS public.t ALTER COLUMN id DROP DEFAULT;\n");
    }
}
