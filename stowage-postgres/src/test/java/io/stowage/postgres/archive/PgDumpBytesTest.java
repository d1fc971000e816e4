package io.stowage.postgres.archive;

import io.stowage.postgres.archive.ArchiveLayout.Region;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4, point 5 (e): the Int, Str and Offset encodings and the header fields, checked on the
 * raw bytes pg_dump 15.18 wrote (src/test/resources/archive/robust), at the places the format
 * reference puts them. ArchivePrimitivesTest covers our writer's bytes and round trips; this covers
 * what the real pg_dump wrote and what our reader makes of exactly those bytes.
 */
class PgDumpBytesTest {

    private static byte[] resource(String name) {
        try (InputStream in = PgDumpBytesTest.class.getResourceAsStream("/archive/robust/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String hex(byte[] bytes, int from, int length) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes, from, from + length);
    }

    private static ArchiveInput at(byte[] bytes, int offset) {
        return new ArchiveInput(new ByteArrayInputStream(bytes, offset, bytes.length - offset), "raw");
    }

    @Test
    void customHeaderFieldsSitWhereTheReferenceSays() {
        for (String name : List.of("custom.dump", "custom-z0.dump")) {
            byte[] b = resource(name);
            assertThat(new String(b, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("PGDMP");
            assertThat(hex(b, 5, 6)).as("vmaj vmin vrev intSize offSize format").isEqualTo("01 0e 00 04 08 01");
            // 1.14: the compression field is an Int at 11 holding the level
            assertThat(hex(b, 11, 5)).isEqualTo(name.equals("custom.dump") ? "01 01 00 00 00" : "00 00 00 00 00");
            assertThat(at(b, 11).readInt("level")).isEqualTo(name.equals("custom.dump") ? -1 : 0);
            // seven Ints of broken-down time from 16, then the database name Str at 51
            ArchiveInput time = at(b, 16);
            int[] tm = new int[7];
            for (int i = 0; i < 7; i++) {
                assertThat(b[16 + 5 * i]).as("sign byte of time field " + i).isEqualTo((byte) 0);
                tm[i] = time.readInt("tm");
            }
            ArchiveHeader header = CustomArchiveReader.readToc(new ByteArrayInputStream(b), name).header();
            assertThat(new ArchiveTimestamp(tm[0], tm[1], tm[2], tm[3], tm[4], tm[5], tm[6])).isEqualTo(header.created());
            assertThat(tm[4]).as("tm_mon is 0-based").isBetween(0, 11);
            assertThat(tm[5]).as("tm_year counts from 1900").isGreaterThan(100);
            assertThat(hex(b, 51, 5) + " " + new String(b, 56, 8, StandardCharsets.US_ASCII)).isEqualTo("00 08 00 00 00 robustdb");
            assertThat(header.databaseName()).isEqualTo("robustdb");
            // server version Str right after: the length's magnitude is little-endian
            int length = (b[65] & 0xff) | (b[66] & 0xff) << 8;
            assertThat(b[64]).isZero();
            assertThat(new String(b, 69, length, StandardCharsets.US_ASCII)).isEqualTo(header.serverVersion()).startsWith("15.");
        }
    }

    @Test
    void tocDatOfDirectoryAndTarCarriesFormatThreeAndTheirCompression() throws IOException {
        byte[] dirGzip = java.nio.file.Files.readAllBytes(path("directory/toc.dat"));
        byte[] dirRaw = java.nio.file.Files.readAllBytes(path("directory-z0/toc.dat"));
        byte[] tar = resource("tar.tar");
        byte[] tarToc = Arrays.copyOfRange(tar, 512, 512 + 5000);
        assertThat(tar[0]).isEqualTo((byte) 't');
        for (byte[] toc : List.of(dirGzip, dirRaw, tarToc)) {
            assertThat(new String(toc, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("PGDMP");
            assertThat(toc[10]).as("directory and tar both write format 3 (archTar)").isEqualTo((byte) 3);
        }
        assertThat(hex(dirGzip, 11, 5)).isEqualTo("01 01 00 00 00");
        assertThat(hex(dirRaw, 11, 5)).isEqualTo("00 00 00 00 00");
        assertThat(hex(tarToc, 11, 5)).as("tar archives are never compressed").isEqualTo("00 00 00 00 00");
    }

    private static java.nio.file.Path path(String name) {
        try {
            return java.nio.file.Path.of(PgDumpBytesTest.class.getResource("/archive/robust/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void stringsKeepNullAndEmptyApartInPgDumpsBytes() {
        byte[] b = resource("custom-z0.dump");
        ArchiveLayout layout = ArchiveLayout.custom(b);
        CustomArchiveToc toc = CustomArchiveReader.readToc(new ByteArrayInputStream(b), "custom-z0.dump");
        int tableOrdinal = ordinal(toc, "TABLE", "customers");
        int viewOrdinal = ordinal(toc, "VIEW", "customer_orders");
        // a table's tablespace is '' (database default); a view's is NULL
        Region tableSpace = field(layout, "entry " + tableOrdinal + " tablespace length");
        Region viewSpace = field(layout, "entry " + viewOrdinal + " tablespace length");
        assertThat(hex(b, tableSpace.start(), 5)).isEqualTo("00 00 00 00 00");
        assertThat(hex(b, viewSpace.start(), 5)).isEqualTo("01 01 00 00 00");
        assertThat(at(b, tableSpace.start()).readString("ts")).isEmpty();
        assertThat(at(b, viewSpace.start()).readString("ts")).isNull();
        // the dependency list ends with a NULL Str; the first TABLE DATA dependency is its table
        int dataOrdinal = ordinal(toc, "TABLE DATA", "customers");
        Region dep = field(layout, "entry " + dataOrdinal + " dependency length");
        TocEntry table = toc.entries().get(tableOrdinal - 1);
        assertThat(at(b, dep.start()).readString("dep")).isEqualTo(Integer.toString(table.dumpId()));
        // a multi-byte UTF-8 string's length counts bytes: the table data's copy statement is ASCII,
        // the COPY row for 'Émile' in the data is checked below
    }

    @Test
    void offsetsAreAFlagAndALittleEndianPositionOfTheBlock() {
        byte[] b = resource("custom.dump");
        byte[] pipe = resource("custom-pipe.dump");
        ArchiveLayout layout = ArchiveLayout.custom(b);
        CustomArchiveToc toc = CustomArchiveReader.readToc(new ByteArrayInputStream(b), "custom.dump");
        int checked = 0;
        for (int i = 0; i < toc.entries().size(); i++) {
            TocEntry e = toc.entries().get(i);
            Region offset = field(layout, "entry " + (i + 1) + " data offset");
            if (!e.hadDumper()) {
                assertThat(hex(b, offset.start(), 9)).isEqualTo("03 00 00 00 00 00 00 00 00");
                continue;
            }
            assertThat(b[offset.start()]).as("K_OFFSET_POS_SET").isEqualTo((byte) 2);
            long position = 0;
            for (int k = 8; k >= 1; k--) {
                position = position << 8 | (b[offset.start() + k] & 0xff);
            }
            assertThat(position).isEqualTo(e.dataOffset().position()).isGreaterThanOrEqualTo(layout.tocEnd());
            // the position points at the block type byte, then the block's dump id Int
            assertThat(b[(int) position]).isEqualTo((byte) ("BLOBS".equals(e.desc()) ? 3 : 1));
            assertThat(at(b, (int) position + 1).readInt("id")).isEqualTo(e.dumpId());
            // written to a pipe, pg_dump leaves the flag at K_OFFSET_POS_NOT_SET and the position zero
            // (the TOC is the same length, and in the same place, in both files)
            assertThat(hex(pipe, offset.start(), 9)).isEqualTo("01 00 00 00 00 00 00 00 00");
            checked++;
        }
        assertThat(checked).as("TABLE DATA x2 and BLOBS").isEqualTo(3);
    }

    @Test
    void dataChunksAndLargeObjectOidsAsPgDumpWroteThem() {
        byte[] b = resource("custom-z0.dump");
        CustomArchiveToc toc = CustomArchiveReader.readToc(new ByteArrayInputStream(b), "custom-z0.dump");
        TocEntry customers = toc.entries().stream().filter(e -> "TABLE DATA".equals(e.desc()) && "customers".equals(e.tag()))
                .findFirst().orElseThrow();
        int p = (int) customers.dataOffset().position();
        assertThat(b[p]).isEqualTo((byte) 1);
        // -Z 0: one chunk per COPY row; the length counts bytes ("É" is two)
        ArchiveInput in = at(b, p + 6);
        assertThat(new String(in.readStringBytes("row"), StandardCharsets.UTF_8)).isEqualTo("1\tAnn\t10.50\n");
        assertThat(new String(in.readStringBytes("row"), StandardCharsets.UTF_8)).isEqualTo("2\tBob\t0.00\n");
        int rowStart = p + 6 + (int) in.position();
        assertThat(hex(b, rowStart, 5)).isEqualTo("00 0e 00 00 00");
        assertThat(new String(in.readStringBytes("row"), StandardCharsets.UTF_8)).isEqualTo("3\tÉmile\t3.00\n");
        assertThat(new String(in.readStringBytes("end"), StandardCharsets.US_ASCII)).isEqualTo("\\.\n\n\n");
        assertThat(in.readInt("end of chunks")).isZero();

        TocEntry blobs = toc.entries().stream().filter(e -> "BLOBS".equals(e.desc())).findFirst().orElseThrow();
        int q = (int) blobs.dataOffset().position();
        assertThat(b[q]).isEqualTo((byte) 3);
        ArchiveInput lo = at(b, q + 6);
        assertThat(hex(b, q + 6, 5)).as("oid 16520").isEqualTo("00 88 40 00 00");
        assertThat(lo.readInt("oid")).isEqualTo(16520);
        assertThat(new String(lo.readStringBytes("lo"), StandardCharsets.US_ASCII)).isEqualTo("hello large object");
        assertThat(lo.readInt("end of object")).isZero();
        int big = q + 6 + (int) lo.position();
        // an oid above 2^31 goes through a signed int: 3000000000 is written as -1294967296
        assertThat(hex(b, big, 5)).isEqualTo("01 00 a2 2f 4d");
        int oid = lo.readInt("oid");
        assertThat(oid).isEqualTo(-1294967296);
        assertThat(Integer.toUnsignedLong(oid)).isEqualTo(3000000000L);
    }

    private static int ordinal(CustomArchiveToc toc, String desc, String tag) {
        for (int i = 0; i < toc.entries().size(); i++) {
            TocEntry e = toc.entries().get(i);
            if (desc.equals(e.desc()) && tag.equals(e.tag())) {
                return i + 1;
            }
        }
        throw new AssertionError(desc + " " + tag);
    }

    private static Region field(ArchiveLayout layout, String field) {
        return layout.regions().stream().filter(r -> r.field().equals(field)).findFirst().orElseThrow(() -> new AssertionError(field));
    }
}
