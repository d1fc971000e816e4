package io.stowage.cli;

import io.stowage.postgres.dump.ParallelDumpHooks;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.stowage.cli.ArchiveDumpTest.entries;
import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stowage dump -j N}: archives written by several workers restore with the real pg_restore
 * 15 (itself in parallel where it can) to a database equal to the source and list the same
 * entries as a one-job dump; every worker reads the leader's snapshot (or the caller's
 * {@code --snapshot}); {@code --lock-wait-timeout} and the workers' NOWAIT locks fail fast,
 * naming the table, and leave nothing behind. One pagila copy serves every case; tests that add
 * rows remove them again.
 */
class ParallelDumpTest {
    private static PgServer server;
    private static String source;
    private static List<String> oneJobListing;
    @TempDir
    static Path shared;

    @BeforeAll
    static void pagila() throws Exception {
        ReferenceTools.require("pg_restore", 15);
        server = Servers.get(15);
        source = Servers.freshPagila(server);
        Path one = shared.resolve("one-job.dump");
        Cli.Result dump = Cli.run(args("dump", conn(server), "-Fc", "-f", one.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        oneJobListing = entries(pgRestore("-l", one.toString()).out());
        assertThat(oneJobListing).hasSizeGreaterThan(150);
    }

    @AfterAll
    static void dropSource() {
        if (server != null && source != null) {
            server.dropDatabase(source);
        }
    }

    @ParameterizedTest(name = "-F {0} -j {1} to {2}")
    @CsvSource({"d, 2, file", "d, 3, file", "c, 2, file", "c, 3, file", "c, 2, stdout", "c, 3, stdout",
            "t, 2, file", "t, 3, stdout"})
    void parallelArchiveRestoresWithPgRestore(String format, int jobs, String to, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("pagila." + format);
        if ("file".equals(to)) {
            Cli.Result dump = Cli.run(args("dump", conn(server), "-F", format, "-j", jobs, "-f", out.toString(), source));
            assertThat(dump.exit()).as(dump.toString()).isZero();
        } else {
            Files.write(out, dumpToStdout(args("dump", conn(server), "-F", format, "--jobs", jobs, source)));
        }
        assertThat(entries(pgRestore("-l", out.toString()).out())).isEqualTo(oneJobListing);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no spool left behind").containsExactly(out.getFileName().toString());
        }

        List<String> restoreArgs = new ArrayList<>(List.of("--exit-on-error"));
        boolean seekable = "d".equals(format) || ("c".equals(format) && "file".equals(to));
        if (seekable) {
            restoreArgs.addAll(List.of("-j", "2"));
        }
        String target = server.createDatabase();
        restoreArgs.addAll(List.of("-d", target, out.toString()));
        ReferenceTools.Run restore = pgRestore(restoreArgs.toArray(String[]::new));
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(RoundTripTest.assertIdentical(server, source, target)).isGreaterThan(200);
        server.dropDatabase(target);
    }

    @ParameterizedTest(name = "-F {0}")
    @CsvSource({"d", "c", "t"})
    void workersReadTheLeadersSnapshot(String format, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("pagila." + format);
        int[] inserted = {0};
        try (AutoCloseable hook = ParallelDumpHooks.beforeTable(table -> {
            if (table.equals("public.actor")) {
                // committed after the snapshot was taken, before this worker reads the table
                server.execute(source, "INSERT INTO public.actor (first_name, last_name) VALUES ('ZZSNAP', 'ZZSNAP')");
                inserted[0]++;
            }
        })) {
            Cli.Result dump = Cli.run(args("dump", conn(server), "-F", format, "-j", "2", "-f", out.toString(), source));
            assertThat(dump.exit()).as(dump.toString()).isZero();
        } finally {
            server.execute(source, "DELETE FROM public.actor WHERE first_name = 'ZZSNAP'");
        }
        assertThat(inserted[0]).isEqualTo(1);
        String data = pgRestore("-a", "-t", "actor", "-f", "-", out.toString()).out();
        assertThat(data).contains("COPY public.actor ", "PENELOPE").doesNotContain("ZZSNAP");
    }

    @Test
    void dumpFromACallersSnapshot(@TempDir Path dir) throws Exception {
        try (Connection holder = server.connect(source); Statement st = holder.createStatement()) {
            holder.setAutoCommit(false);
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            String snapshot;
            try (ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
                rs.next();
                snapshot = rs.getString(1);
            }
            try {
                server.execute(source, "INSERT INTO public.actor (first_name, last_name) VALUES ('ZZLATE', 'ZZLATE')");
                Path parallel = dir.resolve("parallel.d");
                Cli.Result a = Cli.run(args("dump", conn(server), "-Fd", "-j", "2", "--snapshot", snapshot, "-f",
                        parallel.toString(), source));
                assertThat(a.exit()).as(a.toString()).isZero();
                Path single = dir.resolve("single.sql");
                Cli.Result b = Cli.run(args("dump", conn(server), "--snapshot", snapshot, "-f", single.toString(), source));
                assertThat(b.exit()).as(b.toString()).isZero();
                Path now = dir.resolve("now.sql");
                Cli.Result c = Cli.run(args("dump", conn(server), "-f", now.toString(), source));
                assertThat(c.exit()).as(c.toString()).isZero();

                assertThat(pgRestore("-a", "-t", "actor", "-f", "-", parallel.toString()).out())
                        .contains("PENELOPE").doesNotContain("ZZLATE");
                assertThat(Files.readString(single)).contains("PENELOPE").doesNotContain("ZZLATE");
                assertThat(Files.readString(now)).as("without --snapshot the dump sees the commit").contains("ZZLATE");
            } finally {
                holder.rollback();
                server.execute(source, "DELETE FROM public.actor WHERE first_name = 'ZZLATE'");
            }
        }
        Cli.Result bad = Cli.run(args("dump", conn(server), "-Fc", "-j", "2", "--snapshot", "00000003-0000001B-1", "-f",
                dir.resolve("bad.c").toString(), source));
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.errLines()).hasSize(1);
        assertThat(bad.err()).contains("cannot use snapshot \"00000003-0000001B-1\"");
        assertThat(dir.resolve("bad.c")).doesNotExist();
    }

    @Test
    void lockWaitTimeoutNamesTheTable(@TempDir Path dir) throws Exception {
        try (Connection locker = server.connect(source); Statement st = locker.createStatement()) {
            locker.setAutoCommit(false);
            st.execute("LOCK TABLE public.actor IN ACCESS EXCLUSIVE MODE");
            Path out = dir.resolve("locked.d");
            long started = System.nanoTime();
            Cli.Result dump = Cli.run(args("dump", conn(server), "-Fd", "-j", "2", "--lock-wait-timeout=300", "-f",
                    out.toString(), source));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            locker.rollback();
            assertThat(dump.exit()).as(dump.toString()).isEqualTo(8);
            assertThat(dump.errLines()).as(dump.toString()).hasSize(1);
            assertThat(dump.err()).contains("could not obtain lock on table public.actor", "--lock-wait-timeout 300");
            assertThat(millis).isLessThan(30_000);
            assertThat(out).doesNotExist();
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left).isEmpty();
            }
        }
        Cli.Result badValue = Cli.run(args("dump", conn(server), "--lock-wait-timeout", "soon", "-f",
                dir.resolve("x.sql").toString(), source));
        assertThat(badValue.exit()).as(badValue.toString()).isEqualTo(2);
        assertThat(badValue.err()).contains("invalid --lock-wait-timeout \"soon\"");
    }

    @ParameterizedTest(name = "-F {0}")
    @CsvSource({"d", "c", "t"})
    void workerFailsFastWhenAnExclusiveLockIsQueued(String format, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("queued." + format);
        CompletableFuture<Void>[] queued = new CompletableFuture[1];
        Connection locker = server.connect(source);
        try (AutoCloseable hook = ParallelDumpHooks.beforeTable(table -> {
            if (!table.equals("public.actor")) {
                return;
            }
            // queues behind the leader's ACCESS SHARE lock; the worker's own lock request now conflicts
            queued[0] = CompletableFuture.runAsync(() -> {
                try (Statement st = locker.createStatement()) {
                    locker.setAutoCommit(false);
                    st.execute("LOCK TABLE public.actor IN ACCESS EXCLUSIVE MODE");
                    locker.rollback();
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (server.queryColumn(source, "SELECT 1 FROM pg_locks WHERE NOT granted AND mode = 'AccessExclusiveLock' "
                    + "AND relation = 'public.actor'::regclass").isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the exclusive lock request never queued");
                }
                Thread.sleep(20);
            }
        })) {
            Cli.Result dump = Cli.run(args("dump", conn(server), "-F", format, "-j", "2", "-f", out.toString(), source));
            assertThat(dump.exit()).as(dump.toString()).isEqualTo(8);
            assertThat(dump.errLines()).as(dump.toString()).hasSize(1);
            assertThat(dump.err()).contains("could not obtain lock on relation \"public.actor\"",
                    "someone requested an ACCESS EXCLUSIVE lock on the table");
        } finally {
            if (queued[0] != null) {
                queued[0].get(30, TimeUnit.SECONDS); // granted once the dump's leader let go
            }
            locker.close();
        }
        assertThat(queued[0]).as("the hook ran").isNotNull();
        assertThat(out).doesNotExist();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("no spool or partial archive left").isEmpty();
        }
    }

    @Test
    void jobsAreForArchivesOnly(@TempDir Path dir) {
        Cli.Result plain = Cli.run(args("dump", conn(server), "-j", "2", "-f", dir.resolve("x.sql").toString(), source));
        assertThat(plain.exit()).isEqualTo(2);
        assertThat(plain.err()).contains("parallel dump (-j/--jobs) is not supported for the plain format");
        Cli.Result zero = Cli.run(args("dump", conn(server), "-Fd", "-j", "0", "-f", dir.resolve("x.d").toString(), source));
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("-j/--jobs must be in range");
        assertThat(dir.resolve("x.sql")).doesNotExist();
        Cli.Result help = Cli.run("dump", "--help");
        assertThat(help.out()).contains("--jobs", "--snapshot", "--lock-wait-timeout");
    }

    /** Runs the CLI in-process with standard output kept as bytes: an archive is binary. */
    private static byte[] dumpToStdout(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Main.execute(args, new ByteArrayInputStream(new byte[0]), o, e);
        }
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        // a custom archive starts with its magic, a tar with the toc.dat member's header
        assertThat(new String(out.toByteArray(), 0, Math.min(7, out.size()), StandardCharsets.ISO_8859_1)).isIn("PGDMP\u0001\u000e", "toc.dat");
        return out.toByteArray();
    }

    private static ReferenceTools.Run pgRestore(String... args) {
        List<String> cmd = new ArrayList<>(List.of("pg_restore", "-h", "127.0.0.1", "-p",
                String.valueOf(server.port()), "-U", "postgres", "-w"));
        cmd.addAll(List.of(args));
        return ReferenceTools.run(cmd, null);
    }
}
