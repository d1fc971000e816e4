package io.stowage.cli;

import io.stowage.core.storage.Storage;
import io.stowage.core.storage.StorageLocation;
import io.stowage.core.storage.StoredObject;
import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.DumpOptions;
import io.stowage.core.progress.ProgressEvent;
import io.stowage.core.storage.LocalStorage;
import io.stowage.core.storage.StorageOutput;
import io.stowage.repo.BackupInfo;
import io.stowage.repo.Repository;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code stowage backup}, {@code backups list|show|delete} and {@code restore --repo}, on a directory and on S3. */
class BackupRepositoryTest {
    private static final String ROLE = "stowage_backup_pw";
    private static final String PASSWORD = "backup-Pa55-plugh";

    private static PgServer server;

    @TempDir
    static Path temp;

    @BeforeAll
    static void start() {
        server = Servers.get(15);
    }

    /** A fresh, empty repository of the given kind. */
    private static String repository(String kind) {
        return TestRepositories.fresh(kind, temp);
    }

    private static List<StoredObject> objects(String repo, String prefix) {
        try (Storage storage = StorageLocation.open(repo)) {
            return storage.list(prefix);
        }
    }

    private static String backup(String repo, String... more) {
        Cli.Result r = Cli.run(args("backup", "--repo", repo, conn(server), more));
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).as(r.toString()).isNotEmpty();
        return lines.get(lines.size() - 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void backupListShowRestoreDelete(String kind) throws Exception {
        String repo = repository(kind);
        String source = Servers.freshPagila(server);
        String key = backup(repo, source);
        assertThat(key).matches("\\d{8}T\\d{6}Z-" + source.toLowerCase().replaceAll("[^a-z0-9_-]", "_") + "-[0-9a-f]{4}");

        Cli.Result list = Cli.run("backups", "list", "--repo", repo);
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out().lines().toList()).singleElement().asString().startsWith(key + "  " + source);
        Cli.Result json = Cli.run("backups", "list", "--json", "--repo", repo);
        assertThat(json.exit()).as(json.toString()).isZero();
        assertThat(json.out().lines().toList()).hasSize(1);
        BackupInfo listed = BackupInfo.fromJson(json.out().strip());
        assertThat(listed.key().value()).isEqualTo(key);
        assertThat(listed.database()).isEqualTo(source);

        Cli.Result show = Cli.run("backups", "show", key, "--repo", repo);
        assertThat(show.exit()).as(show.toString()).isZero();
        // the text itself, read independently of the module's own parser
        assertThat(show.out()).contains("\"key\": \"" + key + "\",", "\"database\": \"" + source + "\",",
                "\"engine\": \"native\",", "\"format\": \"custom\",", "\"compression\": \"gzip\",", "\"options\": [],",
                "\"connection\": \"postgresql://postgres@127.0.0.1:" + server.port() + "/" + source)
                .containsPattern("\"server_version\": \"15\\.\\d+")
                .containsPattern("\"started\": \"\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\",\n  \"finished\": \"\\d{4}-")
                .containsPattern("\"archive_sha256\": \"[0-9a-f]{64}\"")
                .containsPattern("\"public\\.actor\": 200\\b")
                .containsPattern("\"public\\.rental\": 16044\\b");
        BackupInfo meta = BackupInfo.fromJson(show.out());
        assertThat(meta.stowageVersion()).isNotBlank().isNotEqualTo("unknown");
        assertThat(meta.entries()).isPositive();
        assertThat(meta.finished()).isAfterOrEqualTo(meta.started());
        long archiveSize = meta.archiveSize();
        assertThat(objects(repo, "backups/" + key + "/")).extracting(StoredObject::key)
                .containsExactly("backups/" + key + "/archive.dump", "backups/" + key + "/manifest.json",
                        "backups/" + key + "/metadata.json");
        assertThat(objects(repo, "backups/" + key + "/archive.dump").get(0).size()).isEqualTo(archiveSize);
        Cli.Result latest = Cli.run("backups", "show", "latest", "--repo", repo);
        assertThat(latest.out()).isEqualTo(show.out());

        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", "--repo", repo, kind.equals("s3") ? "latest" : key, conn(server), "-d", target));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        RoundTripTest.assertIdentical(server, source, target);

        Cli.Result delete = Cli.run("backups", "delete", kind.equals("s3") ? key : "latest", "--repo", repo);
        assertThat(delete.exit()).as(delete.toString()).isZero();
        assertThat(Cli.run("backups", "list", "--repo", repo).out()).isEmpty();
        assertThat(objects(repo, "")).isEmpty();

        Cli.Result gone = Cli.run("backups", "show", key, "--repo", repo);
        assertThat(gone.exit()).isEqualTo(6);
        assertThat(gone.errLines()).singleElement().asString().contains(key).contains("stowage backups list");
        Cli.Result none = Cli.run(args("restore", "--repo", repo, "latest", conn(server), "-d", target));
        assertThat(none.exit()).as(none.toString()).isEqualTo(6);
        server.dropDatabase(target);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void aFailedBackupLeavesNoObject(String kind) throws Exception {
        String repo = repository(kind);
        Cli.Result r = Cli.run(args("backup", "--repo", repo, conn(server), "no_such_database_" + kind));
        assertThat(r.exit()).as(r.toString()).isEqualTo(5);
        assertThat(r.out()).isEmpty();
        assertThat(objects(repo, "")).isEmpty();
        if (kind.equals("local")) {
            Path dir = Path.of(repo);
            if (Files.exists(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    assertThat(files.filter(Files::isRegularFile).toList()).as("temporary files").isEmpty();
                }
            }
        }
    }

    @Test
    void keysOfLaterBackupsSortAfterAndListNewestFirst() throws Exception {
        String repo = repository("local");
        String db = server.createDatabase();
        server.execute(db, "CREATE TABLE t (id int)", "INSERT INTO t SELECT generate_series(1, 5)");
        String first = backup(repo, db);
        // keys carry seconds: make sure the second backup starts in a later one
        long next = (System.currentTimeMillis() / 1000 + 1) * 1000;
        Thread.sleep(Math.max(0, next - System.currentTimeMillis()) + 20);
        String second = backup(repo, db);
        assertThat(first).isLessThan(second);
        assertThat(Cli.run("backups", "list", "--repo", repo).out().lines().map(l -> l.split(" ")[0]).toList())
                .containsExactly(second, first);
        assertThat(BackupInfo.fromJson(Cli.run("backups", "show", "latest", "--repo", repo).out()).key().value()).isEqualTo(second);
        server.dropDatabase(db);
    }

    @Test
    void metadataNeverHoldsThePassword() throws Exception {
        server.createPasswordRole(ROLE, PASSWORD);
        String repo = repository("local");
        String db = server.createDatabase();
        server.execute(db, "CREATE TABLE secret_free (id int)");
        Cli.Result r = Cli.run("backup", "--repo", repo, "-Z", "gzip:1", "-n", "public", "-x",
                "-d", "postgresql://" + ROLE + ":" + PASSWORD + "@127.0.0.1:" + server.port() + "/" + db);
        assertThat(r.exit()).as(r.toString()).isZero();
        String key = r.out().lines().reduce((a, b) -> b).orElseThrow();
        String stored = Files.readString(Path.of(repo, "backups", key, "metadata.json"));
        assertThat(stored).contains("\"connection\": \"postgresql://" + ROLE + ":****@127.0.0.1:" + server.port() + "/" + db)
                .doesNotContain(PASSWORD)
                .contains("\"compression\": \"gzip:1\",\n  \"options\": [\"-Z\", \"gzip:1\", \"-n\", \"public\", \"--no-privileges\"],");
        Cli.Result show = Cli.run("backups", "show", key, "--repo", repo);
        assertThat(show.out()).isEqualTo(stored).doesNotContain(PASSWORD);
        assertThat(r.err()).doesNotContain(PASSWORD);
        server.dropDatabase(db);
    }

    @Test
    void aDamagedArchiveFailsTheRestoreWithAVerificationErrorNamingTheKey() throws Exception {
        String repo = repository("local");
        String db = server.createDatabase();
        server.execute(db, "CREATE TABLE t (id int, note text)",
                "INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 2000) g");
        String key = backup(repo, "-Z", "0", db);
        Path archive = Path.of(repo, "backups", key, "archive.dump");
        byte[] bytes = Files.readAllBytes(archive);
        // a byte of row data near the end: the archive still parses, only the checksum tells
        int at = bytes.length - 200;
        bytes[at] = (byte) (bytes[at] == '7' ? '8' : '7');
        Files.write(archive, bytes);

        String target = server.createDatabase();
        Cli.Result r = Cli.run(args("restore", "--repo", repo, key, conn(server), "-d", target));
        assertThat(r.exit()).as(r.toString()).isEqualTo(9);
        assertThat(r.errLines()).singleElement().asString().contains(key).contains("damaged");

        Files.write(archive, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        Cli.Result cut = Cli.run(args("restore", "--repo", repo, "latest", conn(server), "-d", target));
        assertThat(cut.exit()).as(cut.toString()).isEqualTo(9);
        assertThat(cut.errLines()).singleElement().asString().contains(key).contains("bytes, the manifest says");
        server.dropDatabase(db);
        server.dropDatabase(target);
    }

    @Test
    void theRepositoryCanComeFromStowageRepo() throws Exception {
        String repo = repository("local");
        String db = server.createDatabase();
        server.execute(db, "CREATE TABLE t (id int)", "INSERT INTO t VALUES (1), (2)");
        Path home = Files.createDirectories(temp.resolve("home-" + UUID.randomUUID()));
        ChildCli.Run made = ChildCli.withHome(home).env("STOWAGE_REPO", repo).run(args("backup", conn(server), db));
        assertThat(made.exit()).as(made.toString()).isZero();
        String key = made.out().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(Path.of(repo, "backups", key, "metadata.json")).isRegularFile();

        String target = server.createDatabase();
        ChildCli.Run restored = ChildCli.withHome(home).env("STOWAGE_REPO", repo)
                .run(args("restore", "latest", conn(server), "-d", target));
        assertThat(restored.exit()).as(restored.toString()).isZero();
        assertThat(server.queryColumn(target, "SELECT count(*) FROM t")).containsExactly("2");

        ChildCli.Run missing = ChildCli.withHome(home).run("backups", "list");
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.errLines()).singleElement().asString().contains("--repo", "STOWAGE_REPO");
        server.dropDatabase(db);
        server.dropDatabase(target);
    }

    /** Fails the write that takes the {@code failAt}th byte of the object named {@code name}. */
    private static Storage failing(Storage inner, String name, long failAt) {
        return new Storage() {
            @Override
            public StorageOutput create(String key) {
                StorageOutput out = inner.create(key);
                if (!key.endsWith("/" + name)) {
                    return out;
                }
                return new StorageOutput() {
                    long written;

                    @Override
                    public void write(byte[] b, int off, int len) throws java.io.IOException {
                        written += len;
                        if (written >= failAt) {
                            throw new java.io.IOException("injected failure after " + written + " bytes");
                        }
                        out.write(b, off, len);
                    }

                    @Override
                    public void abort() {
                        out.abort();
                    }

                    @Override
                    public void close() throws java.io.IOException {
                        out.close();
                    }
                };
            }

            @Override
            public java.io.InputStream open(String key) {
                return inner.open(key);
            }

            @Override
            public java.util.Optional<StoredObject> stat(String key) {
                return inner.stat(key);
            }

            @Override
            public List<StoredObject> list(String prefix) {
                return inner.list(prefix);
            }

            @Override
            public void delete(String key) {
                inner.delete(key);
            }

            @Override
            public String describe() {
                return inner.describe();
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"archive.dump", "metadata.json"})
    void aBackupThatFailsPartWayLeavesNoObject(String failing) throws Exception {
        String source = Servers.freshPagila(server);
        Path dir = temp.resolve("repo-" + UUID.randomUUID());
        // the archive fails in the middle of the table data; the metadata, after archive and manifest were stored
        long failAt = failing.equals("archive.dump") ? 300_000 : 1;
        try (Repository repository = Repository.of(failing(LocalStorage.open(dir), failing, failAt))) {
            ConnectionSettings settings = server.settings(source);
            DumpOptions options = DumpOptions.builder().format(ArchiveFormat.CUSTOM).build();
            List<String> seen = new java.util.ArrayList<>();
            assertThatThrownBy(() -> repository.backup(settings, options, e -> {
                if (e instanceof ProgressEvent.TableData t) {
                    seen.add(t.table());
                }
            })).isInstanceOf(StowageException.class).hasMessageContaining("injected failure");
            assertThat(seen).as("tables dumped before the failure").isNotEmpty();
            assertThat(repository.storage().list("")).isEmpty();
            assertThat(repository.list()).isEmpty();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).toList()).as("files left").isEmpty();
        }
        server.dropDatabase(source);
    }
}
