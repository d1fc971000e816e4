package io.stowage.tools.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs a {@link Command} to its end: the one place where Stowage starts programs, shared by every
 * engine that runs them (pg_dump, pg_restore and psql now; mysqldump and mysql later).
 *
 * <p>What it guarantees:
 * <ul>
 *   <li>The program is started directly, never through a shell.</li>
 *   <li>Standard output and standard error are drained concurrently, each on its own thread, so a
 *       child that fills one pipe while the parent waits on the other cannot deadlock; stderr lines
 *       reach the caller's callback as they arrive.</li>
 *   <li>A {@link Cancellation}, an interrupt of the thread waiting in {@link #run}, or the timeout
 *       ends the whole process tree ({@link ProcessTree}) and yields a {@link ProcessResult.Cancelled}
 *       or {@link ProcessResult.TimedOut} result rather than an exit code.</li>
 *   <li>Nothing is logged; in particular the environment values of the command never leave it.</li>
 * </ul>
 *
 * <p>Instances are stateless and may be shared.
 */
public final class ProcessRunner {
    /** How long a child gets to end after the polite request before it is killed. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);
    /** How many of the last stderr lines a result keeps. */
    public static final int STDERR_TAIL_LINES = 50;

    private final Duration grace;

    /** A runner with the {@link #DEFAULT_GRACE default grace period}. */
    public ProcessRunner() {
        this(DEFAULT_GRACE);
    }

    /** A runner that gives a child {@code grace} to end before killing it forcibly. */
    public ProcessRunner(Duration grace) {
        this.grace = Objects.requireNonNull(grace, "grace");
    }

    /**
     * Starts {@code command} and waits for it, and for its output, to end.
     *
     * @param command     what to run
     * @param stderrLines receives each line of standard error (without its line end) on the stderr
     *                    thread as it arrives; may be {@code null}
     * @param cancel      cancels the run from any thread; may be {@code null}
     * @param timeout     the longest the run may take, or {@code null} for no limit
     * @return how the run ended
     * @throws IOException when the program cannot be started (missing, not executable) or when
     *                     copying its input or output fails; the process tree is ended first
     * @throws RuntimeException what {@code stderrLines} threw (the first time), after the run ended:
     *                     a failing callback never stops the draining of stderr
     */
    public ProcessResult run(Command command, Consumer<String> stderrLines, Cancellation cancel, Duration timeout)
            throws IOException {
        Consumer<String> lines = stderrLines == null ? line -> { } : stderrLines;
        Cancellation token = cancel == null ? Cancellation.none() : cancel;
        if (token.isCancelled()) {
            return new ProcessResult.Cancelled(Duration.ZERO, List.of());
        }
        ProcessBuilder builder = builder(command);
        long start = System.nanoTime();
        Process process = builder.start();
        Run run = new Run(process, command, lines);
        try (Cancellation.Registration ignored = token.onCancel(run::cancel)) {
            run.startPumps();
            Ending ending = run.await(timeout);
            // After a kill the pipes close with the tree; a grandchild that escaped must not hang us.
            run.joinPumps(ending == Ending.EXITED ? null : grace.multipliedBy(2));
            run.rethrowFailures();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            List<String> tail = run.tail();
            if (ending == Ending.CANCELLED || token.isCancelled()) {
                return new ProcessResult.Cancelled(elapsed, tail);
            }
            if (ending == Ending.TIMED_OUT) {
                return new ProcessResult.TimedOut(timeout, elapsed, tail);
            }
            return new ProcessResult.Exited(process.exitValue(), elapsed, tail);
        } finally {
            if (process.isAlive() || process.descendants().findAny().isPresent()) {
                // Reached on an exception of our own: never leave a child behind.
                ProcessTree.destroy(process.toHandle(), grace);
            }
        }
    }

    private static ProcessBuilder builder(Command command) {
        ProcessBuilder builder = new ProcessBuilder(command.commandLine());
        Map<String, String> env = builder.environment();
        command.unset().forEach(env::remove);
        env.putAll(command.environment());
        if (command.workingDirectory() != null) {
            builder.directory(command.workingDirectory().toFile());
        }
        if (command.stdin() instanceof StdinSource.FromFile f) {
            builder.redirectInput(f.file().toFile());
        } else {
            builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        }
        if (command.stdout() instanceof StdoutSink.ToFile f) {
            builder.redirectOutput(f.file().toFile());
        } else if (command.stdout() instanceof StdoutSink.ToStream) {
            builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        builder.redirectError(ProcessBuilder.Redirect.PIPE);
        return builder;
    }

    private enum Ending { EXITED, CANCELLED, TIMED_OUT }

    /** One running child and its pump threads. */
    private final class Run {
        private final Process process;
        private final Command command;
        private final Consumer<String> lines;
        private final Deque<String> tail = new ArrayDeque<>();
        private final List<Thread> pumps = new ArrayList<>();
        private final AtomicReference<IOException> ioFailure = new AtomicReference<>();
        private final AtomicReference<RuntimeException> callbackFailure = new AtomicReference<>();
        private volatile boolean cancelled;

        Run(Process process, Command command, Consumer<String> lines) {
            this.process = process;
            this.command = command;
            this.lines = lines;
        }

        void startPumps() throws IOException {
            String name = command.executable().getFileName() == null ? "child" : command.executable().getFileName().toString();
            pumps.add(thread(name + "-stderr", this::drainStderr));
            if (command.stdout() instanceof StdoutSink.ToStream s) {
                pumps.add(thread(name + "-stdout", () -> copyStdout(s.stream())));
            }
            if (command.stdin() instanceof StdinSource.FromStream s) {
                pumps.add(thread(name + "-stdin", () -> feedStdin(s.stream())));
            } else if (command.stdin() instanceof StdinSource.None) {
                // end of file at once: a program that would prompt for a password fails instead of hanging
                process.getOutputStream().close();
            }
            pumps.forEach(Thread::start);
        }

        private Thread thread(String name, Runnable body) {
            Thread t = new Thread(body, "stowage-" + name);
            t.setDaemon(true);
            return t;
        }

        private void drainStderr() {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8), 1 << 14)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (tail) {
                        if (tail.size() == STDERR_TAIL_LINES) {
                            tail.removeFirst();
                        }
                        tail.addLast(line);
                    }
                    try {
                        lines.accept(line);
                    } catch (RuntimeException e) {
                        // keep draining: a stalled stderr pipe would block the child for good
                        callbackFailure.compareAndSet(null, e);
                    }
                }
            } catch (IOException e) {
                // the pipe closes under us when the tree is killed; that is not a failure of the run
                if (!cancelled) {
                    fail(e);
                }
            }
        }

        private void copyStdout(OutputStream target) {
            try (InputStream in = process.getInputStream()) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    target.write(buffer, 0, n);
                }
                target.flush();
            } catch (IOException e) {
                if (!cancelled) {
                    fail(e);
                }
            }
        }

        private void feedStdin(InputStream source) {
            try (OutputStream out = process.getOutputStream()) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = source.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // A child that stops reading (it failed, or was killed) closes the pipe: its own exit
                // status and stderr say why. Only a failure while the child still runs is ours.
                if (!cancelled && process.isAlive()) {
                    fail(e);
                }
            }
        }

        /** A pump failed: remember the first failure and end the child, which cannot finish correctly now. */
        private void fail(IOException e) {
            if (ioFailure.compareAndSet(null, e)) {
                cancelled = true;   // the pipes closing under the other pumps are a consequence, not a failure
                ProcessTree.destroy(process.toHandle(), grace);
            }
        }

        void cancel() {
            cancelled = true;
            ProcessTree.destroy(process.toHandle(), grace);
        }

        Ending await(Duration timeout) {
            try {
                if (timeout == null) {
                    process.waitFor();
                    return cancelledEnding();
                }
                if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    return cancelledEnding();
                }
                cancelled = true;
                ProcessTree.destroy(process.toHandle(), grace);
                return Ending.TIMED_OUT;
            } catch (InterruptedException e) {
                cancel();
                Thread.currentThread().interrupt();
                return Ending.CANCELLED;
            }
        }

        private Ending cancelledEnding() {
            return cancelled && ioFailure.get() == null ? Ending.CANCELLED : Ending.EXITED;
        }

        void joinPumps(Duration limit) {
            boolean interrupted = Thread.interrupted();
            try {
                long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
                for (Thread t : pumps) {
                    while (t.isAlive()) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        try {
                            t.join(Math.max(1, Math.min(left / 1_000_000, 1000)));
                        } catch (InterruptedException e) {
                            // a second interrupt while the output drains: the run is ending anyway
                            interrupted = true;
                            if (limit == null) {
                                cancel();
                                deadline = System.nanoTime() + grace.multipliedBy(2).toNanos();
                            }
                        }
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        void rethrowFailures() throws IOException {
            IOException io = ioFailure.get();
            if (io != null) {
                throw io;
            }
            RuntimeException callback = callbackFailure.get();
            if (callback != null) {
                throw callback;
            }
        }

        List<String> tail() {
            synchronized (tail) {
                return List.copyOf(tail);
            }
        }
    }
}
