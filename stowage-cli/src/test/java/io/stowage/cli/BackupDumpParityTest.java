package io.stowage.cli;

import io.stowage.repo.BackupInfo;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stowage backup} with the dump's options on real PostgreSQL 15: {@code -j}, selections,
 * {@code --section}, {@code --snapshot} and {@code --filter} shape the stored archive as they shape
 * a dump, the metadata records them, and {@code restore --repo -j} restores a local repository's
 * archive in place (after checking it), as the real pg_restore restores the same file.
 */
class BackupDumpParityTest {

    private static PgServer server;
    private static String pagila;

    @TempDir
    static Path temp;

    @BeforeAll
    static void start() throws Exception {
        server = Servers.get(15);
        pagila = Servers.freshPagila(server);
    }

    @AfterAll
    static void stop() {
        if (server != null && pagila != null) {
            server.dropDatabase(pagila);
        }
    }

    private static String repository() {
        return temp.resolve("repo-" + UUID.randomUUID()).toString();
    }

    private static String backup(String repo, String... more) {
        Cli.Result r = Cli.run(args("backup", "--repo", repo, conn(server), more));
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).as(r.toString()).isNotEmpty();
        return lines.get(lines.size() - 1);
    }

    private static BackupInfo show(String repo, String key) {
        Cli.Result show = Cli.run("backups", "show", key, "--repo", repo);
        assertThat(show.exit()).as(show.toString()).isZero();
        return BackupInfo.fromJson(show.out());
    }

    private static Path archive(String repo, String key) {
        return Path.of(repo, "backups", key, "archive.dump");
    }

    /** Table name to row count, from the catalog of a restored database. */
    private static Map<String, Long> rowCounts(String db) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        List<String> tables = new ArrayList<>();
        try (Connection c = server.connect(db); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') "
                    + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ONLY " + t)) {
                    rs.next();
                    counts.put(t, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private static ReferenceTools.Run pgRestore(String... args) {
        List<String> cmd = new ArrayList<>(List.of("pg_restore", "-h", "127.0.0.1", "-p", String.valueOf(server.port()),
                "-U", "postgres", "-w"));
        cmd.addAll(List.of(args));
        return ReferenceTools.run(cmd, null);
    }

    @Test
    void aParallelBackupRestoresInParallelAndWithPgRestoreEqualToTheSource() throws Exception {
        ReferenceTools.require("pg_restore", 15);
        String repo = repository();
        String one = backup(repo, pagila);
        String two = backup(repo, "-j", "2", pagila);
        BackupInfo serial = show(repo, one);
        BackupInfo parallel = show(repo, two);
        assertThat(parallel.options()).containsExactly("-j", "2");
        assertThat(serial.options()).isEmpty();
        // the workers' per-table counts add up to what one job counts
        assertThat(parallel.tableRows()).isEqualTo(serial.tableRows()).containsEntry("public.rental", 16044L);
        assertThat(parallel.entries()).isEqualTo(serial.entries());

        String viaRepo = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", "--repo", repo, two, "-j", "2", "-v", conn(server), "-d", viaRepo));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(restore.err()).doesNotContain("warning")
                .contains("checking backup " + two + " against its manifest before restoring it with 2 jobs");
        RoundTripTest.assertIdentical(server, pagila, viaRepo);

        // the stored archive is a plain custom archive file: pg_restore -j reads it without data offsets
        String viaPgRestore = server.createDatabase();
        ReferenceTools.Run pg = pgRestore("-j", "2", "-d", viaPgRestore, archive(repo, two).toString());
        assertThat(pg.exit()).as(pg.err()).isZero();
        RoundTripTest.assertIdentical(server, pagila, viaPgRestore);
        assertThat(pgRestore("-l", archive(repo, two).toString()).out()).contains("TABLE DATA public rental");
        server.dropDatabase(viaRepo);
        server.dropDatabase(viaPgRestore);
    }

    @Test
    void selectionsShapeTheBackupAndAreRecorded() throws Exception {
        String db = server.createDatabase();
        server.execute(db, "CREATE SCHEMA a", "CREATE SCHEMA b",
                "CREATE TABLE a.keep (id int)", "INSERT INTO a.keep SELECT generate_series(1, 30)",
                "CREATE TABLE a.skip (id int)", "INSERT INTO a.skip SELECT generate_series(1, 5)",
                "CREATE TABLE a.shape (id int)", "INSERT INTO a.shape SELECT generate_series(1, 7)",
                "CREATE TABLE b.other (id int)", "INSERT INTO b.other SELECT generate_series(1, 9)");
        String repo = repository();
        String key = backup(repo, "-n", "a", "-T", "a.skip", "--exclude-table-data", "a.shape", "-Z", "1", db);
        BackupInfo info = show(repo, key);
        assertThat(info.options()).containsExactly("-Z", "gzip:1", "-n", "a", "-T", "a.skip", "--exclude-table-data", "a.shape");
        assertThat(info.tableRows()).containsOnlyKeys("a.keep").containsEntry("a.keep", 30L);
        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", "--repo", repo, key, conn(server), "-d", target));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(rowCounts(target)).isEqualTo(Map.of("a.keep", 30L, "a.shape", 0L));

        String tables = backup(repo, "-t", "b.other", "-t", "a.keep", db);
        assertThat(show(repo, tables).options()).containsExactly("-t", "b.other", "-t", "a.keep");
        assertThat(show(repo, tables).tableRows()).isEqualTo(Map.of("a.keep", 30L, "b.other", 9L));

        Path filter = temp.resolve("filter-" + UUID.randomUUID());
        Files.writeString(filter, "# the same as -t b.other\ninclude table b.other\n");
        String filtered = backup(repo, "--filter", filter.toString(), "-j", "2", db);
        assertThat(show(repo, filtered).options()).containsExactly("-t", "b.other", "-j", "2");
        String onlyOther = server.createDatabase();
        // as with pg_dump, -t takes the table and not its schema
        server.execute(onlyOther, "CREATE SCHEMA b");
        Cli.Result r = Cli.run(args("restore", "--repo", repo, filtered, "-j", "2", conn(server), "-d", onlyOther));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(rowCounts(onlyOther)).isEqualTo(Map.of("b.other", 9L));
        for (String d : List.of(db, target, onlyOther)) {
            server.dropDatabase(d);
        }
    }

    /** The metadata's options are backup flags: given again, they make a backup that records the same options. */
    @Test
    void recordedOptionsReplayAsTheSameBackup() throws Exception {
        String db = server.createDatabase();
        server.execute(db, "CREATE SCHEMA a", "CREATE TABLE a.t (id int)", "INSERT INTO a.t VALUES (1), (2), (3)",
                "CREATE TABLE public.u (id int)", "COMMENT ON TABLE a.t IS 'c'");
        String repo = repository();
        String first = backup(repo, "-Z", "gzip:4", "-j", "2", "-N", "public", "--exclude-table-data", "a.nothing", "-O", "-x",
                "--no-comments", "--no-tablespaces", "--no-security-labels", "--no-statistics", "-c", "--if-exists", "-C",
                "--lock-wait-timeout", "5s", "--section", "data", "--section", "pre-data", db);
        List<String> recorded = show(repo, first).options();
        assertThat(recorded).containsExactly("-Z", "gzip:4", "-N", "public", "--exclude-table-data", "a.nothing",
                "--section", "pre-data", "--section", "data", "--no-owner", "--no-privileges", "--no-comments", "--clean",
                "--if-exists", "--create", "--no-tablespaces", "--no-security-labels", "--no-statistics", "-j", "2",
                "--lock-wait-timeout", "5s");
        assertThat(show(repo, first).tableRows()).isEqualTo(Map.of("a.t", 3L));
        String again = backup(repo, args(recorded.toArray(String[]::new), db));
        assertThat(show(repo, again).options()).isEqualTo(recorded);
        assertThat(show(repo, again).tableRows()).isEqualTo(Map.of("a.t", 3L));
        ReferenceTools.require("pg_restore", 15);
        String listing = pgRestore("-l", archive(repo, again).toString()).out();
        assertThat(listing).contains("SCHEMA - a", "TABLE a t", "TABLE DATA a t").doesNotContain("COMMENT", "public u");
        server.dropDatabase(db);
    }

    @Test
    void aPreDataBackupHoldsTheTablesButNoRows() throws Exception {
        String repo = repository();
        String key = backup(repo, "--section", "pre-data", pagila);
        BackupInfo info = show(repo, key);
        assertThat(info.options()).containsExactly("--section", "pre-data");
        assertThat(info.tableRows()).isEmpty();
        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", "--repo", repo, key, conn(server), "-d", target));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        Map<String, Long> rows = rowCounts(target);
        assertThat(rows).containsKey("public.rental").hasSameSizeAs(rowCounts(pagila));
        assertThat(rows.values()).containsOnly(0L);
        server.dropDatabase(target);
    }

    @Test
    void aBackupFromAnExportedSnapshotHoldsTheSnapshotsState() throws Exception {
        String db = server.createDatabase();
        server.execute(db, "CREATE TABLE t (id int, note text)", "INSERT INTO t SELECT g, 'before' FROM generate_series(1, 100) g");
        String repo = repository();
        String one;
        String two;
        String snapshot;
        try (Connection holder = server.connect(db); Statement st = holder.createStatement()) {
            holder.setAutoCommit(false);
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            try (ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
                rs.next();
                snapshot = rs.getString(1);
            }
            server.execute(db, "INSERT INTO t SELECT g, 'after' FROM generate_series(101, 150) g", "DELETE FROM t WHERE id <= 10");
            one = backup(repo, "--snapshot", snapshot, db);
            two = backup(repo, "--snapshot", snapshot, "-j", "2", db);
            holder.rollback();
        }
        String now = backup(repo, db);
        assertThat(show(repo, one).options()).containsExactly("--snapshot", snapshot);
        assertThat(show(repo, two).options()).containsExactly("-j", "2", "--snapshot", snapshot);
        assertThat(show(repo, one).tableRows()).isEqualTo(Map.of("public.t", 100L));
        assertThat(show(repo, two).tableRows()).isEqualTo(Map.of("public.t", 100L));
        assertThat(show(repo, now).tableRows()).as("without --snapshot the backup sees the commits")
                .isEqualTo(Map.of("public.t", 140L));
        for (String key : List.of(one, two)) {
            String target = server.createDatabase();
            Cli.Result restore = Cli.run(args("restore", "--repo", repo, key, conn(server), "-d", target));
            assertThat(restore.exit()).as(restore.toString()).isZero();
            try (Connection c = server.connect(target); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), min(id), max(id), count(*) FILTER (WHERE note = 'after') FROM t")) {
                rs.next();
                assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).isEqualTo(List.of(100L, 1L, 100L, 0L));
            }
            server.dropDatabase(target);
        }
        server.dropDatabase(db);
    }

    @Test
    void aParallelRestoreChecksTheWholeArchiveBeforeWritingAnything() throws Exception {
        String db = server.createDatabase();
        server.execute(db, "CREATE TABLE t (id int, note text)",
                "INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 2000) g");
        String repo = repository();
        String key = backup(repo, "-Z", "0", db);
        Path archive = archive(repo, key);
        byte[] bytes = Files.readAllBytes(archive);
        // a byte of row data near the end: the archive still parses, only the checksum tells
        int at = bytes.length - 200;
        bytes[at] = (byte) (bytes[at] == '7' ? '8' : '7');
        Files.write(archive, bytes);

        String target = server.createDatabase();
        Cli.Result r = Cli.run(args("restore", "--repo", repo, key, "-j", "2", conn(server), "-d", target));
        assertThat(r.exit()).as(r.toString()).isEqualTo(9);
        assertThat(r.errLines()).singleElement().asString().contains(key).contains("damaged").contains("SHA-256");
        assertThat(rowCounts(target)).as("nothing was restored: the damage was found first").isEmpty();

        // the same archive on one job streams: the table is created before the checksum fails at the end
        Cli.Result streamed = Cli.run(args("restore", "--repo", repo, key, conn(server), "-d", target));
        assertThat(streamed.exit()).as(streamed.toString()).isEqualTo(9);
        assertThat(rowCounts(target)).containsKey("public.t");
        server.dropDatabase(db);
        server.dropDatabase(target);
    }

    @Test
    void fromS3AParallelRestoreFallsBackToOneJobWithAWarning() throws Exception {
        String repo = TestRepositories.freshS3();
        String key = backup(repo, "-j", "2", pagila);
        String target = server.createDatabase();
        Cli.Result r = Cli.run(args("restore", "--repo", repo, "latest", "-j", "2", conn(server), "-d", target));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.errLines()).as(r.toString()).singleElement().asString()
                .contains("warning: backup " + key + " is restored with one job");
        RoundTripTest.assertIdentical(server, pagila, target);
        server.dropDatabase(target);
    }
}
