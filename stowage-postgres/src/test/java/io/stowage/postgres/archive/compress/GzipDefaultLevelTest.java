package io.stowage.postgres.archive.compress;

import io.stowage.core.options.CompressionSpec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** gzip without a level: libdeflate's fast level for gzip files, zlib's 6 for custom archives' zlib streams. */
class GzipDefaultLevelTest {

    @Test
    void gzipFilesWithoutALevelAreWrittenAtLibdeflatesDefaultLevel() throws IOException {
        assumeTrue(Libdeflate.available(), "SKIPPED LOUDLY: libdeflate.so.0 is missing (Debian package libdeflate0; .ci/run installs it)");
        byte[] data = copyText();
        byte[] byDefault = compress(CompressionSpec.GZIP_DEFAULT, Codecs.Wrapping.GZIP_FILE, data);
        byte[] atOne = compress(CompressionSpec.parse("gzip:1"), Codecs.Wrapping.GZIP_FILE, data);
        byte[] atSix = compress(CompressionSpec.parse("gzip:6"), Codecs.Wrapping.GZIP_FILE, data);
        assertThat(Codecs.gzipLevel(Codecs.Wrapping.GZIP_FILE, null)).isEqualTo(Codecs.LIBDEFLATE_DEFAULT_LEVEL);
        assertThat(byDefault).isEqualTo(atOne);
        assertThat(atSix.length).isLessThan(byDefault.length);
        assertThat(new GZIPInputStream(new ByteArrayInputStream(byDefault)).readAllBytes()).isEqualTo(data);
        // an explicit level is that level, as in pg_dump
        assertThat(Codecs.gzipLevel(Codecs.Wrapping.GZIP_FILE, 6)).isEqualTo(6);
    }

    @Test
    void zlibStreamsWithoutALevelStayAtZlibsDefault() throws IOException {
        byte[] data = copyText();
        assertThat(Codecs.gzipLevel(Codecs.Wrapping.ZLIB, null)).isEqualTo(6);
        assertThat(compress(CompressionSpec.GZIP_DEFAULT, Codecs.Wrapping.ZLIB, data))
                .isEqualTo(compress(CompressionSpec.parse("gzip:6"), Codecs.Wrapping.ZLIB, data));
    }

    private static byte[] compress(CompressionSpec spec, Codecs.Wrapping wrapping, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = Codecs.compressing(spec, wrapping, bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    /** COPY-like rows, a few MB, so several 1 MB blocks are compressed. */
    private static byte[] copyText() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 3_000_000; i++) {
            sb.append(i).append('\t').append(i % 977).append('\t').append("2024-01-").append(10 + i % 18)
                    .append(" 12:").append(i % 60).append(":00+00\t").append(i % 3 == 0 ? "\\N" : "note " + (i * 7919 % 10007))
                    .append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
