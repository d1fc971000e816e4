package io.stowage.postgres.archive;

import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.CompressionSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real pg_restore 15 as the oracle for our writers: archives pg_dump 15.18 wrote
 * (src/test/resources/archive: fmtdb.dump gzip and fmtdb-z0.dump raw, both with large objects;
 * pagila-15.dump, {@code pg_dump -Fc} of pagila) are read with our reader and written again in every
 * format and gzip level pg_restore 15 reads. {@code pg_restore -f -} of ours must print the very
 * script it prints for the original, and {@code pg_restore -l} must list ours as the original apart
 * from the Format and Compression lines.
 */
class ArchiveWritersPgRestoreTest {

    private static final Map<String, String> ORIGINAL_SCRIPTS = new HashMap<>();
    private static final Map<String, String> ORIGINAL_LISTINGS = new HashMap<>();

    @TempDir
    static Path originals;
    @TempDir
    Path dir;

    @BeforeAll
    static void pgRestoreIsThere() {
        assumeTrue(ReArchive.pgRestoreAvailable(), "SKIPPED LOUDLY: pg_restore is not on PATH; the writer oracle tests need it");
    }

    private static String originalScript(String name) throws IOException {
        if (!ORIGINAL_SCRIPTS.containsKey(name)) {
            Path file = originals.resolve(name);
            Files.write(file, ReArchive.resource(name));
            ORIGINAL_SCRIPTS.put(name, ReArchive.normalizeScript(ReArchive.pgRestore(file, "-f", "-")));
            ORIGINAL_LISTINGS.put(name, ReArchive.pgRestore(file, "-l"));
        }
        return ORIGINAL_SCRIPTS.get(name);
    }

    static Stream<Arguments> formatsAndCompressions() {
        List<Arguments> cases = new ArrayList<>();
        for (String source : List.of("fmtdb.dump", "fmtdb-z0.dump", "pagila-15.dump")) {
            for (ArchiveFormat format : List.of(ArchiveFormat.CUSTOM, ArchiveFormat.DIRECTORY)) {
                for (String z : List.of("0", "gzip", "gzip:1", "gzip:9")) {
                    cases.add(Arguments.of(source, format, z));
                }
            }
            cases.add(Arguments.of(source, ArchiveFormat.TAR, "0"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1} -Z {2}")
    @MethodSource("formatsAndCompressions")
    void pgRestorePrintsTheOriginalsScript(String source, ArchiveFormat format, String z) throws IOException {
        CompressionSpec compression = CompressionSpec.parse(z);
        Path ours = dir.resolve("ours." + format.name().toLowerCase());
        long written = ReArchive.write(ReArchive.resource(source), format, ArchiveVersion.V1_14, compression, ours, null);
        assertThat(written).isPositive();

        String script = ReArchive.normalizeScript(ReArchive.pgRestore(ours, "-f", "-"));
        assertThat(script).isEqualTo(originalScript(source));

        String listing = ReArchive.pgRestore(ours, "-l");
        assertThat(ReArchive.listingBody(listing)).isEqualTo(ReArchive.listingBody(ORIGINAL_LISTINGS.get(source)));
        assertThat(listing).contains(";     Format: " + format.name() + "\n");
        int level = compression.isNone() ? 0 : compression.level() == null ? -1 : compression.level();
        assertThat(listing).contains(";     Compression: " + level + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fmtdb.dump", "pagila-15.dump"})
    void customFileRecordsEveryBlocksPosition(String source) throws IOException {
        Path ours = dir.resolve("ours.dump");
        long written = ReArchive.write(ReArchive.resource(source), ArchiveFormat.CUSTOM, ArchiveVersion.V1_14,
                CompressionSpec.GZIP_DEFAULT, ours, null);
        assertThat(Files.size(ours)).isEqualTo(written);
        CustomArchiveToc toc = CustomArchiveReader.readToc(ours);
        try (FileChannel channel = FileChannel.open(ours, StandardOpenOption.READ)) {
            int data = 0;
            for (TocEntry e : toc.entries()) {
                if (!e.hadDumper()) {
                    assertThat(e.dataOffset()).isEqualTo(DataOffset.NO_DATA);
                    continue;
                }
                data++;
                assertThat(e.dataOffset().state()).isEqualTo(OffsetState.POSITION_SET);
                channel.position(e.dataOffset().position());
                ArchiveInput in = new ArchiveInput(java.nio.channels.Channels.newInputStream(channel), "ours");
                int type = in.readByte("block type");
                assertThat(type).isEqualTo("BLOBS".equals(e.desc()) ? CustomArchiveData.BLK_BLOBS : CustomArchiveData.BLK_DATA);
                assertThat(in.readInt("dump id")).isEqualTo(e.dumpId());
            }
            assertThat(data).isPositive();
        }
    }

    @Test
    void headerAndTocBytesAreThoseOfPgDumpApartFromTheOffsets() throws IOException {
        byte[] original = ReArchive.resource("fmtdb-z0.dump");
        Path ours = dir.resolve("ours.dump");
        ReArchive.write(original, ArchiveFormat.CUSTOM, ArchiveVersion.V1_14, CompressionSpec.NONE, null,
                Files.newOutputStream(ours));
        byte[] bytes = Files.readAllBytes(ours);
        long tocEnd = ReArchive.open(original).toc().tocEnd();
        // written to a stream: the offsets stay "not set"; pg_dump's file has them set, so blank both
        assertThat(blankOffsets(bytes, tocEnd)).isEqualTo(blankOffsets(original, tocEnd));
    }

    /** The first {@code tocEnd} bytes with every data entry's 9-byte offset zeroed. */
    private static byte[] blankOffsets(byte[] archive, long tocEnd) throws IOException {
        byte[] head = java.util.Arrays.copyOf(archive, (int) tocEnd);
        ArchiveInput in = new ArchiveInput(new ByteArrayInputStream(head), "head");
        ArchiveHeader header = ArchiveHeaderCodec.read(in);
        int count = in.readInt("count");
        for (int i = 0; i < count; i++) {
            TocEntry e = TocCodec.readEntry(in, header.version(), i + 1, false);
            long at = in.position();
            in.readOffset("offset");
            if (e.hadDumper()) {
                java.util.Arrays.fill(head, (int) at, (int) at + 9, (byte) 0);
            }
        }
        assertThat(in.position()).isEqualTo(tocEnd);
        return head;
    }

    @ParameterizedTest
    @ValueSource(strings = {"custom:0", "custom:gzip", "tar:0"})
    void pgRestoreReadsOurArchiveFromAPipe(String formatAndCompression) throws IOException {
        String[] parts = formatAndCompression.split(":");
        ArchiveFormat format = ArchiveFormat.parse(parts[0]);
        CompressionSpec compression = CompressionSpec.parse(parts[1]);
        byte[] original = ReArchive.resource("pagila-15.dump");
        ReArchive.Result r = ReArchive.run(List.of("pg_restore", "-f", "-"),
                stdin -> ReArchive.write(original, format, ArchiveVersion.V1_14, compression, null, stdin));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).isEmpty();
        assertThat(ReArchive.normalizeScript(r.stdout())).isEqualTo(originalScript("pagila-15.dump"));
    }

    @Test
    void customArchiveToAStreamLeavesOffsetsNotSet() throws IOException {
        Path ours = dir.resolve("piped.dump");
        try (var out = Files.newOutputStream(ours)) {
            ReArchive.write(ReArchive.resource("fmtdb.dump"), ArchiveFormat.CUSTOM, ArchiveVersion.V1_14,
                    CompressionSpec.GZIP_DEFAULT, null, out);
        }
        List<TocEntry> entries = CustomArchiveReader.readToc(ours).entries();
        assertThat(entries).filteredOn(TocEntry::hadDumper).isNotEmpty()
                .allSatisfy(e -> assertThat(e.dataOffset()).isEqualTo(DataOffset.NOT_SET));
        assertThat(entries).filteredOn(e -> !e.hadDumper()).allSatisfy(e -> assertThat(e.dataOffset()).isEqualTo(DataOffset.NO_DATA));
        // and a file written that way restores too
        assertThat(ReArchive.normalizeScript(ReArchive.pgRestore(ours, "-f", "-"))).isEqualTo(originalScript("fmtdb.dump"));
    }

    @Test
    void directoryLayoutIsPgDumps() throws IOException {
        Path ours = dir.resolve("dir");
        ReArchive.write(ReArchive.resource("fmtdb.dump"), ArchiveFormat.DIRECTORY, ArchiveVersion.V1_14,
                CompressionSpec.GZIP_DEFAULT, ours, null);
        List<TocEntry> entries = ReArchive.open(ReArchive.resource("fmtdb.dump")).toc().entries();
        List<String> expected = new ArrayList<>(List.of("toc.dat", "blobs.toc"));
        for (TocEntry e : entries) {
            if (e.hadDumper() && !"BLOBS".equals(e.desc())) {
                expected.add(e.dumpId() + ".dat.gz");
            }
        }
        String blobs = Files.readString(ours.resolve("blobs.toc"));
        for (String line : blobs.split("\n")) {
            String[] parts = line.split(" ");
            assertThat(parts[1]).isEqualTo("blob_" + parts[0] + ".dat");
            expected.add(parts[1] + ".gz");
        }
        assertThat(blobs).as("fmtdb has one large object").isEqualTo("16532 blob_16532.dat\n");
        try (Stream<Path> files = Files.list(ours)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(expected);
        }
        byte[] toc = Files.readAllBytes(ours.resolve("toc.dat"));
        assertThat(toc[10]).as("format code in toc.dat").isEqualTo((byte) 3);
        try (InputStream gz = Files.newInputStream(ours.resolve(expected.get(2)))) {
            byte[] magic = gz.readNBytes(2);
            assertThat(magic).containsExactly(0x1f, 0x8b);
        }
    }

    @Test
    void tarMembersComeInPgDumpsOrderAndGnuTarAccepts() throws IOException {
        Path ours = dir.resolve("ours.tar");
        ReArchive.write(ReArchive.resource("fmtdb.dump"), ArchiveFormat.TAR, ArchiveVersion.V1_14, CompressionSpec.NONE, ours, null);
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(ours)) {
            TarInput tar = new TarInput(in, "ours.tar");
            for (TarInput.Member m = tar.next(); m != null; m = tar.next()) {
                names.add(m.name());
                m.close();
            }
        }
        assertThat(names.get(0)).isEqualTo("toc.dat");
        List<TocEntry> entries = ReArchive.open(ReArchive.resource("fmtdb.dump")).toc().entries();
        List<String> expected = new ArrayList<>(List.of("toc.dat"));
        for (TocEntry e : entries) {
            if (e.hadDumper()) {
                expected.addAll("BLOBS".equals(e.desc()) ? List.of("blob_16532.dat", "blobs.toc") : List.of(e.dumpId() + ".dat"));
            }
        }
        expected.add("restore.sql");
        assertThat(names).containsExactlyElementsOf(expected);
        assertThat(Files.size(ours) % 512).isZero();
        byte[] bytes = Files.readAllBytes(ours);
        assertThat(java.util.Arrays.copyOfRange(bytes, bytes.length - 1024, bytes.length)).containsOnly(0);

        ReArchive.Result gnu;
        try {
            gnu = ReArchive.run(List.of("tar", "-tvf", ours.toString()), null);
        } catch (IOException e) {
            System.err.println("SKIPPED LOUDLY: GNU tar is not installed; tar header check by tar(1) not run");
            return;
        }
        assertThat(gnu.exitCode()).as(gnu.stderr()).isZero();
        assertThat(gnu.stdout()).contains("postgres/postgres", "toc.dat", "restore.sql");
    }
}
