package io.stowage.postgres.archive;

import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.CompressionSpec;
import io.stowage.postgres.archive.compress.Codecs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The block-parallel gzip compressors against the real pg_restore 15 and gzip: pagila re-archived
 * with blocks of 4 KB, so that every table of some size spans many blocks (gzip members in the
 * directory files, sync-flushed pigz blocks in the custom archive's zlib streams), must print the
 * script pg_restore prints for pg_dump's original, read back through our readers, and pass
 * {@code gzip -t}.
 */
class ParallelGzipPgRestoreTest {
    private static final String SOURCE = "pagila-15.dump";

    @TempDir
    Path dir;

    @BeforeAll
    static void pgRestoreIsThere() {
        assumeTrue(ReArchive.pgRestoreAvailable(), "SKIPPED LOUDLY: pg_restore is not on PATH; the compressor oracle tests need it");
    }

    @AfterEach
    void clearProperties() {
        System.clearProperty("stowage.compress.blockBytes");
        System.clearProperty(Codecs.GZIP_ENGINE_PROPERTY);
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String engine : List.of("auto", "pigz")) {
            for (ArchiveFormat format : List.of(ArchiveFormat.DIRECTORY, ArchiveFormat.CUSTOM)) {
                for (String z : List.of("gzip", "gzip:1", "gzip:9")) {
                    cases.add(Arguments.of(engine, format, z));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} -Z {2}")
    @MethodSource("cases")
    void pgRestoreAndOurReadersReadSmallBlocks(String engine, ArchiveFormat format, String z) throws IOException {
        System.setProperty("stowage.compress.blockBytes", "4096");
        System.setProperty(Codecs.GZIP_ENGINE_PROPERTY, engine);
        Path original = dir.resolve("original.dump");
        Files.write(original, ReArchive.resource(SOURCE));
        String expected = ReArchive.normalizeScript(ReArchive.pgRestore(original, "-f", "-"));

        Path ours = dir.resolve("ours." + format.name().toLowerCase());
        ReArchive.write(ReArchive.resource(SOURCE), format, ArchiveVersion.V1_14, CompressionSpec.parse(z), ours, null);

        assertThat(ReArchive.normalizeScript(ReArchive.pgRestore(ours, "-f", "-"))).isEqualTo(expected);
        try (FileChannel channel = format == ArchiveFormat.CUSTOM ? FileChannel.open(ours) : null) {
            OpenArchive read = channel != null ? CustomArchiveReader.open(channel, "ours") : DirectoryArchiveReader.open(ours);
            OpenArchive originalRead = ReArchive.open(ReArchive.resource(SOURCE));
            int compared = 0;
            for (TocEntry entry : originalRead.toc().entries()) {
                if (entry.hadDumper() && entry.copyStatement() != null) {
                    compared++;
                    // our own entry: it holds our data's offset
                    TocEntry mine = read.toc().entries().stream().filter(e -> e.dumpId() == entry.dumpId()).findFirst().orElseThrow();
                    try (var a = originalRead.data().openData(entry); var b = read.data().openData(mine)) {
                        assertThat(b.readAllBytes()).as(entry.tag()).isEqualTo(a.readAllBytes());
                    }
                }
            }
            assertThat(compared).isGreaterThan(10);
        }
        if (format == ArchiveFormat.DIRECTORY) {
            List<Path> gz;
            try (Stream<Path> files = Files.list(ours)) {
                gz = files.filter(p -> p.toString().endsWith(".gz")).toList();
            }
            assertThat(gz).isNotEmpty();
            List<String> command = new ArrayList<>(List.of("gzip", "-t"));
            gz.forEach(p -> command.add(p.toString()));
            ReArchive.Result r = ReArchive.run(command, null);
            assertThat(r.exitCode()).as(r.stderr()).isZero();
        }
    }
}
