package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input of every class ends in one line naming the cause and the fix, the class's exit code,
 * no stack trace, and no output file left behind.
 */
class ErrorCasesTest {
    private static final String ROLE = "stowage_alice";
    private static final String PASSWORD = "s3cret-Pa55word-xyzzy";
    private static PgServer server;
    private static String pagila;

    @BeforeAll
    static void setUp() throws Exception {
        server = Servers.get(15);
        pagila = Servers.freshPagila(server);
        server.createPasswordRole(ROLE, PASSWORD);
    }

    @Test
    void wrongPasswordIsAnAuthenticationError(@TempDir Path dir) {
        Path out = dir.resolve("out.sql");
        Cli.Result r = Cli.run("dump", "-f", out.toString(),
                "-d", "postgresql://" + ROLE + ":wrong-" + PASSWORD + "@127.0.0.1:" + server.port() + "/" + pagila);
        assertOneLineError(r, 4, "password authentication failed");
        assertThat(r.err()).doesNotContain(PASSWORD);
        assertNothingWritten(dir);
    }

    @Test
    void unknownHostIsAConnectionError(@TempDir Path dir) {
        Cli.Result r = Cli.run("dump", "-h", "no-such-host.invalid", "-p", "5432", "-U", "postgres", "-w",
                "-f", dir.resolve("out.sql").toString(), "postgres");
        assertOneLineError(r, 3, "no-such-host.invalid");
        assertNothingWritten(dir);
    }

    @Test
    void refusedConnectionIsAConnectionError(@TempDir Path dir) throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Cli.Result r = Cli.run("dump", "-d", "postgresql://postgres:" + PASSWORD + "@127.0.0.1:" + closedPort + "/postgres",
                "-f", dir.resolve("out.sql").toString());
        assertOneLineError(r, 3, "refused");
        assertThat(r.err()).doesNotContain(PASSWORD);
        assertNothingWritten(dir);
    }

    @Test
    void missingDatabaseHasItsOwnExitCode(@TempDir Path dir) {
        Cli.Result r = Cli.run(args("dump", conn(server), "-f", dir.resolve("out.sql").toString(), "no_such_database"));
        assertOneLineError(r, 5, "no_such_database");
        assertNothingWritten(dir);

        Cli.Result restore = Cli.run(args("restore", conn(server), "-d", "no_such_database", dir.resolve("x.sql").toString()));
        assertThat(restore.exit()).as(restore.toString()).isIn(5, 6);
    }

    @Test
    void outputPathThatIsADirectoryIsRejected(@TempDir Path dir) {
        Cli.Result r = Cli.run(args("dump", conn(server), "-f", dir.toString(), pagila));
        assertOneLineError(r, 7, "is a directory");
        assertNothingWritten(dir);
    }

    @Test
    void unwritableOutputPathIsRejected(@TempDir Path dir) throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        Cli.Result r = Cli.run(args("dump", conn(server), "-f", notADirectory.resolve("out.sql").toString(), pagila));
        assertOneLineError(r, 7, "out.sql");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("plain-file");
        }
    }

    @Test
    void aServerErrorMidDumpLeavesNoFile(@TempDir Path dir) throws Exception {
        // a role that may connect but not read pagila's tables fails after the output was opened
        server.execute(pagila, "DROP ROLE IF EXISTS stowage_nobody", "CREATE ROLE stowage_nobody LOGIN");
        Path out = dir.resolve("out.sql");
        Cli.Result r = Cli.run("dump", "-h", "127.0.0.1", "-p", String.valueOf(server.port()), "-U", "stowage_nobody", "-w",
                "-f", out.toString(), pagila);
        assertOneLineError(r, 8, "permission denied");
        assertNothingWritten(dir);
    }

    @Test
    void inputThatIsNotADumpIsRejectedBeforeTouchingTheDatabase(@TempDir Path dir) throws Exception {
        String target = server.createDatabase();
        Path binary = dir.resolve("random.bin");
        Files.write(binary, new byte[] {0x00, 0x13, (byte) 0xff, 0x00, 0x42, 0x00, 0x00, 0x07});
        assertOneLineError(Cli.run(args("restore", conn(server), "-d", target, binary.toString())), 6, "random.bin");

        Path prose = dir.resolve("notes.txt");
        Files.writeString(prose, "These are my holiday notes.\nNothing to see here.\n", StandardCharsets.UTF_8);
        assertOneLineError(Cli.run(args("restore", conn(server), "-d", target, prose.toString())), 6, "notes.txt");

        Path gz = dir.resolve("dump.sql.gz");
        Files.write(gz, new byte[] {0x1f, (byte) 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00});
        assertOneLineError(Cli.run(args("restore", conn(server), "-d", target, gz.toString())), 6, "gzip");

        Path missing = dir.resolve("missing.sql");
        assertOneLineError(Cli.run(args("restore", conn(server), "-d", target, missing.toString())), 6, "missing.sql");

        try (var c = server.connect(target); var rs = c.createStatement().executeQuery(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("nothing was created in the target").isZero();
        }
    }

    @Test
    void restoreWithoutExitOnErrorGoesOnAndReportsTheCount(@TempDir Path dir) throws Exception {
        String target = server.createDatabase();
        Path script = dir.resolve("bad.sql");
        Files.writeString(script, "CREATE TABLE public.a (id int);\nCREATE TABLE public.a (id int);\nCREATE TABLE public.b (id int);\n");
        Cli.Result r = Cli.run(args("restore", conn(server), "-d", target, script.toString()));
        assertThat(r.exit()).as(r.toString()).isEqualTo(8);
        assertThat(r.err()).contains("errors ignored on restore: 1");
        try (var c = server.connect(target); var rs = c.createStatement().executeQuery("SELECT to_regclass('public.b') IS NOT NULL")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("the statement after the error ran").isTrue();
        }

        String target2 = server.createDatabase();
        Cli.Result stop = Cli.run(args("restore", conn(server), "-e", "-d", target2, script.toString()));
        assertThat(stop.exit()).as(stop.toString()).isEqualTo(8);
        assertThat(stop.err()).contains("42P07");
        try (var c = server.connect(target2); var rs = c.createStatement().executeQuery("SELECT to_regclass('public.b') IS NULL")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("-e stopped before the next statement").isTrue();
        }
    }

    static void assertOneLineError(Cli.Result r, int exitCode, String mention) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(exitCode);
        assertThat(r.errLines()).as(r.toString()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("stowage: error: ").contains(mention);
        assertThat(r.err()).doesNotContain("\tat ", "Exception");
    }

    static void assertNothingWritten(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.toList()).as("files left in " + dir).isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
