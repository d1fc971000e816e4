package io.stowage.cli;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.postgres.purge.PurgePlan;
import io.stowage.postgres.restore.RestoreResult;
import io.stowage.repo.BackupInfo;
import io.stowage.repo.BackupKey;
import io.stowage.repo.Stowage;
import io.stowage.testkit.DatabaseComparator;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Java facade {@link Stowage}: every operation against a real server, on a directory and on S3. */
class StowageApiTest {
    @TempDir
    static Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void backupListVerifyRestoreReplacePurgeDelete(String kind) throws Exception {
        String location = TestRepositories.fresh(kind, temp);
        PgServer server = Servers.get(15);
        String db = Servers.freshPagila(server);
        try (Stowage stowage = Stowage.repository(location).build()) {
            BackupKey key = stowage.backup(server.settings(db));
            assertThat(stowage.list()).extracting(BackupInfo::key).containsExactly(key);
            BackupInfo info = stowage.show("latest");
            assertThat(info.key()).isEqualTo(key);
            assertThat(info.tableRows()).containsEntry("public.film", 1000L);
            io.stowage.repo.BackupVerification verified = stowage.verify(key);
            assertThat(verified.tableRows()).isEqualTo(info.tableRows());
            assertThat(verified.storedBytes()).isEqualTo(info.archiveSize());

            String empty = server.createDatabase();
            RestoreResult restored = stowage.restore(key, server.settings(empty));
            assertThat(restored.rows()).isEqualTo(info.totalRows());
            assertThat(DatabaseComparator.create().compare(server, db, server, empty).differences()).isEmpty();

            // purge through the facade, then replace puts the emptied tables back
            PurgePlan purged = stowage.purge(server.settings(db), List.of("public.rental", "public.payment*"));
            assertThat(purged.tables()).extracting(io.stowage.postgres.purge.PurgeTable::qualified).contains("public.rental", "public.payment");
            assertThat(server.queryColumn(db, "SELECT count(*) FROM public.rental")).containsExactly("0");
            stowage.replace(key, server.settings(db));
            assertThat(server.queryColumn(db, "SELECT count(*) FROM public.rental")).containsExactly("16044");
            assertThat(DatabaseComparator.create().compare(server, empty, server, db).differences()).isEmpty();

            assertThatThrownBy(() -> stowage.replace(key, server.settings(empty)))
                    .isInstanceOfSatisfying(StowageException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                        assertThat(e.getMessage()).contains("is of database \"" + db + "\"");
                    });
            stowage.delete(key);
            assertThat(stowage.list()).isEmpty();
            assertThatThrownBy(() -> stowage.show(key.value())).isInstanceOf(StowageException.class)
                    .hasMessageContaining("no backup " + key.value());
            server.dropDatabase(empty);
        }
        server.dropDatabase(db);
    }

    /** An encrypting facade: the backup is sealed, verifies and restores with its key, and not without it. */
    @org.junit.jupiter.api.Test
    void encryptedBackupsVerifyAndRestoreThroughTheFacade() throws Exception {
        String location = temp.resolve("api-enc-" + UUID.randomUUID()).toString();
        PgServer server = Servers.get(15);
        String db = Servers.freshPagila(server);
        io.stowage.core.crypto.Passphrase pass = io.stowage.core.crypto.Passphrase.of("api passphrase 41d".toCharArray());
        BackupKey key;
        try (Stowage stowage = Stowage.repository(location).encryptWith(pass).build()) {
            key = stowage.backup(server.settings(db));
            assertThat(stowage.show(key.value()).encrypted()).isTrue();
            io.stowage.repo.BackupVerification v = stowage.verify(key);
            assertThat(v.tableRows()).containsEntry("public.film", 1000L);
            io.stowage.repo.BackupVerification deep = stowage.verifyDeep(key, server.settings("postgres"));
            assertThat(deep.scratch()).isNotNull();
            String empty = server.createDatabase();
            stowage.restore(key, server.settings(empty));
            assertThat(DatabaseComparator.create().compare(server, db, server, empty).differences()).isEmpty();
            server.dropDatabase(empty);
        }
        try (Stowage withoutKey = Stowage.repository(location).build()) {
            assertThatThrownBy(() -> withoutKey.verify(key)).isInstanceOfSatisfying(StowageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE));
        }
        io.stowage.core.crypto.Passphrase wrong = io.stowage.core.crypto.Passphrase.of("not it".toCharArray());
        try (Stowage wrongKey = Stowage.repository(location).encryptWith(wrong).build()) {
            String target = server.createDatabase();
            assertThatThrownBy(() -> wrongKey.restore(key, server.settings(target))).isInstanceOf(StowageException.class)
                    .hasMessageContaining("wrong passphrase");
            assertThat(server.queryColumn(target, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"))
                    .containsExactly("0");
            server.dropDatabase(target);
        }
        server.dropDatabase(db);
    }
}
