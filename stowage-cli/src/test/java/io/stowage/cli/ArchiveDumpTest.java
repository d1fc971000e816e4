package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stowage dump -F c|d|t} with and without compression: the real pg_restore 15 restores
 * every archive into an empty database equal to the source, and {@code pg_restore -l} lists the
 * same entries in the same order as for pg_dump 15's archive of the same database (apart from dump
 * ids and the header). One pagila copy serves every case.
 */
class ArchiveDumpTest {
    private static PgServer server;
    private static String source;
    private static List<String> referenceListing;
    @TempDir
    static Path shared;

    @BeforeAll
    static void pagila() throws Exception {
        ReferenceTools.require("pg_restore", 15);
        ReferenceTools.require("pg_dump", 15);
        server = Servers.get(15);
        source = Servers.freshPagila(server);
        Path reference = shared.resolve("reference.dump");
        ReferenceTools.Run dump = ReferenceTools.pgDump(server, source, "-Fc", "-f", reference.toString());
        assertThat(dump.exit()).as(dump.err()).isZero();
        referenceListing = entries(pgRestore("-l", reference.toString()).out());
        assertThat(referenceListing).hasSizeGreaterThan(150);
    }

    @AfterAll
    static void dropSource() {
        if (server != null && source != null) {
            server.dropDatabase(source);
        }
    }

    @ParameterizedTest(name = "-F {0} -Z {1}")
    @CsvSource({"c, 0", "c, 6", "c, gzip", "d, 0", "d, gzip:1", "t, 0"})
    void archiveRestoresWithPgRestoreAndListsLikePgDump(String format, String compress, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("pagila." + format);
        Cli.Result dump = Cli.run(args("dump", conn(server), "-F", format, "-Z", compress, "-f", out.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();

        ReferenceTools.Run list = pgRestore("-l", out.toString());
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("Dump Version: 1.14-0", "dbname: " + source,
                "Format: " + switch (format) {
                    case "c" -> "CUSTOM";
                    case "d" -> "DIRECTORY";
                    default -> "TAR";
                },
                "Compression: " + ("0".equals(compress) ? "0" : "gzip".equals(compress) ? "-1" : compress.replace("gzip:", "")));
        assertThat(entries(list.out())).isEqualTo(referenceListing);

        String target = server.createDatabase();
        ReferenceTools.Run restore = pgRestore("-d", target, "--exit-on-error", out.toString());
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(RoundTripTest.assertIdentical(server, source, target)).isGreaterThan(200);
        server.dropDatabase(target);
    }

    /** pg_restore 15 cannot read lz4 or zstd (archive 1.15); Stowage's own restore is the reader here. */
    @ParameterizedTest(name = "-F {0} -Z {1}")
    @CsvSource({"c, lz4", "c, zstd:5", "d, lz4:3", "d, zstd"})
    void lz4AndZstdArchivesRestoreWithStowage(String format, String compress, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("pagila." + format);
        Cli.Result dump = Cli.run(args("dump", conn(server), "-F", format, "-Z", compress, "-f", out.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        ReferenceTools.Run list = pgRestore("-l", out.toString());
        assertThat(list.exit()).as("pg_restore 15 must refuse archive 1.15").isNotZero();
        assertThat(list.err()).contains("unsupported version (1.15)");

        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-e", "-d", target, out.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(RoundTripTest.assertIdentical(server, source, target)).isGreaterThan(200);
        server.dropDatabase(target);
    }

    @Test
    void customArchiveToStandardOutput(@TempDir Path dir) throws Exception {
        Cli.Result dump = Cli.run(args("dump", conn(server), "-Fc", source));
        assertThat(dump.exit()).as(dump.err()).isZero();
        assertThat(dump.out()).startsWith("PGDMP");
    }

    @Test
    void plainWithCompressionIsOneCompressedFileOfTheScript(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("plain.sql");
        Path zipped = dir.resolve("plain.sql.gz");
        Cli.Result a = Cli.run(args("dump", conn(server), "-f", plain.toString(), source));
        Cli.Result b = Cli.run(args("dump", conn(server), "-Z", "5", "-f", zipped.toString(), source));
        assertThat(a.exit()).as(a.toString()).isZero();
        assertThat(b.exit()).as(b.toString()).isZero();
        byte[] gz = Files.readAllBytes(zipped);
        assertThat(gz[0] & 0xff).isEqualTo(0x1f);
        assertThat(gz[1] & 0xff).isEqualTo(0x8b);
        String unzipped;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            unzipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(unzipped).isEqualTo(Files.readString(plain)).contains("COPY public.actor");
        assertThat(gz.length).isLessThan(unzipped.length() / 3);

        for (String algorithm : List.of("lz4", "zstd")) {
            Path framed = dir.resolve("plain.sql." + algorithm);
            Cli.Result c = Cli.run(args("dump", conn(server), "-Z", algorithm, "-f", framed.toString(), source));
            assertThat(c.exit()).as(c.toString()).isZero();
            byte[] bytes = Files.readAllBytes(framed);
            assertThat(bytes.length).isLessThan(unzipped.length() / 2);
            // LZ4 frame magic 04 22 4D 18, zstd frame magic 28 B5 2F FD (little-endian on disk)
            assertThat(bytes[0] & 0xff).isEqualTo("lz4".equals(algorithm) ? 0x04 : 0x28);
            try (java.io.InputStream in = "lz4".equals(algorithm)
                    ? new org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream(new ByteArrayInputStream(bytes))
                    : new com.github.luben.zstd.ZstdInputStream(new ByteArrayInputStream(bytes))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as(algorithm).isEqualTo(unzipped);
            }
        }
    }

    @Test
    void usageErrorsAsPgDumpWords(@TempDir Path dir) {
        Cli.Result noDir = Cli.run(args("dump", conn(server), "-F", "d", source));
        assertThat(noDir.exit()).isEqualTo(2);
        assertThat(noDir.err()).contains("no output directory specified");
        Cli.Result tarZ = Cli.run(args("dump", conn(server), "-F", "t", "-Z", "5", "-f", dir.resolve("x.tar").toString(), source));
        assertThat(tarZ.exit()).isEqualTo(2);
        assertThat(tarZ.err()).contains("compression is not supported by tar archive format");
        Cli.Result badZ = Cli.run(args("dump", conn(server), "-Z", "brotli", source));
        assertThat(badZ.exit()).isEqualTo(2);
        assertThat(badZ.err()).contains("unrecognized compression algorithm");
        Cli.Result badLevel = Cli.run(args("dump", conn(server), "-Z", "lz4:13", "-f", dir.resolve("x.sql").toString(), source));
        assertThat(badLevel.exit()).isEqualTo(2);
        assertThat(badLevel.err()).contains("\"lz4\" expects a compression level between 1 and 12");
        assertThat(dir.resolve("x.tar")).doesNotExist();
        assertThat(dir.resolve("x.sql")).doesNotExist();
    }

    @Test
    void helpSaysOldPgRestoreCannotReadLz4OrZstd() {
        Cli.Result help = Cli.run("dump", "--help");
        assertThat(help.out().replaceAll("\\s+", " ")).contains("lz4 and zstd archives need pg_restore 16 or later");
    }

    /** The entry lines of a {@code pg_restore -l} listing, without the dump ids. */
    static List<String> entries(String listing) {
        return listing.lines().filter(l -> !l.startsWith(";") && !l.isBlank())
                .map(l -> l.substring(l.indexOf(';') + 1)).toList();
    }

    static ReferenceTools.Run pgRestore(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("pg_restore", "-h", "127.0.0.1", "-p",
                String.valueOf(server.port()), "-U", "postgres", "-w"));
        cmd.addAll(List.of(args));
        return ReferenceTools.run(cmd, null);
    }
}
