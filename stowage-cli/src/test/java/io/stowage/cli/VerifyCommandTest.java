package io.stowage.cli;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.integrity.Manifest;
import io.stowage.postgres.archive.ArchiveVerifier;
import io.stowage.postgres.archive.VerifySummary;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code stowage verify}: archives written by Stowage and by pg_dump 15 verify clean with the rows
 * the source holds; flips, truncations and missing files fail with exit 9, naming the file.
 */
class VerifyCommandTest {
    private static final long ITEMS = 500;
    private static final long NOTES = 40;
    private static PgServer server;
    private static String db;

    @BeforeAll
    static void smallDatabase() {
        server = Servers.get(15);
        db = server.createDatabase();
        server.execute(db,
                "CREATE TABLE public.items (id int PRIMARY KEY, name text)",
                "INSERT INTO public.items SELECT g, 'item ' || g FROM generate_series(1, " + ITEMS + ") g",
                "CREATE SCHEMA other",
                "CREATE TABLE other.notes (n int, body jsonb)",
                "INSERT INTO other.notes SELECT g, jsonb_build_object('k', g, 't', E'tab\\there') FROM generate_series(1, " + NOTES + ") g",
                "SELECT lo_from_bytea(0, 'hello large object'::bytea)");
    }

    @AfterAll
    static void drop() {
        if (server != null && db != null) {
            server.dropDatabase(db);
        }
    }

    private static Path dump(Path dir, String format, String compress) {
        Path out = dir.resolve("db." + format);
        Cli.Result r = Cli.run(args("dump", conn(server), "-F", format, "-Z", compress, "-f", out.toString(), db));
        assertThat(r.exit()).as(r.toString()).isZero();
        return out;
    }

    private static long rows(VerifySummary s, String table) {
        return s.tables().stream().filter(t -> t.table().equals(table)).mapToLong(t -> t.rows()).sum();
    }

    @ParameterizedTest(name = "stowage dump -F {0} -Z {1}")
    @CsvSource({"c, 0", "c, gzip", "c, lz4", "c, zstd", "d, 0", "d, gzip", "d, lz4", "d, zstd", "t, 0", "p, 0"})
    void stowageArchivesVerifyClean(String format, String compress, @TempDir Path dir) {
        Path out = dump(dir, format, compress);
        Cli.Result r = Cli.run("verify", out.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines().toList()).singleElement().asString().startsWith("verified ").contains("no manifest");
        VerifySummary s = ArchiveVerifier.verify(out);
        assertThat(rows(s, "items")).isEqualTo(ITEMS);
        assertThat(rows(s, "notes")).isEqualTo(NOTES);
        if (!format.equals("p")) {
            assertThat(s.largeObjects()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "pg_dump 15 -F{0}")
    @CsvSource({"c", "d", "t", "p"})
    void pgDumpArchivesVerifyClean(String format, @TempDir Path dir) {
        ReferenceTools.require("pg_dump", 15);
        Path out = dir.resolve("ref." + format);
        ReferenceTools.Run run = ReferenceTools.pgDump(server, db, "-F" + format, "-f", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        Cli.Result r = Cli.run("verify", "--json", out.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("\"rows\":" + (ITEMS + NOTES));
    }

    /**
     * Every single-byte flip of a small custom archive fails archive+manifest verification; parsing
     * alone catches the flips outside uncompressed row text (measured and bounded below).
     */
    @ParameterizedTest(name = "-Z {0}")
    @CsvSource({"0", "gzip"})
    void everyFlipOfACustomArchiveIsCaught(String compress, @TempDir Path dir) throws Exception {
        Path out = dump(dir, "c", compress);
        Manifest manifest = Manifest.scan(dir, List.of(out.getFileName().toString()));
        byte[] good = Files.readAllBytes(out);
        ArchiveVerifier.verify(out);
        int parsedCaught = 0;
        long started = System.nanoTime();
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= (byte) 0xff;
            Files.write(out, bad);
            boolean parsed;
            try {
                ArchiveVerifier.verify(out);
                parsed = false;
            } catch (StowageException e) {
                assertThat(e.code()).as("flip at %d: %s", i, e.getMessage()).isEqualTo(ErrorCode.VERIFICATION);
                parsed = true;
            }
            if (parsed) {
                parsedCaught++;
            }
            final int at = i;
            assertThatThrownBy(() -> manifest.verify(dir)).as("flip at %d", at).isInstanceOf(StowageException.class)
                    .hasMessageContaining(out.toString());
        }
        System.out.printf("flip sweep -Z %s: %d bytes, %d caught by parsing alone, %.1f s%n", compress, good.length,
                parsedCaught, (System.nanoTime() - started) / 1e9);
        // parsing alone misses only flips inside uncompressed text: with gzip, the zlib checksum covers that too
        // (TOC strings such as SQL definitions and tags are text too: measured 1215 of 10014 caught with -Z0,
        // 3408 of 4640 with gzip on this database)
        assertThat(parsedCaught).isGreaterThan(compress.equals("gzip") ? good.length * 6 / 10 : good.length / 12);
        Files.write(out, good);
        Cli.Result clean = Cli.run("verify", out.toString());
        assertThat(clean.exit()).as(clean.toString()).isZero();
    }

    @Test
    void flipsFoundByTheManifestExitNineThroughTheCli(@TempDir Path dir) throws Exception {
        Path out = dump(dir, "c", "0");
        Path manifest = dir.resolve(out.getFileName() + ".manifest.json");
        Manifest.scan(dir, List.of(out.getFileName().toString())).write(manifest);
        Cli.Result clean = Cli.run("verify", out.toString());
        assertThat(clean.exit()).as(clean.toString()).isZero();
        assertThat(clean.out()).contains("manifest: 1 files match");
        // a byte inside a row's text: "item 1" -> "itex 1" still parses; only the checksum sees it
        byte[] bytes = Files.readAllBytes(out);
        int at = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("item 1\n");
        assertThat(at).isPositive();
        bytes[at + 3] = 'x';
        Files.write(out, bytes);
        ArchiveVerifier.verify(out);
        Cli.Result r = Cli.run("verify", out.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(9);
        assertThat(r.errLines().get(0)).contains(out.getFileName().toString()).contains("SHA-256");
        Files.writeString(manifest, "{\"format\":\"stowage-manifest\"");
        Cli.Result malformed = Cli.run("verify", out.toString());
        assertThat(malformed.exit()).isEqualTo(9);
        assertThat(malformed.err()).contains("malformed");
    }

    @ParameterizedTest(name = "-F {0} -Z {1}")
    @CsvSource({"c, 0", "c, gzip", "t, 0", "p, 0"})
    void truncationAtAnyOffsetFailsNamingTheOffset(String format, String compress, @TempDir Path dir) throws Exception {
        Path out = dump(dir, format, compress);
        byte[] good = Files.readAllBytes(out);
        // a plain script cut after its closing comment loses only comment lines: nothing to detect
        int end = format.equals("p")
                ? new String(good, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("-- PostgreSQL database dump complete") + 30
                : good.length;
        List<Integer> cuts = new ArrayList<>();
        for (int i = 0; i < Math.min(300, good.length); i++) {
            cuts.add(i);
        }
        for (int i = 300; i < end - 1; i += 37) {
            cuts.add(i);
        }
        for (int i = Math.max(0, end - 40); i < end; i++) {
            cuts.add(i);
        }
        for (int cut : cuts) {
            Files.write(out, java.util.Arrays.copyOf(good, cut));
            assertThatThrownBy(() -> ArchiveVerifier.verify(out)).as("cut at %d", cut)
                    .isInstanceOfSatisfying(StowageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VERIFICATION))
                    .satisfies(e -> assertThat(e.getMessage()).as("cut at %d", cut).containsPattern("offset|not a pg_dump archive"));
        }
        Files.write(out, java.util.Arrays.copyOf(good, good.length / 2));
        Cli.Result r = Cli.run("verify", out.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(9);
        assertThat(r.errLines().get(0)).contains(out.toString()).contains("offset");
    }

    @Test
    void directoryArchiveDamage(@TempDir Path dir) throws Exception {
        Path out = dump(dir, "d", "gzip");
        List<Path> dataFiles;
        try (Stream<Path> files = Files.list(out)) {
            dataFiles = files.filter(p -> p.getFileName().toString().matches("\\d+\\.dat\\.gz")).sorted().toList();
        }
        assertThat(dataFiles).hasSizeGreaterThanOrEqualTo(2);
        Path data = dataFiles.get(0);
        byte[] gz = Files.readAllBytes(data);

        Files.write(data, java.util.Arrays.copyOf(gz, gz.length - 5));
        Cli.Result truncated = Cli.run("verify", out.toString());
        assertThat(truncated.exit()).as(truncated.toString()).isEqualTo(9);
        assertThat(truncated.errLines().get(0)).contains(data.getFileName().toString()).contains("offset");

        Files.delete(data);
        Cli.Result missing = Cli.run("verify", out.toString());
        assertThat(missing.exit()).isEqualTo(9);
        assertThat(missing.errLines().get(0)).contains("missing").contains(data.getFileName().toString());
        Files.write(data, gz);

        // a manifest inside the directory covers toc.dat, whose strings parsing cannot judge
        List<String> names;
        try (Stream<Path> files = Files.list(out)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        Manifest.scan(out, names).write(out.resolve("manifest.json"));
        assertThat(Cli.run("verify", out.toString()).exit()).isZero();
        Path toc = out.resolve("toc.dat");
        byte[] tocBytes = Files.readAllBytes(toc);
        for (int at : new int[] {3, 11, 60, tocBytes.length / 2, tocBytes.length - 2}) {
            byte[] bad = tocBytes.clone();
            bad[at] ^= 0x20;
            Files.write(toc, bad);
            Cli.Result r = Cli.run("verify", out.toString());
            assertThat(r.exit()).as("flip at %d: %s", at, r).isEqualTo(9);
            assertThat(r.errLines().get(0)).contains("toc.dat");
        }
        Files.write(toc, tocBytes);
        assertThat(Cli.run("verify", out.toString()).exit()).isZero();
    }

    @Test
    void tarWithATruncatedMember(@TempDir Path dir) throws Exception {
        Path out = dump(dir, "t", "0");
        byte[] good = Files.readAllBytes(out);
        String text = new String(good, java.nio.charset.StandardCharsets.ISO_8859_1);
        // cut inside the items data: the COPY text of the table with ITEMS rows
        int inside = text.indexOf("250\titem 250\n");
        assertThat(inside).isPositive();
        Files.write(out, java.util.Arrays.copyOf(good, inside));
        Cli.Result r = Cli.run("verify", out.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(9);
        assertThat(r.errLines().get(0)).contains(out.toString()).contains("offset");
    }

    @Test
    void missingPathIsAnInputError(@TempDir Path dir) {
        Cli.Result r = Cli.run("verify", dir.resolve("nothing").toString());
        assertThat(r.exit()).isEqualTo(6);
    }
}
