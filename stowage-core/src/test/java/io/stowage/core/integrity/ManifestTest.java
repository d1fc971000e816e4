package io.stowage.core.integrity;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestTest {

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void streamsDigestWhatPasses() throws Exception {
        byte[] data = "hello, manifest\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (DigestingOutputStream out = new DigestingOutputStream(sink)) {
            out.write(data, 0, 10);
            out.write(data[10]);
            out.write(data, 11, data.length - 11);
            assertThat(out.size()).isEqualTo(data.length);
            assertThat(out.sha256()).isEqualTo(sha(data));
        }
        assertThat(sink.toByteArray()).isEqualTo(data);
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data));
        assertThat(in.read()).isEqualTo(data[0]);
        in.skip(5);
        in.transferTo(OutputStream.nullOutputStream());
        assertThat(in.size()).isEqualTo(data.length);
        assertThat(in.sha256()).isEqualTo(sha(data));
    }

    @Test
    void jsonRoundTripsAndIsStable(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.dat"), "alpha");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/b \"q\".dat"), "beta");
        Manifest m = Manifest.scan(dir, List.of("a.dat", "sub/b \"q\".dat"));
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update("alpha".getBytes());
        assertThat(m.entries().get(0)).isEqualTo(new ManifestEntry("a.dat", 5, sha("alpha".getBytes()),
                List.of(String.format("%08x", crc.getValue()))));
        String json = m.toJson();
        assertThat(Manifest.parse(json)).isEqualTo(m);
        assertThat(Manifest.parse(json).toJson()).isEqualTo(json);
        m.verify(dir);
    }

    @Test
    void malformedManifestsAreRejectedWithAReason() {
        String good = Manifest.of(List.of(new ManifestEntry("x", 1, "a".repeat(64)))).toJson();
        assertThat(Manifest.parse(good).entries()).hasSize(1);
        for (String bad : List.of("", "[]", "{", good.replace("\"version\":1", "\"version\":2"),
                good.replace("\"size\":1", "\"size\":-1"), good.replace("\"size\":1", "\"size\":1.5"),
                good.replace("\"x\"", "\"../x\""), good.replace("\"x\"", "\"/etc/x\""),
                good.replace("aaaa", "aaaZ"), good.replace("\"sha256\":", "\"sha1\":"), good + "x",
                good.replace("]}", "]"), good.replace("{\"path\"", "{\"extra\":1,\"path\""))) {
            assertThatThrownBy(() -> Manifest.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("null");
        }
    }

    @Test
    void verifyNamesTheFileAndWhereItEnds(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("f"), new byte[1000]);
        Manifest m = Manifest.scan(dir, List.of("f"));
        Files.write(dir.resolve("f"), new byte[600]);
        assertThatThrownBy(() -> m.verify(dir)).isInstanceOfSatisfying(StowageException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.VERIFICATION))
                .hasMessageContaining("\"" + dir.resolve("f") + "\"").hasMessageContaining("offset 600");
        Files.write(dir.resolve("f"), new byte[1001]);
        assertThatThrownBy(() -> m.verify(dir)).hasMessageContaining("past offset 1000");
        byte[] flipped = new byte[1000];
        flipped[500] = 1;
        Files.write(dir.resolve("f"), flipped);
        assertThatThrownBy(() -> m.verify(dir)).hasMessageContaining("SHA-256");
        Files.delete(dir.resolve("f"));
        assertThatThrownBy(() -> m.verify(dir)).hasMessageContaining("missing");
    }
}
