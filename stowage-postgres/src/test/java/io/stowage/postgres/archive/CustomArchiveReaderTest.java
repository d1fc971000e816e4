package io.stowage.postgres.archive;

import io.stowage.core.options.CompressionAlgorithm;
import io.stowage.core.archive.ArchiveEntry;
import io.stowage.core.archive.Section;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Archives in src/test/resources/archive were written by pg_dump 15.18 ({@code -Fc}, and {@code -Fc -Z 0})
 * from the database made by schema.sql; the .list files are pg_restore 15.18's {@code -l} output captured
 * at the same time.
 */
class CustomArchiveReaderTest {

    private static final String SERVER = "15.18 (Debian 15.18-0+deb12u1)";

    private static byte[] resource(String name) {
        try (InputStream in = CustomArchiveReaderTest.class.getResourceAsStream("/archive/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CustomArchiveToc read(byte[] bytes) {
        return CustomArchiveReader.readToc(new ByteArrayInputStream(bytes), "fmtdb.dump");
    }

    @Test
    void headerFieldsAreThoseQueriedFromTheArchiveBytes() {
        ArchiveHeader h = read(resource("fmtdb.dump")).header();
        assertThat(h.version()).isEqualTo(ArchiveVersion.V1_14);
        assertThat(h.intSize()).isEqualTo(4);
        assertThat(h.offsetSize()).isEqualTo(8);
        assertThat(h.formatCode()).isEqualTo(ArchiveHeader.FORMAT_CUSTOM);
        assertThat(h.compression()).isEqualTo(HeaderCompression.ofLevel(-1));
        assertThat(h.compression().algorithm()).isEqualTo(CompressionAlgorithm.GZIP);
        assertThat(h.created()).isEqualTo(new ArchiveTimestamp(17, 6, 14, 22, 10, 126, 0));
        assertThat(h.created().toLocalDateTime()).hasToString("2026-11-22T14:06:17");
        assertThat(h.databaseName()).isEqualTo("fmtdb");
        assertThat(h.serverVersion()).isEqualTo(SERVER);
        assertThat(h.pgDumpVersion()).isEqualTo(SERVER);

        ArchiveHeader raw = read(resource("fmtdb-z0.dump")).header();
        assertThat(raw.compression()).isEqualTo(HeaderCompression.ofLevel(0));
        assertThat(raw.compression().algorithm()).isEqualTo(CompressionAlgorithm.NONE);
    }

    @Test
    void tocEntriesCarryEveryField() {
        CustomArchiveToc toc = read(resource("fmtdb.dump"));
        assertThat(toc.entries()).hasSize(31);
        assertThat(toc.entries()).extracting(TocEntry::desc).startsWith("ENCODING", "STDSTRINGS", "SEARCHPATH", "DATABASE");
        TocEntry encoding = toc.entries().get(0);
        assertThat(encoding.definition()).isEqualTo("SET client_encoding = 'UTF8';\n");
        assertThat(encoding.dropStatement()).isNull();
        assertThat(encoding.owner()).isNull();
        assertThat(encoding.withOids()).isEqualTo("false");
        assertThat(encoding.dataOffset()).isEqualTo(DataOffset.NO_DATA);

        TocEntry table = entry(toc, "TABLE", "customers");
        assertThat(table.dumpId()).isEqualTo(216);
        assertThat(table.tableOid()).isEqualTo(1259);
        assertThat(table.oid()).isEqualTo(16491);
        assertThat(table.namespace()).isEqualTo("app");
        assertThat(table.tablespace()).isEmpty();
        assertThat(table.tableAccessMethod()).isEqualTo("heap");
        assertThat(table.section()).isEqualTo(Section.PRE_DATA);
        assertThat(table.definition()).startsWith("CREATE TABLE app.customers (");
        assertThat(table.dropStatement()).isEqualTo("DROP TABLE app.customers;\n");
        assertThat(table.hadDumper()).isFalse();
        assertThat(entry(toc, "VIEW", "customer_orders").tablespace()).isNull();
        assertThat(entry(toc, "TABLE", "parted").tableAccessMethod()).isNull();

        TocEntry data = entry(toc, "TABLE DATA", "customers");
        assertThat(data.hadDumper()).isTrue();
        assertThat(data.section()).isEqualTo(Section.DATA);
        assertThat(data.dependencies()).first().isEqualTo(216);
        assertThat(data.copyStatement()).isEqualTo("COPY app.customers (id, name, balance) FROM stdin;\n");
        assertThat(data.dataOffset().state()).isEqualTo(OffsetState.POSITION_SET);
        assertThat(data.dataOffset().position()).isGreaterThanOrEqualTo(toc.tocEnd());
        // the offset points at a BLK_DATA byte followed by the entry's dump id
        byte[] bytes = resource("fmtdb.dump");
        int at = (int) data.dataOffset().position();
        assertThat(bytes[at]).isEqualTo((byte) 1);
        ArchiveInput block = new ArchiveInput(new ByteArrayInputStream(bytes, at + 1, 5), "block");
        assertThat(block.readInt("dump id")).isEqualTo(data.dumpId());

        assertThat(entry(toc, "EXTENSION", "citext").owner()).isNull();
        assertThat(entry(toc, "COMMENT", "EXTENSION citext").owner()).isEmpty();

        ArchiveEntry model = data.toArchiveEntry();
        assertThat(model.dumpId()).isEqualTo(data.dumpId());
        assertThat(model.desc()).isEqualTo("TABLE DATA");
        assertThat(model.objectOid()).isEqualTo(16491);
        assertThat(model.dependencies()).isEqualTo(data.dependencies());
    }

    private static TocEntry entry(CustomArchiveToc toc, String desc, String tag) {
        return toc.entries().stream().filter(e -> desc.equals(e.desc()) && tag.equals(e.tag())).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fmtdb", "fmtdb-z0"})
    void listingEqualsPgRestoreListApartFromTheCreationTime(String name) {
        String listing = TocListing.format(read(resource(name + ".dump")), "CUSTOM", ZoneId.of("UTC"));
        String expected = new String(resource(name + ".list"), StandardCharsets.UTF_8);
        assertThat(withoutCreationTime(listing)).isEqualTo(withoutCreationTime(expected));
        assertThat(listing).contains("; Archive created at 2026-11-22 14:06:17 UTC\n");
        // pg_restore -C -l adds the DATABASE entry, which plain -l leaves out
        String withCreate = TocListing.format(read(resource(name + ".dump")), "CUSTOM", ZoneId.of("UTC"), true);
        assertThat(withCreate).contains("\n3475; 1262 16384 DATABASE - fmtdb postgres\n");
        assertThat(listing).doesNotContain("DATABASE - fmtdb");
    }

    private static String withoutCreationTime(String listing) {
        return listing.lines().filter(l -> !l.startsWith("; Archive created at"))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fmtdb", "fmtdb-z0"})
    void writingTheHeaderAndTocBackGivesPgDumpsBytes(String name) {
        byte[] bytes = resource(name + ".dump");
        CustomArchiveToc toc = read(bytes);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        ArchiveOutput out = new ArchiveOutput(written);
        ArchiveHeaderCodec.write(toc.header(), out);
        TocCodec.writeCustomToc(toc.entries(), out, toc.header().version());
        assertThat(written.toByteArray()).isEqualTo(Arrays.copyOf(bytes, (int) toc.tocEnd()));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 5, 7, 10, 12, 16, 40, 51, 60, 0x83, 0x88, 0x100, 0x400, 1000, 2000})
    void truncationIsAnInputErrorNamingTheOffset(int length) {
        byte[] bytes = Arrays.copyOf(resource("fmtdb.dump"), length);
        assertThatThrownBy(() -> read(bytes)).isInstanceOfSatisfying(StowageException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INPUT);
            assertThat(e.getMessage()).contains("fmtdb.dump", "truncated", "expected");
            long named = Long.parseLong(e.getMessage().replaceAll(".*at offset (\\d+) .*", "$1"));
            assertThat(named).isLessThanOrEqualTo(length).isGreaterThan(length - 600L);
        });
    }

    @Test
    void truncationAtTheEndOfTheTocIsDetected() {
        byte[] full = resource("fmtdb.dump");
        long tocEnd = read(full).tocEnd();
        byte[] bytes = Arrays.copyOf(full, (int) tocEnd - 1);
        assertThatThrownBy(() -> read(bytes)).isInstanceOfSatisfying(StowageException.class,
                e -> assertThat(e.getMessage()).contains("at offset " + (tocEnd - 9) + " ", "data offset"));
    }

    /** Offsets of header bytes whose every flip is detectable: magic, version, sizes, format, sign bytes. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 16, 21, 26, 31, 36, 41, 46, 51, 0x3d, 0x60, 0x83})
    void aFlippedHeaderByteIsAnInputErrorNamingItsOffset(int offset) {
        byte[] bytes = resource("fmtdb.dump");
        bytes[offset] ^= (byte) 0xF0;
        assertThatThrownBy(() -> read(bytes)).isInstanceOfSatisfying(StowageException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INPUT);
            assertThat(e.getMessage()).contains("fmtdb.dump", "corrupt", "expected");
            // the magic and the version (major and minor) are each checked as one field
            int fieldStart = offset <= 4 ? 0 : offset == 6 ? 5 : offset;
            assertThat(e.getMessage()).contains("at offset " + fieldStart + " ");
        });
    }

    @Test
    void newerVersionsRoundTripWithTheirFieldGates() {
        CustomArchiveToc pgDump = read(resource("fmtdb.dump"));
        for (ArchiveVersion version : List.of(ArchiveVersion.V1_12, ArchiveVersion.V1_13, ArchiveVersion.V1_15, ArchiveVersion.V1_16)) {
            ArchiveHeader old = pgDump.header();
            HeaderCompression compression = version.isAtLeast(ArchiveVersion.V1_15)
                    ? HeaderCompression.ofAlgorithm(CompressionAlgorithm.ZSTD) : HeaderCompression.ofLevel(6);
            ArchiveHeader header = new ArchiveHeader(version, 4, 8, 1, compression, old.created(), old.databaseName(),
                    old.serverVersion(), old.pgDumpVersion());
            List<TocEntry> entries = pgDump.entries().stream().map(e -> new TocEntry(e.dumpId(), e.hadDumper(),
                    e.tableOid(), e.oid(), e.tag(), e.desc(), e.section(), e.definition(), e.dropStatement(),
                    e.copyStatement(), e.namespace(), e.tablespace(),
                    version.isAtLeast(ArchiveVersion.V1_14) ? e.tableAccessMethod() : null,
                    version.isAtLeast(ArchiveVersion.V1_16) && "TABLE".equals(e.desc()) ? 'r' : 0,
                    e.owner(), e.withOids(), e.dependencies(), e.dataOffset())).toList();
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            ArchiveOutput out = new ArchiveOutput(written);
            ArchiveHeaderCodec.write(header, out);
            TocCodec.writeCustomToc(entries, out, version);
            byte[] bytes = written.toByteArray();
            if (version.isAtLeast(ArchiveVersion.V1_15)) {
                assertThat(bytes[11]).as("algorithm byte").isEqualTo((byte) 3);
            }
            CustomArchiveToc back = read(bytes);
            assertThat(back.header()).isEqualTo(header);
            assertThat(back.entries()).isEqualTo(entries);
            assertThat(back.tocEnd()).isEqualTo(bytes.length);
        }
    }

    @Test
    void aNewerArchiveVersionIsRejectedWithTheVersionNamed() {
        byte[] bytes = resource("fmtdb.dump");
        bytes[6] = 17;
        assertThatThrownBy(() -> read(bytes)).isInstanceOfSatisfying(StowageException.class,
                e -> assertThat(e.getMessage()).contains("at offset 5 ", "unsupported version 1.17.0"));
    }
}
