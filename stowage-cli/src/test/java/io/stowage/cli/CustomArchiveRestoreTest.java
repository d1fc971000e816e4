package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stowage restore} of pg_dump custom-format ({@code -Fc}) archives: the committed pg_dump 15
 * archives of schema.sql (zlib and {@code -Z 0}), a fresh pg_dump 15 archive of pagila (as a file
 * and as written to a pipe), and a truncated archive.
 */
class CustomArchiveRestoreTest {

    @ParameterizedTest
    @ValueSource(strings = {"fmtdb.dump", "fmtdb-z0.dump"})
    void committedArchiveRestoresIdenticalToItsSource(String archive, @TempDir Path dir) throws Exception {
        PgServer server = Servers.get(15);
        String source = fixtureSource(server);
        String target = server.createDatabase();
        Path file = copyResource(archive, dir);

        Cli.Result restore = Cli.run(args("restore", conn(server), "-d", target, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();

        RoundTripTest.assertIdentical(server, source, target);
        assertThat(server.queryColumn(target, "SELECT encode(lo_get(16532), 'escape')")).containsExactly("hello large object");
        assertThat(server.queryColumn(target, "SELECT name || ':' || balance FROM app.customers ORDER BY id"))
                .containsExactly("Ann:10.50", "Bob:0.00", "Émile:3.00");
    }

    @Test
    void cleanRestoreOfAnArchiveOverItsOwnCopy(@TempDir Path dir) throws Exception {
        PgServer server = Servers.get(15);
        String source = fixtureSource(server);
        String target = server.createDatabase();
        Path file = copyResource("fmtdb.dump", dir);
        Cli.Result first = Cli.run(args("restore", conn(server), "-d", target, file.toString()));
        assertThat(first.exit()).as(first.toString()).isZero();

        // -c needs the whole script planned first: the archive's script is spooled, then dropped in reverse
        Cli.Result again = Cli.run(args("restore", conn(server), "-c", "-e", "-d", target, file.toString()));
        assertThat(again.exit()).as(again.toString()).isZero();
        RoundTripTest.assertIdentical(server, source, target);
    }

    @Test
    void freshPagilaArchiveRestoresIdentical(@TempDir Path dir) throws Exception {
        ReferenceTools.require("pg_dump", 15);
        PgServer server = Servers.get(15);
        String source = Servers.freshPagila(server);
        Path file = dir.resolve("pagila.dump");
        ReferenceTools.Run dump = ReferenceTools.pgDump(server, source, "-Fc", "-f", file.toString());
        assertThat(dump.exit()).as(dump.err()).isZero();

        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-d", target, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(RoundTripTest.assertIdentical(server, source, target)).isGreaterThan(200);
    }

    @Test
    void archiveWrittenToAPipeIsScannedBlockByBlock(@TempDir Path dir) throws Exception {
        ReferenceTools.require("pg_dump", 15);
        PgServer server = Servers.get(15);
        String source = Servers.freshPagila(server);
        Path file = dir.resolve("piped.dump");
        // through a pipe pg_dump cannot seek back, so the TOC keeps "offset not set" for every block
        ReferenceTools.Run dump = ReferenceTools.run(List.of("sh", "-c", "pg_dump -h 127.0.0.1 -p " + server.port()
                + " -U postgres -w -Fc " + source + " | cat > " + file), null);
        assertThat(dump.exit()).as(dump.err()).isZero();

        String target = server.createDatabase();
        Cli.Result restore = Cli.runWithInput(Files.readAllBytes(file), args("restore", conn(server), "-d", target));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        RoundTripTest.assertIdentical(server, source, target);
    }

    @Test
    void truncatedArchiveIsAnInputErrorNamingTheOffset(@TempDir Path dir) throws Exception {
        PgServer server = Servers.get(15);
        byte[] whole;
        try (InputStream in = resource("fmtdb-z0.dump")) {
            whole = in.readAllBytes();
        }
        // cut inside the data blocks, well after the TOC
        int cut = whole.length - 600;
        Path file = dir.resolve("cut.dump");
        Files.write(file, Arrays.copyOf(whole, cut));

        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-d", target, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isEqualTo(6);
        String message = restore.err().strip();
        assertThat(message.lines().count()).as(message).isEqualTo(1);
        Matcher offset = Pattern.compile("truncated at offset (\\d+)").matcher(message);
        assertThat(offset.find()).as(message).isTrue();
        assertThat(Long.parseLong(offset.group(1))).isLessThan(cut).isGreaterThan(cut - 600);
    }

    /** A database built by the archives' schema.sql, as the archives were dumped from it. */
    static String fixtureSource(PgServer server) throws IOException {
        String script;
        try (InputStream in = resource("schema.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // the database is the test's own; the role is cluster-wide and may exist from an earlier run
        script = script.replaceFirst("(?m)^CREATE DATABASE fmtdb;\n\\\\c fmtdb\n", "")
                .replace("CREATE ROLE reader;", "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reader') "
                        + "THEN CREATE ROLE reader; END IF; END$$;")
                // the archives carry the large object under the oid it had when they were made
                .replace("lo_from_bytea(0,", "lo_from_bytea(16532,");
        assertThat(script).doesNotContain("\\c ");
        String db = server.createDatabase();
        server.execute(db, script);
        // the materialized view was created before the orders; the archive's restore refreshes it
        server.execute(db, "REFRESH MATERIALIZED VIEW app.mv");
        return db;
    }

    private static Path copyResource(String name, Path dir) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = resource(name)) {
            Files.copy(in, file);
        }
        return file;
    }

    private static InputStream resource(String name) {
        InputStream in = CustomArchiveRestoreTest.class.getResourceAsStream("/archive/" + name);
        assertThat(in).as("test resource /archive/" + name).isNotNull();
        return in;
    }
}
