package io.stowage.tools.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessRunnerTest {
    private static final Path SH = Path.of("/bin/sh");

    private final ProcessRunner runner = new ProcessRunner(Duration.ofMillis(500));

    private static Command sh(String script) {
        return Command.of(SH, List.of("-c", script));
    }

    @Test
    void drainsMoreThanTenMegabytesOnStdoutAndStderrAtOnce() throws Exception {
        // 600,000 stderr lines of 20 bytes (12 MB) written by a background job while the foreground
        // writes 12 MB to stdout: a runner that read one pipe after the other would block for good.
        Command command = sh("(yes 'stderr line of text' | head -n 600000 >&2) & yes 'stdout line of text' | head -n 600000; wait")
                .withStdout(StdoutSink.stream(new CountingOutputStream()));
        CountingOutputStream out = (CountingOutputStream) ((StdoutSink.ToStream) command.stdout()).stream();
        AtomicLong stderrLines = new AtomicLong();
        AtomicLong stderrChars = new AtomicLong();

        ProcessResult result = runner.run(command, line -> {
            stderrLines.incrementAndGet();
            stderrChars.addAndGet(line.length() + 1);
        }, null, Duration.ofMinutes(2));

        assertThat(result).isInstanceOf(ProcessResult.Exited.class);
        assertThat(result.succeeded()).isTrue();
        assertThat(out.count.get()).isEqualTo(600_000L * 20);
        assertThat(stderrLines.get()).isEqualTo(600_000L);
        assertThat(stderrChars.get()).isGreaterThan(10_000_000L);
        assertThat(result.stderrTail()).hasSize(ProcessRunner.STDERR_TAIL_LINES).allMatch("stderr line of text"::equals);
    }

    @Test
    void passesStderrLinesAsTheyArriveNotAtTheEnd() throws Exception {
        CompletableFuture<Long> firstLineAt = new CompletableFuture<>();
        long start = System.nanoTime();
        ProcessResult result = runner.run(sh("echo first >&2; sleep 1; echo second >&2"),
                line -> firstLineAt.complete(System.nanoTime()), null, null);

        long end = System.nanoTime();
        assertThat(result.succeeded()).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(firstLineAt.get() - start)).isLessThan(TimeUnit.NANOSECONDS.toMillis(end - start) - 500);
        assertThat(result.stderrTail()).containsExactly("first", "second");
    }

    @Test
    void reportsTheExitCode() throws Exception {
        ProcessResult result = runner.run(sh("echo boom >&2; exit 3"), null, null, null);

        assertThat(result).isInstanceOfSatisfying(ProcessResult.Exited.class, e -> assertThat(e.exitCode()).isEqualTo(3));
        assertThat(result.succeeded()).isFalse();
        assertThat(result.stderrTail()).containsExactly("boom");
    }

    @Test
    void copiesAStreamToStdinAndStdoutToAStream() throws Exception {
        byte[] data = new byte[5_000_000];
        new Random(7).nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ProcessResult result = runner.run(Command.of(Path.of("/bin/cat"), List.of())
                .withStdin(StdinSource.stream(new ByteArrayInputStream(data))).withStdout(StdoutSink.stream(out)), null, null, null);

        assertThat(result.succeeded()).isTrue();
        assertThat(out.toByteArray()).isEqualTo(data);
    }

    @Test
    void readsStdinFromAFileAndWritesStdoutToAFile(@TempDir Path dir) throws Exception {
        Path in = Files.writeString(dir.resolve("in.txt"), "b\na\nc\n");
        Path out = dir.resolve("out.txt");

        ProcessResult result = runner.run(Command.of(Path.of("/usr/bin/sort"), List.of())
                .withStdin(StdinSource.file(in)).withStdout(StdoutSink.file(out)), null, null, null);

        assertThat(result.succeeded()).isTrue();
        assertThat(Files.readString(out)).isEqualTo("a\nb\nc\n");
    }

    @Test
    void noStdinMeansEndOfFileNotAHang() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProcessResult result = runner.run(Command.of(Path.of("/bin/cat"), List.of()).withStdout(StdoutSink.stream(out)),
                null, null, Duration.ofSeconds(20));

        assertThat(result.succeeded()).isTrue();
        assertThat(out.size()).isZero();
    }

    @Test
    void environmentAdditionsReachTheChildAndUnsetVariablesDoNot(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Command command = sh("echo \"$STOWAGE_TEST_SECRET|${HOME-unset}\"")
                .withEnvironment("STOWAGE_TEST_SECRET", "hunter2").withUnset(java.util.Set.of("HOME"))
                .withWorkingDirectory(dir).withStdout(StdoutSink.stream(out));

        ProcessResult result = runner.run(command, null, null, null);

        assertThat(result.succeeded()).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hunter2|unset\n");
        assertThat(System.getenv("STOWAGE_TEST_SECRET")).isNull();
    }

    @Test
    void theDisplayFormNamesEnvironmentVariablesButNeverTheirValues() {
        Command command = Command.of(Path.of("/usr/bin/pg_dump"), List.of("-f", "my dump.sql", "-h", "db.example.com"))
                .withEnvironment("PGPASSFILE", "/tmp/secret-place/pgpass").withEnvironment("PGOPTIONS", "-c password=x");

        assertThat(command.display())
                .isEqualTo("/usr/bin/pg_dump -f 'my dump.sql' -h db.example.com [env: PGOPTIONS, PGPASSFILE]")
                .doesNotContain("secret-place").doesNotContain("password=x");
        assertThat(command.toString()).isEqualTo(command.display());
    }

    @Test
    void aMissingProgramIsAnIOException() {
        assertThatThrownBy(() -> runner.run(Command.of(Path.of("/nonexistent/pg_dump"), List.of("--version")), null, null, null))
                .isInstanceOf(IOException.class).hasMessageContaining("/nonexistent/pg_dump");
    }

    @Test
    void cancelFromAnotherThreadEndsTheWholeTree() throws Exception {
        Cancellation cancel = new Cancellation();
        AtomicReference<List<ProcessHandle>> seen = new AtomicReference<>();
        CompletableFuture<ProcessResult> run = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run(sh("sleep 1000 & sleep 1001 & echo started >&2; wait"), line -> {
                    // the shell has forked both jobs; wait until they have exec'd sleep
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (liveSleepers().size() < 2 && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    seen.set(liveSleepers());
                    cancel.cancel();
                }, cancel, Duration.ofMinutes(1));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });

        ProcessResult result = run.get(30, TimeUnit.SECONDS);

        assertThat(result).isInstanceOf(ProcessResult.Cancelled.class);
        assertThat(seen.get()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(awaitGone(seen.get())).isEmpty();
        assertThat(sleepers()).isEmpty();
    }

    @Test
    void aChildThatIgnoresTheTerminationRequestIsKilledAfterTheGracePeriod() throws Exception {
        Cancellation cancel = new Cancellation();
        long start = System.nanoTime();
        ProcessResult result = runner.run(sh("trap '' TERM; echo ready >&2; while true; do sleep 0.1; done"),
                line -> cancel.cancel(), cancel, Duration.ofMinutes(1));

        assertThat(result).isInstanceOf(ProcessResult.Cancelled.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(500).isLessThan(20_000);
        assertThat(awaitGone(ProcessHandle.current().descendants().toList())).isEmpty();
    }

    @Test
    void anInterruptOfTheWaitingThreadCancels() throws Exception {
        AtomicReference<ProcessResult> result = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        CopyOnWriteArrayList<String> lines = new CopyOnWriteArrayList<>();
        Thread worker = new Thread(() -> {
            try {
                result.set(runner.run(sh("echo go >&2; sleep 1000"), lines::add, null, null));
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        worker.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (lines.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        worker.interrupt();
        worker.join(30_000);

        assertThat(result.get()).isInstanceOf(ProcessResult.Cancelled.class);
        assertThat(stillInterrupted.get()).isTrue();
        assertThat(sleepers()).isEmpty();
    }

    @Test
    void aTimeoutEndsTheTreeAndSaysSo() throws Exception {
        ProcessResult result = runner.run(sh("sleep 1000 & wait"), null, null, Duration.ofMillis(300));

        assertThat(result).isInstanceOfSatisfying(ProcessResult.TimedOut.class,
                t -> assertThat(t.limit()).isEqualTo(Duration.ofMillis(300)));
        assertThat(sleepers()).isEmpty();
    }

    @Test
    void anAlreadyCancelledTokenStartsNothing() throws Exception {
        Cancellation cancel = new Cancellation();
        cancel.cancel();
        ProcessResult result = runner.run(sh("sleep 1000"), null, cancel, null);

        assertThat(result).isInstanceOf(ProcessResult.Cancelled.class);
        assertThat(sleepers()).isEmpty();
    }

    @Test
    void aFailingStdoutTargetEndsTheChildAndSurfacesTheError() {
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        assertThatThrownBy(() -> runner.run(sh("yes").withStdout(StdoutSink.stream(full)), null, null, Duration.ofMinutes(1)))
                .isInstanceOf(IOException.class).hasMessageContaining("No space left");
        assertThat(awaitGone(ProcessHandle.current().descendants().toList())).isEmpty();
    }

    @Test
    void aThrowingCallbackDoesNotStopTheDrainAndIsRethrownAfterTheRun() {
        assertThatThrownBy(() -> runner.run(sh("yes err | head -n 200000 >&2"), line -> {
            throw new IllegalStateException("listener broke");
        }, null, Duration.ofMinutes(1))).isInstanceOf(IllegalStateException.class).hasMessage("listener broke");
    }

    /**
     * The processes of {@code handles} still alive after up to 10 s. Killed grandchildren are orphans
     * that init reaps when it gets to it; until then they read as alive, so the check waits a little
     * (a process that was not killed would live for 1000 s).
     */
    private static List<ProcessHandle> awaitGone(List<ProcessHandle> handles) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle p : handles) {
            try {
                p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception stillAlive) {
                // reported below
            }
        }
        return handles.stream().filter(ProcessHandle::isAlive).toList();
    }

    /** The sleep processes this JVM started that are alive 10 s from now at the latest (see {@link #awaitGone}). */
    private static List<ProcessHandle> sleepers() {
        return awaitGone(liveSleepers());
    }

    /** The sleep processes this JVM started that are alive now. */
    private static List<ProcessHandle> liveSleepers() {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("sleep")).orElse(false))
                .toList();
    }

    private static final class CountingOutputStream extends OutputStream {
        final AtomicLong count = new AtomicLong();

        @Override
        public void write(int b) {
            count.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count.addAndGet(len);
        }
    }
}
