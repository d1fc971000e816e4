package io.stowage.cli;

import io.stowage.core.io.Json;
import io.stowage.core.storage.Storage;
import io.stowage.core.storage.StorageLocation;
import io.stowage.core.storage.StorageOutput;
import io.stowage.core.storage.StoredObject;
import io.stowage.repo.BackupInfo;
import io.stowage.repo.BackupKey;
import io.stowage.repo.Repository;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stowage backups prune} on a directory and on S3. The backups are real: each database is backed
 * up once by {@code stowage backup}, and its objects are then stored again under keys of chosen times
 * (the metadata's key, start and end changed to match), so that prune reads them as any other backups.
 */
class PruneCommandTest {
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

    private static String backup(String repo, String db) {
        Cli.Result r = Cli.run(args("backup", "--repo", repo, "-Z", "0", conn(server), db));
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out().lines().reduce((a, b) -> b).orElseThrow();
    }

    private static void copy(Storage storage, String from, String to) throws Exception {
        try (InputStream in = storage.open(from); StorageOutput out = storage.create(to)) {
            in.transferTo(out);
        }
    }

    private static void put(Storage storage, String object, String text) throws Exception {
        try (StorageOutput out = storage.create(object)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Stores the real backup {@code original} again as a backup started at each of {@code times}, then deletes
     * the original; returns the new keys by time.
     */
    private static Map<String, String> restamp(String repo, String original, String... times) throws Exception {
        Map<String, String> keys = new LinkedHashMap<>();
        try (Storage storage = StorageLocation.open(repo)) {
            String from = Repository.BACKUPS + original + "/";
            BackupInfo info;
            try (InputStream in = storage.open(from + Repository.METADATA)) {
                info = BackupInfo.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            for (String time : times) {
                Instant started = Instant.parse(time);
                BackupKey key = BackupKey.create(info.database(), started);
                String to = Repository.BACKUPS + key + "/";
                copy(storage, from + Repository.ARCHIVE, to + Repository.ARCHIVE);
                copy(storage, from + Repository.MANIFEST, to + Repository.MANIFEST);
                BackupInfo moved = new BackupInfo(key, info.database(), info.serverVersion(), info.connection(), info.engine(),
                        info.format(), info.compression(), info.options(), info.stowageVersion(), started, started.plusSeconds(2),
                        info.archiveSize(), info.archiveSha256(), info.entries(), info.tableRows());
                put(storage, to + Repository.METADATA, moved.toJson());
                keys.put(time, key.value());
            }
        }
        Cli.Result deleted = Cli.run("backups", "delete", original, "--repo", repo);
        assertThat(deleted.exit()).as(deleted.toString()).isZero();
        return keys;
    }

    private static List<String> listed(String repo) {
        Cli.Result list = Cli.run("backups", "list", "--repo", repo);
        assertThat(list.exit()).as(list.toString()).isZero();
        return list.out().lines().map(l -> l.split(" ")[0]).toList();
    }

    private static List<String> objects(String repo) {
        try (Storage storage = StorageLocation.open(repo)) {
            return storage.list("").stream().map(StoredObject::key).toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void pruneKeepsThePolicysBackupsOfEachDatabaseAndDeletesTheRest(String kind) throws Exception {
        String repo = repository(kind);
        String shop = server.createDatabase();
        server.execute(shop, "CREATE TABLE orders (id int PRIMARY KEY, note text)",
                "INSERT INTO orders SELECT g, 'order ' || g FROM generate_series(1, 300) g");
        String crm = server.createDatabase();
        server.execute(crm, "CREATE TABLE contacts (id int)", "INSERT INTO contacts SELECT generate_series(1, 20)");
        Map<String, String> a = restamp(repo, backup(repo, shop), "2026-11-22T10:00:00Z", "2026-11-22T08:00:00Z",
                "2026-11-21T10:00:00Z", "2026-11-14T10:00:00Z", "2026-10-31T10:00:00Z");
        Map<String, String> b = restamp(repo, backup(repo, crm), "2026-11-20T10:00:00Z", "2026-11-19T10:00:00Z");
        // an incomplete backup, newer than all: not listed, so neither counted nor touched
        String running = BackupKey.create(shop, Instant.parse("2026-11-23T00:00:00Z")).value();
        try (Storage storage = StorageLocation.open(repo)) {
            copy(storage, Repository.BACKUPS + a.get("2026-11-22T10:00:00Z") + "/" + Repository.ARCHIVE,
                    Repository.BACKUPS + running + "/" + Repository.ARCHIVE);
        }
        List<String> before = objects(repo);
        assertThat(before).hasSize(7 * 3 + 1);
        assertThat(listed(repo)).hasSize(7);

        Cli.Result none = Cli.run("backups", "prune", "--repo", repo);
        assertThat(none.exit()).as(none.toString()).isEqualTo(2);
        assertThat(none.errLines()).singleElement().asString().contains("would remove every backup", "--keep-last");
        Cli.Result zeros = Cli.run("backups", "prune", "--keep-last", "0", "--keep-daily", "0", "--repo", repo);
        assertThat(zeros.exit()).as(zeros.toString()).isEqualTo(2);
        Cli.Result negative = Cli.run("backups", "prune", "--keep-weekly", "-1", "--repo", repo);
        assertThat(negative.exit()).as(negative.toString()).isEqualTo(2);
        assertThat(negative.errLines()).singleElement().asString().contains("--keep-weekly -1");
        assertThat(objects(repo)).isEqualTo(before);

        String[] policy = {"--keep-last", "1", "--keep-daily", "2", "--keep-monthly", "2"};
        Cli.Result dry = Cli.run(args("backups", "prune", "--repo", repo, policy, "--dry-run"));
        assertThat(dry.exit()).as(dry.toString()).isZero();
        String[] expected = {
            "database " + crm + ": keep 2, remove 0 (last 1, daily 2, monthly 2)",
            "keep    " + b.get("2026-11-20T10:00:00Z") + "  last 1, daily 2026-11-20, monthly 2026-11",
            "keep    " + b.get("2026-11-19T10:00:00Z") + "  daily 2026-11-19",
            "database " + shop + ": keep 3, remove 2 (last 1, daily 2, monthly 2)",
            "keep    " + a.get("2026-11-22T10:00:00Z") + "  last 1, daily 2026-11-22, monthly 2026-11",
            "remove  " + a.get("2026-11-22T08:00:00Z"),
            "keep    " + a.get("2026-11-21T10:00:00Z") + "  daily 2026-11-21",
            "remove  " + a.get("2026-11-14T10:00:00Z"),
            "keep    " + a.get("2026-10-31T10:00:00Z") + "  monthly 2026-10",
        };
        List<String> plan = List.of(expected);
        // crm and shop are generated names: their order is the names' order
        if (crm.compareTo(shop) > 0) {
            plan = new java.util.ArrayList<>(plan.subList(3, 9));
            plan.addAll(List.of(expected).subList(0, 3));
        }
        List<String> expectedDry = new java.util.ArrayList<>(plan);
        expectedDry.add("dry run: would remove 2 of 7 backups");
        assertThat(dry.out().lines().toList()).containsExactlyElementsOf(expectedDry);
        assertThat(dry.errLines()).singleElement().asString().contains("1 incomplete backup", running, "stowage backups delete");
        assertThat(objects(repo)).isEqualTo(before);

        Cli.Result json = Cli.run(args("backups", "prune", "--repo", repo, policy, "--dry-run", "--json"));
        assertThat(json.exit()).as(json.toString()).isZero();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lines = json.out().lines().map(l -> (Map<String, Object>) Json.parse(l)).toList();
        assertThat(lines).hasSize(7);
        Map<String, Object> newest = lines.stream().filter(l -> l.get("key").equals(a.get("2026-11-22T10:00:00Z"))).findFirst().orElseThrow();
        assertThat(newest).containsEntry("database", shop).containsEntry("action", "keep")
                .containsEntry("started", "2026-11-22T10:00:00Z")
                .containsEntry("reasons", List.of("last 1", "daily 2026-11-22", "monthly 2026-11"));
        assertThat(lines.stream().filter(l -> l.get("action").equals("remove")).map(l -> l.get("key")).toList())
                .containsExactlyInAnyOrder(a.get("2026-11-22T08:00:00Z"), a.get("2026-11-14T10:00:00Z"));
        assertThat(lines.stream().filter(l -> l.get("action").equals("remove")).map(l -> l.get("reasons")).toList())
                .containsOnly(List.of());
        assertThat(objects(repo)).isEqualTo(before);

        Cli.Result pruned = Cli.run(args("backups", "prune", "--repo", repo, policy));
        assertThat(pruned.exit()).as(pruned.toString()).isZero();
        List<String> expectedRun = new java.util.ArrayList<>(plan);
        expectedRun.add("removed 2 of 7 backups");
        assertThat(pruned.out().lines().toList()).containsExactlyElementsOf(expectedRun);
        assertThat(listed(repo)).containsExactlyInAnyOrder(a.get("2026-11-22T10:00:00Z"), a.get("2026-11-21T10:00:00Z"),
                a.get("2026-10-31T10:00:00Z"), b.get("2026-11-20T10:00:00Z"), b.get("2026-11-19T10:00:00Z"));
        assertThat(objects(repo)).hasSize(5 * 3 + 1)
                .noneMatch(o -> o.contains(a.get("2026-11-22T08:00:00Z")) || o.contains(a.get("2026-11-14T10:00:00Z")))
                .contains(Repository.BACKUPS + running + "/" + Repository.ARCHIVE);

        // nothing more to remove the second time
        Cli.Result again = Cli.run(args("backups", "prune", "--repo", repo, policy));
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out().lines().toList()).last().isEqualTo("removed 0 of 5 backups");
        assertThat(objects(repo)).hasSize(5 * 3 + 1);

        // a kept backup is whole: its restore equals the source
        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", "--repo", repo, a.get("2026-10-31T10:00:00Z"), conn(server), "-d", target));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        RoundTripTest.assertIdentical(server, shop, target);
        server.dropDatabase(target);
        server.dropDatabase(shop);
        server.dropDatabase(crm);
    }

    @Test
    void anEmptyRepositoryPrunesNothing() {
        String repo = repository("local");
        Cli.Result r = Cli.run("backups", "prune", "--keep-last", "3", "--repo", repo);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines().toList()).containsExactly("removed 0 of 0 backups");
        assertThat(r.err()).isEmpty();
    }
}
