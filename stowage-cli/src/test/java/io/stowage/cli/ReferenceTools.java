package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the reference PostgreSQL client programs (pg_dump, psql) of the installed version against
 * the test kit's servers. A test that needs one that is missing is skipped with a loud reason;
 * {@code .ci/run} installs them so CI skips nothing.
 */
final class ReferenceTools {
    private ReferenceTools() {
    }

    /** Output and exit code of a finished program. */
    record Run(int exit, String out, String err) {
    }

    /** Skips the calling test unless {@code program} of major {@code major} is on the PATH. */
    static void require(String program, int major) {
        String version;
        try {
            version = run(List.of(program, "--version"), null).out();
        } catch (RuntimeException e) {
            version = "";
        }
        String prefix = program + " (PostgreSQL) " + major + ".";
        if (!version.startsWith(prefix)) {
            String reason = "SKIPPED LOUDLY: this test needs " + program + " " + major
                    + " on the PATH (found: " + (version.isBlank() ? "none" : version.strip())
                    + "); install postgresql-client-" + major + " (.ci/run does)";
            System.err.println(reason);
            Assumptions.abort(reason);
        }
    }

    /**
     * pg_dump 15.14+ frames its script with psql meta-command lines {@code restrict KEY} and {@code unrestrict KEY}
     * whose key is random per run; comparisons of two pg_dump outputs leave them out.
     */
    static String withoutRestrictKeys(String script) {
        return script.replaceAll("(?m)^\\\\(un)?restrict \\S+$", "");
    }

    /**
     * Dumps {@code source} with Stowage, restores it into a fresh database and asserts that the
     * reference pg_dump prints the same schema for both. {@code sourceMustContain} guards against
     * comparing two empty outputs.
     */
    static void assertPgDumpSchemaSurvivesRoundTrip(PgServer server, String source, Path dir, String... sourceMustContain) {
        String target = server.createDatabase();
        Path file = dir.resolve(source + ".sql");
        Cli.Result dump = Cli.run(Servers.args("dump", Servers.conn(server), "-f", file.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        Cli.Result restore = Cli.run(Servers.args("restore", Servers.conn(server), "-e", "-d", target, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();

        Run sourceSchema = pgDump(server, source, "-s");
        Run targetSchema = pgDump(server, target, "-s");
        assertThat(sourceSchema.exit()).as(sourceSchema.err()).isZero();
        assertThat(targetSchema.exit()).as(targetSchema.err()).isZero();
        assertThat(sourceSchema.out()).contains(sourceMustContain);
        assertThat(withoutRestrictKeys(targetSchema.out())).isEqualTo(withoutRestrictKeys(sourceSchema.out()));
    }

    /** Dumps {@code source} with Stowage, loads the script with {@code psql -v ON_ERROR_STOP=1}, and compares. */
    static void assertOurDumpLoadsWithPsql(PgServer server, String source, Path dir) throws Exception {
        String target = server.createDatabase();
        Path file = dir.resolve(source + "-psql.sql");
        Cli.Result dump = Cli.run(Servers.args("dump", Servers.conn(server), "-f", file.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        Run psql = psqlFile(server, target, file);
        assertThat(psql.exit()).as(psql.err()).isZero();
        RoundTripTest.assertIdentical(server, source, target);
    }

    static Run pgDump(PgServer server, String db, String... flags) {
        List<String> cmd = new ArrayList<>(List.of("pg_dump", "-h", "127.0.0.1", "-p", String.valueOf(server.port()),
                "-U", "postgres", "-w"));
        cmd.addAll(List.of(flags));
        cmd.add(db);
        return run(cmd, null);
    }

    static Run psqlFile(PgServer server, String db, Path file) {
        return run(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String.valueOf(server.port()),
                "-U", "postgres", "-w", "-d", db, "-f", file.toString()), null);
    }

    static Run run(List<String> command, Path workDir) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            pb.environment().remove("PGPASSWORD");
            Process p = pb.start();
            // drain both streams concurrently so a large dump cannot block the child
            var err = new java.util.concurrent.CompletableFuture<String>();
            Thread t = new Thread(() -> {
                try {
                    err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    err.completeExceptionally(e);
                }
            });
            t.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " timed out");
            }
            return new Run(p.exitValue(), out, err.get());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
