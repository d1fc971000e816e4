package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stowage restore} of pg_dump 15's directory ({@code -Fd}, gzip and {@code -Z 0}) and tar
 * ({@code -Ft}) archives, made in the test from pagila and from the archive fixture (which has a
 * large object), from a file, a directory and standard input; a missing data file; a truncated tar.
 */
class FileArchiveRestoreTest {

    @ParameterizedTest
    @ValueSource(strings = {"-Fd", "-Fd -Z 0", "-Ft"})
    void pagilaArchiveRestoresIdentical(String format, @TempDir Path dir) throws Exception {
        ReferenceTools.require("pg_dump", 15);
        PgServer server = Servers.get(15);
        String source = Servers.freshPagila(server);
        Path archive = dump(server, source, format, dir);

        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-d", target, archive.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(RoundTripTest.assertIdentical(server, source, target)).isGreaterThan(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-Fd", "-Fd -Z 0", "-Ft"})
    void fixtureWithLargeObjectRestoresIdentical(String format, @TempDir Path dir) throws Exception {
        ReferenceTools.require("pg_dump", 15);
        PgServer server = Servers.get(15);
        String source = CustomArchiveRestoreTest.fixtureSource(server);
        Path archive = dump(server, source, format, dir);

        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-d", target, archive.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        RoundTripTest.assertIdentical(server, source, target);
        assertThat(server.queryColumn(target, "SELECT encode(lo_get(16532), 'escape')")).containsExactly("hello large object");
    }

    @Test
    void tarFromStandardInput(@TempDir Path dir) throws Exception {
        ReferenceTools.require("pg_dump", 15);
        PgServer server = Servers.get(15);
        String source = Servers.freshPagila(server);
        Path archive = dump(server, source, "-Ft", dir);

        String target = server.createDatabase();
        Cli.Result restore = Cli.runWithInput(Files.readAllBytes(archive), args("restore", conn(server), "-d", target));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(RoundTripTest.assertIdentical(server, source, target)).isGreaterThan(200);
    }

    @Test
    void directoryWithoutADataFileIsAnInputErrorNamingIt(@TempDir Path dir) throws Exception {
        ReferenceTools.require("pg_dump", 15);
        PgServer server = Servers.get(15);
        String source = Servers.freshPagila(server);
        Path archive = dump(server, source, "-Fd", dir);
        Path removed;
        try (Stream<Path> files = Files.list(archive)) {
            removed = files.filter(f -> f.getFileName().toString().matches("\\d+\\.dat\\.gz")).sorted().findFirst().orElseThrow();
        }
        Files.delete(removed);

        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-d", target, archive.toString()));
        assertThat(restore.exit()).as(restore.toString()).isEqualTo(6);
        String message = restore.err().strip();
        assertThat(message.lines().count()).as(message).isEqualTo(1);
        String plainName = removed.getFileName().toString().replaceFirst("\\.gz$", "");
        assertThat(message).contains(archive.resolve(plainName).toString()).contains("missing data file");
    }

    @Test
    void truncatedTarIsAnInputErrorNamingTheOffset(@TempDir Path dir) throws Exception {
        ReferenceTools.require("pg_dump", 15);
        PgServer server = Servers.get(15);
        String source = Servers.freshPagila(server);
        byte[] whole = Files.readAllBytes(dump(server, source, "-Ft", dir));
        // cut in the middle of the data members, well after toc.dat
        int cut = whole.length / 2 + 123;
        Path file = dir.resolve("cut.tar");
        Files.write(file, Arrays.copyOf(whole, cut));

        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-d", target, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isEqualTo(6);
        String message = restore.err().strip();
        assertThat(message.lines().count()).as(message).isEqualTo(1);
        Matcher offset = Pattern.compile("tar archive .* is truncated at offset (\\d+)").matcher(message);
        assertThat(offset.find()).as(message).isTrue();
        assertThat(Long.parseLong(offset.group(1))).isLessThanOrEqualTo(cut).isGreaterThan(cut - 512 * 32);
    }

    private static Path dump(PgServer server, String database, String format, Path dir) throws Exception {
        Path out = dir.resolve(format.startsWith("-Ft") ? "archive.tar" : "archive.dir");
        String[] options = format.split(" ");
        List<String> args = new java.util.ArrayList<>(List.of(options));
        args.addAll(List.of("-f", out.toString()));
        ReferenceTools.Run run = ReferenceTools.pgDump(server, database, args.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        return out;
    }
}
