package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI takes its connection the way libpq does - environment variables, {@code ~/.pgpass}, service
 * files, connection strings - proven against a real server by running the CLI as a child process with an
 * environment the test controls ({@link ChildCli}). The role needs a scram password, so a run only
 * succeeds when the password really arrived from the source under test.
 */
class ConnectionEnvironmentTest {
    private static final String ROLE = "stowage_env";
    private static final String PASSWORD = "Env-Pw-9f3k-quux";
    private static PgServer server;
    private static String db;
    private static int closedPort;

    @TempDir
    Path home;
    @TempDir
    Path work;

    @BeforeAll
    static void setUp() throws IOException {
        server = Servers.get(15);
        server.createPasswordRole(ROLE, PASSWORD);
        db = server.createDatabase();
        server.execute(db, "CREATE TABLE public.t (id int PRIMARY KEY, note text)",
                "INSERT INTO public.t VALUES (1, 'from-the-env-test')");
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
    }

    @Test
    void environmentAloneIsEnough() throws Exception {
        Path out = work.resolve("t.sql");
        ChildCli.Run r = child()
                .env("PGHOST", "127.0.0.1").env("PGPORT", port()).env("PGUSER", ROLE).env("PGDATABASE", db)
                .env("PGPASSWORD", PASSWORD)
                .run("dump", "-v", "-f", out.toString());
        assertDumped(r, out);
        assertThat(r.err()).as("verbose shows the connection masked").contains(ROLE + ":****@127.0.0.1:" + port() + "/" + db);
    }

    @Test
    void flagsOverrideTheEnvironment() throws Exception {
        Path out = work.resolve("t.sql");
        ChildCli.Run r = child()
                .env("PGHOST", "no-such-host.invalid").env("PGPORT", String.valueOf(closedPort)).env("PGUSER", "nobody_here")
                .env("PGDATABASE", "no_such_db").env("PGPASSWORD", PASSWORD)
                .run("dump", "-h", "127.0.0.1", "-p", port(), "-U", ROLE, "-f", out.toString(), db);
        assertDumped(r, out);
    }

    @Test
    void valuesInsideAConnectionStringBeatTheFlags() throws Exception {
        // pg_dump hands -d to libpq last with expand_dbname, so host= and port= in it override -h and -p
        Path out = work.resolve("t.sql");
        ChildCli.Run r = child().env("PGPASSWORD", PASSWORD)
                .run("dump", "-h", "no-such-host.invalid", "-p", String.valueOf(closedPort), "-U", "nobody_here",
                        "-d", "host=127.0.0.1 port=" + port() + " user=" + ROLE + " dbname=" + db, "-f", out.toString());
        assertDumped(r, out);
    }

    @Test
    void passwordFileInHomeIsUsedWithWildcards() throws Exception {
        writePrivate(home.resolve(".pgpass"),
                "# first matching line wins\n"
                        + "otherhost:*:*:" + ROLE + ":wrong-password\n"
                        + "127.0.0.1:*:*:someone_else:wrong-password\n"
                        + "127.0.0.1:" + port() + ":*:" + ROLE + ":" + PASSWORD + "\n"
                        + "*:*:*:*:wrong-password\n");
        Path out = work.resolve("t.sql");
        ChildCli.Run r = child().run("dump", "-w", "-h", "127.0.0.1", "-p", port(), "-U", ROLE, "-f", out.toString(), db);
        assertDumped(r, out);

        // the fully wildcarded line alone works too
        writePrivate(home.resolve(".pgpass"), "*:*:*:*:" + PASSWORD + "\n");
        Path out2 = work.resolve("t2.sql");
        assertDumped(child().run("dump", "-w", "-h", "127.0.0.1", "-p", port(), "-U", ROLE, "-f", out2.toString(), db), out2);
    }

    @Test
    void passwordFileReadableByOthersIsIgnoredWithLibpqsWarning() throws Exception {
        Path pgpass = home.resolve(".pgpass");
        Files.writeString(pgpass, "*:*:*:*:" + PASSWORD + "\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-r--r--"));
        Path out = work.resolve("t.sql");
        ChildCli.Run r = child().run("dump", "-w", "-h", "127.0.0.1", "-p", port(), "-U", ROLE, "-f", out.toString(), db);
        assertThat(r.exit()).as(r.toString()).isEqualTo(4);
        assertThat(r.errLines()).as(r.toString()).hasSize(2);
        assertThat(r.errLines().get(0)).contains("password file \"" + pgpass + "\" has group or world access; "
                + "permissions should be u=rw (0600) or less");
        assertThat(r.errLines().get(1)).startsWith("stowage: error: ").contains("no password supplied");
        assertClean(r);
        assertThat(out).doesNotExist();
    }

    @Test
    void pgpassfileNamesAnotherPasswordFile() throws Exception {
        // ~/.pgpass holds a wrong password: PGPASSFILE must replace it, not be consulted after it
        writePrivate(home.resolve(".pgpass"), "*:*:*:*:wrong-password\n");
        Path elsewhere = work.resolve("secrets").resolve("my.pgpass");
        Files.createDirectories(elsewhere.getParent());
        writePrivate(elsewhere, "127.0.0.1:" + port() + ":" + db + ":" + ROLE + ":" + PASSWORD + "\n");
        Path out = work.resolve("t.sql");
        ChildCli.Run r = child().env("PGPASSFILE", elsewhere.toString())
                .run("dump", "-w", "-h", "127.0.0.1", "-p", port(), "-U", ROLE, "-f", out.toString(), db);
        assertDumped(r, out);
    }

    @Test
    void serviceFileByPgserviceAndByServiceKeyword() throws Exception {
        Path services = work.resolve("services.conf");
        Files.writeString(services, "# services for the test\n"
                + "[other]\nhost=no-such-host.invalid\nport=1\n\n"
                + "[stowage_e2e]\nhost=127.0.0.1\nport=" + port() + "\nuser=" + ROLE + "\ndbname=" + db + "\n"
                + "password=" + PASSWORD + "\n");
        Path out = work.resolve("t.sql");
        ChildCli.Run byEnv = child().env("PGSERVICEFILE", services.toString()).env("PGSERVICE", "stowage_e2e")
                .run("dump", "-v", "-w", "-f", out.toString());
        assertDumped(byEnv, out);

        Path out2 = work.resolve("t2.sql");
        ChildCli.Run byKeyword = child().env("PGSERVICEFILE", services.toString())
                .run("dump", "-v", "-w", "-d", "service=stowage_e2e", "-f", out2.toString());
        assertDumped(byKeyword, out2);

        // ~/.pg_service.conf is the default service file
        Files.copy(services, home.resolve(".pg_service.conf"));
        Path out3 = work.resolve("t3.sql");
        assertDumped(child().run("dump", "-w", "-d", "service=stowage_e2e", "-f", out3.toString()), out3);
    }

    @Test
    void noPasswordAnywhereWithDashWIsAnAuthenticationError() throws Exception {
        Path out = work.resolve("t.sql");
        ChildCli.Run r = child().run("dump", "-w", "-h", "127.0.0.1", "-p", port(), "-U", ROLE, "-f", out.toString(), db);
        assertThat(r.exit()).as(r.toString()).isEqualTo(4);
        assertThat(r.errLines()).as(r.toString()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("stowage: error: ").contains("no password supplied")
                .contains("PGPASSWORD", "pgpass");
        assertClean(r);
        assertThat(out).doesNotExist();
    }

    @Test
    void connectTimeoutAppliesToAServerThatNeverAnswers() throws Exception {
        // libpq's connect_timeout bounds the whole connection attempt, not just the TCP handshake: a peer
        // that accepts the connection and then stays silent must be given up on after it too. Unlike a
        // blackhole address this works on every network, so it always runs.
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                java.util.List<Socket> held = new java.util.ArrayList<>();
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    held.forEach(s -> {
                        try {
                            s.close();
                        } catch (IOException ignored) {
                            // closing a socket nobody talks to
                        }
                    });
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
            ChildCli.Run r = child().env("PGCONNECT_TIMEOUT", "2").env("PGPASSWORD", PASSWORD)
                    .timeout(Duration.ofSeconds(30))
                    .run("dump", "-h", "127.0.0.1", "-p", String.valueOf(silent.getLocalPort()), "-U", ROLE,
                            "-f", work.resolve("t.sql").toString(), "postgres");
            assertThat(r.exit()).as(r.toString()).isEqualTo(3);
            assertThat(r.errLines()).as(r.toString()).hasSize(1);
            assertThat(r.errLines().get(0)).startsWith("stowage: error: ").contains("timeout expired");
            // waited for the timeout rather than failing at once, and gave up well before the test's own limit
            assertThat(r.elapsed()).as("gave up after connect_timeout").isBetween(Duration.ofSeconds(2), Duration.ofSeconds(20));
            assertClean(r);
            assertThat(work.resolve("t.sql")).doesNotExist();
        }
    }

    @Test
    void pgappnameReachesTheServer() throws Exception {
        String target = server.createDatabase();
        Path script = work.resolve("app.sql");
        Files.writeString(script, "CREATE TABLE public.app AS SELECT current_setting('application_name') AS name;\n");
        ChildCli.Run r = child().env("PGAPPNAME", "stowage-e2e-app").env("PGPASSWORD", PASSWORD)
                .run("restore", "-h", "127.0.0.1", "-p", port(), "-U", ROLE, "-d", target, script.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertClean(r);
        assertThat(server.queryColumn(target, "SELECT name FROM public.app")).containsExactly("stowage-e2e-app");

        // without PGAPPNAME the server sees stowage's own name
        String target2 = server.createDatabase();
        ChildCli.Run plain = child().env("PGPASSWORD", PASSWORD)
                .run("restore", "-h", "127.0.0.1", "-p", port(), "-U", ROLE, "-d", target2, script.toString());
        assertThat(plain.exit()).as(plain.toString()).isZero();
        assertThat(server.queryColumn(target2, "SELECT name FROM public.app")).containsExactly("stowage");
    }

    private ChildCli child() {
        return ChildCli.withHome(home);
    }

    private static String port() {
        return String.valueOf(server.port());
    }

    private static void assertDumped(ChildCli.Run r, Path out) throws IOException {
        assertThat(r.exit()).as(r.toString()).isZero();
        assertClean(r);
        String dump = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(dump).contains("COPY public.t ", "from-the-env-test").doesNotContain(PASSWORD);
    }

    /** No password and no stack trace in anything the child printed. */
    private static void assertClean(ChildCli.Run r) {
        assertThat(r.out() + r.err()).as(r.toString()).doesNotContain(PASSWORD).doesNotContain("\tat ", "Exception");
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
