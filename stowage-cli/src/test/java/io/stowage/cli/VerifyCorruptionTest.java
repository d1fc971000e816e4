package io.stowage.cli;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.storage.Storage;
import io.stowage.core.storage.StorageLocation;
import io.stowage.core.storage.StorageOutput;
import io.stowage.postgres.archive.ArchiveHeaderCodec;
import io.stowage.postgres.archive.ArchiveInput;
import io.stowage.postgres.archive.CustomArchiveReader;
import io.stowage.repo.BackupInfo;
import io.stowage.repo.Repository;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Damage to a stored backup, made through the repository's storage (a directory and the in-process
 * S3 server), fails {@code verify} with VERIFICATION naming the key and the damaged object, and the
 * offset where the damage can be placed: single-byte flips over the whole header and TOC and over
 * the data blocks and the end of the archive, truncations, flips and truncations of the manifest,
 * and a changed row count in the metadata. Every case must be detected; the tests print how many
 * were tried and how the damage showed.
 */
class VerifyCorruptionTest {
    /** Every this many bytes of the data blocks is flipped (all bytes of header, TOC and the last {@link #END} bytes). */
    private static final int STRIDE = 5;
    private static final int END = 64;

    private static PgServer server;
    private static String db;

    @TempDir
    static Path temp;

    @BeforeAll
    static void start() {
        server = Servers.get(15);
        db = server.createDatabase();
        server.execute(db,
                "CREATE TABLE public.items (id int PRIMARY KEY, name text)",
                "INSERT INTO public.items SELECT g, 'item ' || g FROM generate_series(1, 300) g",
                "CREATE SCHEMA other",
                "CREATE TABLE other.notes (n int, body text)",
                "INSERT INTO other.notes SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, 40) g",
                "CREATE TABLE public.empty (x int)");
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            server.dropDatabase(db);
        }
    }

    private static String backup(String repo, String... more) {
        Cli.Result r = Cli.run(args("backup", "--repo", repo, conn(server), more, db));
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out().lines().reduce((a, b) -> b).orElseThrow();
    }

    /** Where an archive's header ends and its TOC ends. */
    private record Regions(long headerEnd, long tocEnd, int length) {
        static Regions of(byte[] archive, Path file) {
            ArchiveInput in = new ArchiveInput(new ByteArrayInputStream(archive), "probe");
            ArchiveHeaderCodec.read(in);
            return new Regions(in.position(), CustomArchiveReader.readToc(file).tocEnd(), archive.length);
        }

        String of(int offset) {
            return offset < headerEnd ? "header" : offset < tocEnd ? "toc" : offset >= length - END ? "end" : "data";
        }
    }

    /** How the damage showed, per region: detected, with an offset in the message, by checksum only. */
    private static final class Tally {
        final Map<String, int[]> counts = new LinkedHashMap<>();
        final List<String> missed = new ArrayList<>();
        final Map<String, String> samples = new LinkedHashMap<>();

        void add(String region, int offset, StowageException e) {
            if (e != null && (offset % 97 == 0 || !samples.containsKey(region))) {
                samples.put(region, "flip at " + offset + ": " + e.getMessage());
            }
            int[] c = counts.computeIfAbsent(region, r -> new int[4]);
            c[0]++;
            if (e == null || e.code() != ErrorCode.VERIFICATION) {
                missed.add(region + "@" + offset + (e == null ? ": passed" : ": " + e.code() + " " + e.getMessage()));
                return;
            }
            c[1]++;
            if (e.getMessage().contains("offset") || e.getMessage().contains("changed first in bytes")) {
                c[2]++;
            }
            if (e.getMessage().contains("SHA-256 differs") && !e.getMessage().contains("does not parse")) {
                c[3]++;
            }
        }

        int tried() {
            return counts.values().stream().mapToInt(c -> c[0]).sum();
        }

        int detected() {
            return counts.values().stream().mapToInt(c -> c[1]).sum();
        }

        String report(String what) {
            StringBuilder sb = new StringBuilder(what + ": " + detected() + " of " + tried() + " detected;");
            counts.forEach((r, c) -> sb.append(' ').append(r).append(' ').append(c[1]).append('/').append(c[0])
                    .append(" (").append(c[2]).append(" placed, ").append(c[3]).append(" by checksum only)"));
            samples.forEach((r, m) -> sb.append("\n  e.g. ").append(r).append(": ").append(m));
            return sb.toString();
        }
    }

    private static StowageException verify(Repository repository, String key) {
        try {
            repository.verify(key);
            return null;
        } catch (StowageException e) {
            return e;
        }
    }

    /** Every flip of header and TOC, every {@link #STRIDE}th of the data, every one of the last {@link #END} bytes. */
    @ParameterizedTest(name = "-Z {0}")
    @ValueSource(strings = {"gzip", "0"})
    void singleByteFlipsOfTheArchiveAreAllDetected(String compress) throws Exception {
        String repo = temp.resolve("repo-" + UUID.randomUUID()).toString();
        String key = backup(repo, "-Z", compress);
        Path archive = Path.of(repo, "backups", key, "archive.dump");
        byte[] good = Files.readAllBytes(archive);
        Regions regions = Regions.of(good, archive);
        TreeSet<Integer> offsets = new TreeSet<>();
        for (int i = 0; i < good.length; i++) {
            if (i < regions.tocEnd() || i >= good.length - END || (i - regions.tocEnd()) % STRIDE == 0) {
                offsets.add(i);
            }
        }
        Tally tally = new Tally();
        try (Repository repository = Repository.open(repo)) {
            assertThat(verify(repository, key)).isNull();
            for (int at : offsets) {
                byte[] bad = good.clone();
                bad[at] ^= (byte) 0xff;
                Files.write(archive, bad);
                StowageException e = verify(repository, key);
                tally.add(regions.of(at), at, e);
                if (e != null) {
                    assertThat(e.getMessage()).as("flip at %d", at).contains("backup " + key + " is damaged: ").contains("archive.dump")
                            .doesNotContain("\n");
                    // every flip is placed: by the parser's offset, or by the manifest's block checksums
                    java.util.regex.Matcher range = java.util.regex.Pattern.compile("changed first in bytes (\\d+) to (\\d+)")
                            .matcher(e.getMessage());
                    if (range.find()) {
                        assertThat(at).as(e.getMessage()).isBetween(Integer.parseInt(range.group(1)), Integer.parseInt(range.group(2)));
                    } else {
                        assertThat(e.getMessage()).as("flip at %d is placed", at).contains("offset");
                    }
                }
            }
            Files.write(archive, good);
            assertThat(verify(repository, key)).isNull();
        }
        System.out.println("[sweep -Z " + compress + ", " + good.length + " bytes, header " + regions.headerEnd() + ", TOC to "
                + regions.tocEnd() + "] " + tally.report("archive flips"));
        assertThat(tally.missed).as("flips verify did not detect").isEmpty();
        assertThat(tally.detected()).isEqualTo(offsets.size());
        assertThat(tally.counts.keySet()).containsExactly("header", "toc", "data", "end");
    }

    @Test
    void truncationsOfTheArchiveAreDetectedWithTheOffsetWhereItEnds() throws Exception {
        String repo = temp.resolve("repo-" + UUID.randomUUID()).toString();
        String key = backup(repo);
        Path archive = Path.of(repo, "backups", key, "archive.dump");
        byte[] good = Files.readAllBytes(archive);
        Regions regions = Regions.of(good, archive);
        int h = (int) regions.headerEnd();
        int t = (int) regions.tocEnd();
        int[] cuts = {0, 1, 5, h - 1, h, (h + t) / 2, t - 1, t, t + 1, (t + good.length) / 2, good.length - 2, good.length - 1};
        int tried = 0;
        try (Repository repository = Repository.open(repo)) {
            for (int cut : cuts) {
                Files.write(archive, Arrays.copyOf(good, cut));
                StowageException e = verify(repository, key);
                tried++;
                assertThat(e).as("cut at %d", cut).isNotNull();
                assertThat(e.code()).isEqualTo(ErrorCode.VERIFICATION);
                assertThat(e.getMessage()).contains("backup " + key + " is damaged: archive.dump is truncated: it ends at offset "
                        + cut + " but manifest.json lists " + good.length + " bytes");
            }
            Files.write(archive, Arrays.copyOf(good, good.length + 1));
            assertThat(verify(repository, key)).isNotNull().hasMessageContaining("archive.dump is longer than it should be: it goes on"
                    + " past offset " + good.length);
            Files.delete(archive);
            assertThat(verify(repository, key)).isNotNull().hasMessageContaining("archive.dump is missing");
        }
        System.out.println("[truncation] " + tried + " of " + cuts.length + " archive truncations detected, plus one extension");

        // through the CLI: exit 9 and one line
        Files.write(archive, Arrays.copyOf(good, t));
        Cli.Result r = Cli.run("verify", "--repo", repo, key);
        assertThat(r.exit()).as(r.toString()).isEqualTo(9);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).singleElement().asString().contains(key, "archive.dump", "offset " + t);
    }

    @Test
    void everyFlipAndTruncationOfTheManifestIsDetected() throws Exception {
        String repo = temp.resolve("repo-" + UUID.randomUUID()).toString();
        String key = backup(repo);
        Path manifest = Path.of(repo, "backups", key, "manifest.json");
        byte[] good = Files.readAllBytes(manifest);
        int tried = 0;
        int detected = 0;
        int withOffset = 0;
        List<String> missed = new ArrayList<>();
        try (Repository repository = Repository.open(repo)) {
            // 0xff leaves ASCII; 0x01 keeps most bytes ASCII: a digit of the size, a hex digit of the SHA-256
            for (int mask : new int[] {0xff, 0x01, 0x20}) {
                for (int i = 0; i < good.length; i++) {
                    byte[] bad = good.clone();
                    bad[i] ^= (byte) mask;
                    Files.write(manifest, bad);
                    StowageException e = verify(repository, key);
                    tried++;
                    if (e == null || e.code() != ErrorCode.VERIFICATION || !e.getMessage().contains("manifest.json")) {
                        missed.add(i + "^" + mask + ": " + (e == null ? "passed" : e.getMessage()));
                        continue;
                    }
                    detected++;
                    withOffset += e.getMessage().contains("offset") ? 1 : 0;
                    assertThat(e.getMessage()).contains("backup " + key + " is damaged: ").doesNotContain("\n");
                }
            }
            for (int cut = 0; cut < good.length; cut++) {
                Files.write(manifest, Arrays.copyOf(good, cut));
                StowageException e = verify(repository, key);
                tried++;
                if (e == null || e.code() != ErrorCode.VERIFICATION || !e.getMessage().contains("manifest.json")) {
                    missed.add("cut " + cut + ": " + (e == null ? "passed" : e.getMessage()));
                    continue;
                }
                detected++;
            }
            Files.write(manifest, good);
            assertThat(verify(repository, key)).isNull();
        }
        System.out.println("[manifest] " + detected + " of " + tried + " flips and truncations of manifest.json detected ("
                + withOffset + " flips with an offset)");
        assertThat(missed).isEmpty();
        assertThat(detected).isEqualTo(good.length * 4);

        byte[] bad = good.clone();
        bad[good.length / 2] ^= (byte) 0xff;
        Files.write(manifest, bad);
        Cli.Result r = Cli.run("verify", "--repo", repo, key);
        assertThat(r.exit()).as(r.toString()).isEqualTo(9);
        assertThat(r.errLines()).singleElement().asString().contains(key, "manifest.json");
    }

    @Test
    void aChangedRowCountOrChecksumInTheMetadataIsDetected() throws Exception {
        String repo = temp.resolve("repo-" + UUID.randomUUID()).toString();
        String key = backup(repo);
        Path metadata = Path.of(repo, "backups", key, "metadata.json");
        String good = Files.readString(metadata);
        BackupInfo info = BackupInfo.fromJson(good);
        assertThat(info.tableRows()).containsEntry("public.items", 300L).containsEntry("other.notes", 40L);
        int tried = 0;
        try (Repository repository = Repository.open(repo)) {
            for (Map.Entry<String, Long> t : info.tableRows().entrySet()) {
                for (long delta : new long[] {1, -1}) {
                    if (t.getValue() + delta < 0) {
                        continue;
                    }
                    String field = "\"" + t.getKey() + "\": " + t.getValue();
                    assertThat(good).contains(field);
                    Files.writeString(metadata, good.replace(field, "\"" + t.getKey() + "\": " + (t.getValue() + delta)));
                    StowageException e = verify(repository, key);
                    tried++;
                    assertThat(e).as("%s %+d", t.getKey(), delta).isNotNull();
                    assertThat(e.code()).isEqualTo(ErrorCode.VERIFICATION);
                    assertThat(e.getMessage()).contains("backup " + key + " is damaged: metadata.json records " + (t.getValue() + delta)
                            + " rows for table " + t.getKey() + ", archive.dump holds " + t.getValue());
                }
            }
            String size = "\"archive_size\": " + info.archiveSize();
            Files.writeString(metadata, good.replace(size, "\"archive_size\": " + (info.archiveSize() + 1)));
            assertThat(verify(repository, key)).isNotNull().hasMessageContaining("metadata.json's archive_size/archive_sha256");
            String sha = info.archiveSha256();
            String other = (sha.charAt(0) == '0' ? '1' : '0') + sha.substring(1);
            Files.writeString(metadata, good.replace(sha, other));
            assertThat(verify(repository, key)).isNotNull().hasMessageContaining("metadata.json's archive_size/archive_sha256");
            Files.writeString(metadata, good.replace("\"tables\": {", "\"tables\": ["));
            assertThat(verify(repository, key)).isNotNull().hasMessageContaining("metadata.json is unreadable");
            tried += 3;
            Files.writeString(metadata, good);
            assertThat(verify(repository, key)).isNull();
        }
        System.out.println("[metadata] " + tried + " of " + tried + " metadata changes detected");
    }

    @Test
    void aMissingObjectIsNamed() throws Exception {
        String repo = temp.resolve("repo-" + UUID.randomUUID()).toString();
        String key = backup(repo);
        Path dir = Path.of(repo, "backups", key);
        for (String name : List.of("manifest.json", "metadata.json", "archive.dump")) {
            byte[] kept = Files.readAllBytes(dir.resolve(name));
            Files.delete(dir.resolve(name));
            Cli.Result r = Cli.run("verify", "--repo", repo, key);
            assertThat(r.exit()).as(r.toString()).isEqualTo(9);
            assertThat(r.errLines()).singleElement().asString().contains("backup " + key + " is damaged: " + name + " is missing");
            Files.write(dir.resolve(name), kept);
        }
        assertThat(Cli.run("verify", "--repo", repo, key).exit()).isZero();
    }

    // ---- S3: a handful of cases, rewritten through the storage ----

    private static byte[] read(Storage storage, String object) {
        try (InputStream in = storage.open(object)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Storage storage, String object, byte[] bytes) {
        try (StorageOutput out = storage.create(object)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void damageToAnS3BackupFailsVerifyNamingTheObject() throws Exception {
        String repo = TestRepositories.freshS3();
        String key = backup(repo);
        String prefix = "backups/" + key + "/";
        try (Storage storage = StorageLocation.open(repo)) {
            byte[] archive = read(storage, prefix + "archive.dump");
            Path copy = Files.write(temp.resolve("s3-copy-" + UUID.randomUUID() + ".dump"), archive);
            Regions regions = Regions.of(archive, copy);
            byte[] manifest = read(storage, prefix + "manifest.json");
            byte[] metadata = read(storage, prefix + "metadata.json");
            int h = (int) regions.headerEnd();
            int t = (int) regions.tocEnd();

            record Case(String name, String object, UnaryOperator<byte[]> damage, String expected) {
            }
            List<Case> cases = List.of(
                    new Case("flip in the magic", "archive.dump", b -> flip(b, 1), "archive.dump"),
                    new Case("flip in the header", "archive.dump", b -> flip(b, h - 3), "archive.dump"),
                    new Case("flip in the TOC", "archive.dump", b -> flip(b, (h + t) / 2), "archive.dump"),
                    new Case("flip of the first data byte", "archive.dump", b -> flip(b, t), "archive.dump"),
                    new Case("flip in the data", "archive.dump", b -> flip(b, (t + b.length) / 2), "archive.dump"),
                    new Case("flip near the end", "archive.dump", b -> flip(b, b.length - 3), "archive.dump"),
                    new Case("truncated archive", "archive.dump", b -> Arrays.copyOf(b, (t + b.length) / 2),
                            "archive.dump is truncated: it ends at offset " + (t + archive.length) / 2),
                    new Case("flip in the manifest", "manifest.json", b -> flip(b, b.length / 2), "manifest.json"),
                    new Case("truncated manifest", "manifest.json", b -> Arrays.copyOf(b, b.length - 5), "manifest.json"),
                    new Case("changed row count", "metadata.json", b -> new String(b, StandardCharsets.UTF_8)
                            .replace("\"public.items\": 300", "\"public.items\": 299").getBytes(StandardCharsets.UTF_8),
                            "metadata.json records 299 rows for table public.items, archive.dump holds 300"));
            Map<String, byte[]> originals = Map.of("archive.dump", archive, "manifest.json", manifest, "metadata.json", metadata);
            int detected = 0;
            for (Case c : cases) {
                byte[] original = originals.get(c.object());
                write(storage, prefix + c.object(), c.damage().apply(original.clone()));
                Cli.Result r = Cli.run("verify", "--repo", repo, key);
                assertThat(r.exit()).as(c.name() + ": " + r).isEqualTo(9);
                assertThat(r.out()).isEmpty();
                assertThat(r.errLines()).as(c.name()).singleElement().asString()
                        .contains("backup " + key + " is damaged: ").contains(c.expected());
                detected++;
                write(storage, prefix + c.object(), original);
            }
            System.out.println("[s3] " + detected + " of " + cases.size() + " damaged S3 objects detected");
            Cli.Result clean = Cli.run("verify", "--repo", repo, key);
            assertThat(clean.exit()).as(clean.toString()).isZero();
        }
    }

    private static byte[] flip(byte[] bytes, int at) {
        bytes[at] ^= (byte) 0xff;
        return bytes;
    }

    /**
     * A flip the parser cannot see (a letter inside an uncompressed row) in a backup of several
     * 1 MiB blocks: verify and restore name the block it is in, from the manifest's block checksums.
     */
    @Test
    void aChangeOnlyTheChecksumSeesIsPlacedInItsBlock() throws Exception {
        String big = server.createDatabase();
        server.execute(big, "CREATE TABLE public.words (id int, w text)",
                "INSERT INTO public.words SELECT g, 'word' || lpad(g::text, 8, '0') FROM generate_series(1, 200000) g");
        String repo = temp.resolve("repo-" + UUID.randomUUID()).toString();
        Cli.Result made = Cli.run(args("backup", "--repo", repo, conn(server), "-Z", "0", big));
        assertThat(made.exit()).as(made.toString()).isZero();
        String key = made.out().lines().reduce((a, b) -> b).orElseThrow();
        Path archive = Path.of(repo, "backups", key, "archive.dump");
        byte[] good = Files.readAllBytes(archive);
        assertThat(good.length).isGreaterThan(3 * 1024 * 1024);
        // a digit of a row in the third block: still a valid row, so only the checksums can tell
        int at = new String(good, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("word", 2 * 1024 * 1024 + 100) + 7;
        byte[] bad = good.clone();
        bad[at] = (byte) (bad[at] == '5' ? '6' : '5');
        Files.write(archive, bad);
        Cli.Result r = Cli.run(args("verify", "--repo", repo, key));
        assertThat(r.exit()).as(r.toString()).isEqualTo(ErrorCode.VERIFICATION.exitCode());
        assertThat(r.errLines()).singleElement().asString()
                .contains("archive.dump's SHA-256 differs", "changed first in bytes 2097152 to 3145727");
        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", "--repo", repo, key, conn(server), "-d", target));
        assertThat(restore.exit()).as(restore.toString()).isEqualTo(ErrorCode.VERIFICATION.exitCode());
        assertThat(restore.err()).contains("changed first in bytes 2097152 to 3145727");
        server.dropDatabase(target);
        server.dropDatabase(big);
    }
}
