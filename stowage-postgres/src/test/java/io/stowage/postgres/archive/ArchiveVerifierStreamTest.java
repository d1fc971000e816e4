package io.stowage.postgres.archive;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.CompressionAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ArchiveVerifier#verifyCustom}: a custom archive verified from a stream finds what the file verifier finds. */
class ArchiveVerifierStreamTest {
    private static final int MINOR = 16;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = CompressionAlgorithm.class, names = {"NONE", "GZIP"})
    void aStreamVerifiesLikeTheFile(CompressionAlgorithm c) throws Exception {
        for (boolean seekable : new boolean[] {true, false}) {
            byte[] bytes = PgDumpVersionLayoutsTest.archive(MINOR, c).custom(seekable);
            VerifySummary fromFile = ArchiveVerifier.verify(Files.write(tmp.resolve("a.dump"), bytes));
            VerifySummary fromStream = ArchiveVerifier.verifyCustom(new ByteArrayInputStream(bytes), "stream");
            assertThat(fromStream).isEqualTo(fromFile);
            assertThat(fromStream.archiveBytes()).isEqualTo(bytes.length);
            assertThat(fromStream.tables()).extracting(DataRows::table, DataRows::rows).contains(org.assertj.core.groups.Tuple.tuple("t", 2L));
        }
    }

    @Test
    void theStreamIsReadToItsEndAndNotClosed() {
        byte[] bytes = PgDumpVersionLayoutsTest.archive(MINOR, CompressionAlgorithm.GZIP).custom(true);
        boolean[] closed = {false};
        ByteArrayInputStream raw = new ByteArrayInputStream(bytes);
        InputStream in = new FilterInputStream(raw) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        ArchiveVerifier.verifyCustom(in, "stream");
        assertThat(raw.available()).isZero();
        assertThat(closed[0]).isFalse();
    }

    @Test
    void bytesAfterTheLastBlockAreNamedWithTheirOffset() {
        byte[] bytes = PgDumpVersionLayoutsTest.archive(MINOR, CompressionAlgorithm.GZIP).custom(true);
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
        assertThatThrownBy(() -> ArchiveVerifier.verifyCustom(new ByteArrayInputStream(longer), "backups/k/archive.dump"))
                .isInstanceOfSatisfying(StowageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VERIFICATION))
                .hasMessageContaining("\"backups/k/archive.dump\" is corrupt at offset " + bytes.length)
                .hasMessageContaining("found 3 more bytes");
    }

    @Test
    void everyTruncationAndEveryFlipOutsideRowTextIsVerificationNamingTheSource() {
        byte[] bytes = PgDumpVersionLayoutsTest.archive(MINOR, CompressionAlgorithm.GZIP).custom(true);
        int caught = 0;
        for (int cut = 0; cut < bytes.length; cut++) {
            byte[] shorter = Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> ArchiveVerifier.verifyCustom(new ByteArrayInputStream(shorter), "src"))
                    .as("cut at %d", cut)
                    .isInstanceOfSatisfying(StowageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VERIFICATION))
                    .hasMessageContaining("src");
            caught++;
        }
        assertThat(caught).isEqualTo(bytes.length);
        // a flip in the header's fixed fields: magic, version, sizes, format, compression; not the
        // version's revision byte (offset 7), which the reader accepts whatever it is, by design
        java.util.List<Integer> missed = new java.util.ArrayList<>();
        for (int at : new int[] {0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11}) {
            byte[] bad = bytes.clone();
            bad[at] ^= (byte) 0xff;
            try {
                ArchiveVerifier.verifyCustom(new ByteArrayInputStream(bad), "src");
                missed.add(at);
            } catch (StowageException e) {
                assertThat(e.code()).as("flip at %d", at).isEqualTo(ErrorCode.VERIFICATION);
            }
        }
        assertThat(missed).as("header flips that parsed").isEmpty();
    }
}
