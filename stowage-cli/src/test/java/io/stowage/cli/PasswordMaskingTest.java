package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Wherever a connection is shown - verbose lines, errors, the dump itself - its password is {@code ****}. */
class PasswordMaskingTest {
    private static final String ROLE = "stowage_masked";
    private static final String PASSWORD = "Very-Secret-Pw-4711";
    private static PgServer server;
    private static String db;

    @BeforeAll
    static void setUp() throws Exception {
        server = Servers.get(15);
        server.createPasswordRole(ROLE, PASSWORD);
        db = server.createDatabase();
        server.execute(db, "CREATE TABLE public.t (id int PRIMARY KEY, note text)", "INSERT INTO public.t VALUES (1, 'one')",
                "ALTER TABLE public.t OWNER TO " + ROLE);
    }

    @Test
    void verboseDumpWithAUriShowsTheConnectionMasked(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("t.sql");
        Cli.Result r = Cli.run("dump", "-v", "-f", out.toString(),
                "-d", "postgresql://" + ROLE + ":" + PASSWORD + "@127.0.0.1:" + server.port() + "/" + db);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains(ROLE + ":****@127.0.0.1:" + server.port()).doesNotContain(PASSWORD);
        assertThat(Files.readString(out)).contains("COPY public.t ").doesNotContain(PASSWORD);
    }

    @Test
    void verboseRestoreWithAConninfoStringShowsTheConnectionMasked(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("s.sql");
        Files.writeString(script, "CREATE TABLE public.masked_target (id int);\n");
        String target = server.createDatabase();
        Cli.Result r = Cli.run("restore", "-v",
                "-d", "host=127.0.0.1 port=" + server.port() + " user=" + ROLE + " password='" + PASSWORD + "' dbname=" + target,
                script.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("****").doesNotContain(PASSWORD);
    }

    @Test
    void failuresNeverQuoteThePassword(@TempDir Path dir) {
        Cli.Result missingDb = Cli.run("dump", "-v", "-f", dir.resolve("x.sql").toString(),
                "-d", "postgresql://" + ROLE + ":" + PASSWORD + "@127.0.0.1:" + server.port() + "/no_such_db_here");
        assertThat(missingDb.exit()).as(missingDb.toString()).isEqualTo(5);
        assertThat(missingDb.err()).contains("****").doesNotContain(PASSWORD);

        Cli.Result wrong = Cli.run("restore", "-v", "-d",
                "postgresql://" + ROLE + ":not-" + PASSWORD + "@127.0.0.1:" + server.port() + "/" + db, dir.resolve("x.sql").toString());
        assertThat(wrong.exit()).isIn(4, 6);
        assertThat(wrong.err()).doesNotContain(PASSWORD);
    }
}
