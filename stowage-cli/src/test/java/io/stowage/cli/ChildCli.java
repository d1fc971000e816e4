package io.stowage.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CLI as a child JVM, the way a user's shell does, with an environment the test controls: every
 * {@code PG*} variable of the build's own environment is removed, {@code HOME} points at a directory of the
 * test's choosing, and only the variables the test sets are added. That is the only way to exercise
 * {@code PGPASSWORD}, {@code ~/.pgpass} and friends end to end, since a JVM cannot change its own environment.
 */
final class ChildCli {
    private final Path home;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(60);

    private ChildCli(Path home) {
        this.home = home;
    }

    /** A run whose {@code HOME} is {@code home}. */
    static ChildCli withHome(Path home) {
        return new ChildCli(home);
    }

    /** Sets an environment variable in the child. */
    ChildCli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Adds a JVM option, for example a system property. */
    ChildCli jvm(String option) {
        jvmOptions.add(option);
        return this;
    }

    ChildCli timeout(Duration limit) {
        timeout = limit;
        return this;
    }

    /** A finished child run and how long it took. */
    record Run(Cli.Result result, Duration elapsed) {
        int exit() {
            return result.exit();
        }

        String out() {
            return result.out();
        }

        String err() {
            return result.err();
        }

        List<String> errLines() {
            return result.errLines();
        }

        @Override
        public String toString() {
            return result + "\n--- elapsed " + elapsed.toMillis() + " ms";
        }
    }

    Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // a short-lived CLI gains nothing from the optimizing compiler, and starts faster without it
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));

        Path logs = Files.createTempDirectory("stowage-child-");
        Path out = logs.resolve("stdout");
        Path err = logs.resolve("stderr");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> childEnv = pb.environment();
        childEnv.keySet().removeIf(name -> name.startsWith("PG"));
        childEnv.put("HOME", home.toString());
        childEnv.putAll(env);

        long start = System.nanoTime();
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("stowage " + String.join(" ", args) + " still running after " + timeout);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            Cli.Result result = new Cli.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            return new Run(result, elapsed);
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            Files.deleteIfExists(logs);
        }
    }
}
