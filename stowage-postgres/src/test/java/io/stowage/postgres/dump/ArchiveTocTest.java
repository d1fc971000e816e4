package io.stowage.postgres.dump;

import io.stowage.core.archive.ArchiveEntry;
import io.stowage.core.archive.Section;
import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.CompressionAlgorithm;
import io.stowage.core.options.CompressionSpec;
import io.stowage.postgres.archive.ArchiveHeader;
import io.stowage.postgres.archive.ArchiveVersion;
import io.stowage.postgres.archive.TocEntry;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The archive TOC and header the native dump builds, field by field as pg_dump 15 writes them. */
class ArchiveTocTest {

    private static ArchiveEntry entry(int id, String tag, String desc, Section section, String ns, String owner,
                                      String defn, String drop, String copy, List<Integer> deps, long tableOid, long oid) {
        return new ArchiveEntry(id, tag, desc, section, ns, owner, defn, drop, copy, deps, tableOid, oid);
    }

    @Test
    void specialEntriesComeFirstWithPgDumpsDefinitionsAndFreshIds() {
        List<ArchiveEntry> plan = List.of(
                entry(1, "app", "SCHEMA", Section.PRE_DATA, null, "postgres", "CREATE SCHEMA app;\n", "DROP SCHEMA app;\n", "",
                        List.of(), 0, 16386));
        List<TocEntry> toc = ArchiveToc.build(plan, Map.of(1, 2615L), Map.of());
        assertThat(toc).extracting(TocEntry::desc).containsExactly("ENCODING", "STDSTRINGS", "SEARCHPATH", "SCHEMA");
        assertThat(toc).extracting(TocEntry::dumpId).containsExactly(2, 3, 4, 1);
        TocEntry encoding = toc.get(0);
        assertThat(encoding.tag()).isEqualTo("ENCODING");
        assertThat(encoding.section()).isEqualTo(Section.PRE_DATA);
        assertThat(encoding.definition()).isEqualTo("SET client_encoding = 'UTF8';\n");
        assertThat(encoding.dropStatement()).isNull();
        assertThat(encoding.owner()).isNull();
        assertThat(encoding.namespace()).isNull();
        assertThat(encoding.withOids()).isEqualTo("false");
        assertThat(toc.get(1).definition()).isEqualTo("SET standard_conforming_strings = 'on';\n");
        assertThat(toc.get(2).definition()).isEqualTo("SELECT pg_catalog.set_config('search_path', '', false);\n");
        TocEntry schema = toc.get(3);
        assertThat(schema.tableOid()).isEqualTo(2615);
        assertThat(schema.oid()).isEqualTo(16386);
        assertThat(schema.hadDumper()).isFalse();
        assertThat(schema.copyStatement()).isNull();
        assertThat(schema.tablespace()).isNull();
    }

    @Test
    void tableDataNamesItsTableByOidAloneAndOwnsItsPayload() {
        List<ArchiveEntry> plan = List.of(
                entry(1, "t", "TABLE", Section.PRE_DATA, "public", "postgres", "CREATE TABLE public.t (a integer);\n",
                        "DROP TABLE public.t;\n", "", List.of(), 0, 16400),
                entry(2, "t", "TABLE DATA", Section.DATA, "public", "postgres", "", "", "COPY public.t (a) FROM stdin;\n",
                        List.of(1), 16400, 0),
                entry(3, "BLOBS", "BLOBS", Section.DATA, null, null, "", "", "", List.of(), 0, 0));
        List<TocEntry> toc = ArchiveToc.build(plan, Map.of(1, 1259L),
                Map.of(1, new PlainScriptWriter.Storage("", "heap")));
        TocEntry table = toc.get(3);
        assertThat(table.tablespace()).isEqualTo("");
        assertThat(table.tableAccessMethod()).isEqualTo("heap");
        TocEntry data = toc.get(4);
        assertThat(data.tableOid()).isZero();
        assertThat(data.oid()).isEqualTo(16400);
        assertThat(data.hadDumper()).isTrue();
        assertThat(data.definition()).isNull();
        assertThat(data.dropStatement()).isNull();
        assertThat(data.copyStatement()).isEqualTo("COPY public.t (a) FROM stdin;\n");
        assertThat(data.dependencies()).containsExactly(1);
        assertThat(data.tablespace()).isNull();
        assertThat(toc.get(5).hadDumper()).isTrue();
        assertThat(toc.get(5).owner()).isNull();
    }

    @Test
    void headerIs114WithTheZlibLevelOr115ForLz4AndZstd() {
        ZonedDateTime now = ZonedDateTime.of(2026, 11, 22, 10, 9, 49, 0, ZoneId.of("UTC"));
        ArchiveHeader gzip = NativeDumper.header(ArchiveFormat.CUSTOM, CompressionSpec.GZIP_DEFAULT, "db", "15.18", "Stowage x", now);
        assertThat(gzip.version()).isEqualTo(ArchiveVersion.V1_14);
        assertThat(gzip.compression().level()).isEqualTo(-1);
        assertThat(gzip.formatCode()).isEqualTo(ArchiveHeader.FORMAT_CUSTOM);
        assertThat(gzip.intSize()).isEqualTo(4);
        assertThat(gzip.offsetSize()).isEqualTo(8);
        assertThat(gzip.created().month()).isEqualTo(10);
        assertThat(gzip.created().year()).isEqualTo(126);
        assertThat(gzip.created().isDst()).isZero();
        assertThat(gzip.databaseName()).isEqualTo("db");
        assertThat(gzip.pgDumpVersion()).isEqualTo("Stowage x");

        assertThat(NativeDumper.header(ArchiveFormat.DIRECTORY, CompressionSpec.parse("5"), "db", "v", "s", now)
                .compression().level()).isEqualTo(5);
        ArchiveHeader none = NativeDumper.header(ArchiveFormat.TAR, CompressionSpec.NONE, "db", "v", "s", now);
        assertThat(none.compression().level()).isZero();
        // directory archives carry tar's format code in toc.dat, as pg_dump writes them
        assertThat(none.formatCode()).isEqualTo(ArchiveHeader.FORMAT_TAR);
        assertThat(NativeDumper.header(ArchiveFormat.DIRECTORY, CompressionSpec.NONE, "db", "v", "s", now).formatCode())
                .isEqualTo(ArchiveHeader.FORMAT_TAR);

        ArchiveHeader zstd = NativeDumper.header(ArchiveFormat.CUSTOM, CompressionSpec.parse("zstd:3"), "db", "v", "s", now);
        assertThat(zstd.version()).isEqualTo(ArchiveVersion.V1_15);
        assertThat(zstd.compression().algorithm()).isEqualTo(CompressionAlgorithm.ZSTD);
        assertThat(zstd.compression().level()).isNull();
    }
}
