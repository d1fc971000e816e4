package io.stowage.postgres.archive.compress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.Adler32;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ParallelDeflateOutputStreamTest {

    @TempDir
    Path dir;

    static byte[] data(int size) {
        return Arrays.copyOf(GzipBench.generate(Math.max(size, 1)), size);
    }

    static byte[] compress(ParallelDeflateOutputStream.Framing framing, int level, int block, byte[] data, int piece)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream c = new ParallelDeflateOutputStream(out, framing, level, block)) {
            for (int off = 0; off < data.length; off += piece) {
                c.write(data, off, Math.min(piece, data.length - off));
            }
        }
        return out.toByteArray();
    }

    static byte[] inflate(ParallelDeflateOutputStream.Framing framing, byte[] packed) throws IOException {
        try (InputStream in = framing == ParallelDeflateOutputStream.Framing.ZLIB
                ? new InflaterInputStream(new ByteArrayInputStream(packed))
                : new GZIPInputStream(new ByteArrayInputStream(packed))) {
            return in.readAllBytes();
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (ParallelDeflateOutputStream.Framing f : ParallelDeflateOutputStream.Framing.values()) {
            for (int size : new int[] {0, 1, 4096, 4097, 100_000, 3 << 20}) {
                for (int block : new int[] {4096, 1 << 20}) {
                    cases.add(Arguments.of(f, size, block));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} bytes in blocks of {2}")
    @MethodSource("cases")
    void roundTripsWithTheJdksInflater(ParallelDeflateOutputStream.Framing framing, int size, int block) throws IOException {
        assumeTrue(framing != ParallelDeflateOutputStream.Framing.GZIP_MEMBERS || Libdeflate.available(),
                "SKIPPED LOUDLY: libdeflate.so.0 is missing (Debian package libdeflate0)");
        byte[] data = data(size);
        for (int level : new int[] {1, 6, 9}) {
            byte[] packed = compress(framing, level, block, data, 1000);
            assertThat(inflate(framing, packed)).as("level " + level).isEqualTo(data);
            if (size > 100_000) {
                assertThat(packed.length).isLessThan(size / 2);
            }
        }
    }

    @Test
    void zlibStreamCarriesTheAdlerOfAllItsInput() throws IOException {
        byte[] data = data(300_000);
        byte[] packed = compress(ParallelDeflateOutputStream.Framing.ZLIB, 6, 4096, data, 777);
        Adler32 adler = new Adler32();
        adler.update(data);
        long trailer = ((packed[packed.length - 4] & 0xffL) << 24) | ((packed[packed.length - 3] & 0xff) << 16)
                | ((packed[packed.length - 2] & 0xff) << 8) | (packed[packed.length - 1] & 0xff);
        assertThat(trailer).isEqualTo(adler.getValue());
        // and zlib checks it: a wrong one fails
        packed[packed.length - 1] ^= 1;
        assertThatThrownBy(() -> inflate(ParallelDeflateOutputStream.Framing.ZLIB, packed)).isInstanceOf(ZipException.class);
    }

    @Test
    void adler32CombineIsZlibs() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] a = new byte[random.nextInt(200_000)];
            byte[] b = new byte[random.nextInt(200_000)];
            random.nextBytes(a);
            random.nextBytes(b);
            Adler32 x = new Adler32();
            x.update(a);
            Adler32 y = new Adler32();
            y.update(b);
            Adler32 both = new Adler32();
            both.update(a);
            both.update(b);
            assertThat(BlockCompressors.adler32Combine(x.getValue(), y.getValue(), b.length)).isEqualTo(both.getValue());
        }
    }

    @Test
    void libdeflateWritesOneGzipMemberPerBlockAndGzipReadsThemAsOneFile() throws Exception {
        assumeTrue(Libdeflate.available(), "SKIPPED LOUDLY: libdeflate.so.0 is missing (Debian package libdeflate0)");
        byte[] data = data(50_000);
        byte[] packed = compress(ParallelDeflateOutputStream.Framing.GZIP_MEMBERS, 6, 10_000, data, 999);
        assertThat(members(packed)).isEqualTo(5);
        Path file = dir.resolve("t.gz");
        Files.write(file, packed);
        Process test = new ProcessBuilder("gzip", "-t", file.toString()).redirectErrorStream(true).start();
        assertThat(test.waitFor()).as(new String(test.getInputStream().readAllBytes())).isZero();
        Process cat = new ProcessBuilder("gzip", "-dc", file.toString()).start();
        byte[] out = cat.getInputStream().readAllBytes();
        assertThat(cat.waitFor()).isZero();
        assertThat(out).isEqualTo(data);
    }

    @Test
    void pigzBlocksPassGzipTest() throws Exception {
        byte[] data = data(200_000);
        Path file = dir.resolve("p.gz");
        Files.write(file, compress(ParallelDeflateOutputStream.Framing.GZIP_SINGLE, 6, 8192, data, 5000));
        Process cat = new ProcessBuilder("gzip", "-dc", file.toString()).start();
        byte[] out = cat.getInputStream().readAllBytes();
        assertThat(cat.waitFor()).isZero();
        assertThat(out).isEqualTo(data);
    }

    @Test
    void theZlibEngineIsTheOldSingleStream() throws IOException {
        byte[] data = data(100_000);
        System.setProperty(Codecs.GZIP_ENGINE_PROPERTY, "zlib");
        try {
            assertThat(Codecs.gzipEngine()).isEqualTo("zlib");
            ByteArrayOutputStream ours = new ByteArrayOutputStream();
            try (OutputStream c = Codecs.compressing(io.stowage.core.options.CompressionSpec.GZIP_DEFAULT, Codecs.Wrapping.ZLIB, ours)) {
                c.write(data);
            }
            ByteArrayOutputStream jdk = new ByteArrayOutputStream();
            try (OutputStream c = new java.util.zip.DeflaterOutputStream(jdk)) {
                c.write(data);
            }
            assertThat(ours.toByteArray()).isEqualTo(jdk.toByteArray());
        } finally {
            System.clearProperty(Codecs.GZIP_ENGINE_PROPERTY);
        }
        assertThat(Codecs.gzipEngine()).isIn("libdeflate", "pigz");
    }

    @Test
    void aFailingTargetFailsTheWriterAndCloseLetsGo() {
        byte[] data = data(2 << 20);
        boolean[] closed = new boolean[1];
        OutputStream target = new OutputStream() {
            long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 20_000) {
                    throw new IOException("disk full");
                }
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        OutputStream c = new ParallelDeflateOutputStream(target, ParallelDeflateOutputStream.Framing.ZLIB, 6, 4096);
        assertThatThrownBy(() -> {
            for (int off = 0; off < data.length; off += 1000) {
                c.write(data, off, Math.min(1000, data.length - off));
            }
        }).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThatThrownBy(() -> c.write(1)).isInstanceOf(IOException.class);
        assertThatCode(c::close).doesNotThrowAnyException();
        assertThat(closed[0]).isTrue();
    }

    /** Counts gzip members by walking them with the JDK's inflater, member by member. */
    private static int members(byte[] packed) {
        int count = 0;
        int off = 0;
        while (off < packed.length) {
            assertThat(packed[off] & 0xff).isEqualTo(0x1f);
            assertThat(packed[off + 1] & 0xff).isEqualTo(0x8b);
            java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
            int header = 10; // libdeflate writes no optional fields
            inflater.setInput(packed, off + header, packed.length - off - header);
            byte[] sink = new byte[65536];
            try {
                while (!inflater.finished()) {
                    inflater.inflate(sink);
                }
            } catch (java.util.zip.DataFormatException e) {
                throw new AssertionError(e);
            }
            off = packed.length - inflater.getRemaining() + 8;
            inflater.end();
            count++;
        }
        return count;
    }
}
