package io.stowage.core.integrity;

import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;

import static io.stowage.core.integrity.BlockChecksums.BLOCK_SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Block checksums in manifests: one CRC-32C per 1 MiB, and verify naming the block a change is in. */
class BlockChecksumsTest {
    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The checksums computed block by block over the whole array, independently of the streaming code. */
    private static List<String> expected(byte[] data) {
        List<String> out = new ArrayList<>();
        for (int from = 0; from < data.length; from += BLOCK_SIZE) {
            CRC32C crc = new CRC32C();
            crc.update(data, from, Math.min(BLOCK_SIZE, data.length - from));
            out.add(String.format("%08x", crc.getValue()));
        }
        return out;
    }

    @Test
    void oneChecksumPerBlockWhateverTheWriteSizes() throws Exception {
        for (int size : new int[] {0, 1, BLOCK_SIZE - 1, BLOCK_SIZE, BLOCK_SIZE + 1, 3 * BLOCK_SIZE + BLOCK_SIZE / 2}) {
            byte[] data = random(size, size);
            DigestingOutputStream out = new DigestingOutputStream(new ByteArrayOutputStream());
            Random chunks = new Random(7);
            int at = 0;
            while (at < size) {
                if (chunks.nextInt(10) == 0) {
                    out.write(data[at++]);
                } else {
                    int n = Math.min(size - at, 1 + chunks.nextInt(300_000));
                    out.write(data, at, n);
                    at += n;
                }
            }
            ManifestEntry entry = out.entry("f");
            assertThat(entry.blocks()).as("size %d", size).isEqualTo(expected(data)).hasSize((int) BlockChecksums.blockCount(size));
            // reading: single bytes, skips and reads of any size, to the end (and one read past it)
            DigestingInputStream in = new DigestingInputStream(new java.io.ByteArrayInputStream(data));
            byte[] buffer = new byte[300_000];
            while (true) {
                int pick = chunks.nextInt(10);
                if (pick == 0) {
                    if (in.read() < 0) {
                        break;
                    }
                } else if (pick == 1) {
                    in.skip(1 + chunks.nextInt(5000));
                } else if (in.read(buffer, 0, 1 + chunks.nextInt(buffer.length)) < 0) {
                    break;
                }
            }
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.blocks()).as("read back, size %d", size).isEqualTo(expected(data));
            assertThat(in.sha256()).isEqualTo(entry.sha256());
        }
    }

    @Test
    void verifyNamesTheBlockOfAChangedByte(@TempDir Path dir) throws Exception {
        byte[] data = random(3 * BLOCK_SIZE + 1000, 42);
        Files.write(dir.resolve("archive.dump"), data);
        Manifest manifest = Manifest.scan(dir, List.of("archive.dump"));
        assertThat(Manifest.parse(manifest.toJson())).isEqualTo(manifest);
        manifest.verify(dir);
        for (int at : new int[] {0, BLOCK_SIZE - 1, BLOCK_SIZE, 2 * BLOCK_SIZE + 12345, data.length - 1}) {
            byte[] bad = data.clone();
            bad[at] ^= 0x01;
            Files.write(dir.resolve("archive.dump"), bad);
            long from = (long) at / BLOCK_SIZE * BLOCK_SIZE;
            long to = Math.min(data.length, from + BLOCK_SIZE) - 1;
            assertThatThrownBy(() -> manifest.verify(dir)).isInstanceOf(StowageException.class)
                    .hasMessageContaining("changed first in bytes " + from + " to " + to);
        }
    }

    @Test
    void manifestsWithoutBlockChecksumsStillVerifyAndMalformedOnesAreRefused(@TempDir Path dir) throws Exception {
        byte[] data = random(2 * BLOCK_SIZE, 3);
        Files.write(dir.resolve("a"), data);
        Manifest full = Manifest.scan(dir, List.of("a"));
        ManifestEntry e = full.entries().get(0);
        Manifest old = Manifest.of(List.of(new ManifestEntry("a", e.size(), e.sha256())));
        assertThat(old.toJson()).doesNotContain("crc32c");
        Manifest.parse(old.toJson()).verify(dir);
        byte[] bad = data.clone();
        bad[5] ^= 0x10;
        Files.write(dir.resolve("a"), bad);
        assertThatThrownBy(() -> old.verify(dir)).hasMessageContaining("some bytes were changed");

        Files.write(dir.resolve("a"), data);
        String json = full.toJson();
        String first = e.blocks().get(0);
        String altered = (first.charAt(0) == '0' ? "1" : "0") + first.substring(1);
        assertThatThrownBy(() -> Manifest.parse(json.replace(first, altered)).verify(dir)).isInstanceOf(StowageException.class)
                .hasMessageContaining("the manifest's block checksums").hasMessageContaining("bytes 0 to " + (BLOCK_SIZE - 1));
        assertThatThrownBy(() -> Manifest.parse(json.replace("\"block_size\":" + BLOCK_SIZE, "\"block_size\":4096")))
                .hasMessageContaining("block_size");
        String oneBlockShort = json.replace(",\"" + e.blocks().get(1) + "\"", "");
        assertThatThrownBy(() -> Manifest.parse(oneBlockShort)).hasMessageContaining("block checksums");
        assertThatThrownBy(() -> Manifest.parse(json.replace(e.blocks().get(0), "XYZ01234"))).hasMessageContaining("8 lower-case hex");
    }
}
