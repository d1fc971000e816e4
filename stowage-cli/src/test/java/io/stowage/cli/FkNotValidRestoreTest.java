package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code restore --fk-not-valid} adds each table's own foreign key NOT VALID and then validates it:
 * the script says so, and the restored database equals the source, its keys validated, with or
 * without -j; a key NOT VALID in the source stays unvalidated, a partitioned table's key is
 * restored as written. The tools engine refuses the flag.
 */
class FkNotValidRestoreTest {
    private static PgServer server;
    private static String source;
    private static Path archive;

    @BeforeAll
    static void database(@TempDir Path dir) {
        server = Servers.get(15);
        source = server.createDatabase();
        server.execute(source, """
                CREATE TABLE public.parent (id int PRIMARY KEY, code text UNIQUE);
                INSERT INTO public.parent SELECT g, 'c' || g FROM generate_series(1, 1000) g;
                CREATE TABLE public.child (id int PRIMARY KEY, parent_id int REFERENCES public.parent,
                    code text, CONSTRAINT child_code_fk FOREIGN KEY (code) REFERENCES public.parent (code)
                    ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED);
                INSERT INTO public.child SELECT g, g % 1000 + 1, 'c' || (g % 1000 + 1) FROM generate_series(1, 5000) g;
                CREATE TABLE public.loose (parent_id int);
                INSERT INTO public.loose VALUES (1), (99999);
                ALTER TABLE public.loose ADD CONSTRAINT loose_fk FOREIGN KEY (parent_id) REFERENCES public.parent NOT VALID;
                CREATE TABLE public.parted (id int, parent_id int REFERENCES public.parent) PARTITION BY RANGE (id);
                CREATE TABLE public.parted_1 PARTITION OF public.parted FOR VALUES FROM (0) TO (100);
                INSERT INTO public.parted SELECT g, g + 1 FROM generate_series(0, 99) g;
                """);
        archive = dir.resolve("fk.d");
        Cli.Result dump = Cli.run(args("dump", conn(server), "-Fd", "-f", archive.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();
    }

    @AfterAll
    static void drop() {
        if (server != null && source != null) {
            server.dropDatabase(source);
        }
    }

    @Test
    void theScriptAddsTheKeysNotValidThenValidatesThem(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("fk.sql");
        Cli.Result r = Cli.run(args("restore", "--fk-not-valid", "-f", script.toString(), archive.toString()));
        assertThat(r.exit()).as(r.toString()).isZero();
        String sql = Files.readString(script);
        assertThat(sql).contains("REFERENCES public.parent(id) NOT VALID;\n\nALTER TABLE ONLY public.child VALIDATE CONSTRAINT child_parent_id_fkey;")
                .contains("DEFERRABLE INITIALLY DEFERRED NOT VALID;\n\nALTER TABLE ONLY public.child VALIDATE CONSTRAINT child_code_fk;")
                .doesNotContain("VALIDATE CONSTRAINT loose_fk").doesNotContain("VALIDATE CONSTRAINT parted_parent_id_fkey");
        Path plain = dir.resolve("plain.sql");
        Cli.Result p = Cli.run(args("restore", "-f", plain.toString(), archive.toString()));
        assertThat(p.exit()).as(p.toString()).isZero();
        assertThat(Files.readString(plain)).doesNotContain("VALIDATE CONSTRAINT");
    }

    @ParameterizedTest(name = "-j {0}")
    @ValueSource(strings = {"1", "2"})
    void theRestoredDatabaseEqualsTheSourceWithItsKeysValidated(String jobs) throws Exception {
        String target = server.createDatabase();
        Cli.Result r = Cli.run(args("restore", conn(server), "--fk-not-valid", "-e", "-j", jobs, "-d", target, archive.toString()));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(server.queryColumn(target, "SELECT conname || ' ' || convalidated FROM pg_constraint WHERE contype = 'f'"
                + " AND conrelid::regclass::text IN ('child', 'loose') ORDER BY 1"))
                .containsExactly("child_code_fk true", "child_parent_id_fkey true", "loose_fk false");
        assertThat(RoundTripTest.assertIdentical(server, source, target)).isPositive();
        server.dropDatabase(target);
    }

    @Test
    void theToolsEngineRefusesTheFlag() {
        String target = server.createDatabase();
        Cli.Result r = Cli.run(args("restore", conn(server), "--engine", "tools", "--fk-not-valid", "-d", target, archive.toString()));
        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.err()).contains("--fk-not-valid");
        server.dropDatabase(target);
    }
}
