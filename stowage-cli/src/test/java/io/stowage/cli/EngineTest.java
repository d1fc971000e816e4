package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --engine tools|auto}, {@code --pg-bin} and {@code --timeout} through the CLI, with the machine's
 * PostgreSQL 15 client programs (/usr/lib/postgresql/15/bin) against embedded servers.
 */
class EngineTest {
    private static final String ROLE = "stowage_engine_pw";
    private static final String PASSWORD = "engine-Pa55-xyzzy";
    private static PgServer server;
    private static String pagila;
    private static String big;

    @BeforeAll
    static void setUp() throws Exception {
        server = Servers.get(15);
        pagila = Servers.freshPagila(server);
        server.createPasswordRole(ROLE, PASSWORD);
    }

    /** A database whose compressed dump takes pg_dump (and the native engine) many seconds. */
    private static synchronized String big() {
        if (big == null) {
            String db = server.createDatabase();
            server.execute(db, "CREATE TABLE public.big AS SELECT g AS id, repeat(md5(g::text), 8) AS payload "
                    + "FROM generate_series(1, 600000) g");
            big = db;
        }
        return big;
    }

    @ParameterizedTest(name = "-F {0}")
    @ValueSource(strings = {"p", "c"})
    void dumpWithToolsRestoresNativelyToAnEqualDatabase(String format, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("pagila." + format);
        Cli.Result dump = Cli.run(args("dump", "--engine", "tools", conn(server), "-F", format, "-f", file.toString(), pagila));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        assertThat(dump.err()).isEmpty();
        // written by pg_dump: its header names it, where the native engine's names Stowage
        assertThat(Files.readAllBytes(file)).hasSizeGreaterThan(100_000);
        if (format.equals("p")) {
            assertThat(Files.readString(file)).contains("-- Dumped by pg_dump version 15.");
        }
        assertThat(siblings(dir)).containsExactly(file);

        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-e", "-d", target, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        RoundTripTest.assertIdentical(server, pagila, target);
        server.dropDatabase(target);
    }

    @ParameterizedTest(name = "-F {0}")
    @ValueSource(strings = {"p", "c"})
    void dumpNativelyRestoresWithToolsToAnEqualDatabase(String format, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("pagila." + format);
        Cli.Result dump = Cli.run(args("dump", conn(server), "-F", format, "-f", file.toString(), pagila));
        assertThat(dump.exit()).as(dump.toString()).isZero();

        String target = server.createDatabase();
        // -j for the archive: pg_restore -j; -v shows which program ran
        String[] jobs = format.equals("c") ? new String[] {"-j", "2"} : new String[0];
        Cli.Result restore = Cli.run(args("restore", "--engine", "tools", "-v", jobs, conn(server), "-e", "-d", target, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(restore.err()).containsPattern("restore complete: \\S*" + (format.equals("c") ? "pg_restore" : "psql") + " in ");
        RoundTripTest.assertIdentical(server, pagila, target);
        server.dropDatabase(target);
    }

    @Test
    void toolsDumpToStandardOutputRestoresWithToolsFromStandardInput() throws Exception {
        Cli.Result dump = Cli.run(args("dump", "--engine", "tools", conn(server), pagila));
        assertThat(dump.exit()).as(dump.err()).isZero();
        assertThat(dump.out()).contains("-- Dumped by pg_dump version 15.", "COPY public.actor ");

        String target = server.createDatabase();
        Cli.Result restore = Cli.runWithInput(dump.out().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                args("restore", "--engine", "tools", conn(server), "-e", "-d", target));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        RoundTripTest.assertIdentical(server, pagila, target);
        server.dropDatabase(target);
    }

    /**
     * -l and -f run pg_restore --list and --file=- without connecting: exactly what pg_restore prints
     * itself; the listing also names the entries the native engine lists.
     */
    @Test
    void listAndScriptWithToolsAreWhatPgRestorePrints(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pagila.dump");
        Cli.Result dump = Cli.run(args("dump", conn(server), "-F", "c", "-f", file.toString(), pagila));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        for (String option : new String[] {"-l", "-f"}) {
            String[] extra = option.equals("-l") ? new String[] {"-l"} : new String[] {"-f", "-"};
            Cli.Result tools = Cli.run(args("restore", "--engine", "tools", extra, "-n", "public", file.toString()));
            assertThat(tools.exit()).as(tools.toString()).isZero();
            List<String> reference = new java.util.ArrayList<>(List.of("pg_restore"));
            reference.addAll(List.of(extra));
            reference.addAll(List.of("-n", "public", file.toString()));
            ReferenceTools.Run pgRestore = ReferenceTools.run(reference, null);
            assertThat(pgRestore.exit()).as(pgRestore.toString()).isZero();
            assertThat(significant(tools.out())).as(option).hasSizeGreaterThan(100).isEqualTo(significant(pgRestore.out()));
        }
        Cli.Result nativeList = Cli.run(args("restore", "-l", "-n", "public", file.toString()));
        Cli.Result toolsList = Cli.run(args("restore", "--engine", "tools", "-l", "-n", "public", file.toString()));
        assertThat(significant(toolsList.out())).isEqualTo(significant(nativeList.out()));
    }

    /** The lines that are not comments (headers carry times) nor pg_restore's per-run \\restrict key. */
    private static List<String> significant(String out) {
        return out.lines().filter(l -> !l.startsWith(";") && !l.startsWith("--") && !l.isBlank()
                && !l.startsWith("\\restrict") && !l.startsWith("\\unrestrict")).toList();
    }

    @Test
    void toolsProgressIsTheNativeEnginesProgress(@TempDir Path dir) {
        Cli.Result dump = Cli.run(args("dump", "--engine", "tools", "--progress", "json", conn(server), "-F", "c",
                "-f", dir.resolve("p.dump").toString(), pagila));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        List<String> json = dump.errLines().stream().filter(l -> l.startsWith("{")).toList();
        assertThat(json).isNotEmpty().anyMatch(l -> l.contains("public.actor"));
        assertThat(dump.errLines()).allMatch(l -> l.startsWith("{") || l.startsWith("stowage: "));
    }

    /** The acceptance: a PostgreSQL 17 server, only pg_dump 15 installed. */
    @Test
    void aServerNewerThanPgDumpFailsWithToolsAndIsDumpedNativelyByAuto(@TempDir Path dir) throws Exception {
        PgServer newer = Servers.get(17);
        String source = Servers.freshPagila(newer);
        Path file = dir.resolve("pagila17.sql");

        Cli.Result tools = Cli.run(args("dump", "--engine", "tools", conn(newer), "-f", file.toString(), source));
        assertThat(tools.exit()).as(tools.toString()).isEqualTo(10);
        assertThat(tools.errLines()).hasSize(1);
        assertThat(tools.errLines().get(0)).startsWith("stowage: error: server version mismatch: the PostgreSQL server is version 17")
                .contains("pg_dump found is 15", "install the PostgreSQL 17 client", "postgresql-client-17", "--pg-bin DIR");
        assertThat(siblings(dir)).isEmpty();

        Cli.Result auto = Cli.run(args("dump", "--engine", "auto", conn(newer), "-f", file.toString(), source));
        assertThat(auto.exit()).as(auto.toString()).isZero();
        assertThat(auto.err()).as("no fallback: the native engine carries 17").isEmpty();
        assertThat(Files.readString(file)).contains("-- Dumped by Stowage");

        String target = newer.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(newer), "-e", "-d", target, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        RoundTripTest.assertIdentical(newer, source, target);
        newer.dropDatabase(target);
        newer.dropDatabase(source);
    }

    @Test
    void autoReportsAWrongPasswordAsItIsAndNeverTriesTheTools(@TempDir Path dir) {
        String url = "postgresql://" + ROLE + ":wrong-" + PASSWORD + "@127.0.0.1:" + server.port() + "/" + pagila;
        for (String engine : List.of("auto", "tools")) {
            Cli.Result r = Cli.run("dump", "--engine", engine, "-v", "-f", dir.resolve("x.sql").toString(), "-d", url);
            assertThat(r.exit()).as(r.toString()).isEqualTo(4);
            assertThat(r.err()).contains("password authentication failed").doesNotContain(PASSWORD)
                    .doesNotContain("pg_dump", "instead");
            assertThat(siblings(dir)).isEmpty();
        }
    }

    @Test
    void thePasswordReachesPgDumpButNoCommandLine(@TempDir Path dir) throws Exception {
        java.util.Set<String> cmdlines = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                ProcessHandle.current().descendants().forEach(h -> {
                    try {
                        cmdlines.add(Files.readString(Path.of("/proc", String.valueOf(h.pid()), "cmdline")).replace('\0', ' '));
                    } catch (IOException gone) {
                        // ended between listing and reading
                    }
                });
                Thread.onSpinWait();
            }
        });
        sampler.start();
        Cli.Result r;
        try {
            r = Cli.run("dump", "--engine", "tools", "-F", "c", "-f", dir.resolve("pw.dump").toString(),
                    "-d", "postgresql://" + ROLE + ":" + PASSWORD + "@127.0.0.1:" + server.port() + "/" + pagila);
        } finally {
            running.set(false);
            sampler.join();
        }
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(cmdlines).anyMatch(c -> c.contains("pg_dump") && c.contains(ROLE)).noneMatch(c -> c.contains(PASSWORD));
        assertThat(r.err()).doesNotContain(PASSWORD);
    }

    @Test
    void autoHandsAnArchiveTheNativeEngineCannotReadToPgRestore(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("future.dump");
        Cli.Result dump = Cli.run(args("dump", conn(server), "-F", "c", "-s", "-f", file.toString(), pagila));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        byte[] bytes = Files.readAllBytes(file);
        bytes[6] = 17;   // archive version 1.17: past what either engine here reads
        Files.write(file, bytes);
        String target = server.createDatabase();

        Cli.Result nativeRun = Cli.run(args("restore", conn(server), "-d", target, file.toString()));
        assertThat(nativeRun.exit()).as(nativeRun.toString()).isEqualTo(6);
        assertThat(nativeRun.err()).contains("unsupported version 1.17");

        Cli.Result auto = Cli.run(args("restore", "--engine", "auto", conn(server), "-d", target, file.toString()));
        assertThat(auto.errLines()).as(auto.toString()).hasSize(2);
        assertThat(auto.errLines().get(0)).startsWith("stowage: the native engine cannot restore this (")
                .endsWith("); restoring with pg_restore instead");
        // pg_restore 15 cannot read it either, and says so in its own words
        assertThat(auto.errLines().get(1)).startsWith("stowage: error: pg_restore failed: ").contains("unsupported version (1.17)");
        assertThat(auto.exit()).isNotZero();
        server.dropDatabase(target);
    }

    @Test
    void anOptionTheToolLacksIsRejectedBeforeConnecting(@TempDir Path dir) throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        // a parallel custom-format dump: the native engine does it, pg_dump only for directories
        Cli.Result r = Cli.run("dump", "--engine", "tools", "-h", "127.0.0.1", "-p", String.valueOf(closedPort), "-U", "postgres",
                "-w", "-F", "c", "-j", "2", "-f", dir.resolve("x.dump").toString(), "postgres");
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("stowage: error: option -j/--jobs with the custom format is not supported by pg_dump"
                + " - use -F d for a parallel dump with pg_dump, or use the native engine");
        assertThat(siblings(dir)).isEmpty();
    }

    @Test
    void aMissingProgramIsAnEnvironmentError(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty-bin"));
        Cli.Result r = Cli.run(args("dump", "--engine", "tools", "--pg-bin", empty.toString(), conn(server),
                "-f", dir.resolve("x.sql").toString(), pagila));
        assertThat(r.exit()).as(r.toString()).isEqualTo(10);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("stowage: error: no pg_dump found (searched --pg-bin " + empty + ")");

        Cli.Result restore = Cli.run(args("restore", "--engine", "tools", "--pg-bin", empty.toString(), conn(server),
                "-d", pagila, dir.resolve("empty-bin").toString()));
        assertThat(restore.exit()).as(restore.toString()).isEqualTo(10);
    }

    @Test
    void engineOptionsAreCheckedLikeAnyOther() {
        Cli.Result pgBinWithNative = Cli.run("dump", "--pg-bin", "/usr/lib/postgresql/15/bin", "mydb");
        assertThat(pgBinWithNative.exit()).isEqualTo(2);
        assertThat(pgBinWithNative.err()).contains("--pg-bin names the programs of the tools engine");

        Cli.Result badTimeout = Cli.run("dump", "--engine", "tools", "--timeout", "soon", "mydb");
        assertThat(badTimeout.exit()).isEqualTo(2);
        assertThat(badTimeout.err()).contains("invalid --timeout \"soon\"", "30s, 10m, 2h");

        Cli.Result badEngine = Cli.run("restore", "--engine", "rsync", "-d", "x", "f.sql");
        assertThat(badEngine.exit()).isEqualTo(2);
        assertThat(badEngine.err()).contains("--engine", "rsync");

        Cli.Result parallelFromStdin = Cli.run("restore", "--engine", "tools", "-j", "2", "-h", "127.0.0.1", "-p", "1", "-d", "x");
        assertThat(parallelFromStdin.exit()).as(parallelFromStdin.toString()).isEqualTo(2);
        assertThat(parallelFromStdin.err()).contains("parallel restore from standard input is not supported");

        Cli.Result freezeWithTools = Cli.run("restore", "--engine", "tools", "--freeze", "-d", "x", "f.dump");
        assertThat(freezeWithTools.exit()).isEqualTo(2);
        assertThat(freezeWithTools.err()).contains("--freeze");
        // freezing is the native engine's default; without the flag the tools engine is not refused for it
        Cli.Result toolsByDefault = Cli.run("restore", "--engine", "tools", "-d", "x", "f.dump");
        assertThat(toolsByDefault.exit()).isNotZero();
        assertThat(toolsByDefault.err()).doesNotContain("--freeze");
        Cli.Result noFreezeWithTools = Cli.run("restore", "--engine", "tools", "--no-freeze", "-d", "x", "f.dump");
        assertThat(noFreezeWithTools.err()).doesNotContain("--freeze");
    }

    @Test
    void durationsTakeAUnit() {
        assertThat(Durations.parse("--timeout", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("--timeout", "10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("--timeout", "2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("--timeout", "1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("--timeout", "250ms")).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void helpListsTheEngineOptions() {
        for (String command : List.of("dump", "restore")) {
            Cli.Result r = Cli.run(command, "--help");
            assertThat(r.exit()).isZero();
            assertThat(r.out()).contains("--engine=native|tools|auto", "--pg-bin=DIR", "--timeout=DURATION");
        }
        assertThat(Cli.run("--help").out()).contains("10 missing or unfitting program");
    }

    @Test
    void aToolsDumpPastItsTimeoutEndsWithNoFileAndNoChild(@TempDir Path dir) {
        String db = big();
        Path file = dir.resolve("big.dump");
        Cli.Result r = Cli.run(args("dump", "--engine", "tools", "--timeout", "1s", conn(server), "-F", "c", "-Z", "9",
                "-f", file.toString(), db));
        assertThat(r.exit()).as(r.toString()).isEqualTo(130);
        assertThat(r.errLines()).containsExactly("stowage: error: pg_dump did not finish within 1s and was stopped - raise --timeout");
        assertThat(siblings(dir)).isEmpty();
        assertThat(pgDumpsWriting(dir)).isEmpty();
    }

    @Test
    void aNativeDumpPastItsTimeoutEndsWithNoFile(@TempDir Path dir) throws Exception {
        String db = big();
        Path file = dir.resolve("big.dump");
        ChildCli.Run r = ChildCli.withHome(dir).run(args("dump", "--timeout", "1s", conn(server), "-F", "c", "-Z", "9",
                "-f", file.toString(), db));
        assertThat(r.exit()).as(r.toString()).isEqualTo(130);
        assertThat(r.errLines()).containsExactly("stowage: error: the dump did not finish within 1s and was stopped - raise --timeout");
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(20));
        assertThat(siblings(dir)).isEmpty();
    }

    @Test
    void ctrlCEndsPgDumpAndLeavesNoFile(@TempDir Path dir) throws Exception {
        String db = big();
        Path out = dir.resolve("big.dump");
        Path log = Files.createTempFile("stowage-engine-ctrl-c", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "dump", "--engine", "tools", "-h", "127.0.0.1", "-p", String.valueOf(server.port()), "-U", "postgres", "-w",
                "-F", "c", "-Z", "9", "-f", out.toString(), db)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (pgDumpsWriting(dir).isEmpty() || siblings(dir).isEmpty() || Files.size(siblings(dir).get(0)) < 100_000) {
                assertThat(p.isAlive()).as("the dump was still running").isTrue();
                assertThat(System.nanoTime()).as("pg_dump started writing").isLessThan(deadline);
                Thread.sleep(20);
            }
            // SIGINT to the JVM alone (a terminal's Ctrl-C would reach pg_dump too): the CLI must end pg_dump itself
            new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
            // pg_dump goes at once on SIGTERM; the 5 s grace before SIGKILL is the most it may take
            assertThat(p.waitFor(8, TimeUnit.SECONDS)).as("the CLI ended pg_dump instead of waiting for it").isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).isEqualTo(130);
        assertThat(Files.readString(log)).contains("stowage: error: pg_dump was cancelled; it and its child processes were stopped");
        Files.delete(log);
        assertThat(siblings(dir)).isEmpty();
        assertThat(pgDumpsWriting(dir)).isEmpty();
    }

    /** The files in {@code dir}, temporary ones included. */
    private static List<Path> siblings(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** pg_dump processes (anyone's children) whose command line names a file in {@code dir}. */
    private static List<ProcessHandle> pgDumpsWriting(Path dir) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains("pg_dump") && c.contains(dir.toString())).orElse(false))
                .toList();
    }
}
