package io.stowage.postgres.archive.compress;

import io.stowage.core.options.CompressionAlgorithm;
import io.stowage.core.options.CompressionSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class IsalInflaterInputStreamTest {
    private static final String MISSING = "SKIPPED LOUDLY: ISA-L is not in use (libisal.so.2 missing, Debian package "
            + "libisal2, or its self-check failed); .ci/run installs it, so CI runs this test";

    @BeforeEach
    @AfterEach
    void useIsalWhenPresent() {
        Isal.forceFallback = false;
    }

    static Stream<Arguments> payloads() {
        return Stream.of(0, 1, 2, 100, 4095, 65_536, 65_537, 262_144, 262_145, 1_048_583, 3_000_001)
                .flatMap(size -> Stream.of(Arguments.of("text", size), Arguments.of("random", size)));
    }

    @ParameterizedTest(name = "{0} {1} bytes")
    @MethodSource("payloads")
    void gzipFileIsByteIdenticalToJavaUtilZip(String kind, int size) throws IOException {
        assumeTrue(Isal.loaded(), MISSING);
        byte[] data = data(kind, size);
        byte[] gz = gzipMembers(6, data);
        byte[] viaIsal = readAll(new IsalInflaterInputStream(new ByteArrayInputStream(gz), Codecs.Wrapping.GZIP_FILE));
        byte[] viaZip = readAll(new GZIPInputStream(new ByteArrayInputStream(gz)));
        assertThat(viaIsal).isEqualTo(viaZip).isEqualTo(data);
    }

    @ParameterizedTest(name = "{0} {1} bytes")
    @MethodSource("payloads")
    void zlibStreamIsByteIdenticalToJavaUtilZip(String kind, int size) throws IOException {
        assumeTrue(Isal.loaded(), MISSING);
        byte[] data = data(kind, size);
        byte[] z = zlib(data, size % 2 == 0 ? 1 : 9);
        byte[] viaIsal = readAll(new IsalInflaterInputStream(new ByteArrayInputStream(z), Codecs.Wrapping.ZLIB));
        byte[] viaZip = readAll(new InflaterInputStream(new ByteArrayInputStream(z)));
        assertThat(viaIsal).isEqualTo(viaZip).isEqualTo(data);
    }

    @Test
    void codecsUsesIsalWhenPresent() throws IOException {
        assumeTrue(Isal.loaded(), MISSING);
        try (InputStream gz = Codecs.decompressing(CompressionAlgorithm.GZIP, Codecs.Wrapping.GZIP_FILE, InputStream.nullInputStream());
             InputStream z = Codecs.decompressing(CompressionAlgorithm.GZIP, Codecs.Wrapping.ZLIB, InputStream.nullInputStream())) {
            assertThat(gz).isInstanceOf(IsalInflaterInputStream.class);
            assertThat(z).isInstanceOf(IsalInflaterInputStream.class);
            assertThat(Codecs.gunzipEngine()).isEqualTo("isa-l");
        }
    }

    @Test
    void twentyMegabytesReadInOddChunksThroughSmallBuffers() throws IOException {
        assumeTrue(Isal.loaded(), MISSING);
        byte[] data = data("text", 20 * 1024 * 1024 + 13);
        byte[] gz = gzipMembers(1, data);
        int[] chunks = {1, 3, 4093, 65_537, 7, 262_147, 999_983};
        ByteArrayOutputStream got = new ByteArrayOutputStream(data.length);
        // buffers of odd sizes too, so that headers, blocks and trailers straddle refills
        try (InputStream in = new IsalInflaterInputStream(new TricklingInputStream(gz, 77_777), Codecs.Wrapping.GZIP_FILE, 10_007, 33_331)) {
            byte[] buf = new byte[1_000_000];
            for (int i = 0; ; i++) {
                int n = in.read(buf, 0, chunks[i % chunks.length]);
                if (n < 0) {
                    break;
                }
                got.write(buf, 0, n);
            }
        }
        assertThat(Arrays.equals(got.toByteArray(), data)).as("20 MB inflated equal to the original").isTrue();
    }

    @Test
    void readsEveryMemberOfAMultiMemberFile() throws IOException {
        assumeTrue(Isal.loaded(), MISSING);
        byte[] a = data("text", 300_000);
        byte[] b = data("random", 70_000);
        byte[] gz = concat(gzipMembers(9, a), gzipMembers(1, new byte[0]), gzipMembers(1, b), gzipMembers(6, a));
        byte[] expected = concat(a, b, a);
        for (int buffer : new int[]{1, 18, 4096, IsalInflaterInputStream.DEFAULT_BUFFER}) {
            byte[] got = readAll(new IsalInflaterInputStream(new ByteArrayInputStream(gz), Codecs.Wrapping.GZIP_FILE, buffer, 65_536));
            assertThat(got).as("input buffer %d", buffer).isEqualTo(expected);
        }
    }

    @Test
    void readsOurOwnParallelWritersFiles() throws IOException {
        assumeTrue(Isal.loaded(), MISSING);
        byte[] data = data("text", 5 * 1024 * 1024 + 1);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (OutputStream out = Codecs.compressing(CompressionSpec.parse("gzip"), Codecs.Wrapping.GZIP_FILE, file)) {
            out.write(data);
        }
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        try (OutputStream out = Codecs.compressing(CompressionSpec.parse("gzip"), Codecs.Wrapping.ZLIB, block)) {
            out.write(data);
        }
        assertThat(readAll(Codecs.decompressing(CompressionAlgorithm.GZIP, Codecs.Wrapping.GZIP_FILE, new ByteArrayInputStream(file.toByteArray()))))
                .isEqualTo(data);
        assertThat(readAll(Codecs.decompressing(CompressionAlgorithm.GZIP, Codecs.Wrapping.ZLIB, new ByteArrayInputStream(block.toByteArray()))))
                .isEqualTo(data);
    }

    @Test
    void truncatedInputFailsAtEveryCut() throws IOException {
        assumeTrue(Isal.loaded(), MISSING);
        byte[] gz = concat(gzipMembers(6, data("text", 100_000)), gzipMembers(6, data("text", 1000)));
        byte[] z = zlib(data("text", 100_000), 6);
        for (int cut : new int[]{1, 5, 10, 11, 500, gz.length / 2, gz.length - 9, gz.length - 8, gz.length - 1}) {
            byte[] part = Arrays.copyOf(gz, cut);
            assertThatThrownBy(() -> readAll(new IsalInflaterInputStream(new ByteArrayInputStream(part), Codecs.Wrapping.GZIP_FILE)))
                    .as("gzip cut at %d of %d", cut, gz.length)
                    .isInstanceOf(EOFException.class).hasMessageContaining("ends early");
        }
        for (int cut : new int[]{1, 2, 300, z.length - 4, z.length - 1}) {
            byte[] part = Arrays.copyOf(z, cut);
            assertThatThrownBy(() -> readAll(new IsalInflaterInputStream(new ByteArrayInputStream(part), Codecs.Wrapping.ZLIB)))
                    .as("zlib cut at %d of %d", cut, z.length)
                    .isInstanceOf(EOFException.class).hasMessageContaining("ends early");
        }
        assertThatThrownBy(() -> readAll(new IsalInflaterInputStream(InputStream.nullInputStream(), Codecs.Wrapping.GZIP_FILE)))
                .isInstanceOf(EOFException.class).hasMessageContaining("empty");
    }

    @Test
    void corruptTrailersFail() throws IOException {
        assumeTrue(Isal.loaded(), MISSING);
        byte[] gz = gzipMembers(6, data("random", 50_000));
        byte[] badCrc = gz.clone();
        badCrc[gz.length - 8] ^= 1;
        byte[] badLength = gz.clone();
        badLength[gz.length - 1] ^= 1;
        byte[] z = zlib(data("text", 50_000), 6);
        byte[] badAdler = z.clone();
        badAdler[z.length - 1] ^= 0x40;
        for (byte[] bad : new byte[][]{badCrc, badLength}) {
            assertThatThrownBy(() -> readAll(new IsalInflaterInputStream(new ByteArrayInputStream(bad), Codecs.Wrapping.GZIP_FILE)))
                    .isInstanceOf(IOException.class).hasMessageContaining("corrupt gzip file").hasMessageContaining("checksum");
        }
        assertThatThrownBy(() -> readAll(new IsalInflaterInputStream(new ByteArrayInputStream(badAdler), Codecs.Wrapping.ZLIB)))
                .isInstanceOf(IOException.class).hasMessageContaining("corrupt zlib stream").hasMessageContaining("checksum");
    }

    @Test
    void corruptHeadersBodiesAndTrailingGarbageFail() throws IOException {
        assumeTrue(Isal.loaded(), MISSING);
        byte[] data = data("text", 200_000);
        byte[] gz = gzipMembers(6, data);
        byte[] badMagic = gz.clone();
        badMagic[0] = 0x1e;
        byte[] badMethod = gz.clone();
        badMethod[2] = 7;
        byte[] garbage = concat(gz, "not gzip at all".getBytes(StandardCharsets.US_ASCII));
        for (byte[] bad : new byte[][]{badMagic, badMethod, garbage}) {
            assertThatThrownBy(() -> readAll(new IsalInflaterInputStream(new ByteArrayInputStream(bad), Codecs.Wrapping.GZIP_FILE)))
                    .isInstanceOf(IOException.class).hasMessageContaining("corrupt gzip file");
        }
        // flipped bits in the deflate data: an error, never other bytes than the original's
        Random random = new Random(5);
        for (int i = 0; i < 200; i++) {
            byte[] bad = gz.clone();
            bad[10 + random.nextInt(gz.length - 18)] ^= (byte) (1 << random.nextInt(8));
            assertThatThrownBy(() -> readAll(new IsalInflaterInputStream(new ByteArrayInputStream(bad), Codecs.Wrapping.GZIP_FILE)))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void closeIsIdempotentAndReadingAfterItFails() throws IOException {
        assumeTrue(Isal.loaded(), MISSING);
        CloseCounting source = new CloseCounting(gzipMembers(6, data("text", 1000)));
        InputStream in = new IsalInflaterInputStream(source, Codecs.Wrapping.GZIP_FILE);
        assertThat(in.read()).isEqualTo(data("text", 1000)[0] & 0xff);
        in.close();
        in.close();
        assertThat(source.closes).isEqualTo(1);
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    @Test
    void fallbackToJavaUtilZipWhenForced() throws IOException {
        Isal.forceFallback = true;
        byte[] data = data("text", 400_000);
        byte[] gz = concat(gzipMembers(6, data), gzipMembers(1, data));
        byte[] z = zlib(data, 6);
        try (InputStream in = Codecs.decompressing(CompressionAlgorithm.GZIP, Codecs.Wrapping.GZIP_FILE, new ByteArrayInputStream(gz))) {
            assertThat(in).isNotInstanceOf(IsalInflaterInputStream.class);
            assertThat(in.readAllBytes()).isEqualTo(concat(data, data));
        }
        try (InputStream in = Codecs.decompressing(CompressionAlgorithm.GZIP, Codecs.Wrapping.ZLIB, new ByteArrayInputStream(z))) {
            assertThat(in).isNotInstanceOf(IsalInflaterInputStream.class);
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(Codecs.gunzipEngine()).isEqualTo("java.util.zip");
    }

    static byte[] data(String kind, int size) {
        byte[] out = new byte[size];
        Random random = new Random(size * 31L + kind.length());
        if (kind.equals("random")) {
            random.nextBytes(out);
            return out;
        }
        StringBuilder s = new StringBuilder(size + 100);
        for (int i = 0; s.length() < size; i++) {
            s.append(i).append('\t').append("customer ").append(random.nextInt(5000)).append('\t')
                    .append(i % 7 == 0 ? "\\N" : "2024-0" + (1 + i % 9) + "-1" + i % 10).append('\n');
        }
        System.arraycopy(s.toString().getBytes(StandardCharsets.US_ASCII), 0, out, 0, size);
        return out;
    }

    static byte[] gzipMembers(int level, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes, 65_536) {
            {
                def.setLevel(level);
            }
        }) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    static byte[] zlib(byte[] data, int level) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(level);
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, deflater)) {
            out.write(data);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    /** Hands out at most {@code max} bytes a read and claims nothing is available, like a pipe. */
    private static final class TricklingInputStream extends ByteArrayInputStream {
        private final int max;

        TricklingInputStream(byte[] data, int max) {
            super(data);
            this.max = max;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, max));
        }

        @Override
        public synchronized int available() {
            return 0;
        }
    }

    private static final class CloseCounting extends ByteArrayInputStream {
        int closes;

        CloseCounting(byte[] data) {
            super(data);
        }

        @Override
        public void close() {
            closes++;
        }
    }
}
