package io.stowage.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EncryptedStreamTest {
    private static final int SMALL_CHUNK = 16;
    private static final int SEALED_CHUNK = 1 + SMALL_CHUNK + ChunkCipher.TAG_LENGTH;
    private static final int HEADER = EncryptionHeader.LENGTH;
    private static final Argon2Params CHEAP = new Argon2Params(64, 1, 1);

    private final Random random = new Random(7);
    private final EncryptionKey key = EncryptionKey.of(bytes(32, 1));
    private final EncryptionKey otherKey = EncryptionKey.of(bytes(32, 2));

    private static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] encrypt(byte[] plaintext, KeySource source, int chunkSize) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (EncryptingOutputStream out = new EncryptingOutputStream(sink, source, chunkSize)) {
            out.write(plaintext);
        }
        return sink.toByteArray();
    }

    private static byte[] decrypt(byte[] ciphertext, KeySource source) throws IOException {
        try (DecryptingInputStream in = new DecryptingInputStream(new ByteArrayInputStream(ciphertext), source)) {
            return in.readAllBytes();
        }
    }

    /** Decrypting must fail with a clean StowageException; returns its one-line message. */
    private static String failure(byte[] ciphertext, KeySource source) {
        Throwable thrown = catchThrowable(() -> decrypt(ciphertext, source));
        assertThat(thrown).isInstanceOf(StowageException.class);
        StowageException e = (StowageException) thrown;
        assertThat(e.code()).isEqualTo(ErrorCode.INPUT);
        assertThat(e.oneLine()).doesNotContain("\n");
        return e.getMessage();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] chunk(byte[] stream, int index) {
        int start = HEADER + index * SEALED_CHUNK;
        return Arrays.copyOfRange(stream, start, Math.min(stream.length, start + SEALED_CHUNK));
    }

    // --- round trips

    @Test
    void roundTripsAtChunkBoundaries() throws IOException {
        for (int length : new int[] {0, 1, SMALL_CHUNK - 1, SMALL_CHUNK, SMALL_CHUNK + 1, 3 * SMALL_CHUNK, 3 * SMALL_CHUNK + 5}) {
            byte[] plaintext = bytes(length, length);
            byte[] ciphertext = encrypt(plaintext, key, SMALL_CHUNK);
            int chunks = Math.max(1, (length + SMALL_CHUNK - 1) / SMALL_CHUNK);
            assertThat(ciphertext).as("length %d", length).hasSize(HEADER + chunks * (1 + ChunkCipher.TAG_LENGTH) + length);
            assertThat(decrypt(ciphertext, key)).as("length %d", length).isEqualTo(plaintext);
        }
    }

    @Test
    void roundTripsWithTheDefaultChunkSize() throws IOException {
        int chunk = EncryptingOutputStream.DEFAULT_CHUNK_SIZE;
        for (int length : new int[] {0, 1, chunk, chunk + 1}) {
            byte[] plaintext = bytes(length, length);
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (EncryptingOutputStream out = new EncryptingOutputStream(sink, key)) {
                out.write(plaintext);
            }
            assertThat(decrypt(sink.toByteArray(), key)).as("length %d", length).isEqualTo(plaintext);
        }
    }

    @Test
    void twentyMegabytesWrittenAndReadInOddSizes() throws IOException {
        byte[] plaintext = bytes(20_000_000, 20);
        int[] sizes = {1, 7, 4093, 65_537, 1_048_577, 3};
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (EncryptingOutputStream out = new EncryptingOutputStream(sink, key)) {
            int pos = 0;
            for (int i = 0; pos < plaintext.length; i++) {
                int n = Math.min(sizes[i % sizes.length], plaintext.length - pos);
                if (n == 1) {
                    out.write(plaintext[pos]);
                } else {
                    out.write(plaintext, pos, n);
                }
                pos += n;
            }
        }
        byte[] back = new byte[plaintext.length];
        try (InputStream in = new DecryptingInputStream(new ByteArrayInputStream(sink.toByteArray()), key)) {
            int pos = 0;
            for (int i = 0; ; i++) {
                int want = sizes[(i + 2) % sizes.length];
                int n = want == 1 ? singleByte(in, back, pos) : in.read(back, pos, Math.min(want, back.length - pos));
                if (n < 0 || pos == back.length) {
                    assertThat(pos).isEqualTo(back.length);
                    assertThat(in.read()).isEqualTo(-1);
                    break;
                }
                pos += n;
            }
        }
        assertThat(back).isEqualTo(plaintext);
    }

    private static int singleByte(InputStream in, byte[] into, int pos) throws IOException {
        int b = in.read();
        if (b < 0) {
            return -1;
        }
        into[pos] = (byte) b;
        return 1;
    }

    @Test
    void passphraseRoundTripAndHeaderRecordsTheKdf() throws IOException {
        Passphrase passphrase = Passphrase.of("correct horse battery".toCharArray(), CHEAP);
        byte[] plaintext = bytes(100, 3);
        byte[] first = encrypt(plaintext, passphrase, SMALL_CHUNK);
        byte[] second = encrypt(plaintext, passphrase, SMALL_CHUNK);
        assertThat(decrypt(first, Passphrase.of("correct horse battery".toCharArray()))).isEqualTo(plaintext);
        try (DecryptingInputStream in = new DecryptingInputStream(new ByteArrayInputStream(first), passphrase)) {
            assertThat(in.header().kdf()).isEqualTo(KdfId.ARGON2ID);
            assertThat(in.header().argon2()).isEqualTo(CHEAP);
            // a fresh Argon2 salt per stream: the same passphrase gives different keys
            try (DecryptingInputStream other = new DecryptingInputStream(new ByteArrayInputStream(second), passphrase)) {
                assertThat(other.keyId()).isNotEqualTo(in.keyId());
            }
        }
        assertThat(Arrays.equals(first, second)).isFalse();
    }

    @Test
    void keyIdIsInTheHeaderAndTheSameForOneKeyFile() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (EncryptingOutputStream out = new EncryptingOutputStream(sink, key, SMALL_CHUNK)) {
            assertThat(out.keyId()).isEqualTo(key.keyId());
            assertThat(out.header().kdf()).isEqualTo(KdfId.RAW_KEY);
        }
        try (DecryptingInputStream in = new DecryptingInputStream(new ByteArrayInputStream(sink.toByteArray()), key)) {
            assertThat(in.keyId()).isEqualTo(key.keyId());
        }
        assertThat(key.isDestroyed()).as("streams work on copies of the caller's key").isFalse();
    }

    @Test
    void ciphertextNeverContainsAPlaintextMarker() throws IOException {
        String marker = "STOWAGE-PLAINTEXT-MARKER-4242";
        StringBuilder text = new StringBuilder();
        while (text.length() < 3_000_000) {
            text.append("row ").append(text.length()).append(' ').append(marker).append('\n');
        }
        byte[] plaintext = text.toString().getBytes(StandardCharsets.UTF_8);
        for (KeySource source : new KeySource[] {key, Passphrase.of("pw".toCharArray(), CHEAP)}) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (EncryptingOutputStream out = new EncryptingOutputStream(sink, source)) {
                out.write(plaintext);
            }
            byte[] ciphertext = sink.toByteArray();
            String asLatin1 = new String(ciphertext, StandardCharsets.ISO_8859_1);
            assertThat(asLatin1).doesNotContain(marker).doesNotContain(marker.substring(0, 12));
            assertThat(decrypt(ciphertext, source)).isEqualTo(plaintext);
        }
    }

    // --- keys

    @Test
    void wrongKeyIsACleanOneLineErrorBeforeAnyChunk() throws IOException {
        byte[] ciphertext = encrypt(bytes(40, 4), key, SMALL_CHUNK);
        Throwable thrown = catchThrowable(() -> new DecryptingInputStream(new ByteArrayInputStream(ciphertext), otherKey));
        assertThat(thrown).isInstanceOf(StowageException.class)
                .hasMessage("the key does not match: this archive was encrypted with key id " + key.keyId())
                .hasNoCause();
    }

    @Test
    void wrongPassphraseIsACleanOneLineError() throws IOException {
        byte[] ciphertext = encrypt(bytes(40, 4), Passphrase.of("right".toCharArray(), CHEAP), SMALL_CHUNK);
        String keyId;
        try (DecryptingInputStream in = new DecryptingInputStream(new ByteArrayInputStream(ciphertext),
                Passphrase.of("right".toCharArray()))) {
            keyId = in.keyId();
        }
        assertThat(failure(ciphertext, Passphrase.of("wrong".toCharArray())))
                .isEqualTo("the passphrase does not match: this archive was encrypted with key id " + keyId);
        assertThat(failure(ciphertext, key)).contains("encrypted with a passphrase, not a key file");
        byte[] withKey = encrypt(bytes(40, 4), key, SMALL_CHUNK);
        assertThat(failure(withKey, Passphrase.of("right".toCharArray()))).contains("encrypted with a key file, not a passphrase");
    }

    @Test
    void notAnEncryptedStream() {
        assertThat(failure("-- PostgreSQL database dump\n".repeat(10).getBytes(StandardCharsets.US_ASCII), key))
                .contains("STWENC signature");
        assertThat(failure(new byte[10], key)).contains("ends inside its header");
    }

    @Test
    void craftedHeadersAreRefusedBeforeAnyWork() throws IOException {
        byte[] ciphertext = encrypt(bytes(40, 4), Passphrase.of("pw".toCharArray(), CHEAP), SMALL_CHUNK);
        java.util.function.BiFunction<Integer, byte[], byte[]> patch = (offset, value) -> {
            byte[] copy = ciphertext.clone();
            System.arraycopy(value, 0, copy, offset, value.length);
            return copy;
        };
        Passphrase pw = Passphrase.of("pw".toCharArray());
        assertThat(failure(patch.apply(6, new byte[] {2}), pw)).contains("format version is 2");
        assertThat(failure(patch.apply(7, new byte[] {9}), pw)).contains("unknown key derivation (9)");
        assertThat(failure(patch.apply(8, new byte[] {0x7f, 0, 0, 0}), pw)).contains("unusable Argon2 parameters");
        assertThat(failure(patch.apply(12, new byte[] {0, 0, 1, 0}), pw)).contains("unusable Argon2 parameters");
        assertThat(failure(patch.apply(85, new byte[] {0x7f, 0, 0, 0}), pw)).contains("impossible chunk size");
        assertThat(failure(patch.apply(85, new byte[] {0, 0, 0, 0}), pw)).contains("impossible chunk size");
        Throwable wrong = catchThrowable(() -> decrypt(patch.apply(17, new byte[] {1}), pw));
        assertThat(((StowageException) wrong).fix()).contains("header is damaged");
    }

    // --- tampering

    @Test
    void everySingleBitFlipIsDetected() throws IOException {
        byte[] ciphertext = encrypt(bytes(2 * SMALL_CHUNK + 8, 5), key, SMALL_CHUNK);
        assertThat(ciphertext).hasSize(HEADER + 2 * SEALED_CHUNK + 1 + 8 + ChunkCipher.TAG_LENGTH);
        for (int bit = 0; bit < ciphertext.length * 8; bit++) {
            byte[] flipped = ciphertext.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            int at = bit / 8;
            String message = failure(flipped, key);
            if (at >= 33 && at < 41) {
                assertThat(message).as("bit %d", bit).startsWith("the key does not match");
            } else {
                assertThat(message).as("bit %d", bit).startsWith("cannot decrypt");
            }
            if (at >= HEADER) {
                int chunk = (at - HEADER) / SEALED_CHUNK;
                assertThat(message).as("bit %d", bit).containsAnyOf("chunk " + chunk, "before its final chunk",
                        "follows the final chunk");
            }
        }
    }

    @Test
    void noPlaintextOfAChunkBeforeItAuthenticated() throws IOException {
        byte[] plaintext = bytes(3 * SMALL_CHUNK, 6);
        byte[] ciphertext = encrypt(plaintext, key, SMALL_CHUNK);
        ciphertext[ciphertext.length - 1] ^= 1; // last tag byte of the final chunk
        ciphertext[HEADER + SEALED_CHUNK + 5] ^= 1; // inside chunk 1
        try (DecryptingInputStream in = new DecryptingInputStream(new ByteArrayInputStream(ciphertext), key)) {
            byte[] first = in.readNBytes(SMALL_CHUNK);
            assertThat(first).isEqualTo(Arrays.copyOf(plaintext, SMALL_CHUNK));
            byte[] buffer = new byte[100];
            assertThatThrownBy(() -> in.read(buffer)).isInstanceOf(StowageException.class)
                    .hasMessageContaining("authentication failed in chunk 1");
            assertThat(buffer).containsOnly(0);
            assertThat(in.available()).isZero();
            assertThatThrownBy(in::read).as("the failure sticks").isInstanceOf(StowageException.class)
                    .hasMessageContaining("authentication failed in chunk 1");
        }
    }

    @Test
    void truncationAnywhereIsDetected() throws IOException {
        byte[] ciphertext = encrypt(bytes(3 * SMALL_CHUNK + 3, 7), key, SMALL_CHUNK);
        for (int length = 0; length < ciphertext.length; length++) {
            String message = failure(Arrays.copyOf(ciphertext, length), key);
            if (length >= HEADER && (length - HEADER) % SEALED_CHUNK == 0) {
                assertThat(message).as("cut at %d", length).contains("the stream ends before its final chunk");
            }
        }
        // a whole stream whose final chunk is full: dropping it leaves only complete chunks
        byte[] exact = encrypt(bytes(2 * SMALL_CHUNK, 8), key, SMALL_CHUNK);
        assertThat(failure(Arrays.copyOf(exact, HEADER + SEALED_CHUNK), key))
                .isEqualTo("cannot decrypt: the stream ends before its final chunk (after 1 chunks)");
    }

    @Test
    void swappedChunksAreDetected() throws IOException {
        byte[] ciphertext = encrypt(bytes(3 * SMALL_CHUNK, 9), key, SMALL_CHUNK);
        byte[] swapped = concat(Arrays.copyOf(ciphertext, HEADER), chunk(ciphertext, 1), chunk(ciphertext, 0),
                chunk(ciphertext, 2));
        assertThat(swapped).hasSameSizeAs(ciphertext);
        assertThat(failure(swapped, key)).isEqualTo("cannot decrypt: authentication failed in chunk 0");
    }

    @Test
    void duplicatedChunkIsDetected() throws IOException {
        byte[] ciphertext = encrypt(bytes(3 * SMALL_CHUNK, 10), key, SMALL_CHUNK);
        byte[] duplicated = concat(Arrays.copyOf(ciphertext, HEADER), chunk(ciphertext, 0), chunk(ciphertext, 0),
                chunk(ciphertext, 1), chunk(ciphertext, 2));
        assertThat(failure(duplicated, key)).isEqualTo("cannot decrypt: authentication failed in chunk 1");
        byte[] finalTwice = concat(ciphertext, chunk(ciphertext, 2));
        assertThat(failure(finalTwice, key)).contains("data follows the final chunk");
    }

    @Test
    void chunkSplicedFromAnotherStreamWithTheSameKeyIsDetected() throws IOException {
        byte[] plaintext = bytes(3 * SMALL_CHUNK, 11);
        byte[] one = encrypt(plaintext, key, SMALL_CHUNK);
        byte[] two = encrypt(plaintext, key, SMALL_CHUNK);
        byte[] spliced = concat(Arrays.copyOf(one, HEADER), chunk(one, 0), chunk(two, 1), chunk(one, 2));
        assertThat(failure(spliced, key)).isEqualTo("cannot decrypt: authentication failed in chunk 1");
        byte[] otherHeader = concat(Arrays.copyOf(two, HEADER), Arrays.copyOfRange(one, HEADER, one.length));
        assertThat(failure(otherHeader, key)).isEqualTo("cannot decrypt: authentication failed in chunk 0");
    }

    @Test
    void removedFinalFlagIsDetected() throws IOException {
        byte[] partial = encrypt(bytes(2 * SMALL_CHUNK + 4, 12), key, SMALL_CHUNK);
        partial[HEADER + 2 * SEALED_CHUNK] = 0;
        assertThat(failure(partial, key)).contains("the stream ends before its final chunk (inside chunk 2)");
        byte[] full = encrypt(bytes(2 * SMALL_CHUNK, 13), key, SMALL_CHUNK);
        full[HEADER + SEALED_CHUNK] = 0;
        assertThat(failure(full, key)).isEqualTo("cannot decrypt: authentication failed in chunk 1");
        byte[] early = encrypt(bytes(2 * SMALL_CHUNK, 14), key, SMALL_CHUNK);
        early[HEADER] = 1; // mark chunk 0 final: its tag no longer matches, and data would follow it
        assertThat(failure(early, key)).contains("chunk 0");
    }

    @Test
    void writerRefusesToFinishAfterAFailedWrite() throws IOException {
        class FailingSink extends ByteArrayOutputStream {
            boolean broken;

            @Override
            public void write(byte[] b, int off, int len) {
                if (broken) {
                    throw new java.io.UncheckedIOException(new IOException("disk full"));
                }
                super.write(b, off, len);
            }
        }
        FailingSink sink = new FailingSink();
        EncryptingOutputStream out = new EncryptingOutputStream(sink, key, SMALL_CHUNK);
        out.write(bytes(SMALL_CHUNK, 15));
        sink.broken = true;
        assertThatThrownBy(() -> out.write(bytes(SMALL_CHUNK, 16))).isInstanceOf(java.io.UncheckedIOException.class);
        sink.broken = false;
        out.close();
        assertThat(failure(sink.toByteArray(), key)).contains("before its final chunk");
    }
}
