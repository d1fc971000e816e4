package io.stowage.postgres.archive;

import io.stowage.core.options.CompressionAlgorithm;
import io.stowage.core.options.NameSelection;
import io.stowage.core.options.RestoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Archives of versions 1.12 to 1.16 as pg_dump 10, 11, 12-15, 16 and 17-18 lay them out, built
 * byte by byte ({@link HandBuiltArchive}) in every format they can have, read with our readers and
 * rendered as {@code pg_restore -f -} and {@code pg_restore -l} print them.
 *
 * <p>Version facts this rests on (pg_backup_archiver.h's K_VERS_* comments, pg_backup_archiver.c's
 * ReadHead/ReadToc/_printTocEntry/_tocEntryRequired/_selectOutputSchema, pg_backup_db.c's
 * IssueCommandPerBlob/IssueACLPerBlob, pg_dump.c's dumpLO, pg_backup_directory.c's and
 * pg_backup_tar.c's _ArchiveEntry/_LoadLOs): 1.12 has one BLOB entry per large object and one
 * BLOBS entry, and no SEARCHPATH entry, so pg_restore sets {@code search_path} per object; 1.13
 * adds the SEARCHPATH entry; 1.14 adds tableam to every entry; 1.15 stores the compression
 * algorithm as one byte (lz4, zstd possible); 1.16 adds relkind to every entry, groups large
 * objects in BLOB METADATA entries (definition: the oids, one a line; drop {@code -- dummy}) with
 * one BLOBS entry each, names the directory's list files {@code blobs_<dumpId>.toc} and writes
 * an ACL per group ({@code LARGE OBJECTS a..b}) applied to each object of the group.
 *
 * <p>The expected scripts carry pg_restore 15's session preamble for every version (Stowage
 * restores into the servers pg_restore 15 restores into); pg_restore 17 and 18 add
 * {@code SET transaction_timeout = 0;}, and current minors {@code \restrict} lines, neither of
 * which depends on the archive.
 */
class PgDumpVersionLayoutsTest {

    private static final long BIG_OID = 3_000_000_000L;

    /** The pg_dump that writes each version (1.12: 9.0 to 10.2; 1.13: 11 and 10.3+). */
    private static String dumper(int minor) {
        return switch (minor) {
            case 12 -> "10.2";
            case 13 -> "11.22";
            case 14 -> "12.22";
            case 15 -> "16.6";
            default -> "17.2";
        };
    }

    private static byte[] bigObject() {
        byte[] b = new byte[20000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    private static Map<Long, byte[]> objects(long... oids) {
        Map<Long, byte[]> m = new LinkedHashMap<>();
        for (long oid : oids) {
            m.put(oid, oid == 16414 ? "hello large object".getBytes(StandardCharsets.US_ASCII)
                    : oid == 16415 ? new byte[] {0, 1, 2} : bigObject());
        }
        return m;
    }

    private static HandBuiltArchive.Entry entry(int id, long tableOid, long oid, String tag, String desc, int section,
                                                String defn, String drop, String ns, String owner, List<Integer> deps) {
        return new HandBuiltArchive.Entry(id, tableOid, oid, tag, desc, section, defn, drop, null, ns, null, null, 0,
                owner, deps, null, null);
    }

    /** The TOC pg_dump of version 1.{@code minor} writes for the same small database. */
    static HandBuiltArchive archive(int minor, CompressionAlgorithm compression) {
        boolean qualified = minor >= 13; // from 1.13 on pg_dump qualifies every name
        String t = qualified ? "hand.t" : "t";
        HandBuiltArchive a = new HandBuiltArchive(minor, compression, dumper(minor));
        a.add(entry(3000, 0, 0, "ENCODING", "ENCODING", 2, "SET client_encoding = 'UTF8';\n", null, null, null, List.of()));
        a.add(entry(3001, 0, 0, "STDSTRINGS", "STDSTRINGS", 2, "SET standard_conforming_strings = 'on';\n", null, null, null, List.of()));
        if (minor >= 13) {
            a.add(entry(3002, 0, 0, "SEARCHPATH", "SEARCHPATH", 2, "SELECT pg_catalog.set_config('search_path', '', false);\n",
                    null, null, null, List.of()));
        }
        a.add(entry(5, 2615, 16385, "hand", "SCHEMA", 2, "CREATE SCHEMA hand;\n", "DROP SCHEMA hand;\n", null, "alice", List.of()));
        if (minor >= 16) {
            // pg_dump 17 records a partitioned table's access method, with relkind 'p'
            a.add(new HandBuiltArchive.Entry(211, 1259, 16390, "parted", "TABLE", 2,
                    "CREATE TABLE hand.parted (\n    k integer\n)\nPARTITION BY RANGE (k);\n", "DROP TABLE hand.parted;\n",
                    null, "hand", "", "heap", 'p', "alice", List.of(5), null, null));
        }
        a.add(new HandBuiltArchive.Entry(210, 1259, 16386, "t", "TABLE", 2,
                "CREATE TABLE " + t + " (\n    id integer,\n    name text\n);\n", "DROP TABLE " + t + ";\n",
                null, "hand", "", minor >= 14 ? "heap" : null, minor >= 16 ? 'r' : 0, "alice", List.of(5), null, null));
        a.add(entry(3010, 0, 0, "TABLE t", "COMMENT", 1, "COMMENT ON TABLE " + t + " IS 'a table';\n", null, "hand", "alice",
                List.of(210)));
        HandBuiltArchive.Entry data = new HandBuiltArchive.Entry(3015, 0, 16386, "t", "TABLE DATA", 3, null, null,
                "COPY " + t + " (id, name) FROM stdin;\n", "hand", null, null, 0, "alice", List.of(210),
                "1\tone\n2\t\\N\n\\.\n\n\n", null);
        String comment = "COMMENT ON LARGE OBJECT 16414 IS 'first';\n";
        if (minor < 16) {
            for (long oid : new long[] {16414, 16415, BIG_OID}) {
                int id = oid == 16414 ? 3011 : oid == 16415 ? 3013 : 3014;
                a.add(entry(id, 2613, oid, Long.toString(oid), "BLOB", 2, "SELECT pg_catalog.lo_create('" + oid + "');\n",
                        "SELECT pg_catalog.lo_unlink('" + oid + "');\n", null, "alice", List.of()));
                if (oid == 16414) {
                    a.add(entry(3012, 0, 0, "LARGE OBJECT 16414", "COMMENT", 1, comment, null, null, "alice", List.of(3011)));
                }
            }
            a.add(data);
            a.add(new HandBuiltArchive.Entry(3016, 0, 0, "BLOBS", "BLOBS", 3, null, null, null, null, null, null, 0, null,
                    List.of(), null, objects(16414, 16415, BIG_OID)));
        } else {
            a.add(data);
            a.add(entry(3011, 2613, 16414, "16414..16415", "BLOB METADATA", 3, "16414\n16415\n", "-- dummy", null, "alice", List.of()));
            a.add(entry(3012, 0, 0, "LARGE OBJECT 16414", "COMMENT", 1, comment, null, null, "alice", List.of(3011)));
            a.add(entry(3017, 0, 0, "LARGE OBJECTS 16414..16415", "ACL", 1,
                    "GRANT SELECT ON LARGE OBJECT 16414 TO bob;\nGRANT UPDATE ON LARGE OBJECT 16414 TO \"Carol; x\";\n",
                    null, null, "alice", List.of(3011)));
            a.add(entry(3013, 2613, BIG_OID, Long.toString(BIG_OID), "BLOB METADATA", 3, BIG_OID + "\n", "-- dummy", null,
                    "alice", List.of()));
            a.add(new HandBuiltArchive.Entry(3018, 0, 0, "16414..16415", "BLOBS", 3, null, null, null, null, null, null, 0,
                    "alice", List.of(3011), null, objects(16414, 16415)));
            a.add(new HandBuiltArchive.Entry(3019, 0, 0, Long.toString(BIG_OID), "BLOBS", 3, null, null, null, null, null, null,
                    0, "alice", List.of(3013), null, objects(BIG_OID)));
        }
        return a;
    }

    // ---- what pg_restore prints, written out from pg_backup_archiver.c ----

    private static String header(String name, String desc, String ns, String owner, boolean data) {
        return "--\n-- " + (data ? "Data for " : "") + "Name: " + name + "; Type: " + desc + "; Schema: " + ns
                + "; Owner: " + owner + "\n--\n\n";
    }

    private static String lowrites(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int at = 0; at < b.length; at += 16384) {
            sb.append("SELECT pg_catalog.lowrite(0, '\\x");
            for (int i = at; i < Math.min(b.length, at + 16384); i++) {
                sb.append(String.format("%02x", b[i] & 0xff));
            }
            sb.append("');\n");
        }
        return sb.toString();
    }

    private static String loadObjects(long... oids) {
        StringBuilder sb = new StringBuilder("BEGIN;\n\n");
        objects(oids).forEach((oid, bytes) -> sb.append("SELECT pg_catalog.lo_open('").append(oid).append("', 131072);\n")
                .append(lowrites(bytes)).append("SELECT pg_catalog.lo_close(0);\n\n"));
        return sb.append("COMMIT;\n\n").toString();
    }

    static String expectedScript(int minor) {
        boolean qualified = minor >= 13;
        String t = qualified ? "hand.t" : "t";
        StringBuilder s = new StringBuilder("--\n-- PostgreSQL database dump\n--\n\n");
        s.append("-- Dumped from database version ").append(dumper(minor)).append('\n');
        s.append("-- Dumped by pg_dump version ").append(dumper(minor)).append("\n\n");
        s.append("SET statement_timeout = 0;\nSET lock_timeout = 0;\nSET idle_in_transaction_session_timeout = 0;\n");
        s.append("SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n");
        if (minor >= 13) {
            s.append("SELECT pg_catalog.set_config('search_path', '', false);\n");
        }
        s.append("SET check_function_bodies = false;\nSET xmloption = content;\nSET client_min_messages = warning;\n"
                + "SET row_security = off;\n\n");
        s.append(header("hand", "SCHEMA", "-", "alice", false)).append("CREATE SCHEMA hand;\n\n\n")
                .append("ALTER SCHEMA hand OWNER TO alice;\n\n");
        if (!qualified) {
            s.append("SET search_path = hand, pg_catalog;\n\n"); // _selectOutputSchema: no SEARCHPATH entry
        }
        s.append("SET default_tablespace = '';\n\n");
        if (minor >= 16) {
            // relkind 'p': no SET default_table_access_method, an ALTER after the owner instead
            s.append(header("parted", "TABLE", "hand", "alice", false))
                    .append("CREATE TABLE hand.parted (\n    k integer\n)\nPARTITION BY RANGE (k);\n\n\n")
                    .append("ALTER TABLE hand.parted OWNER TO alice;\n\n")
                    .append("ALTER TABLE hand.parted SET ACCESS METHOD heap;\n\n");
        }
        if (minor >= 14) {
            s.append("SET default_table_access_method = heap;\n\n");
        }
        s.append(header("t", "TABLE", "hand", "alice", false))
                .append("CREATE TABLE ").append(t).append(" (\n    id integer,\n    name text\n);\n\n\n")
                .append("ALTER TABLE hand.t OWNER TO alice;\n\n");
        s.append(header("TABLE t", "COMMENT", "hand", "alice", false))
                .append("COMMENT ON TABLE ").append(t).append(" IS 'a table';\n\n\n");
        String comment = header("LARGE OBJECT 16414", "COMMENT", "-", "alice", false)
                + "COMMENT ON LARGE OBJECT 16414 IS 'first';\n\n\n";
        String copy = header("t", "TABLE DATA", "hand", "alice", true) + "COPY " + t + " (id, name) FROM stdin;\n"
                + "1\tone\n2\t\\N\n\\.\n\n\n";
        if (minor < 16) {
            for (long oid : new long[] {16414, 16415, BIG_OID}) {
                s.append(header(Long.toString(oid), "BLOB", "-", "alice", false))
                        .append("SELECT pg_catalog.lo_create('").append(oid).append("');\n\n\n")
                        .append("ALTER LARGE OBJECT ").append(oid).append(" OWNER TO alice;\n\n");
                if (oid == 16414) {
                    s.append(comment);
                }
            }
            s.append(copy);
            s.append(header("BLOBS", "BLOBS", "-", "-", true));
            if (!qualified) {
                s.append("SET search_path = pg_catalog;\n\n");
            }
            s.append(loadObjects(16414, 16415, BIG_OID));
        } else {
            s.append(copy);
            s.append(header("16414..16415", "BLOB METADATA", "-", "alice", false))
                    .append("SELECT pg_catalog.lo_create('16414');\nSELECT pg_catalog.lo_create('16415');\n\n")
                    .append("ALTER LARGE OBJECT 16414 OWNER TO alice;\nALTER LARGE OBJECT 16415 OWNER TO alice;\n\n");
            s.append(comment);
            s.append(header(Long.toString(BIG_OID), "BLOB METADATA", "-", "alice", false))
                    .append("SELECT pg_catalog.lo_create('" + BIG_OID + "');\n\n")
                    .append("ALTER LARGE OBJECT " + BIG_OID + " OWNER TO alice;\n\n");
            s.append(header("16414..16415", "BLOBS", "-", "alice", true)).append(loadObjects(16414, 16415));
            s.append(header(Long.toString(BIG_OID), "BLOBS", "-", "alice", true)).append(loadObjects(BIG_OID));
            // ACL pass: IssueACLPerBlob repeats each command for every object of the group
            s.append(header("LARGE OBJECTS 16414..16415", "ACL", "-", "alice", false))
                    .append("GRANT SELECT ON LARGE OBJECT 16414 TO bob;\nGRANT SELECT ON LARGE OBJECT 16415 TO bob;\n\n")
                    .append("GRANT UPDATE ON LARGE OBJECT 16414 TO \"Carol; x\";\n")
                    .append("GRANT UPDATE ON LARGE OBJECT 16415 TO \"Carol; x\";\n\n");
        }
        return s.append("--\n-- PostgreSQL database dump complete\n--\n\n").toString();
    }

    static String expectedListing(int minor, String format, String compression) {
        StringBuilder s = new StringBuilder(";\n; Archive created at 2024-05-06 07:08:09 UTC\n;     dbname: handdb\n");
        s.append(";     TOC Entries: ").append(archive(minor, CompressionAlgorithm.NONE).entries.size()).append('\n');
        s.append(";     Compression: ").append(compression).append('\n');
        s.append(";     Dump Version: 1.").append(minor).append("-0\n;     Format: ").append(format).append('\n');
        s.append(";     Integer: 4 bytes\n;     Offset: 8 bytes\n");
        s.append(";     Dumped from database version: ").append(dumper(minor)).append('\n');
        s.append(";     Dumped by pg_dump version: ").append(dumper(minor)).append('\n');
        s.append(";\n;\n; Selected TOC Entries:\n;\n");
        s.append("5; 2615 16385 SCHEMA - hand alice\n");
        if (minor >= 16) {
            s.append("211; 1259 16390 TABLE hand parted alice\n");
        }
        s.append("210; 1259 16386 TABLE hand t alice\n");
        s.append("3010; 0 0 COMMENT hand TABLE t alice\n");
        if (minor < 16) {
            s.append("3011; 2613 16414 BLOB - 16414 alice\n3012; 0 0 COMMENT - LARGE OBJECT 16414 alice\n");
            s.append("3013; 2613 16415 BLOB - 16415 alice\n3014; 2613 3000000000 BLOB - 3000000000 alice\n");
            s.append("3015; 0 16386 TABLE DATA hand t alice\n3016; 0 0 BLOBS - BLOBS \n");
        } else {
            s.append("3015; 0 16386 TABLE DATA hand t alice\n");
            s.append("3011; 2613 16414 BLOB METADATA - 16414..16415 alice\n3012; 0 0 COMMENT - LARGE OBJECT 16414 alice\n");
            s.append("3017; 0 0 ACL - LARGE OBJECTS 16414..16415 alice\n");
            s.append("3013; 2613 3000000000 BLOB METADATA - 3000000000 alice\n");
            s.append("3018; 0 0 BLOBS - 16414..16415 alice\n3019; 0 0 BLOBS - 3000000000 alice\n");
        }
        return s.toString();
    }

    // ---- the matrix ----

    static Stream<Arguments> layouts() {
        List<Arguments> all = new ArrayList<>();
        for (int minor = 12; minor <= 16; minor++) {
            List<CompressionAlgorithm> algorithms = new ArrayList<>(List.of(CompressionAlgorithm.NONE, CompressionAlgorithm.GZIP));
            if (minor >= 15) {
                algorithms.addAll(List.of(CompressionAlgorithm.LZ4, CompressionAlgorithm.ZSTD));
            }
            for (CompressionAlgorithm c : algorithms) {
                all.add(Arguments.of(minor, HandBuiltArchive.Layout.CUSTOM, c));
                all.add(Arguments.of(minor, HandBuiltArchive.Layout.CUSTOM_PIPE, c));
                all.add(Arguments.of(minor, HandBuiltArchive.Layout.DIRECTORY, c));
            }
            all.add(Arguments.of(minor, HandBuiltArchive.Layout.TAR, CompressionAlgorithm.NONE)); // tar is never compressed
        }
        return all.stream();
    }

    @TempDir
    Path tmp;

    /** Opens the archive with the reader of its format, as restore does. */
    private <T> T withOpen(int minor, HandBuiltArchive.Layout layout, CompressionAlgorithm c,
                           java.util.function.Function<OpenArchive, T> use) throws IOException {
        HandBuiltArchive a = archive(minor, c);
        switch (layout) {
            case CUSTOM -> {
                Path file = Files.write(tmp.resolve("a.dump"), a.custom(true));
                try (FileChannel ch = FileChannel.open(file)) {
                    return use.apply(CustomArchiveReader.open(ch, file.toString()));
                }
            }
            case CUSTOM_PIPE -> {
                return use.apply(CustomArchiveReader.open(new ByteArrayInputStream(a.custom(false)), "-"));
            }
            case DIRECTORY -> {
                return use.apply(DirectoryArchiveReader.open(a.directory(tmp.resolve("d"))));
            }
            default -> {
                return use.apply(TarArchiveReader.open(new ByteArrayInputStream(a.tar()), "a.tar"));
            }
        }
    }

    private static String script(OpenArchive archive, TocSelection selection, RestoreOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new ArchiveScriptWriter(archive, selection, options, out).write();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "1.{0} {1} {2}")
    @MethodSource("layouts")
    void scriptIsWhatPgRestoreOfThatVersionPrints(int minor, HandBuiltArchive.Layout layout, CompressionAlgorithm c) throws IOException {
        String script = withOpen(minor, layout, c, open -> {
            assertThat(open.toc().header().version()).isEqualTo(new ArchiveVersion(1, minor, 0));
            return script(open, TocSelection.all(open.toc(), false), RestoreOptions.builder().build());
        });
        assertThat(script).isEqualTo(expectedScript(minor));
    }

    @ParameterizedTest(name = "1.{0} {1} {2}")
    @MethodSource("layouts")
    void listingIsWhatPgRestoreOfThatVersionPrints(int minor, HandBuiltArchive.Layout layout, CompressionAlgorithm c) throws IOException {
        String format = switch (layout) {
            case CUSTOM, CUSTOM_PIPE -> "CUSTOM";
            case DIRECTORY -> "DIRECTORY";
            case TAR -> "TAR";
        };
        // up to 1.14 pg_restore 12-15 print the zlib level (-1 default, 0 none); 16 and 17 the algorithm
        String compression = minor >= 15 ? c.label() : c == CompressionAlgorithm.NONE ? "0" : "-1";
        String listing = withOpen(minor, layout, c, open -> TocListing.format(open.toc(), format, ZoneId.of("UTC")));
        assertThat(listing).isEqualTo(expectedListing(minor, format, compression));
    }

    private List<String> selected(int minor, RestoreOptions options) throws IOException {
        return withOpen(minor, HandBuiltArchive.Layout.CUSTOM_PIPE, CompressionAlgorithm.NONE,
                open -> TocSelection.of(open.toc(), options, null).entries().stream()
                        .map(s -> s.entry().dumpId() + (s.schema() ? "s" : "") + (s.data() ? "d" : "")).toList());
    }

    /** pg_restore 17's _tocEntryRequired: everything about large objects is data, BLOB METADATA included. */
    @Test
    void largeObjectMetadataGoesWithTheData() throws IOException {
        assertThat(selected(16, RestoreOptions.builder().dataOnly(true).build()))
                .containsExactly("3015d", "3011d", "3012d", "3017d", "3013d", "3018d", "3019d");
        assertThat(selected(16, RestoreOptions.builder().schemaOnly(true).build()))
                .containsExactly("5s", "211s", "210s", "3010s");
        assertThat(selected(14, RestoreOptions.builder().dataOnly(true).build()))
                .containsExactly("3011d", "3012d", "3013d", "3014d", "3015d", "3016d");
        // -t and -n select no large objects: they have neither a table kind nor a schema
        assertThat(selected(16, RestoreOptions.builder().selection(new NameSelection(List.of(), List.of(), List.of("t"), List.of(), List.of(), List.of())).build()))
                .containsExactly("210s", "3010s", "3015d");
    }

    /** A data-only 1.16 script creates, comments, grants and loads the objects: BLOB METADATA is data. */
    @Test
    void dataOnlyScriptOf116CreatesTheObjects() throws IOException {
        String script = withOpen(16, HandBuiltArchive.Layout.TAR, CompressionAlgorithm.NONE, open -> script(open,
                TocSelection.of(open.toc(), RestoreOptions.builder().dataOnly(true).build(), null),
                RestoreOptions.builder().dataOnly(true).build()));
        assertThat(script).contains("SELECT pg_catalog.lo_create('16415');\n", "COMMENT ON LARGE OBJECT 16414",
                "GRANT SELECT ON LARGE OBJECT 16415 TO bob;\n", "SELECT pg_catalog.lo_open('3000000000', 131072);\n")
                .doesNotContain("CREATE TABLE");
    }

    /** pg_restore 17 -c: per-object unlinks for BLOB METADATA, never its "-- dummy" drop. */
    @Test
    void cleanUnlinksEachObjectOfAGroup() throws IOException {
        for (boolean ifExists : new boolean[] {false, true}) {
            RestoreOptions options = RestoreOptions.builder().clean(true).ifExists(ifExists).build();
            String script = withOpen(16, HandBuiltArchive.Layout.CUSTOM, CompressionAlgorithm.GZIP,
                    open -> script(open, TocSelection.of(open.toc(), options, null), options));
            String drops = script.substring(script.indexOf("SET row_security = off;\n\n") + 25, script.indexOf("--\n-- Name: hand"));
            assertThat(drops).isEqualTo(ifExists
                    ? "SELECT pg_catalog.lo_unlink(oid) FROM pg_catalog.pg_largeobject_metadata WHERE oid = '3000000000';\n\n"
                    + "SELECT pg_catalog.lo_unlink(oid) FROM pg_catalog.pg_largeobject_metadata WHERE oid = '16414';\n"
                    + "SELECT pg_catalog.lo_unlink(oid) FROM pg_catalog.pg_largeobject_metadata WHERE oid = '16415';\n\n"
                    + "DROP TABLE IF EXISTS hand.t;\nDROP TABLE IF EXISTS hand.parted;\nDROP SCHEMA IF EXISTS hand;\n"
                    : "SELECT pg_catalog.lo_unlink('3000000000');\n\n"
                    + "SELECT pg_catalog.lo_unlink('16414');\nSELECT pg_catalog.lo_unlink('16415');\n\n"
                    + "DROP TABLE hand.t;\nDROP TABLE hand.parted;\nDROP SCHEMA hand;\n");
        }
    }
}
