package io.stowage.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stowage.core.connect.PasswordPrompter;
import io.stowage.core.connect.Secret;
import io.stowage.core.error.StowageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassphraseSourceTest {
    private static final Argon2Params SMALL = new Argon2Params(64, 1, 1);
    private static final byte[] SALT = new byte[16];

    @TempDir
    Path dir;

    /** The key a passphrase gives, as a comparable key id. */
    private static String idOf(Passphrase passphrase) {
        return passphrase.deriveKey(SALT, SMALL).keyId();
    }

    private static String idOf(String passphrase) {
        return idOf(Passphrase.of(passphrase.toCharArray()));
    }

    private static PasswordPrompter answering(String... answers) {
        Deque<String> queue = new ArrayDeque<>(List.of(answers));
        return prompt -> Optional.of(Secret.of(queue.removeFirst()));
    }

    @Test
    void fileWinsOverEnvironmentAndLosesOneLineEnd() throws Exception {
        Path file = Files.write(dir.resolve("pass"), "from file\r\n".getBytes(StandardCharsets.UTF_8));
        PassphraseSource source = new PassphraseSource(Map.of(PassphraseSource.ENV, "from env"), PasswordPrompter.NONE);
        assertThat(idOf(source.resolve(file, false))).isEqualTo(idOf("from file"));
        Path twoLines = Files.write(dir.resolve("two"), "pass\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(idOf(source.resolve(twoLines, false))).isEqualTo(idOf("pass\n"));
    }

    @Test
    void environmentThenPrompt() {
        assertThat(idOf(new PassphraseSource(Map.of(PassphraseSource.ENV, "from env"), answering("typed"))
                .resolve(null, true))).isEqualTo(idOf("from env"));
        assertThat(idOf(new PassphraseSource(Map.of(), answering("typed")).resolve(null, false)))
                .isEqualTo(idOf("typed"));
        assertThat(idOf(new PassphraseSource(Map.of(), answering("typed", "typed")).resolve(null, true)))
                .isEqualTo(idOf("typed"));
    }

    @Test
    void failures() throws Exception {
        assertThatThrownBy(() -> new PassphraseSource(Map.of(), PasswordPrompter.NONE).resolve(null, false))
                .isInstanceOf(StowageException.class)
                .satisfies(e -> assertThat(((StowageException) e).oneLine())
                        .contains("no terminal").contains("STOWAGE_PASSPHRASE").contains("--passphrase-file"));
        assertThatThrownBy(() -> new PassphraseSource(Map.of(), answering("one", "two")).resolve(null, true))
                .isInstanceOf(StowageException.class).hasMessageContaining("differ");
        assertThatThrownBy(() -> new PassphraseSource(Map.of(), answering("")).resolve(null, false))
                .isInstanceOf(StowageException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> new PassphraseSource(Map.of(PassphraseSource.ENV, ""), PasswordPrompter.NONE)
                .resolve(null, false)).isInstanceOf(StowageException.class).hasMessageContaining("empty");
        Path empty = Files.write(dir.resolve("empty"), "\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new PassphraseSource(Map.of(), PasswordPrompter.NONE).resolve(empty, false))
                .isInstanceOf(StowageException.class).hasMessageContaining(empty.toString()).hasMessageContaining("empty");
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> new PassphraseSource(Map.of(), PasswordPrompter.NONE).resolve(missing, false))
                .isInstanceOf(StowageException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void passphraseNeverInToString() {
        Passphrase passphrase = Passphrase.of("hunter2".toCharArray());
        assertThat(passphrase.toString()).isEqualTo("****");
    }
}
