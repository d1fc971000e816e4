package io.stowage.postgres.archive;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent, test-only map of what every byte of a pg_dump archive is, built by walking the
 * bytes with the format reference (pg-archive-format.md sections 2 to 7) rather than with the
 * readers under test. The robustness tests use it to say what a corrupted byte belonged to.
 */
final class ArchiveLayout {

    /** What a byte range holds. */
    enum Kind {
        /** Magic, version, sizes, format byte, compression. */
        HEADER_FIELD,
        /** The creation time Ints: not used by a restore. */
        TIMESTAMP,
        /** Sign or magnitude byte of an Int (counts, ids, flags, sections, lengths). */
        INT,
        /** The length Int of a Str. */
        STRING_LENGTH,
        /** The bytes of a Str: no checksum covers them. */
        STRING_CONTENT,
        /** A custom TOC entry's data Offset. */
        OFFSET,
        /** A custom data block's type byte. */
        BLOCK_TYPE,
        /** The length Int of a data chunk, or the zero Int ending a chunk stream or a BLOBS block. */
        CHUNK_LENGTH,
        /** A large object's oid Int in a BLOBS block. */
        LO_OID,
        /** Uncompressed COPY data or large-object bytes: no checksum covers them. */
        PAYLOAD,
        /** Compressed (zlib or gzip) data, covered by the stream's checksum. */
        COMPRESSED_PAYLOAD,
        /** A tar header (covered by its checksum). */
        TAR_HEADER,
        /** Tar padding, trailing zero blocks and members a restore never reads (restore.sql). */
        UNREAD,
        /** A line of blobs.toc. */
        TEXT
    }

    /** Bytes [start, end) hold {@code kind}; {@code field} names the field for messages. */
    record Region(int start, int end, Kind kind, String field) {
    }

    private final List<Region> regions = new ArrayList<>();
    private final byte[] bytes;
    private final int base;
    private int pos;
    private int intSize = 4;
    private int tocEnd = -1;

    private ArchiveLayout(byte[] bytes, int base, int start) {
        this.bytes = bytes;
        this.base = base;
        this.pos = start;
    }

    List<Region> regions() {
        return regions;
    }

    /** The end of the TOC (the first data byte in a custom archive). */
    int tocEnd() {
        return tocEnd;
    }

    /** The region holding byte {@code offset}. */
    Region at(int offset) {
        for (Region r : regions) {
            if (offset >= r.start && offset < r.end) {
                return r;
            }
        }
        throw new IllegalArgumentException("no region at " + offset);
    }

    /** The layout of a custom archive: header, TOC with offsets, data blocks. */
    static ArchiveLayout custom(byte[] bytes) {
        ArchiveLayout l = new ArchiveLayout(bytes, 0, 0);
        boolean compressed = l.header();
        l.toc(true);
        l.tocEnd = l.pos;
        while (l.pos < bytes.length) {
            l.block(compressed);
        }
        return l;
    }

    /** The layout of a {@code toc.dat} (directory or tar), whose bytes start at {@code base} in {@code bytes}. */
    static ArchiveLayout fileToc(byte[] bytes, int base, int length) {
        ArchiveLayout l = new ArchiveLayout(bytes, base, base);
        l.header();
        l.toc(false);
        l.tocEnd = l.pos;
        if (l.pos != base + length) {
            throw new IllegalStateException("toc.dat has " + (base + length - l.pos) + " bytes after its TOC");
        }
        return l;
    }

    /**
     * The layout of a pg_dump tar archive: headers, toc.dat (its fields), data members (payload),
     * padding; everything from restore.sql on is never read by a restore.
     */
    static ArchiveLayout tar(byte[] bytes) {
        ArchiveLayout l = new ArchiveLayout(bytes, 0, 0);
        int at = 0;
        while (at + 512 <= bytes.length) {
            String name = new String(bytes, at, 100, StandardCharsets.US_ASCII).replace("\0", "");
            if (name.isEmpty() || name.equals("restore.sql")) {
                l.regions.add(new Region(at, bytes.length, Kind.UNREAD, "restore.sql and the end of the tar"));
                break;
            }
            long size = Long.parseLong(new String(bytes, at + 124, 11, StandardCharsets.US_ASCII).trim(), 8);
            l.regions.add(new Region(at, at + 512, Kind.TAR_HEADER, "tar header of " + name));
            int data = at + 512;
            if (name.equals("toc.dat")) {
                l.regions.addAll(fileToc(bytes, data, (int) size).regions);
            } else if (name.equals("blobs.toc")) {
                l.regions.add(new Region(data, data + (int) size, Kind.TEXT, name));
            } else if (size > 0) {
                l.regions.add(new Region(data, data + (int) size, Kind.PAYLOAD, name));
            }
            int padded = (int) ((size + 511) / 512 * 512);
            if (padded > size) {
                l.regions.add(new Region(data + (int) size, data + padded, Kind.UNREAD, "padding of " + name));
            }
            at = data + padded;
        }
        return l;
    }

    /** Header (section 2); returns whether the data is compressed. */
    private boolean header() {
        add(5, Kind.HEADER_FIELD, "magic");
        add(3, Kind.HEADER_FIELD, "version");
        intSize = bytes[pos] & 0xff;
        add(1, Kind.HEADER_FIELD, "intSize");
        add(1, Kind.HEADER_FIELD, "offSize");
        add(1, Kind.HEADER_FIELD, "format");
        int level = peekInt();
        add(1 + intSize, Kind.HEADER_FIELD, "compression level");
        for (String f : new String[] {"tm_sec", "tm_min", "tm_hour", "tm_mday", "tm_mon", "tm_year", "tm_isdst"}) {
            add(1 + intSize, Kind.TIMESTAMP, f);
        }
        str("database name");
        str("server version");
        str("pg_dump version");
        return level != 0;
    }

    private void toc(boolean custom) {
        int count = integer("TOC entry count");
        for (int i = 1; i <= count; i++) {
            String e = "entry " + i + " ";
            integer(e + "dump id");
            integer(e + "hadDumper");
            str(e + "table oid");
            str(e + "oid");
            str(e + "tag");
            str(e + "desc");
            integer(e + "section");
            str(e + "definition");
            str(e + "drop statement");
            str(e + "copy statement");
            str(e + "namespace");
            str(e + "tablespace");
            str(e + "table access method");
            str(e + "owner");
            str(e + "withOids");
            while (str(e + "dependency") >= 0) {
                // until the NULL that ends the list
            }
            if (custom) {
                add(9, Kind.OFFSET, e + "data offset");
            } else {
                str(e + "data file name");
            }
        }
    }

    private void block(boolean compressed) {
        int type = bytes[pos] & 0xff;
        add(1, Kind.BLOCK_TYPE, "block type");
        integer("block dump id");
        if (type == 1) {
            chunks(compressed, "table data");
        } else {
            while (true) {
                int oid = peekInt();
                add(1 + intSize, oid == 0 ? Kind.CHUNK_LENGTH : Kind.LO_OID, oid == 0 ? "end of BLOBS block" : "large object oid");
                if (oid == 0) {
                    return;
                }
                chunks(compressed, "large object " + Integer.toUnsignedLong(oid));
            }
        }
    }

    private void chunks(boolean compressed, String what) {
        while (true) {
            int length = peekInt();
            add(1 + intSize, Kind.CHUNK_LENGTH, "chunk length of " + what);
            if (length == 0) {
                return;
            }
            add(length, compressed ? Kind.COMPRESSED_PAYLOAD : Kind.PAYLOAD, what);
        }
    }

    private int integer(String field) {
        int v = peekInt();
        add(1 + intSize, Kind.INT, field);
        return v;
    }

    /** A Str; returns its length (−1 for NULL). */
    private int str(String field) {
        int length = peekInt();
        add(1 + intSize, Kind.STRING_LENGTH, field + " length");
        if (length > 0) {
            add(length, Kind.STRING_CONTENT, field);
        }
        return length;
    }

    private int peekInt() {
        long magnitude = 0;
        for (int i = 0; i < intSize; i++) {
            magnitude |= (long) (bytes[pos + 1 + i] & 0xff) << (8 * i);
        }
        return (int) (bytes[pos] == 1 ? -magnitude : magnitude);
    }

    private void add(int length, Kind kind, String field) {
        if (pos + length > bytes.length) {
            throw new IllegalStateException(field + " runs past the end at " + (pos - base));
        }
        regions.add(new Region(pos, pos + length, kind, field));
        pos += length;
    }
}
