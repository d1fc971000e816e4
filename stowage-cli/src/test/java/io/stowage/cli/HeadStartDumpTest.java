package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A parallel directory dump starts the COPY of its biggest tables, one per job, before it reads the
 * catalog (head starts, for tables of 64 MB and more; the threshold is lowered here so that
 * pagila's tables qualify). The archive must be the one written without it, and restore with pg_restore.
 */
class HeadStartDumpTest {
    private static final String PROPERTY = "stowage.dump.headStartBytes";
    private static final Pattern HEAD_START = Pattern.compile("head start: copying the data of (\\S+) while the catalog is read");
    private static PgServer server;
    private static String source;

    @BeforeAll
    static void pagila() throws Exception {
        ReferenceTools.require("pg_restore", 15);
        server = Servers.get(15);
        source = Servers.freshPagila(server);
    }

    @AfterAll
    static void dropSource() {
        if (server != null && source != null) {
            server.dropDatabase(source);
        }
    }

    private static Cli.Result dump(long headStartBytes, String... flags) {
        return dump(server, source, headStartBytes, flags);
    }

    private static Cli.Result dump(PgServer on, String db, long headStartBytes, String... flags) {
        String before = System.getProperty(PROPERTY);
        System.setProperty(PROPERTY, Long.toString(headStartBytes));
        try {
            return Cli.run(args("dump", conn(on), flags, db));
        } finally {
            if (before == null) {
                System.clearProperty(PROPERTY);
            } else {
                System.setProperty(PROPERTY, before);
            }
        }
    }

    @Test
    void theBiggestTableStartsEarlyAndTheArchiveIsTheSame(@TempDir Path dir) throws Exception {
        Path early = dir.resolve("early");
        Cli.Result a = dump(0, "-Fd", "-j", "2", "-v", "-f", early.toString());
        assertThat(a.exit()).as(a.toString()).isZero();
        // one head start per job: -j2, the two biggest tables
        Matcher m = HEAD_START.matcher(a.err());
        List<String> started = new ArrayList<>();
        while (m.find()) {
            started.add(m.group(1));
        }
        assertThat(started).as(a.err()).hasSize(2).doesNotHaveDuplicates();

        Path late = dir.resolve("late");
        Cli.Result b = dump(Long.MAX_VALUE, "-Fd", "-j", "2", "-v", "-f", late.toString());
        assertThat(b.exit()).as(b.toString()).isZero();
        assertThat(b.err()).doesNotContain("head start");

        List<String> names = names(late);
        assertThat(names(early)).as("the same files, no provisional one left").isEqualTo(names);
        int compared = 0;
        for (String name : names) {
            if (name.endsWith(".dat.gz")) {
                assertThat(gunzip(early.resolve(name))).as(name).isEqualTo(gunzip(late.resolve(name)));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(15);
        // the head starts' tables are in the archive under their entries, with their rows
        for (String table : started) {
            ReferenceTools.Run data = pgRestore("-a", "-t", table.substring(table.indexOf('.') + 1), "-f", "-", early.toString());
            assertThat(data.exit()).as(data.err()).isZero();
            assertThat(data.out()).contains("COPY " + table + " (");
            List<String> lines = data.out().lines().toList();
            int from = 0;
            while (!lines.get(from).startsWith("COPY " + table + " (")) {
                from++;
            }
            long rows = lines.subList(from + 1, lines.size()).indexOf("\\.");
            try (java.sql.Connection c = server.connect(source); java.sql.ResultSet rs = c.createStatement()
                    .executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                assertThat(rows).as(table).isEqualTo(rs.getLong(1)).isGreaterThan(100);
            }
        }

        String target = server.createDatabase();
        ReferenceTools.Run restore = pgRestore("--exit-on-error", "-j", "2", "-d", target, early.toString());
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(RoundTripTest.assertIdentical(server, source, target)).isGreaterThan(200);
        server.dropDatabase(target);
    }

    @Test
    void noHeadStartWhenTheDumpSelectsOrIsNotADirectory(@TempDir Path dir) {
        Cli.Result selected = dump(0, "-Fd", "-j", "2", "-v", "-t", "public.*", "-f", dir.resolve("t").toString());
        assertThat(selected.exit()).as(selected.toString()).isZero();
        assertThat(selected.err()).doesNotContain("head start");
        Cli.Result custom = dump(0, "-Fc", "-j", "2", "-v", "-f", dir.resolve("c.dump").toString());
        assertThat(custom.exit()).as(custom.toString()).isZero();
        assertThat(custom.err()).doesNotContain("head start");
        Cli.Result serial = dump(0, "-Fd", "-v", "-f", dir.resolve("one").toString());
        assertThat(serial.exit()).as(serial.toString()).isZero();
        assertThat(serial.err()).doesNotContain("head start");
    }

    /** The catalog query that picks the tables works on the oldest and the newest server supported. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {12, 18})
    void headStartsOnEverySupportedServer(int major, @TempDir Path dir) throws Exception {
        PgServer other = Servers.get(major);
        String db = Servers.freshPagila(other);
        try {
            Cli.Result a = dump(other, db, 0, "-Fd", "-j", "2", "-v", "-f", dir.resolve("early").toString());
            assertThat(a.exit()).as(a.toString()).isZero();
            assertThat(HEAD_START.matcher(a.err()).results().count()).as(a.err()).isEqualTo(2);
            Cli.Result b = dump(other, db, Long.MAX_VALUE, "-Fd", "-j", "2", "-f", dir.resolve("late").toString());
            assertThat(b.exit()).as(b.toString()).isZero();
            List<String> names = names(dir.resolve("late"));
            assertThat(names(dir.resolve("early"))).isEqualTo(names);
            for (String name : names) {
                if (name.endsWith(".dat.gz")) {
                    assertThat(gunzip(dir.resolve("early").resolve(name))).as(name)
                            .isEqualTo(gunzip(dir.resolve("late").resolve(name)));
                }
            }
        } finally {
            other.dropDatabase(db);
        }
    }

    /** The leader fails while the head start copies: the copy is cancelled and nothing is left behind. */
    @Test
    void aDumpFailingDuringItsHeadStartLeavesNothing(@TempDir Path dir) throws Exception {
        Path parent = Files.createDirectory(dir.resolve("out"));
        try (java.sql.Connection locker = server.connect(source); java.sql.Statement st = locker.createStatement()) {
            locker.setAutoCommit(false);
            st.execute("LOCK TABLE public.actor IN ACCESS EXCLUSIVE MODE");
            Cli.Result r = dump(0, "-Fd", "-j", "2", "-v", "--lock-wait-timeout", "200", "-f", parent.resolve("d").toString());
            locker.rollback();
            assertThat(r.exit()).as(r.toString()).isNotZero();
            assertThat(r.err()).contains("head start").contains("public.actor");
        }
        try (Stream<Path> left = Files.list(parent)) {
            assertThat(left).as("files left behind").isEmpty();
        }
        // and the head start's connection is gone: only this test's sessions remain on the database
        try (java.sql.Connection c = server.connect(source); java.sql.ResultSet rs = c.createStatement().executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    private static ReferenceTools.Run pgRestore(String... args) {
        List<String> cmd = new ArrayList<>(List.of("pg_restore", "-h", "127.0.0.1", "-p",
                String.valueOf(server.port()), "-U", "postgres", "-w"));
        cmd.addAll(List.of(args));
        return ReferenceTools.run(cmd, null);
    }
}
