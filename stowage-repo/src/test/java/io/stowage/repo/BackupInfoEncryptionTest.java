package io.stowage.repo;

import io.stowage.core.crypto.Argon2Params;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code encryption} field of {@code metadata.json}: written, read back, and absent in older metadata. */
class BackupInfoEncryptionTest {
    private static final BackupKey KEY = new BackupKey("20261122T101500Z-pagila-3f9a");

    private static BackupInfo info(BackupEncryption encryption) {
        return new BackupInfo(KEY, "pagila", "15.19", "postgresql://postgres@127.0.0.1:5432/pagila", "native", "custom", "gzip",
                List.of(), "0.1.0", Instant.parse("2026-11-22T10:15:00Z"), Instant.parse("2026-11-22T10:15:09Z"), 1234,
                "ab".repeat(32), 12, Map.of("public.actor", 200L), encryption);
    }

    @Test
    void aPassphraseBackupsEncryptionRoundTrips() {
        BackupEncryption encryption = new BackupEncryption(BackupEncryption.CIPHER, "0123456789abcdef", BackupEncryption.KDF_PASSPHRASE,
                new Argon2Params(65536, 3, 1));
        String json = info(encryption).toJson();
        assertThat(json).contains("\n  \"encryption\": {\"cipher\": \"aes-256-gcm/stwenc1\", \"key_id\": \"0123456789abcdef\", "
                + "\"kdf\": \"argon2id\", \"argon2\": {\"memory_kib\": 65536, \"iterations\": 3, \"parallelism\": 1}},\n");
        BackupInfo read = BackupInfo.fromJson(json);
        assertThat(read).isEqualTo(info(encryption));
        assertThat(read.encrypted()).isTrue();
        assertThat(read.encryption().passphrase()).isTrue();
        assertThat(BackupInfo.fromJson(read.toJsonLine())).isEqualTo(read);
    }

    @Test
    void aKeyFileBackupsEncryptionHasNoArgon2Parameters() {
        BackupEncryption encryption = new BackupEncryption(BackupEncryption.CIPHER, "fedcba9876543210", BackupEncryption.KDF_KEY_FILE, null);
        String json = info(encryption).toJson();
        assertThat(json).contains("\"encryption\": {\"cipher\": \"aes-256-gcm/stwenc1\", \"key_id\": \"fedcba9876543210\", \"kdf\": \"key-file\"},")
                .doesNotContain("argon2\"");
        assertThat(BackupInfo.fromJson(json).encryption()).isEqualTo(encryption);
        assertThat(encryption.passphrase()).isFalse();
    }

    @Test
    void aPlainBackupSaysSoAndMetadataWithoutTheFieldIsPlain() {
        String json = info(null).toJson();
        assertThat(json).contains("\n  \"encryption\": null,\n");
        assertThat(BackupInfo.fromJson(json).encrypted()).isFalse();
        // metadata written before encryption existed
        String old = json.replace("  \"encryption\": null,\n", "");
        assertThat(old).doesNotContain("encryption");
        BackupInfo read = BackupInfo.fromJson(old);
        assertThat(read.encryption()).isNull();
        assertThat(read).isEqualTo(info(null));
        // the old constructor still makes plain metadata
        assertThat(new BackupInfo(KEY, "pagila", "15.19", "c", "native", "custom", "gzip", List.of(), "0.1.0", Instant.EPOCH,
                Instant.EPOCH, 1, "ab".repeat(32), 1, Map.of()).encryption()).isNull();
    }

    @Test
    void malformedEncryptionIsRejectedByName() {
        String json = info(null).toJson();
        assertThatThrownBy(() -> BackupInfo.fromJson(json.replace("\"encryption\": null", "\"encryption\": \"yes\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encryption");
        assertThatThrownBy(() -> BackupInfo.fromJson(json.replace("\"encryption\": null",
                "\"encryption\": {\"cipher\": \"aes-256-gcm/stwenc1\", \"key_id\": \"not hex\", \"kdf\": \"key-file\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key id");
        assertThatThrownBy(() -> BackupInfo.fromJson(json.replace("\"encryption\": null",
                "\"encryption\": {\"cipher\": \"aes-256-gcm/stwenc1\", \"key_id\": \"0123456789abcdef\", \"kdf\": \"argon2id\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Argon2");
        assertThatThrownBy(() -> BackupInfo.fromJson(json.replace("\"encryption\": null",
                "\"encryption\": {\"cipher\": \"aes-256-gcm/stwenc1\", \"key_id\": \"0123456789abcdef\", \"kdf\": \"rot13\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kdf");
    }
}
