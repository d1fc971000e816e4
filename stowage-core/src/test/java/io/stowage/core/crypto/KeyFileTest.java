package io.stowage.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {
    @TempDir
    Path dir;

    private final byte[] key = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private final String keyId = EncryptionKey.of(key).keyId();

    private Path write(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void readsRawHexAndBase64Forms() throws Exception {
        assertThat(KeyFile.read(write("raw", key)).keyId()).isEqualTo(keyId);
        assertThat(KeyFile.read(write("hex", (HexFormat.of().formatHex(key) + "\n").getBytes(StandardCharsets.US_ASCII)))
                .keyId()).isEqualTo(keyId);
        assertThat(KeyFile.read(write("HEX", HexFormat.of().withUpperCase().formatHex(key).getBytes(StandardCharsets.US_ASCII)))
                .keyId()).isEqualTo(keyId);
        assertThat(KeyFile.read(write("b64", (Base64.getEncoder().encodeToString(key) + "\r\n").getBytes(StandardCharsets.US_ASCII)))
                .keyId()).isEqualTo(keyId);
    }

    @Test
    void otherContentIsAnErrorNamingFileAndForms() throws Exception {
        for (byte[] bad : new byte[][] {
                new byte[31], new byte[33], new byte[0],
                "zz0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f".getBytes(StandardCharsets.US_ASCII),
                Base64.getEncoder().encode(new byte[31]),
                "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!".getBytes(StandardCharsets.US_ASCII)}) {
            Path file = write("bad", bad);
            assertThatThrownBy(() -> KeyFile.read(file))
                    .isInstanceOf(StowageException.class)
                    .satisfies(e -> {
                        StowageException se = (StowageException) e;
                        assertThat(se.code()).isEqualTo(ErrorCode.INPUT);
                        assertThat(se.oneLine()).contains(file.toString())
                                .contains("32 raw bytes, 64 hex characters, or the base64 of 32 bytes");
                    });
        }
    }

    @Test
    void errorNeverShowsTheContent() throws Exception {
        String almostHex = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
        Path file = write("short", almostHex.getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> KeyFile.read(file))
                .isInstanceOf(StowageException.class)
                .satisfies(e -> assertThat(((StowageException) e).oneLine()).doesNotContain(almostHex));
    }

    @Test
    void missingAndOversizedFiles() throws Exception {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> KeyFile.read(missing)).isInstanceOf(StowageException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
        Path big = write("big", new byte[10_000]);
        assertThatThrownBy(() -> KeyFile.read(big)).isInstanceOf(StowageException.class)
                .hasMessageContaining("too large");
    }

    @Test
    void keyNeverInToStringAndDestroyWipes() {
        EncryptionKey k = EncryptionKey.of(key);
        assertThat(k.toString()).contains(k.keyId()).doesNotContain(HexFormat.of().formatHex(key))
                .doesNotContain(HexFormat.of().formatHex(key, 0, 8));
        assertThat(k.keyId()).hasSize(16).matches("[0-9a-f]{16}");
        // the key id is HKDF(key, info "stowage key id"), not a prefix of the key
        assertThat(k.keyId()).isEqualTo(HexFormat.of().formatHex(
                Hkdf.derive(key, null, "stowage key id".getBytes(StandardCharsets.US_ASCII), 8)));
        k.destroy();
        assertThat(k.isDestroyed()).isTrue();
        assertThatThrownBy(k::bytes).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> EncryptionKey.of(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
