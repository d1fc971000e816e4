package io.stowage.postgres.archive;

import io.stowage.core.options.CompressionAlgorithm;
import io.stowage.core.options.CompressionSpec;
import io.stowage.postgres.archive.compress.Codecs;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodecsTest {

    @TempDir
    Path dir;

    /** COPY-like text, compressible but not trivially so. */
    static byte[] rows(int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(i).append('\t').append("customer ").append(i * 7919 % 1000).append('\t')
                    .append(Integer.toHexString(i * 2654435761L > 0 ? (int) (i * 2654435761L) : i)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] compress(String spec, Codecs.Wrapping wrapping, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream c = Codecs.compressing(CompressionSpec.parse(spec), wrapping, out)) {
            // odd write sizes, as COPY rows come
            for (int off = 0; off < data.length; off += 1000) {
                c.write(data, off, Math.min(1000, data.length - off));
            }
        }
        return out.toByteArray();
    }

    static byte[] decompress(CompressionAlgorithm a, Codecs.Wrapping wrapping, byte[] data) throws IOException {
        try (InputStream in = Codecs.decompressing(a, wrapping, new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "gzip:1", "gzip:9", "lz4", "lz4:1", "lz4:9", "lz4:12", "zstd", "zstd:1", "zstd:19"})
    void roundTripsInBothWrappings(String spec) throws IOException {
        byte[] data = rows(50_000);
        CompressionAlgorithm a = CompressionSpec.parse(spec).algorithm();
        for (Codecs.Wrapping w : Codecs.Wrapping.values()) {
            byte[] packed = compress(spec, w, data);
            assertThat(packed.length).as(spec + " " + w).isLessThan(data.length * 3 / 4);
            assertThat(decompress(a, w, packed)).as(spec + " " + w).isEqualTo(data);
        }
    }

    @Test
    void magicNumbersAreThoseOfEachFormat() throws IOException {
        byte[] data = rows(100);
        assertThat(Arrays.copyOf(compress("gzip", Codecs.Wrapping.ZLIB, data), 2)).containsExactly(0x78, 0x9c);
        assertThat(Arrays.copyOf(compress("gzip:1", Codecs.Wrapping.ZLIB, data), 2)).containsExactly(0x78, 0x01);
        assertThat(Arrays.copyOf(compress("gzip:9", Codecs.Wrapping.ZLIB, data), 2)).containsExactly(0x78, 0xda);
        assertThat(Arrays.copyOf(compress("gzip", Codecs.Wrapping.GZIP_FILE, data), 2)).containsExactly(0x1f, 0x8b);
        for (Codecs.Wrapping w : Codecs.Wrapping.values()) {
            assertThat(Arrays.copyOf(compress("lz4", w, data), 4)).containsExactly(0x04, 0x22, 0x4d, 0x18);
            assertThat(Arrays.copyOf(compress("zstd", w, data), 4)).containsExactly(0x28, 0xb5, 0x2f, 0xfd);
        }
        assertThat(compress("none", Codecs.Wrapping.ZLIB, data)).isEqualTo(data);
    }

    @Test
    void levelsReachTheCompressor() throws IOException {
        byte[] data = rows(50_000);
        assertThat(compress("gzip:9", Codecs.Wrapping.ZLIB, data).length).isLessThan(compress("gzip:1", Codecs.Wrapping.ZLIB, data).length);
        assertThat(compress("lz4:12", Codecs.Wrapping.ZLIB, data).length).isLessThan(compress("lz4:1", Codecs.Wrapping.ZLIB, data).length);
        assertThat(compress("zstd:19", Codecs.Wrapping.ZLIB, data).length).isLessThan(compress("zstd:1", Codecs.Wrapping.ZLIB, data).length);
    }

    @Test
    void fileSuffixesArePgDumps() {
        assertThat(Codecs.fileSuffix(CompressionAlgorithm.NONE)).isEmpty();
        assertThat(Codecs.fileSuffix(CompressionAlgorithm.GZIP)).isEqualTo(".gz");
        assertThat(Codecs.fileSuffix(CompressionAlgorithm.LZ4)).isEqualTo(".lz4");
        assertThat(Codecs.fileSuffix(CompressionAlgorithm.ZSTD)).isEqualTo(".zst");
        assertThat(Codecs.ofFileName("3449.dat.zst")).isEqualTo(CompressionAlgorithm.ZSTD);
        assertThat(Codecs.ofFileName("3449.dat")).isNull();
    }

    /** linked-blocks.lz4: the lz4 1.9.4 CLI's {@code lz4 -B4 -BD} of the text {@link #linkedText()} makes. */
    @Test
    void readsAnLz4FrameWithLinkedBlocksFromTheLz4Cli() throws IOException {
        byte[] frame = ReArchive.resource("linked-blocks.lz4");
        assertThat(frame[4] & 0x20).as("FLG block independence bit: 0 means linked blocks").isZero();
        assertThat(decompress(CompressionAlgorithm.LZ4, Codecs.Wrapping.ZLIB, frame)).isEqualTo(linkedText());
    }

    static byte[] linkedText() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8000; i++) {
            sb.append("row ").append(i).append("\tlinked-block LZ4 frame\t").append((long) i * i % 977).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void readsLinkedBlocksMadeNow() throws IOException, InterruptedException {
        byte[] data = rows(60_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var params = new FramedLZ4CompressorOutputStream.Parameters(FramedLZ4CompressorOutputStream.BlockSize.K64, true, false, true);
        try (OutputStream c = new FramedLZ4CompressorOutputStream(out, params)) {
            c.write(data);
        }
        byte[] frame = out.toByteArray();
        assertThat(frame[4] & 0x20).as("commons-compress wrote linked blocks").isZero();
        assertThat(decompress(CompressionAlgorithm.LZ4, Codecs.Wrapping.ZLIB, frame)).isEqualTo(data);

        Path plain = dir.resolve("rows.txt");
        Files.write(plain, data);
        ReArchive.Result cli;
        try {
            cli = ReArchive.run(List.of("lz4", "-q", "-f", "-B4", "-BD", plain.toString(), dir.resolve("rows.lz4").toString()), null);
        } catch (IOException e) {
            System.err.println("SKIPPED LOUDLY: the lz4 CLI is not installed; linked blocks checked with commons-compress only");
            return;
        }
        assertThat(cli.exitCode()).as(cli.stderr()).isZero();
        byte[] cliFrame = Files.readAllBytes(dir.resolve("rows.lz4"));
        assertThat(cliFrame[4] & 0x20).isZero();
        assertThat(decompress(CompressionAlgorithm.LZ4, Codecs.Wrapping.ZLIB, cliFrame)).isEqualTo(data);
    }

    @Test
    void corruptDataFails() throws IOException {
        byte[] data = rows(5000);
        for (String spec : List.of("gzip", "lz4", "zstd")) {
            byte[] packed = compress(spec, Codecs.Wrapping.ZLIB, data);
            packed[packed.length / 2] ^= 0x55;
            CompressionAlgorithm a = CompressionSpec.parse(spec).algorithm();
            assertThatThrownBy(() -> decompress(a, Codecs.Wrapping.ZLIB, packed)).as(spec).isInstanceOf(IOException.class);
        }
    }
}
