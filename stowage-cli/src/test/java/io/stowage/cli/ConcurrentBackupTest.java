package io.stowage.cli;

import io.stowage.core.storage.Storage;
import io.stowage.core.storage.StorageLocation;
import io.stowage.core.storage.StoredObject;
import io.stowage.repo.BackupInfo;
import io.stowage.repo.BackupKey;
import io.stowage.repo.Repository;
import io.stowage.repo.StoredArchive;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/** Two {@code stowage backup} runs at once (threads calling the CLI in this JVM) into one repository, on a directory and on S3. */
class ConcurrentBackupTest {
    private static PgServer server;

    @TempDir
    static Path temp;

    @BeforeAll
    static void start() {
        server = Servers.get(15);
    }

    private static String repository(String kind) {
        return TestRepositories.fresh(kind, temp);
    }

    /**
     * Runs {@code stowage backup} of each database at once, released together at the start of a second
     * (so two backups of one database start in the same second), and returns the keys in argument order.
     */
    private static List<String> backupAtOnce(String repo, String... databases) throws Exception {
        CyclicBarrier together = new CyclicBarrier(databases.length);
        ExecutorService pool = Executors.newFixedThreadPool(databases.length);
        try {
            List<Future<Cli.Result>> runs = new java.util.ArrayList<>();
            for (String db : databases) {
                runs.add(pool.submit(() -> {
                    if (together.await() == 0) {
                        // the last thread in: wait for the next second's first 100 ms, then release the others
                        long next = (System.currentTimeMillis() / 1000 + 1) * 1000;
                        Thread.sleep(next - System.currentTimeMillis() + 20);
                    }
                    together.await();
                    return Cli.run(args("backup", "--repo", repo, conn(server), db));
                }));
            }
            List<String> keys = new java.util.ArrayList<>();
            for (Future<Cli.Result> run : runs) {
                Cli.Result r = run.get(5, TimeUnit.MINUTES);
                assertThat(r.exit()).as(r.toString()).isZero();
                keys.add(r.out().lines().reduce((a, b) -> b).orElseThrow());
            }
            return keys;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, BackupInfo> listed(String repo) {
        Cli.Result json = Cli.run("backups", "list", "--json", "--repo", repo);
        assertThat(json.exit()).as(json.toString()).isZero();
        return json.out().lines().map(BackupInfo::fromJson)
                .collect(Collectors.toMap(i -> i.key().value(), Function.identity()));
    }

    /** Reads a backup's archive from the repository and checks its size and SHA-256 against the manifest. */
    private static void checksum(String repo, String key) throws Exception {
        try (Repository repository = Repository.open(repo); StoredArchive stored = repository.openStored(BackupKey.parse(key))) {
            try (InputStream in = stored.archive()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            stored.finish();
        }
    }

    private static List<String> objects(String repo, String prefix) {
        try (Storage storage = StorageLocation.open(repo)) {
            return storage.list(prefix).stream().map(StoredObject::key).toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void twoDatabasesBackedUpAtOnceIntoOneRepository(String kind) throws Exception {
        String repo = repository(kind);
        String pagila = Servers.freshPagila(server);
        String ledger = server.createDatabase();
        server.execute(ledger, "CREATE SCHEMA books", "CREATE TABLE books.entries (id bigint PRIMARY KEY, amount numeric, memo text)",
                "INSERT INTO books.entries SELECT g, g * 1.25, 'ledger-only ' || md5(g::text) FROM generate_series(1, 150000) g");

        List<String> keys = backupAtOnce(repo, pagila, ledger);
        String pagilaKey = keys.get(0);
        String ledgerKey = keys.get(1);
        Map<String, BackupInfo> all = listed(repo);
        assertThat(all).containsOnlyKeys(pagilaKey, ledgerKey);
        BackupInfo p = all.get(pagilaKey);
        BackupInfo l = all.get(ledgerKey);
        // they did run at the same time
        assertThat(p.started()).isBefore(l.finished());
        assertThat(l.started()).isBefore(p.finished());

        // each backup holds its own database only: its metadata, its objects and its archive
        assertThat(p.database()).isEqualTo(pagila);
        assertThat(l.database()).isEqualTo(ledger);
        assertThat(p.tableRows()).containsEntry("public.rental", 16044L).doesNotContainKey("books.entries");
        assertThat(l.tableRows()).containsExactly(Map.entry("books.entries", 150000L));
        assertThat(p.archiveSha256()).isNotEqualTo(l.archiveSha256());
        for (String key : keys) {
            assertThat(objects(repo, Repository.BACKUPS + key + "/")).containsExactly(Repository.BACKUPS + key + "/archive.dump",
                    Repository.BACKUPS + key + "/manifest.json", Repository.BACKUPS + key + "/metadata.json");
            checksum(repo, key);
        }
        assertThat(objects(repo, "")).hasSize(6);

        for (String key : keys) {
            String source = key.equals(pagilaKey) ? pagila : ledger;
            String target = server.createDatabase();
            Cli.Result restore = Cli.run(args("restore", "--repo", repo, key, conn(server), "-d", target));
            assertThat(restore.exit()).as(restore.toString()).isZero();
            RoundTripTest.assertIdentical(server, source, target);
            server.dropDatabase(target);
        }
        server.dropDatabase(pagila);
        server.dropDatabase(ledger);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void twoBackupsOfOneDatabaseInOneSecondGetTwoKeys(String kind) throws Exception {
        String repo = repository(kind);
        String db = server.createDatabase();
        server.execute(db, "CREATE TABLE t (id int)", "INSERT INTO t SELECT generate_series(1, 1000)");
        List<String> all = new java.util.ArrayList<>();
        boolean sameSecond = false;
        // released together at the start of a second they nearly always start within it; a slow start gets two retries
        for (int attempt = 0; attempt < 3 && !sameSecond; attempt++) {
            List<String> keys = backupAtOnce(repo, db, db);
            assertThat(keys.get(0)).isNotEqualTo(keys.get(1));
            sameSecond = BackupKey.parse(keys.get(0)).timestamp().equals(BackupKey.parse(keys.get(1)).timestamp());
            all.addAll(keys);
        }
        assertThat(sameSecond).as("two backups started in one second: " + all).isTrue();
        Map<String, BackupInfo> listed = listed(repo);
        assertThat(listed).containsOnlyKeys(all);
        assertThat(listed.values()).allSatisfy(i -> assertThat(i.tableRows()).containsExactly(Map.entry("public.t", 1000L)));
        for (String key : all) {
            assertThat(objects(repo, Repository.BACKUPS + key + "/")).hasSize(3);
            checksum(repo, key);
        }
        server.dropDatabase(db);
    }
}
