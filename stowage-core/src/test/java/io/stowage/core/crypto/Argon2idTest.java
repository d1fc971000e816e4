package io.stowage.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Argon2idTest {
    private static final Argon2Params SMALL = new Argon2Params(256, 1, 1);

    private static byte[] repeat(int value, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** RFC 9106 section 5.3: Argon2id, m = 32 KiB, t = 3, p = 4, with secret and associated data. */
    @Test
    void rfc9106TestVector() {
        byte[] tag = Argon2id.hash(repeat(0x01, 32), repeat(0x02, 16), repeat(0x03, 8), repeat(0x04, 12),
                new Argon2Params(32, 3, 4), 32);
        assertThat(HexFormat.of().formatHex(tag))
                .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }

    @Test
    void derivedKeyDependsOnPassphraseSaltAndParameters() {
        byte[] salt = repeat(0x22, 16);
        String id = Argon2id.deriveKey("correct horse".toCharArray(), salt, SMALL).keyId();
        assertThat(Argon2id.deriveKey("correct horse".toCharArray(), salt, SMALL).keyId()).isEqualTo(id);
        assertThat(Argon2id.deriveKey("correct horsf".toCharArray(), salt, SMALL).keyId()).isNotEqualTo(id);
        assertThat(Argon2id.deriveKey("correct horse".toCharArray(), repeat(0x23, 16), SMALL).keyId()).isNotEqualTo(id);
        assertThat(Argon2id.deriveKey("correct horse".toCharArray(), salt, new Argon2Params(256, 2, 1)).keyId())
                .isNotEqualTo(id);
    }

    @Test
    void nonAsciiPassphraseIsUtf8() {
        byte[] salt = repeat(0x22, 16);
        byte[] viaChars = Argon2id.deriveKey("pässwörd €".toCharArray(), salt, SMALL).bytes();
        byte[] viaBytes = Argon2id.hash("pässwörd €".getBytes(java.nio.charset.StandardCharsets.UTF_8), salt, null, null,
                SMALL, 32);
        assertThat(viaChars).isEqualTo(viaBytes);
    }

    @Test
    void parametersAreBounded() {
        assertThatThrownBy(() -> new Argon2Params(7, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Params(Argon2Params.MAX_MEMORY_KIB + 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Params(64, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2Params(64, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Argon2Params.DEFAULT).isEqualTo(new Argon2Params(65536, 3, 1));
    }
}
