package io.stowage.cli;

import io.stowage.testkit.ComparisonReport;
import io.stowage.testkit.DatabaseComparator;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/** pagila dumped and restored through the CLI must come back identical, on old and new majors. */
class RoundTripTest {

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {12, 15, 18})
    void pagilaRoundTripsThroughAFile(int major, @TempDir Path dir) throws Exception {
        PgServer server = Servers.get(major);
        String source = Servers.freshPagila(server);
        String target = server.createDatabase();
        Path file = dir.resolve("pagila.sql");

        Cli.Result dump = Cli.run(args("dump", conn(server), "-f", file.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        assertThat(dump.err()).isEmpty();
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("COPY public.actor ", "CREATE TABLE public.payment ");

        Cli.Result restore = Cli.run(args("restore", conn(server), "-d", target, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();

        assertThat(assertIdentical(server, source, target)).as("pagila's objects compared").isGreaterThan(200);
    }

    @Test
    void pagilaRoundTripsThroughStandardOutputAndInput() throws Exception {
        PgServer server = Servers.get(15);
        String source = Servers.freshPagila(server);
        String target = server.createDatabase();

        Cli.Result dump = Cli.run(args("dump", conn(server), "-d", source));
        assertThat(dump.exit()).as(dump.err()).isZero();
        assertThat(dump.out()).startsWith("--\n-- PostgreSQL database dump\n--\n");

        Cli.Result restore = Cli.runWithInput(dump.out().getBytes(StandardCharsets.UTF_8),
                args("restore", conn(server), "-d", target));
        assertThat(restore.exit()).as(restore.toString()).isZero();

        assertIdentical(server, source, target);
    }

    /** Asserts the comparator finds no difference and returns how many objects it compared. */
    static int assertIdentical(PgServer server, String source, String target) throws Exception {
        try (Connection a = server.connect(source); Connection b = server.connect(target)) {
            ComparisonReport report = DatabaseComparator.create().compare(a, b);
            assertThat(report.differences()).as(report.toString()).isEmpty();
            assertThat(report.isIdentical()).isTrue();
            assertThat(report.objectsCompared()).as("the comparator saw the schema").isPositive();
            return report.objectsCompared();
        }
    }
}
