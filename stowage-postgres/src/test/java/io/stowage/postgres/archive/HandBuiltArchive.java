package io.stowage.postgres.archive;

import io.stowage.core.options.CompressionAlgorithm;
import io.stowage.core.options.CompressionSpec;
import io.stowage.postgres.archive.compress.Codecs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An archive laid out byte by byte as pg_dump of one archive version writes it, independently of
 * the writers and of the header and TOC codecs (only ArchiveOutput's Byte/Int/Str/Offset
 * primitives are shared): pg_backup_archiver.c's WriteHead and WriteToc with their version gates,
 * pg_backup_custom.c's data blocks and seek-back offsets, pg_backup_directory.c's files and
 * pg_backup_tar.c's members.
 */
final class HandBuiltArchive {

    /** How the archive is stored. */
    enum Layout { CUSTOM, CUSTOM_PIPE, DIRECTORY, TAR }

    /** One TOC entry as WriteToc writes it; {@code copyData}/{@code largeObjects} is its payload. */
    record Entry(int dumpId, long tableOid, long oid, String tag, String desc, int section, String defn, String drop,
                 String copy, String namespace, String tablespace, String tableam, int relkind, String owner,
                 List<Integer> deps, String copyData, Map<Long, byte[]> largeObjects) {
        boolean hadDumper() {
            return copyData != null || largeObjects != null;
        }
    }

    final int minor;
    final CompressionAlgorithm compression;
    final List<Entry> entries = new ArrayList<>();
    final String serverVersion;

    HandBuiltArchive(int minor, CompressionAlgorithm compression, String serverVersion) {
        this.minor = minor;
        this.compression = compression;
        this.serverVersion = serverVersion;
    }

    HandBuiltArchive add(Entry e) {
        entries.add(e);
        return this;
    }

    // ---- header and TOC (WriteHead, WriteToc) ----

    private void header(ArchiveOutput out, int format) {
        out.writeBytes("PGDMP".getBytes(StandardCharsets.US_ASCII));
        out.writeByte(1);
        out.writeByte(minor);
        out.writeByte(0);
        out.writeByte(4);
        out.writeByte(8);
        out.writeByte(format);
        if (minor >= 15) {
            out.writeByte(compression.ordinal()); // pg_compress_algorithm: none 0, gzip 1, lz4 2, zstd 3
        } else {
            out.writeInt(compression == CompressionAlgorithm.NONE ? 0 : -1); // Z_DEFAULT_COMPRESSION
        }
        for (int v : new int[] {9, 8, 7, 6, 4, 124, 0}) { // 2024-05-06 07:08:09, struct tm fields
            out.writeInt(v);
        }
        out.writeString("handdb");
        out.writeString(serverVersion);
        out.writeString(serverVersion);
    }

    /** {@code offsets}: custom data offsets by dump id (null: pipe, NOT_SET); {@code names}: file names. */
    private void toc(ArchiveOutput out, Map<Integer, Long> offsets, boolean custom, Map<Integer, String> names) {
        out.writeInt(entries.size());
        for (Entry e : entries) {
            out.writeInt(e.dumpId());
            out.writeInt(e.hadDumper() ? 1 : 0);
            out.writeString(Long.toString(e.tableOid()));
            out.writeString(Long.toString(e.oid()));
            out.writeString(e.tag());
            out.writeString(e.desc());
            out.writeInt(e.section());
            out.writeString(e.defn());
            out.writeString(e.drop());
            out.writeString(e.copy());
            out.writeString(e.namespace());
            out.writeString(e.tablespace());
            if (minor >= 14) {
                out.writeString(e.tableam());
            }
            if (minor >= 16) {
                out.writeInt(e.relkind());
            }
            out.writeString(e.owner());
            out.writeString("false");
            for (int d : e.deps()) {
                out.writeString(Integer.toString(d));
            }
            out.writeString(null);
            if (custom) {
                // WriteOffset: flag K_OFFSET_NO_DATA 3 / POS_NOT_SET 1 / POS_SET 2, then 8 bytes LSB first
                long position = offsets == null || !e.hadDumper() ? 0 : offsets.get(e.dumpId());
                out.writeByte(!e.hadDumper() ? 3 : offsets == null ? 1 : 2);
                for (int i = 0; i < 8; i++) {
                    out.writeByte((int) (position >>> (8 * i)) & 0xff);
                }
            } else {
                out.writeString(e.hadDumper() ? names.get(e.dumpId()) : "");
            }
        }
    }

    // ---- custom format ----

    byte[] custom(boolean seekable) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ArchiveOutput h = new ArchiveOutput(head);
        header(h, 1);
        toc(h, null, true, null);
        long dataStart = head.size();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ArchiveOutput d = new ArchiveOutput(data);
        Map<Integer, Long> offsets = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (!e.hadDumper()) {
                continue;
            }
            offsets.put(e.dumpId(), dataStart + data.size());
            if (e.copyData() != null) {
                d.writeByte(1); // BLK_DATA
                d.writeInt(e.dumpId());
                chunks(d, e.copyData().getBytes(StandardCharsets.UTF_8), true);
            } else {
                d.writeByte(3); // BLK_BLOBS
                d.writeInt(e.dumpId());
                for (Map.Entry<Long, byte[]> lo : e.largeObjects().entrySet()) {
                    d.writeInt((int) lo.getKey().longValue()); // oids >= 2^31 pass through a signed int
                    chunks(d, lo.getValue(), false);
                }
                d.writeInt(0);
            }
        }
        if (seekable) { // _CloseArchive seeks back and rewrites the TOC with the offsets
            head.reset();
            h = new ArchiveOutput(head);
            header(h, 1);
            toc(h, offsets, true, null);
        }
        return concat(head.toByteArray(), data.toByteArray());
    }

    /** One stream, cut into chunks: per COPY row when raw (one WriteData call each), 4096 when compressed. */
    private void chunks(ArchiveOutput d, byte[] raw, boolean rows) {
        byte[] stream = compress(raw, Codecs.Wrapping.ZLIB);
        if (compression == CompressionAlgorithm.NONE && rows) {
            int start = 0;
            for (int i = 0; i < stream.length; i++) {
                if (stream[i] == '\n' && (i + 1 == stream.length || stream[i + 1] != '\n')) {
                    d.writeStringBytes(java.util.Arrays.copyOfRange(stream, start, i + 1));
                    start = i + 1;
                }
            }
        } else {
            for (int i = 0; i < stream.length; i += 4096) {
                d.writeStringBytes(java.util.Arrays.copyOfRange(stream, i, Math.min(stream.length, i + 4096)));
            }
        }
        d.writeInt(0);
    }

    private byte[] compress(byte[] raw, Codecs.Wrapping wrapping) {
        if (compression == CompressionAlgorithm.NONE) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream c = Codecs.compressing(new CompressionSpec(compression, null), wrapping, out)) {
            c.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // ---- directory and tar ----

    /** The TOC's file name of a data entry: pg_backup_directory.c's and pg_backup_tar.c's _ArchiveEntry. */
    private String recordedName(Entry e, boolean tar) {
        if (e.largeObjects() != null && !tar) {
            return minor >= 16 ? "blobs_" + e.dumpId() + ".toc" : "blobs.toc";
        }
        return e.dumpId() + ".dat";
    }

    private byte[] tocDat(boolean tar) {
        Map<Integer, String> names = new LinkedHashMap<>();
        entries.stream().filter(Entry::hadDumper).forEach(e -> names.put(e.dumpId(), recordedName(e, tar)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ArchiveOutput out = new ArchiveOutput(bytes);
        header(out, 3); // archTar, also in a directory's toc.dat
        toc(out, null, false, names);
        return bytes.toByteArray();
    }

    /** The files of {@code pg_dump -Fd}, in the order pg_dump closes them. */
    Map<String, byte[]> files(boolean tar) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("toc.dat", tocDat(tar));
        String suffix = tar ? "" : Codecs.fileSuffix(compression);
        for (Entry e : entries) {
            if (e.copyData() != null) {
                byte[] raw = e.copyData().getBytes(StandardCharsets.UTF_8);
                files.put(e.dumpId() + ".dat" + suffix, tar ? raw : compress(raw, Codecs.Wrapping.GZIP_FILE));
            } else if (e.largeObjects() != null) {
                StringBuilder list = new StringBuilder();
                for (Map.Entry<Long, byte[]> lo : e.largeObjects().entrySet()) {
                    String name = "blob_" + lo.getKey() + ".dat";
                    list.append(lo.getKey()).append(' ').append(name).append('\n');
                    files.put(name + suffix, tar ? lo.getValue() : compress(lo.getValue(), Codecs.Wrapping.GZIP_FILE));
                }
                files.put(minor >= 16 ? "blobs_" + e.dumpId() + ".toc" : "blobs.toc",
                        list.toString().getBytes(StandardCharsets.US_ASCII));
            }
        }
        return files;
    }

    Path directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> f : files(false).entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
        return dir;
    }

    /** pg_dump -Ft: the directory's files as ustar members, then restore.sql, then two zero blocks. */
    byte[] tar() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, byte[]> members = files(true);
        members.put("restore.sql", "-- never read by pg_restore\n".getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<String, byte[]> m : members.entrySet()) {
            out.writeBytes(tarHeader(m.getKey(), m.getValue().length));
            out.writeBytes(m.getValue());
            out.writeBytes(new byte[(512 - m.getValue().length % 512) % 512]);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    /** src/port/tar.c's tarCreateHeader as pg_backup_tar.c calls it. */
    private static byte[] tarHeader(String name, long size) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000600 ");
        put(h, 108, "0004000 ");
        put(h, 116, "0002000 ");
        put(h, 124, String.format("%011o ", size));
        put(h, 136, String.format("%011o ", 1714979289L));
        put(h, 148, "        ");
        h[156] = '0';
        put(h, 257, "ustar");
        put(h, 263, "00");
        put(h, 265, "postgres");
        put(h, 297, "postgres");
        put(h, 329, "0000000 ");
        put(h, 337, "0000000 ");
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%07o ", sum));
        return h;
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
