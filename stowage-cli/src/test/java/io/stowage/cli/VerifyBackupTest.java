package io.stowage.cli;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.RestoreOptions;
import io.stowage.core.progress.ProgressListener;
import io.stowage.postgres.restore.NativeRestorer;
import io.stowage.postgres.restore.RestoreResult;
import io.stowage.repo.BackupInfo;
import io.stowage.repo.BackupVerification;
import io.stowage.repo.Repository;
import io.stowage.repo.ScratchDatabase;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code stowage verify --repo LOCATION KEY|latest [--deep]} and {@code stowage verify --deep PATH}:
 * good backups (local and S3) and archives verify with the rows the source database holds, counted
 * independently with {@code SELECT count(*)}; the deep check leaves no scratch database behind, also
 * when its restore fails or its counts differ.
 */
class VerifyBackupTest {
    private static final String ROLE = "stowage_verify_pw";
    private static final String PASSWORD = "verify-Pa55-xyzzy";

    private static PgServer server;
    private static String source;
    /** Rows per table of the source, counted with SELECT count(*), not by Stowage. */
    private static Map<String, Long> sourceRows;

    @TempDir
    static Path temp;

    @BeforeAll
    static void start() throws Exception {
        server = Servers.get(15);
        source = Servers.freshPagila(server);
        sourceRows = count(source);
    }

    @AfterAll
    static void stop() {
        if (source != null) {
            server.dropDatabase(source);
        }
    }

    @AfterEach
    void noScratchDatabaseIsLeft() {
        assertThat(scratchDatabases()).as("scratch databases left behind").isEmpty();
    }

    private static List<String> scratchDatabases() {
        return server.queryColumn("postgres", "SELECT datname FROM pg_database WHERE datname LIKE 'stowage\\_verify\\_%'");
    }

    /** Rows per ordinary table ({@code schema.table}) of a database, with SELECT count(*); partitioned parents count their partitions' rows, so they are left out. */
    private static Map<String, Long> count(String db) {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : server.queryColumn(db, "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname NOT IN"
                + " ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' ORDER BY 1")) {
            rows.put(table, Long.parseLong(server.queryColumn(db, "SELECT count(*) FROM " + table).get(0)));
        }
        return rows;
    }

    private static String repository(String kind) {
        return TestRepositories.fresh(kind, temp);
    }

    private static String backup(String repo, String db) {
        Cli.Result r = Cli.run(args("backup", "--repo", repo, conn(server), db));
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out().lines().reduce((a, b) -> b).orElseThrow();
    }

    /** The tables of the source that hold rows, with their counts (partitioned parents hold none of their own). */
    private static Map<String, Long> nonEmpty(Map<String, Long> rows) {
        Map<String, Long> result = new LinkedHashMap<>();
        rows.forEach((t, n) -> {
            if (n > 0) {
                result.put(t, n);
            }
        });
        return result;
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void aGoodBackupVerifiesWithTheSourcesRowCounts(String kind) {
        String repo = repository(kind);
        String key = backup(repo, source);
        long total = sourceRows.values().stream().mapToLong(Long::longValue).sum();

        Cli.Result r = Cli.run("verify", "--repo", repo, key);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines().toList()).singleElement().asString()
                .startsWith("verified backup " + key + ": CUSTOM archive 1.")
                .contains(" " + total + " rows in ").contains("manifest, checksum and metadata match");

        Cli.Result json = Cli.run("verify", "--json", "--repo", repo, "latest");
        assertThat(json.exit()).as(json.toString()).isZero();
        assertThat(json.out()).contains("\"key\":\"" + key + "\"", "\"rows\":" + total + ",", "\"format\":\"CUSTOM\"");

        try (Repository repository = Repository.open(repo)) {
            BackupVerification v = repository.verify(key);
            assertThat(v.key().value()).isEqualTo(key);
            // every table that holds rows in the source holds as many in the backup
            assertThat(nonEmpty(v.tableRows())).isEqualTo(nonEmpty(sourceRows));
            assertThat(v.tableRows()).isEqualTo(repository.show(key).tableRows());
            assertThat(v.storedBytes()).isEqualTo(repository.show(key).archiveSize());
            assertThat(v.archive().archiveBytes()).isEqualTo(v.storedBytes());
            assertThat(v.checks()).hasSize(7).anyMatch(c -> c.startsWith("the rows of " + v.tableRows().size() + " tables match"));
            assertThat(v.scratch()).isNull();
        }
    }

    @Test
    void latestIsTheNewestBackupAndStowageRepoWorksWithoutBreakingVerifyPath() throws Exception {
        String repo = repository("local");
        String db = server.createDatabase();
        server.execute(db, "CREATE TABLE t (id int)", "INSERT INTO t SELECT generate_series(1, 7)");
        String first = backup(repo, db);
        long next = (System.currentTimeMillis() / 1000 + 1) * 1000;
        Thread.sleep(Math.max(0, next - System.currentTimeMillis()) + 20);
        server.execute(db, "INSERT INTO t SELECT generate_series(8, 10)");
        String second = backup(repo, db);
        assertThat(second).isGreaterThan(first);

        Cli.Result latest = Cli.run("verify", "--repo", repo, "latest");
        assertThat(latest.exit()).as(latest.toString()).isZero();
        assertThat(latest.out()).startsWith("verified backup " + second + ":").contains(" 10 rows in 1 tables");
        Cli.Result older = Cli.run("verify", "--repo", repo, first);
        assertThat(older.out()).startsWith("verified backup " + first + ":").contains(" 7 rows in 1 tables");

        Path home = Files.createDirectories(temp.resolve("home-" + UUID.randomUUID()));
        ChildCli.Run env = ChildCli.withHome(home).env("STOWAGE_REPO", repo).run("verify", "latest");
        assertThat(env.exit()).as(env.toString()).isZero();
        assertThat(env.out()).startsWith("verified backup " + second + ":");
        // a path stays a path with STOWAGE_REPO set
        Path file = temp.resolve("t-" + UUID.randomUUID() + ".dump");
        assertThat(Cli.run(args("dump", conn(server), "-Fc", "-f", file.toString(), db)).exit()).isZero();
        ChildCli.Run path = ChildCli.withHome(home).env("STOWAGE_REPO", repo).run("verify", file.toString());
        assertThat(path.exit()).as(path.toString()).isZero();
        assertThat(path.out()).startsWith("verified " + file + ": CUSTOM archive").contains(" 10 rows,");

        Cli.Result unknown = Cli.run("verify", "--repo", repo, "20200101T000000Z-nothing-0000");
        assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(6);
        Cli.Result manifest = Cli.run("verify", "--repo", repo, "--manifest", "x.json", "latest");
        assertThat(manifest.exit()).as(manifest.toString()).isEqualTo(2);
        Cli.Result shallow = Cli.run(args("verify", "--repo", repo, "latest", conn(server)));
        assertThat(shallow.exit()).as(shallow.toString()).isEqualTo(2);
        assertThat(shallow.errLines()).singleElement().asString().contains("only apply to verify --deep");
        server.dropDatabase(db);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void deepRestoresIntoAScratchDatabaseAndDropsIt(String kind) {
        String repo = repository(kind);
        String key = backup(repo, source);
        long total = sourceRows.values().stream().mapToLong(Long::longValue).sum();
        Cli.Result r = Cli.run(args("verify", "--deep", "--repo", repo, key, conn(server)));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines().toList()).singleElement().asString()
                .startsWith("verified backup " + key + ":")
                .containsPattern("; restored into scratch database stowage_verify_[0-9a-f]{12} on postgresql://postgres@127\\.0\\.0\\.1:"
                        + server.port() + "/postgres(\\?\\S*)? \\(dropped again\\): " + total + " rows in \\d+ tables match$");
        assertThat(scratchDatabases()).isEmpty();

        try (Repository repository = Repository.open(repo)) {
            BackupVerification v = repository.verifyDeep("latest", server.settings("postgres"), ProgressListener.NONE);
            assertThat(v.scratch()).isNotNull();
            assertThat(v.scratch().database()).startsWith(ScratchDatabase.PREFIX);
            assertThat(nonEmpty(v.scratch().tableRows())).isEqualTo(nonEmpty(sourceRows));
            assertThat(v.scratch().errorsIgnored()).isZero();
        }
    }

    @Test
    void deepShowsTheServerWithoutThePassword() {
        server.createPasswordRole(ROLE, PASSWORD);
        String repo = repository("local");
        String db = server.createDatabase();
        server.execute(db, "CREATE TABLE t (id int)", "INSERT INTO t VALUES (1), (2), (3)");
        String key = backup(repo, db);
        Cli.Result r = Cli.run("verify", "--deep", "--repo", repo, key,
                "-d", "postgresql://" + ROLE + ":" + PASSWORD + "@127.0.0.1:" + server.port() + "/postgres");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("on postgresql://" + ROLE + ":\\*\\*\\*\\*@127\\.0\\.0\\.1:" + server.port()
                        + "/postgres(\\?\\S*)? \\(dropped again\\): 3 rows")
                .doesNotContain(PASSWORD);
        assertThat(r.err()).doesNotContain(PASSWORD);
        server.dropDatabase(db);
    }

    @ParameterizedTest
    @ValueSource(strings = {"c", "d", "t", "p"})
    void deepOnAPathComparesWithTheRowsTheArchiveHolds(String format) {
        Path out = temp.resolve("pagila-" + UUID.randomUUID() + "." + format);
        Cli.Result dump = Cli.run(args("dump", conn(server), "-F", format, "-f", out.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        long total = sourceRows.values().stream().mapToLong(Long::longValue).sum();
        Cli.Result r = Cli.run(args("verify", "--deep", out.toString(), conn(server)));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines().toList()).singleElement().asString().startsWith("verified " + out + ": ")
                .contains(", " + total + " rows, ")
                .containsPattern("restored into scratch database stowage_verify_[0-9a-f]{12} on .* " + total + " rows in \\d+ tables match");
        Cli.Result json = Cli.run(args("verify", "--deep", "--json", out.toString(), conn(server)));
        assertThat(json.exit()).as(json.toString()).isZero();
        assertThat(json.out()).contains("\"scratch_rows\":" + total + ",").containsPattern("\"scratch_database\":\"stowage_verify_");
    }

    @Test
    void aTableThatRestoresWithOtherRowsFailsDeepNamingTheTableAndBothCounts() throws Exception {
        // parsing counts the COPY block's 3 rows; restoring it leaves 2
        Path script = temp.resolve("shrinks-" + UUID.randomUUID() + ".sql");
        Files.writeString(script, "--\n-- a plain script\n--\n\nCREATE TABLE public.shrinks (id integer);\n"
                + "COPY public.shrinks (id) FROM stdin;\n1\n2\n3\n\\.\n\n"
                + "DELETE FROM public.shrinks WHERE id = 2;\n\n--\n-- PostgreSQL database dump complete\n--\n\n");
        Cli.Result r = Cli.run(args("verify", "--deep", script.toString(), conn(server)));
        assertThat(r.exit()).as(r.toString()).isEqualTo(9);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).singleElement().asString()
                .contains("archive \"" + script + "\" does not restore as it should: table public.shrinks has 2 rows in scratch"
                        + " database stowage_verify_")
                .contains(", the archive holds 3");
    }

    @Test
    void theScratchDatabaseIsDroppedWhenTheRestoreFailsOrIsMissingATable() {
        ConnectionSettings postgres = server.settings("postgres");
        String[] seen = new String[1];
        assertThatThrownBy(() -> ScratchDatabase.restoreAndCount(postgres, target -> {
            seen[0] = target.database();
            assertThat(scratchDatabases()).containsExactly(target.database());
            throw new IllegalStateException("restore failed on purpose");
        }, List.of(), "x", "y")).hasMessage("restore failed on purpose");
        assertThat(seen[0]).startsWith(ScratchDatabase.PREFIX);
        assertThat(scratchDatabases()).isEmpty();

        Path script;
        try {
            script = Files.writeString(temp.resolve("one-" + UUID.randomUUID() + ".sql"), "CREATE TABLE public.here (id int);\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        RestoreOptions options = RestoreOptions.builder().input(script).build();
        assertThatThrownBy(() -> ScratchDatabase.restoreAndCount(postgres,
                target -> new NativeRestorer(target, options, ProgressListener.NONE).run(),
                List.of(new ScratchDatabase.ExpectedRows("public", "here", 0), new ScratchDatabase.ExpectedRows("public", "gone", 5)),
                "the subject", "the expectation is"))
                .isInstanceOfSatisfying(StowageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VERIFICATION))
                .hasMessageContaining("the subject does not restore as it should: table public.gone is missing in scratch database")
                .hasMessageContaining(", the expectation is 5");
        assertThat(scratchDatabases()).isEmpty();

        // a session still connected to the scratch database does not keep it from being dropped
        io.stowage.repo.ScratchCheck kept = ScratchDatabase.restoreAndCount(postgres, target -> {
            try {
                java.sql.Connection c = io.stowage.postgres.jdbc.PgConnector.open(target);
                c.createStatement().execute("CREATE TABLE public.leftover (id int)");
                // deliberately left open
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            return new RestoreResult(0, 0, 0, 0, 0, java.time.Duration.ZERO);
        }, List.of(new ScratchDatabase.ExpectedRows("public", "leftover", 0)), "s", "e");
        assertThat(kept.tableRows()).containsExactly(Map.entry("public.leftover", 0L));
        assertThat(scratchDatabases()).isEmpty();
    }

    /** PostgreSQL 12 has no DROP DATABASE ... WITH (FORCE): the sessions left in it are ended first. */
    @Test
    void aScratchDatabaseWithASessionLeftInItIsDroppedOnPostgres12() throws Exception {
        PgServer old = Servers.get(12);
        java.sql.Connection[] leaked = new java.sql.Connection[1];
        io.stowage.repo.ScratchCheck check = ScratchDatabase.restoreAndCount(old.settings("postgres"), target -> {
            try {
                leaked[0] = io.stowage.postgres.jdbc.PgConnector.open(target);
                leaked[0].createStatement().execute("CREATE TABLE public.t AS SELECT generate_series(1, 4) AS id");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            return new RestoreResult(0, 0, 0, 0, 0, java.time.Duration.ZERO);
        }, List.of(new ScratchDatabase.ExpectedRows("public", "t", 4)), "s", "e");
        assertThat(check.tableRows()).containsExactly(Map.entry("public.t", 4L));
        assertThat(leaked[0].isValid(2)).as("the session left in the scratch database was ended").isFalse();
        assertThat(old.queryColumn("postgres", "SELECT datname FROM pg_database WHERE datname LIKE 'stowage\\_verify\\_%'")).isEmpty();
    }

    @Test
    void ctrlCDuringTheDeepRestoreDropsTheScratchDatabase() throws Exception {
        String repo = repository("local");
        String db = server.createDatabase();
        // big enough that the scratch restore is still loading when the signal arrives
        server.execute(db, "CREATE TABLE public.big AS SELECT g AS id, md5(g::text) AS payload FROM generate_series(1, 1000000) g");
        String key = backup(repo, db);
        Path log = temp.resolve("verify-" + UUID.randomUUID() + ".log");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(args(javaBin, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "verify", "--deep", "--repo", repo, key, conn(server)))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            String scratch = null;
            while (scratch == null) {
                assertThat(p.isAlive()).as("verify was still running: %s", Files.exists(log) ? Files.readString(log) : "").isTrue();
                assertThat(System.nanoTime()).as("the scratch database appeared").isLessThan(deadline);
                List<String> found = scratchDatabases();
                scratch = found.isEmpty() ? null : found.get(0);
                Thread.sleep(20);
            }
            // wait until the restore is loading rows into it
            while (server.queryColumn("postgres", "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + scratch
                    + "' AND query LIKE 'COPY%'").get(0).equals("0")) {
                assertThat(p.isAlive()).as("verify was still running: %s", Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("the restore started loading").isLessThan(deadline);
                Thread.sleep(10);
            }
            new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
            assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).as(Files.readString(log)).isNotZero();
        assertThat(scratchDatabases()).isEmpty();
        server.dropDatabase(db);
    }

    @Test
    void metadataThatDisagreesWithTheArchiveFailsNamingTheTable() throws Exception {
        String repo = repository("local");
        String db = server.createDatabase();
        server.execute(db, "CREATE TABLE a (id int)", "INSERT INTO a SELECT generate_series(1, 12)",
                "CREATE TABLE b (id int)", "INSERT INTO b SELECT generate_series(1, 3)");
        String key = backup(repo, db);
        Path metadata = Path.of(repo, "backups", key, "metadata.json");
        String good = Files.readString(metadata);
        assertThat(good).contains("\"public.a\": 12");
        Files.writeString(metadata, good.replace("\"public.a\": 12", "\"public.a\": 13"));
        Cli.Result r = Cli.run("verify", "--repo", repo, key);
        assertThat(r.exit()).as(r.toString()).isEqualTo(9);
        assertThat(r.errLines()).singleElement().asString()
                .contains("backup " + key + " is damaged: metadata.json records 13 rows for table public.a, archive.dump holds 12");
        Files.writeString(metadata, good.replace("\"public.b\": 3\n", "\"public.b\": 3,\n    \"public.c\": 1\n"));
        Cli.Result extra = Cli.run("verify", "--repo", repo, key);
        assertThat(extra.exit()).as(extra.toString()).isEqualTo(9);
        assertThat(extra.errLines()).singleElement().asString()
                .contains("metadata.json records 1 rows for table public.c, but archive.dump holds no data for it");
        Files.writeString(metadata, good);
        assertThat(Cli.run("verify", "--repo", repo, key).exit()).isZero();
        BackupInfo info = BackupInfo.fromJson(good);
        assertThat(info.tableRows()).containsEntry("public.a", 12L).containsEntry("public.b", 3L);
        server.dropDatabase(db);
    }
}
