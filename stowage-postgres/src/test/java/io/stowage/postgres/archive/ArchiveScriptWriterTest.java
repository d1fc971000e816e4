package io.stowage.postgres.archive;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The script written for the pg_dump 15.18 archives in src/test/resources/archive against what
 * pg_restore 15.18 printed for them ({@code fmtdb.restore.sql}: {@code pg_restore -f}; and
 * {@code fmtdb-create.restore.sql}: {@code pg_restore -C -f}).
 */
class ArchiveScriptWriterTest {

    private static byte[] resource(String name) {
        try (InputStream in = ArchiveScriptWriterTest.class.getResourceAsStream("/archive/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String script(byte[] archive, boolean create) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ArchiveScriptWriter(CustomArchiveReader.open(new ByteArrayInputStream(archive), "test.dump"), create, out).write();
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * pg_restore's output less what is deliberately different: the random {@code \restrict} lines
     * (unknown to older psql), and PostgreSQL 16's owner wording (ALTER VIEW/SEQUENCE/MATERIALIZED
     * VIEW where 15 says ALTER TABLE), both meaning the same to the server.
     */
    private static String expected(String name) {
        return new String(resource(name), StandardCharsets.UTF_8)
                .replaceAll("(?m)^(\\\\connect .*\n)\\\\restrict \\S+\n", "$1")
                .replaceAll("(?m)^\\\\(un)?restrict \\S+\n\n?", "")
                .replaceAll("\n\n\\z", "\n")
                .replace("ALTER TABLE app.customer_orders OWNER", "ALTER VIEW app.customer_orders OWNER")
                .replace("ALTER TABLE app.mv OWNER", "ALTER MATERIALIZED VIEW app.mv OWNER")
                .replace("ALTER TABLE app.orders_id_seq OWNER", "ALTER SEQUENCE app.orders_id_seq OWNER");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fmtdb.dump", "fmtdb-z0.dump"})
    void scriptIsWhatPgRestorePrints(String archive) throws IOException {
        assertThat(script(resource(archive), false).stripTrailing()).isEqualTo(expected("fmtdb.restore.sql").stripTrailing());
    }

    @Test
    void withCreateTheDatabaseEntriesAndConnectAreIncluded() throws IOException {
        String script = script(resource("fmtdb.dump"), true);
        assertThat(script.stripTrailing()).isEqualTo(expected("fmtdb-create.restore.sql").stripTrailing());
        assertThat(script).contains("CREATE DATABASE fmtdb").contains("\\connect fmtdb");
    }

    @Test
    void archiveWithoutOffsetsIsScannedBlockByBlock() throws IOException {
        byte[] archive = resource("fmtdb.dump");
        byte[] piped = withoutOffsets(archive);
        assertThat(piped).isNotEqualTo(archive);
        CustomArchiveToc toc = CustomArchiveReader.readToc(new ByteArrayInputStream(piped), "piped.dump");
        assertThat(toc.entries()).anyMatch(e -> e.dataOffset().state() == OffsetState.POSITION_NOT_SET);
        assertThat(toc.entries()).noneMatch(e -> e.dataOffset().state() == OffsetState.POSITION_SET);
        assertThat(script(piped, false)).isEqualTo(script(archive, false));
    }

    @Test
    void tableDataStreamsDecompressedRowsEndingWithTheTerminator() throws IOException {
        OpenArchive archive = CustomArchiveReader.open(new ByteArrayInputStream(resource("fmtdb.dump")), "fmtdb.dump");
        TocEntry customers = archive.toc().entries().stream()
                .filter(e -> "TABLE DATA".equals(e.desc()) && "customers".equals(e.tag())).findFirst().orElseThrow();
        try (InputStream data = archive.data().openData(customers)) {
            assertThat(new String(data.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("1\tAnn\t10.50\n2\tBob\t0.00\n3\tÉmile\t3.00\n\\.\n\n\n");
        }
    }

    @Test
    void truncatedDataIsAnInputErrorNamingTheOffset() {
        byte[] archive = resource("fmtdb.dump");
        long tocEnd = CustomArchiveReader.readToc(new ByteArrayInputStream(archive), "x").tocEnd();
        int cut = (int) tocEnd + 40;
        assertThatThrownBy(() -> script(Arrays.copyOf(archive, cut), false))
                .isInstanceOfSatisfying(StowageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INPUT);
                    assertThat(e.getMessage()).contains("truncated at offset").doesNotContain("\n");
                });
    }

    @Test
    void corruptCompressedDataIsAnInputErrorNamingTheOffset() {
        byte[] archive = resource("fmtdb.dump").clone();
        CustomArchiveToc toc = CustomArchiveReader.readToc(new ByteArrayInputStream(archive), "x");
        long block = toc.entries().stream().filter(e -> e.dataOffset().state() == OffsetState.POSITION_SET)
                .mapToLong(e -> e.dataOffset().position()).min().orElseThrow();
        // block: type byte, 5-byte dump id, 5-byte chunk length, then the zlib header 78 9c
        int zlibHeader = (int) block + 1 + 5 + 5;
        assertThat(archive[zlibHeader] & 0xff).isEqualTo(0x78);
        archive[zlibHeader] = 0x00;
        assertThatThrownBy(() -> script(archive, false))
                .isInstanceOfSatisfying(StowageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INPUT);
                    assertThat(e.getMessage()).contains("corrupt at offset " + zlibHeader).contains("zlib");
                });
    }

    /** The archive as pg_dump writes it to a pipe: every data entry's offset "not set". */
    private static byte[] withoutOffsets(byte[] archive) {
        CustomArchiveToc toc = CustomArchiveReader.readToc(new ByteArrayInputStream(archive), "x");
        List<TocEntry> entries = toc.entries().stream().map(e -> e.dataOffset().state() != OffsetState.POSITION_SET ? e
                : new TocEntry(e.dumpId(), e.hadDumper(), e.tableOid(), e.oid(), e.tag(), e.desc(), e.section(), e.definition(),
                        e.dropStatement(), e.copyStatement(), e.namespace(), e.tablespace(), e.tableAccessMethod(), e.relkind(),
                        e.owner(), e.withOids(), e.dependencies(), DataOffset.NOT_SET)).toList();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ArchiveOutput out = new ArchiveOutput(bytes, toc.header().intSize(), toc.header().offsetSize());
        TocCodec.writeCustomToc(entries, out, toc.header().version());
        byte[] newToc = bytes.toByteArray();
        byte[] result = archive.clone();
        System.arraycopy(newToc, 0, result, (int) toc.tocEnd() - newToc.length, newToc.length);
        return result;
    }
}
