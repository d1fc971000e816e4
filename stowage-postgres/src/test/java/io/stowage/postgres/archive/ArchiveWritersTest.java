package io.stowage.postgres.archive;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.CompressionAlgorithm;
import io.stowage.core.options.CompressionSpec;
import io.stowage.postgres.archive.compress.Codecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writers without pg_restore: lz4 and zstd (archive 1.15, which pg_restore 15 cannot read) read
 * back by our readers, data files checked with the lz4/zstd CLIs, atomicity, argument checks.
 */
class ArchiveWritersTest {

    @TempDir
    Path dir;

    static String ourScript(OpenArchive archive) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ArchiveScriptWriter(archive, false, out).write();
        return out.toString(StandardCharsets.UTF_8);
    }

    static OpenArchive openOurs(ArchiveFormat format, Path path) throws IOException {
        return switch (format) {
            case DIRECTORY -> DirectoryArchiveReader.open(path);
            case CUSTOM -> CustomArchiveReader.open(new BufferedInputStream(Files.newInputStream(path)), path.toString());
            case TAR -> TarArchiveReader.open(new BufferedInputStream(Files.newInputStream(path)), path.toString());
            case PLAIN -> throw new AssertionError();
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"custom lz4", "custom lz4:12", "custom zstd", "custom zstd:19", "custom gzip",
            "directory lz4", "directory zstd:9", "directory gzip", "directory none", "tar none", "custom none"})
    void ourReadersReadWhatWeWrite(String formatAndCompression) throws IOException {
        String[] parts = formatAndCompression.split(" ");
        ArchiveFormat format = ArchiveFormat.parse(parts[0]);
        CompressionSpec compression = CompressionSpec.parse(parts[1]);
        for (String source : List.of("fmtdb.dump", "pagila-15.dump")) {
            byte[] original = ReArchive.resource(source);
            String expected = ourScript(ReArchive.open(original));
            Path ours = dir.resolve(source + "." + format);
            ArchiveVersion version = compression.algorithm() == CompressionAlgorithm.LZ4
                    || compression.algorithm() == CompressionAlgorithm.ZSTD ? ArchiveVersion.V1_15 : ArchiveVersion.V1_14;
            ReArchive.write(original, format, version, compression, ours, null);
            OpenArchive back = openOurs(format, ours);
            assertThat(back.toc().header().version()).isEqualTo(version);
            assertThat(back.toc().header().compression().algorithm()).isEqualTo(compression.algorithm());
            assertThat(ourScript(back)).as(source).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionAlgorithm.class, names = {"LZ4", "ZSTD"})
    void directoryFilesDecodeWithTheCli(CompressionAlgorithm algorithm) throws IOException {
        byte[] original = ReArchive.resource("pagila-15.dump");
        Path plain = dir.resolve("plain");
        Path packed = dir.resolve("packed");
        ReArchive.write(original, ArchiveFormat.DIRECTORY, ArchiveVersion.V1_14, CompressionSpec.NONE, plain, null);
        ReArchive.write(original, ArchiveFormat.DIRECTORY, ArchiveVersion.V1_15, new CompressionSpec(algorithm, null), packed, null);
        String cliName = algorithm.label();
        String suffix = Codecs.fileSuffix(algorithm);
        List<Path> files;
        try (Stream<Path> list = Files.list(packed)) {
            files = list.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(10);
        for (Path file : files) {
            ReArchive.Result r;
            try {
                r = ReArchive.run(List.of(cliName, "-d", "-c", "-q", file.toString()), null);
            } catch (IOException e) {
                System.err.println("SKIPPED LOUDLY: the " + cliName + " CLI is not installed; files not checked with it");
                return;
            }
            assertThat(r.exitCode()).as(file + ": " + r.stderr()).isZero();
            String name = file.getFileName().toString();
            byte[] expected = Files.readAllBytes(plain.resolve(name.substring(0, name.length() - suffix.length())));
            assertThat(r.stdout().getBytes(StandardCharsets.UTF_8)).as(name).isEqualTo(expected);
        }
    }

    /** PostgreSQL writes LZ4 frames with liblz4's default linked blocks; the directory reader must read them. */
    @Test
    void directoryReaderReadsLinkedBlockFilesFromTheLz4Cli() throws IOException {
        byte[] original = ReArchive.resource("pagila-15.dump");
        String expected = ourScript(ReArchive.open(original));
        Path plain = dir.resolve("plain");
        ReArchive.write(original, ArchiveFormat.DIRECTORY, ArchiveVersion.V1_14, CompressionSpec.NONE, plain, null);
        List<Path> dataFiles;
        try (Stream<Path> list = Files.list(plain)) {
            dataFiles = list.filter(p -> p.toString().endsWith(".dat") && !p.endsWith("toc.dat")).toList();
        }
        assertThat(dataFiles).hasSizeGreaterThan(10);
        for (Path file : dataFiles) {
            ReArchive.Result r;
            try {
                r = ReArchive.run(List.of("lz4", "-q", "-f", "-B4", "-BD", "--rm", file.toString(), file + ".lz4"), null);
            } catch (IOException e) {
                System.err.println("SKIPPED LOUDLY: the lz4 CLI is not installed; linked-block directory files not checked");
                return;
            }
            assertThat(r.exitCode()).as(r.stderr()).isZero();
        }
        try (Stream<Path> list = Files.list(plain)) {
            assertThat(list.filter(p -> p.toString().endsWith(".dat") && !p.endsWith("toc.dat"))).isEmpty();
        }
        assertThat(ourScript(DirectoryArchiveReader.open(plain))).isEqualTo(expected);
    }

    // ---- atomicity ----

    /** A source that delivers the first table, then fails in the middle of the second. */
    private static ArchiveDataSource failingSource(ArchiveDataSource real) {
        return new ArchiveDataSource() {
            private int tables;

            @Override
            public long writeTableData(TocEntry entry, OutputStream out) throws IOException {
                if (++tables == 2) {
                    out.write("1\tpartial row\n".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("connection lost in the middle of table " + entry.tag());
                }
                return real.writeTableData(entry, out);
            }

            @Override
            public long writeLargeObjects(TocEntry entry, LargeObjectSink sink) throws IOException {
                return real.writeLargeObjects(entry, sink);
            }
        };
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"CUSTOM", "DIRECTORY", "TAR"})
    void aFailingSourceLeavesNothingBehind(ArchiveFormat format) throws IOException {
        Path parent = Files.createDirectory(dir.resolve("out"));
        Path target = parent.resolve("dump");
        OpenArchive archive = ReArchive.open(ReArchive.resource("pagila-15.dump"));
        CompressionSpec compression = format == ArchiveFormat.TAR ? CompressionSpec.NONE : CompressionSpec.GZIP_DEFAULT;
        ArchiveHeader header = ReArchive.header(archive.toc().header(), format, ArchiveVersion.V1_14, compression);
        assertThatThrownBy(() -> ArchiveWriters.write(format, target, null, header, archive.toc().entries(), compression,
                failingSource(ReArchive.source(archive.data()))))
                .isInstanceOf(IOException.class).hasMessageContaining("connection lost");
        try (Stream<Path> left = Files.list(parent)) {
            assertThat(left).as("files left in the target's directory").isEmpty();
        }
    }

    @Test
    void anExistingEmptyDirectoryIsUsedAndANonEmptyOneRefused() throws IOException {
        byte[] original = ReArchive.resource("fmtdb.dump");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        ReArchive.write(original, ArchiveFormat.DIRECTORY, ArchiveVersion.V1_14, CompressionSpec.NONE, empty, null);
        assertThat(empty.resolve("toc.dat")).isRegularFile();

        assertThatThrownBy(() -> ReArchive.write(original, ArchiveFormat.DIRECTORY, ArchiveVersion.V1_14, CompressionSpec.NONE, empty, null))
                .isInstanceOfSatisfying(StowageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTPUT))
                .hasMessageContaining("could not create directory").hasMessageContaining("not empty");
        Path file = Files.writeString(dir.resolve("afile"), "x");
        assertThatThrownBy(() -> ReArchive.write(original, ArchiveFormat.DIRECTORY, ArchiveVersion.V1_14, CompressionSpec.NONE, file, null))
                .isInstanceOfSatisfying(StowageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTPUT));
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void anExistingFileIsReplacedOnlyOnSuccess() throws IOException {
        byte[] original = ReArchive.resource("fmtdb.dump");
        Path target = Files.writeString(dir.resolve("old.dump"), "old content");
        OpenArchive archive = ReArchive.open(original);
        ArchiveHeader header = ReArchive.header(archive.toc().header(), ArchiveFormat.CUSTOM, ArchiveVersion.V1_14, CompressionSpec.NONE);
        assertThatThrownBy(() -> ArchiveWriters.write(ArchiveFormat.CUSTOM, target, null, header, archive.toc().entries(),
                CompressionSpec.NONE, failingSource(ReArchive.source(archive.data())))).isInstanceOf(IOException.class);
        assertThat(Files.readString(target)).isEqualTo("old content");
        ReArchive.write(original, ArchiveFormat.CUSTOM, ArchiveVersion.V1_14, CompressionSpec.NONE, target, null);
        try (InputStream in = Files.newInputStream(target)) {
            assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("PGDMP");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    // ---- argument checks ----

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "gzip:5", "lz4", "zstd"})
    void tarRefusesCompressionAsPgDump15Does(String z) {
        CompressionSpec compression = CompressionSpec.parse(z);
        OpenArchive archive = ReArchive.open(ReArchive.resource("fmtdb.dump"));
        ArchiveHeader header = ReArchive.header(archive.toc().header(), ArchiveFormat.TAR, ArchiveVersion.V1_15, CompressionSpec.NONE);
        Path target = dir.resolve("t.tar");
        assertThatThrownBy(() -> ArchiveWriters.write(ArchiveFormat.TAR, target, null, header, archive.toc().entries(), compression,
                ReArchive.source(archive.data())))
                .isInstanceOfSatisfying(StowageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessage("compression is not supported by tar archive format");
        assertThat(target).doesNotExist();
    }

    @Test
    void headerMustAgreeWithFormatAndCompression() {
        OpenArchive archive = ReArchive.open(ReArchive.resource("fmtdb.dump"));
        ArchiveHeader gzipDefault = archive.toc().header(); // 1.14, level -1, format 1
        Path target = dir.resolve("x.dump");
        ArchiveDataSource source = ReArchive.source(archive.data());
        List<TocEntry> toc = archive.toc().entries();
        assertThatThrownBy(() -> ArchiveWriters.write(ArchiveFormat.CUSTOM, target, null, gzipDefault, toc,
                CompressionSpec.parse("gzip:9"), source)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("disagrees");
        assertThatThrownBy(() -> ArchiveWriters.write(ArchiveFormat.CUSTOM, target, null, gzipDefault, toc,
                CompressionSpec.NONE, source)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ArchiveWriters.write(ArchiveFormat.DIRECTORY, target, null, gzipDefault, toc,
                CompressionSpec.GZIP_DEFAULT, source)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format code");
        assertThatThrownBy(() -> ArchiveWriters.write(ArchiveFormat.CUSTOM, target, null, gzipDefault, toc,
                CompressionSpec.parse("zstd"), source))
                .isInstanceOfSatisfying(StowageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("1.15");
        assertThat(target).doesNotExist();
    }

    @Test
    void headerCompressionIsWhatPgDumpRecords() {
        assertThat(ArchiveWriters.headerCompression(ArchiveVersion.V1_14, CompressionSpec.NONE)).isEqualTo(HeaderCompression.ofLevel(0));
        assertThat(ArchiveWriters.headerCompression(ArchiveVersion.V1_14, CompressionSpec.GZIP_DEFAULT)).isEqualTo(HeaderCompression.ofLevel(-1));
        assertThat(ArchiveWriters.headerCompression(ArchiveVersion.V1_14, CompressionSpec.parse("3"))).isEqualTo(HeaderCompression.ofLevel(3));
        assertThat(ArchiveWriters.headerCompression(ArchiveVersion.V1_15, CompressionSpec.parse("zstd:7")))
                .isEqualTo(HeaderCompression.ofAlgorithm(CompressionAlgorithm.ZSTD));
        assertThat(ArchiveWriters.headerCompression(ArchiveVersion.V1_15, CompressionSpec.parse("gzip:7")))
                .isEqualTo(HeaderCompression.ofAlgorithm(CompressionAlgorithm.GZIP));
    }
}
