package io.stowage.cli;

import io.stowage.core.crypto.KeyFile;
import io.stowage.core.crypto.Passphrase;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.integrity.Manifest;
import io.stowage.core.integrity.ManifestEntry;
import io.stowage.core.storage.Storage;
import io.stowage.core.storage.StorageLocation;
import io.stowage.core.storage.StoredObject;
import io.stowage.repo.BackupEncryption;
import io.stowage.repo.BackupInfo;
import io.stowage.repo.BackupKey;
import io.stowage.repo.Repository;
import io.stowage.repo.StoredArchive;
import io.stowage.testkit.PgServer;
import io.stowage.testkit.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code stowage backup --encrypt} and {@code restore --repo} of encrypted backups, on a directory and
 * on the in-process S3 server: no stored byte holds the source's plaintext or the passphrase, the
 * right passphrase or key file restores an equal database, and a missing or wrong one, or damage,
 * fails with one clean line.
 */
class EncryptedBackupTest {
    /** In row data (also inside a TOASTed value) and in a table comment, which custom archives store uncompressed. */
    private static final String MARKER = "PLAINTEXT-MARKER-7f3a";
    private static final String PASSPHRASE = "correct horse battery staple 9c1e";

    private static PgServer server;
    private static S3Server s3;
    private static String source;

    @TempDir
    static Path temp;

    @BeforeAll
    static void start() {
        server = Servers.get(15);
        s3 = S3Server.start();
        System.setProperty("aws.accessKeyId", s3.accessKey());
        System.setProperty("aws.secretAccessKey", s3.secretKey());
        source = server.createDatabase();
        server.execute(source,
                "CREATE TABLE notes (id int PRIMARY KEY, kind text NOT NULL, body text)",
                "COMMENT ON TABLE notes IS 'notes with the " + MARKER + " in them'",
                // about 2.5 MB of row data: the archive spans several 1 MiB chunks
                "INSERT INTO notes SELECT g, 'filler', md5(g::text) || md5((g * 7)::text) FROM generate_series(1, 40000) g",
                "INSERT INTO notes VALUES (40001, 'marker', 'a row holding " + MARKER + " in plain text')",
                // a large value, stored out of line and compressed by the server: the dump writes it in clear
                "INSERT INTO notes SELECT 40002, 'toast', string_agg(md5(g::text), '') || '" + MARKER + "'"
                        + " || string_agg(md5((g + 1)::text), '') FROM generate_series(1, 3000) g",
                "CREATE TABLE other (id bigserial PRIMARY KEY, at timestamptz DEFAULT now(), tag text)",
                "INSERT INTO other (tag) SELECT 'tag-' || g FROM generate_series(1, 500) g");
    }

    @AfterAll
    static void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        s3.close();
        server.dropDatabase(source);
    }

    /** A fresh repository; on S3 in a bucket of its own, so the whole bucket can be searched. */
    private static String repository(String kind) {
        String name = "repo-" + UUID.randomUUID();
        if (!kind.equals("s3")) {
            return temp.resolve(name).toString();
        }
        String bucket = "crypt-" + UUID.randomUUID().toString().substring(0, 13);
        s3.createBucket(bucket);
        return "s3://" + bucket + "/" + name + "?endpoint=" + s3.endpoint() + "&region=us-east-1";
    }

    private static Path passphraseFile(String text) throws IOException {
        Path file = temp.resolve("pass-" + UUID.randomUUID());
        Files.writeString(file, text + "\n");
        return file;
    }

    private static Path keyFile() throws IOException {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Path file = temp.resolve("key-" + UUID.randomUUID());
        Files.writeString(file, HexFormat.of().formatHex(key) + "\n");
        return file;
    }

    /**
     * Every byte the repository stores, by name: every file under the directory (temporary ones
     * included), or every object in the repository's whole bucket (which holds only this repository).
     */
    private static Map<String, byte[]> everythingStored(String repo) throws IOException {
        Map<String, byte[]> all = new LinkedHashMap<>();
        if (repo.startsWith("s3://")) {
            String bucketName = repo.substring("s3://".length(), repo.indexOf('/', "s3://".length()));
            try (Storage bucket = StorageLocation.open("s3://" + bucketName + "?endpoint=" + s3.endpoint() + "&region=us-east-1")) {
                for (StoredObject o : bucket.list("")) {
                    try (InputStream in = bucket.open(o.key())) {
                        all.put(o.key(), in.readAllBytes());
                    }
                }
            }
        } else {
            try (Stream<Path> files = Files.walk(Path.of(repo))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    all.put(f.toString(), Files.readAllBytes(f));
                }
            }
        }
        return all;
    }

    private static List<String> holding(Map<String, byte[]> stored, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        return stored.entrySet().stream().filter(e -> indexOf(e.getValue(), needle) >= 0).map(Map.Entry::getKey).toList();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String backup(String repo, String... more) {
        Cli.Result r = Cli.run(args("backup", "--repo", repo, conn(server), more));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out() + r.err()).doesNotContain(PASSPHRASE);
        return r.out().lines().reduce((a, b) -> b).orElseThrow();
    }

    private static Cli.Result restore(String repo, String key, String target, String... more) {
        Cli.Result r = Cli.run(args("restore", "--repo", repo, key, conn(server), "-d", target, more));
        assertThat(r.out() + r.err()).doesNotContain(PASSPHRASE);
        return r;
    }

    /** One line on standard error, and nothing that looks like a stack trace. */
    private static void assertOneCleanLine(Cli.Result r) {
        assertThat(r.errLines()).as(r.toString()).hasSize(1);
        assertThat(r.err()).doesNotContain("Exception", "\tat ", "Caused by");
    }

    private static List<String> tables(String database) {
        return server.queryColumn(database, "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace");
    }

    private static byte[] stored(String repo, String key, String name) throws IOException {
        try (Storage storage = StorageLocation.open(repo); InputStream in = storage.open("backups/" + key + "/" + name)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void aPassphraseEncryptedBackupStoresNoPlaintextAndRestoresOnlyWithItsPassphrase(String kind) throws Exception {
        // the control: unencrypted, both the comment and (uncompressed) the rows are there to find
        String plainRepo = repository(kind);
        backup(plainRepo, "-Z", "0", source);
        assertThat(holding(everythingStored(plainRepo), MARKER)).as("the marker in a plain backup").hasSize(1);

        String repo = repository(kind);
        Path pass = passphraseFile(PASSPHRASE);
        String key = backup(repo, "--encrypt", "--passphrase-file", pass.toString(), "-Z", "0", source);
        String gzipped = backup(repo, "--encrypt", "--passphrase-file", pass.toString(), source);
        Map<String, byte[]> stored = everythingStored(repo);
        assertThat(stored.keySet()).as("two backups of three objects").hasSize(6);
        assertThat(holding(stored, MARKER)).as("objects holding the marker").isEmpty();
        assertThat(holding(stored, PASSPHRASE)).as("objects holding the passphrase").isEmpty();
        assertThat(holding(stored, "notes with the")).as("the comment's other words").isEmpty();

        // the metadata names the encryption and the key id in the archive's header, never the key
        Cli.Result show = Cli.run("backups", "show", key, "--repo", repo);
        assertThat(show.exit()).as(show.toString()).isZero();
        byte[] archive = stored(repo, key, "archive.dump");
        assertThat(new String(archive, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("STWENC");
        String headerKeyId = HexFormat.of().formatHex(archive, 33, 41);
        assertThat(show.out()).contains("\"encryption\": {\"cipher\": \"aes-256-gcm/stwenc1\", \"key_id\": \"" + headerKeyId
                + "\", \"kdf\": \"argon2id\", \"argon2\": {\"memory_kib\": 65536, \"iterations\": 3, \"parallelism\": 1}},");
        BackupInfo info = BackupInfo.fromJson(show.out());
        assertThat(info.encryption()).isEqualTo(new BackupEncryption(BackupEncryption.CIPHER, headerKeyId,
                BackupEncryption.KDF_PASSPHRASE, new io.stowage.core.crypto.Argon2Params(65536, 3, 1)));
        assertThat(info.archiveSize()).isEqualTo(archive.length);
        assertThat(info.tableRows()).containsEntry("public.notes", 40002L).containsEntry("public.other", 500L);
        // a passphrase gets a fresh salt per backup, so each backup has its own key id
        String otherKeyId = BackupInfo.fromJson(Cli.run("backups", "show", gzipped, "--repo", repo).out()).encryption().keyId();
        assertThat(otherKeyId).isNotEqualTo(headerKeyId);

        Cli.Result list = Cli.run("backups", "list", "--repo", repo);
        assertThat(list.out().lines().toList()).hasSize(2);
        assertThat(list.out().lines().filter(l -> l.startsWith(key + "  ")).toList()).singleElement().asString()
                .endsWith("  encrypted (key id " + headerKeyId + ")");
        assertThat(list.out().lines().filter(l -> l.startsWith(gzipped + "  ")).toList()).singleElement().asString()
                .endsWith("  encrypted (key id " + otherKeyId + ")");
        Cli.Result json = Cli.run("backups", "list", "--json", "--repo", repo);
        assertThat(json.out().lines().map(l -> BackupInfo.fromJson(l).encryption().keyId()).toList())
                .containsExactlyInAnyOrder(headerKeyId, otherKeyId);
        Cli.Result plainList = Cli.run("backups", "list", "--repo", plainRepo);
        assertThat(plainList.out()).endsWith("  not encrypted\n");
        assertThat(Cli.run("backups", "show", "latest", "--repo", plainRepo).out()).contains("\"encryption\": null,");

        // a wrong passphrase: one line naming the backup and its key id, and nothing restored
        String target = server.createDatabase();
        Cli.Result wrong = restore(repo, key, target, "--passphrase-file", passphraseFile("not the passphrase").toString());
        assertThat(wrong.exit()).as(wrong.toString()).isEqualTo(ErrorCode.INPUT.exitCode());
        assertOneCleanLine(wrong);
        assertThat(wrong.err()).contains("wrong passphrase", key, headerKeyId, "--passphrase-file");
        assertThat(tables(target)).isEmpty();

        // no passphrase at all (and no terminal to ask on): a usage error naming the ways to give one
        Cli.Result missing = restore(repo, key, target);
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(ErrorCode.USAGE.exitCode());
        assertOneCleanLine(missing);
        assertThat(missing.err()).contains(key, headerKeyId, "--passphrase-file", "STOWAGE_PASSPHRASE");
        Cli.Result keyInstead = restore(repo, key, target, "--key-file", keyFile().toString());
        assertThat(keyInstead.exit()).as(keyInstead.toString()).isEqualTo(ErrorCode.USAGE.exitCode());
        assertOneCleanLine(keyInstead);
        assertThat(keyInstead.err()).contains("passphrase", "not a key file");
        assertThat(tables(target)).isEmpty();

        Cli.Result right = restore(repo, key, target, "--passphrase-file", pass.toString());
        assertThat(right.exit()).as(right.toString()).isZero();
        RoundTripTest.assertIdentical(server, source, target);
        String target2 = server.createDatabase();
        Cli.Result latest = restore(repo, "latest", target2, "--passphrase-file", pass.toString());
        assertThat(latest.exit()).as(latest.toString()).isZero();
        RoundTripTest.assertIdentical(server, source, target2);

        // a plain backup restores without a key, and ignores one given
        String target3 = server.createDatabase();
        Cli.Result plain = restore(plainRepo, "latest", target3, "--passphrase-file", pass.toString());
        assertThat(plain.exit()).as(plain.toString()).isZero();
        assertThat(server.queryColumn(target3, "SELECT count(*) FROM notes")).containsExactly("40002");
        for (String db : List.of(target, target2, target3)) {
            server.dropDatabase(db);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void aKeyFileEncryptedBackupRecordsTheKeysIdAndRestoresOnlyWithThatKey(String kind) throws Exception {
        String repo = repository(kind);
        Path keyFile = keyFile();
        String keyId = KeyFile.read(keyFile).keyId();
        String key = backup(repo, "--encrypt", "--key-file", keyFile.toString(), "-Z", "0", source);
        Map<String, byte[]> stored = everythingStored(repo);
        assertThat(stored).hasSize(3);
        assertThat(holding(stored, MARKER)).isEmpty();
        String keyText = Files.readString(keyFile).strip();
        assertThat(holding(stored, keyText)).as("objects holding the key's hex").isEmpty();

        BackupInfo info = BackupInfo.fromJson(Cli.run("backups", "show", key, "--repo", repo).out());
        assertThat(info.encryption()).isEqualTo(new BackupEncryption(BackupEncryption.CIPHER, keyId, BackupEncryption.KDF_KEY_FILE, null));
        assertThat(HexFormat.of().formatHex(stored(repo, key, "archive.dump"), 33, 41)).isEqualTo(keyId);
        // a key file's id is the same for every backup it seals
        String second = backup(repo, "--encrypt", "--key-file", keyFile.toString(), "-t", "other", source);
        assertThat(BackupInfo.fromJson(Cli.run("backups", "show", second, "--repo", repo).out()).encryption().keyId()).isEqualTo(keyId);

        String target = server.createDatabase();
        Path otherKey = keyFile();
        Cli.Result wrong = restore(repo, key, target, "--key-file", otherKey.toString());
        assertThat(wrong.exit()).as(wrong.toString()).isEqualTo(ErrorCode.INPUT.exitCode());
        assertOneCleanLine(wrong);
        assertThat(wrong.err()).contains("wrong key", key, keyId, KeyFile.read(otherKey).keyId(), "--key-file");
        Cli.Result missing = restore(repo, key, target);
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(ErrorCode.USAGE.exitCode());
        assertOneCleanLine(missing);
        assertThat(missing.err()).contains(key, keyId, "--key-file");
        Cli.Result passphrase = restore(repo, key, target, "--passphrase-file", passphraseFile(PASSPHRASE).toString());
        assertThat(passphrase.exit()).as(passphrase.toString()).isEqualTo(ErrorCode.USAGE.exitCode());
        assertOneCleanLine(passphrase);
        assertThat(passphrase.err()).contains("key file", "--key-file");
        assertThat(tables(target)).isEmpty();

        Cli.Result right = restore(repo, key, target, "--key-file", keyFile.toString());
        assertThat(right.exit()).as(right.toString()).isZero();
        RoundTripTest.assertIdentical(server, source, target);
        server.dropDatabase(target);
    }

    @Test
    void damageToAnEncryptedArchiveFailsTheRestoreAsVerification() throws Exception {
        String repo = repository("local");
        Path keyFile = keyFile();
        String key = backup(repo, "--encrypt", "--key-file", keyFile.toString(), "-Z", "0", source);
        Path archive = Path.of(repo, "backups", key, "archive.dump");
        byte[] intact = Files.readAllBytes(archive);
        assertThat(intact.length).as("several 1 MiB chunks").isGreaterThan(2 * 1024 * 1024 + 89);

        // a byte in the second chunk: the first chunk is already restored when the damage shows
        byte[] flipped = intact.clone();
        int at = 89 + (1024 * 1024 + 17) + 5000;
        flipped[at] ^= 0x01;
        Files.write(archive, flipped);
        String target = server.createDatabase();
        Cli.Result r = restore(repo, key, target, "--key-file", keyFile.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ErrorCode.VERIFICATION.exitCode());
        assertOneCleanLine(r);
        assertThat(r.err()).contains(key, "damaged");

        // the key id in the header: told apart from a wrong key by the metadata
        flipped = intact.clone();
        flipped[36] ^= 0x40;
        Files.write(archive, flipped);
        String target2 = server.createDatabase();
        Cli.Result header = restore(repo, key, target2, "--key-file", keyFile.toString());
        assertThat(header.exit()).as(header.toString()).isEqualTo(ErrorCode.VERIFICATION.exitCode());
        assertOneCleanLine(header);
        assertThat(header.err()).contains(key, "damaged", "encryption header");
        assertThat(tables(target2)).isEmpty();

        // the last byte (the final chunk's tag)
        flipped = intact.clone();
        flipped[flipped.length - 1] ^= (byte) 0x80;
        Files.write(archive, flipped);
        String target3 = server.createDatabase();
        Cli.Result end = restore(repo, key, target3, "--key-file", keyFile.toString());
        assertThat(end.exit()).as(end.toString()).isEqualTo(ErrorCode.VERIFICATION.exitCode());
        assertOneCleanLine(end);

        Files.write(archive, intact);
        String target4 = server.createDatabase();
        Cli.Result whole = restore(repo, key, target4, "--key-file", keyFile.toString());
        assertThat(whole.exit()).as(whole.toString()).isZero();
        RoundTripTest.assertIdentical(server, source, target4);
        for (String db : List.of(target, target2, target3, target4)) {
            server.dropDatabase(db);
        }
    }

    /**
     * Rewrites a backup's archive and, as an attacker with write access could, its manifest and
     * metadata to match: only the encryption's own authentication can tell.
     */
    private static void replaceArchiveAndChecksums(String repo, String key, byte[] archive) throws Exception {
        Path dir = Path.of(repo, "backups", key);
        Files.write(dir.resolve("archive.dump"), archive);
        String sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(archive));
        Files.writeString(dir.resolve("manifest.json"),
                Manifest.of(List.of(new ManifestEntry("archive.dump", archive.length, sha))).toJson());
        BackupInfo i = BackupInfo.fromJson(Files.readString(dir.resolve("metadata.json")));
        Files.writeString(dir.resolve("metadata.json"), new BackupInfo(i.key(), i.database(), i.serverVersion(), i.connection(),
                i.engine(), i.format(), i.compression(), i.options(), i.stowageVersion(), i.started(), i.finished(), archive.length,
                sha, i.entries(), i.tableRows(), i.encryption()).toJson());
    }

    @Test
    void cutOrReorderedChunksFailAuthenticationEvenWithMatchingChecksums() throws Exception {
        String repo = repository("local");
        Path keyFile = keyFile();
        String key = backup(repo, "--encrypt", "--key-file", keyFile.toString(), "-Z", "0", source);
        byte[] intact = Files.readAllBytes(Path.of(repo, "backups", key, "archive.dump"));
        int header = 89;
        int chunk = 1 + 1024 * 1024 + 16;
        assertThat(intact.length).isGreaterThan(header + 2 * chunk);

        // cut after the first chunk: a whole archive as far as the checksums go
        replaceArchiveAndChecksums(repo, key, java.util.Arrays.copyOf(intact, header + chunk));
        String target = server.createDatabase();
        Cli.Result cut = restore(repo, key, target, "--key-file", keyFile.toString());
        assertThat(cut.exit()).as(cut.toString()).isEqualTo(ErrorCode.VERIFICATION.exitCode());
        assertOneCleanLine(cut);
        assertThat(cut.err()).contains(key, "fails authentication", "final chunk");

        // the first two chunks swapped
        byte[] swapped = intact.clone();
        System.arraycopy(intact, header + chunk, swapped, header, chunk);
        System.arraycopy(intact, header, swapped, header + chunk, chunk);
        replaceArchiveAndChecksums(repo, key, swapped);
        String target2 = server.createDatabase();
        Cli.Result reordered = restore(repo, key, target2, "--key-file", keyFile.toString());
        assertThat(reordered.exit()).as(reordered.toString()).isEqualTo(ErrorCode.VERIFICATION.exitCode());
        assertOneCleanLine(reordered);
        assertThat(reordered.err()).contains(key, "fails authentication", "chunk 0");
        assertThat(tables(target2)).as("nothing of an unauthenticated first chunk is restored").isEmpty();

        replaceArchiveAndChecksums(repo, key, intact);
        Cli.Result whole = restore(repo, key, target2, "--key-file", keyFile.toString());
        assertThat(whole.exit()).as(whole.toString()).isZero();
        RoundTripTest.assertIdentical(server, source, target2);
        server.dropDatabase(target);
        server.dropDatabase(target2);
    }

    @Test
    void keyOptionsAreCheckedBeforeAnythingIsStored() throws Exception {
        String repo = repository("local");
        Path keyFile = keyFile();
        Path pass = passphraseFile(PASSPHRASE);

        Cli.Result noEncrypt = Cli.run(args("backup", "--repo", repo, conn(server), "--key-file", keyFile.toString(), source));
        assertThat(noEncrypt.exit()).as(noEncrypt.toString()).isEqualTo(ErrorCode.USAGE.exitCode());
        assertOneCleanLine(noEncrypt);
        assertThat(noEncrypt.err()).contains("--key-file", "--encrypt");
        Cli.Result noEncryptPass = Cli.run(args("backup", "--repo", repo, conn(server), "--passphrase-file", pass.toString(), source));
        assertThat(noEncryptPass.exit()).isEqualTo(ErrorCode.USAGE.exitCode());
        assertThat(noEncryptPass.err()).contains("--passphrase-file", "--encrypt");

        Cli.Result both = Cli.run(args("backup", "--repo", repo, conn(server), "--encrypt", "--key-file", keyFile.toString(),
                "--passphrase-file", pass.toString(), source));
        assertThat(both.exit()).isEqualTo(ErrorCode.USAGE.exitCode());
        assertOneCleanLine(both);

        // --encrypt with no passphrase source and no terminal (the test JVM has none)
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("STOWAGE_PASSPHRASE") == null);
        Cli.Result none = Cli.run(args("backup", "--repo", repo, conn(server), "--encrypt", source));
        assertThat(none.exit()).as(none.toString()).isEqualTo(ErrorCode.USAGE.exitCode());
        assertOneCleanLine(none);
        assertThat(none.err()).contains("no terminal", "STOWAGE_PASSPHRASE", "--passphrase-file");
        Cli.Result badKey = Cli.run(args("backup", "--repo", repo, conn(server), "--encrypt", "--key-file", pass.toString(), source));
        assertThat(badKey.exit()).as(badKey.toString()).isEqualTo(ErrorCode.INPUT.exitCode());
        assertOneCleanLine(badKey);
        assertThat(badKey.err()).doesNotContain(PASSPHRASE);
        assertThat(Files.exists(Path.of(repo)) ? everythingStored(repo) : Map.of()).as("stored").isEmpty();

        Cli.Result fileRestore = Cli.run(args("restore", conn(server), "-d", source, "--key-file", keyFile.toString(),
                temp.resolve("x.dump").toString()));
        assertThat(fileRestore.exit()).isEqualTo(ErrorCode.USAGE.exitCode());
        assertThat(fileRestore.err()).contains("--repo");
    }

    @Test
    void thePassphraseCanComeFromStowagePassphrase() throws Exception {
        String repo = repository("local");
        Path home = Files.createDirectories(temp.resolve("home-" + UUID.randomUUID()));
        ChildCli.Run made = ChildCli.withHome(home).env("STOWAGE_PASSPHRASE", PASSPHRASE).timeout(Duration.ofMinutes(2))
                .run(args("backup", "--repo", repo, "--encrypt", "-t", "other", conn(server), source));
        assertThat(made.exit()).as(made.toString()).isZero();
        String key = made.out().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(holding(everythingStored(repo), PASSPHRASE)).isEmpty();

        String target = server.createDatabase();
        ChildCli.Run wrong = ChildCli.withHome(home).env("STOWAGE_PASSPHRASE", "something else").timeout(Duration.ofMinutes(2))
                .run(args("restore", "--repo", repo, key, conn(server), "-d", target));
        assertThat(wrong.exit()).as(wrong.toString()).isEqualTo(ErrorCode.INPUT.exitCode());
        assertThat(wrong.errLines()).as(wrong.toString()).singleElement().asString().contains("wrong passphrase", key);
        ChildCli.Run right = ChildCli.withHome(home).env("STOWAGE_PASSPHRASE", PASSPHRASE).timeout(Duration.ofMinutes(2))
                .run(args("restore", "--repo", repo, key, conn(server), "-d", target));
        assertThat(right.exit()).as(right.toString()).isZero();
        assertThat(right.out() + right.err()).doesNotContain(PASSPHRASE);
        assertThat(server.queryColumn(target, "SELECT count(*) FROM other")).containsExactly("500");
        server.dropDatabase(target);
    }

    /** The Java API: openStored with and without the key. */
    @Test
    void openStoredDecryptsWithTheKeyAndRefusesWithoutIt() throws Exception {
        String repo = repository("local");
        Path pass = passphraseFile(PASSPHRASE);
        String key = backup(repo, "--encrypt", "--passphrase-file", pass.toString(), "-t", "other", source);
        try (Repository repository = Repository.open(repo)) {
            BackupKey k = new BackupKey(key);
            assertThatThrownBy(() -> repository.openStored(k)).isInstanceOfSatisfying(StowageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE)).hasMessageContaining(key);
            Passphrase wrong = Passphrase.of("nope".toCharArray());
            assertThatThrownBy(() -> repository.openStored(k, wrong)).isInstanceOfSatisfying(StowageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INPUT)).hasMessageContaining("wrong passphrase");
            try (StoredArchive archive = repository.openStored(k, Passphrase.of(PASSPHRASE.toCharArray()))) {
                byte[] start = archive.archive().readNBytes(5);
                // the plaintext: a custom archive starts with PGDMP
                assertThat(new String(start, StandardCharsets.US_ASCII)).isEqualTo("PGDMP");
                archive.finish();
                assertThat(archive.storedOffset()).isEqualTo(repository.show(key).archiveSize());
            }
        }
    }

    /**
     * verify KEY decrypts an encrypted backup to parse it (and needs its key); restore -j of one
     * streams it with one job, since its plaintext is never written to disk; backup -j with
     * --encrypt is refused, since the parallel writer spools data blocks to temporary files.
     */
    @Test
    void verifyDecryptsAndParallelJobsNeverPutPlaintextOnDisk() throws Exception {
        String repo = repository("local");
        Path keyFile = keyFile();
        String key = backup(repo, "--encrypt", "--key-file", keyFile.toString(), source);

        Cli.Result verified = Cli.run(args("verify", "--repo", repo, key, "--key-file", keyFile.toString()));
        assertThat(verified.exit()).as(verified.toString()).isZero();
        assertThat(verified.out()).contains("verified backup " + key);
        Cli.Result noKey = Cli.run(args("verify", "--repo", repo, key));
        assertThat(noKey.exit()).as(noKey.toString()).isEqualTo(ErrorCode.USAGE.exitCode());
        assertOneCleanLine(noKey);
        assertThat(noKey.err()).contains(key, "--key-file");

        Path archive = Path.of(repo, "backups", key, "archive.dump");
        byte[] intact = Files.readAllBytes(archive);
        byte[] flipped = intact.clone();
        flipped[intact.length / 2] ^= 0x04;
        Files.write(archive, flipped);
        Cli.Result damaged = Cli.run(args("verify", "--repo", repo, key, "--key-file", keyFile.toString()));
        assertThat(damaged.exit()).as(damaged.toString()).isEqualTo(ErrorCode.VERIFICATION.exitCode());
        assertOneCleanLine(damaged);
        assertThat(damaged.err()).contains(key);
        Files.write(archive, intact);

        String target = server.createDatabase();
        Cli.Result parallel = restore(repo, key, target, "--key-file", keyFile.toString(), "-j", "2");
        assertThat(parallel.exit()).as(parallel.toString()).isZero();
        assertThat(parallel.err()).contains("is restored with one job: it is encrypted");
        RoundTripTest.assertIdentical(server, source, target);
        server.dropDatabase(target);

        Cli.Result refused = Cli.run(args("backup", "--repo", repo, conn(server), "--encrypt", "--key-file",
                keyFile.toString(), "-j", "2", source));
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(ErrorCode.USAGE.exitCode());
        assertOneCleanLine(refused);
        assertThat(refused.err()).contains("an encrypted backup is written with one job");
        try (var backups = Files.list(Path.of(repo, "backups"))) {
            assertThat(backups.toList()).hasSize(1);
        }
    }
}
