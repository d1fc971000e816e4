package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C in the middle of a dump leaves neither the output file nor its temporary file behind. */
class InterruptTest {

    @Test
    void interruptedDumpLeavesNoFile(@TempDir Path dir) throws Exception {
        PgServer server = Servers.get(15);
        String db = server.createDatabase();
        // big enough that the dump is still streaming when the signal arrives
        server.execute(db, "CREATE TABLE public.big AS SELECT g AS id, repeat(md5(g::text), 8) AS payload "
                + "FROM generate_series(1, 1500000) g");
        Path out = dir.resolve("big.sql");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "dump", "-h", "127.0.0.1", "-p", String.valueOf(server.port()), "-U", "postgres", "-w",
                "-f", out.toString(), db)
                .redirectErrorStream(true).redirectOutput(dir.resolve("cli.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partials(dir).isEmpty() || Files.size(partials(dir).get(0)) < 10_000_000) {
                assertThat(p.isAlive()).as("the dump was still running").isTrue();
                assertThat(System.nanoTime()).as("the dump started writing").isLessThan(deadline);
                Thread.sleep(20);
            }
            new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).isEqualTo(130);
        assertThat(out).doesNotExist();
        assertThat(partials(dir)).isEmpty();
    }

    private static List<Path> partials(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".partial")).toList();
        }
    }
}
