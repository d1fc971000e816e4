package io.stowage.postgres.dump;

import io.stowage.postgres.archive.ArchiveDataSource;
import io.stowage.postgres.catalog.CatalogSession;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the content of every large object as pg_dump's plain format does (pg_dump.c: dumpLOs;
 * pg_backup_null.c: _StartLOs, _StartLO, _WriteLOData, _EndLO, _EndLOs): inside one
 * {@code BEGIN; ... COMMIT;}, each object is opened with {@code lo_open('oid', 131072)}, written with
 * one {@code lowrite(0, '\x...')} per 16 kB read, and closed.
 *
 * <p>Streams: objects are listed a batch of oids at a time and read in 1 MB slices with
 * {@code lo_get(oid, offset, length)}, inside the dump's snapshot, so no object is ever held whole.
 */
final class LargeObjectStreamer {
    /** pg_dump's LOBBUFSIZE: the bytes per lowrite statement. */
    static final int WRITE_SIZE = 16384;
    /** Bytes fetched per round trip; a multiple of {@link #WRITE_SIZE} so lines split as pg_dump's. */
    private static final int READ_SIZE = 64 * WRITE_SIZE;
    private static final int OID_BATCH = 1000;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int INV_WRITE = 0x20000;

    private LargeObjectStreamer() {
    }

    /** Writes every large object and returns how many there were. */
    static long write(CatalogSession session, OutputStream out) throws IOException {
        print(out, "BEGIN;\n\n");
        long count = 0;
        long after = -1;
        try (PreparedStatement list = session.connection().prepareStatement(
                "SELECT oid FROM pg_catalog.pg_largeobject_metadata WHERE oid::pg_catalog.int8 > ? ORDER BY oid LIMIT " + OID_BATCH);
             PreparedStatement get = session.connection().prepareStatement(
                     "SELECT pg_catalog.lo_get(?::pg_catalog.oid, ?, ?)")) {
            while (true) {
                list.setLong(1, after);
                List<Long> oids = new ArrayList<>();
                try (ResultSet rs = list.executeQuery()) {
                    while (rs.next()) {
                        oids.add(rs.getLong(1));
                    }
                }
                for (long oid : oids) {
                    writeOne(get, oid, out);
                    count++;
                }
                if (oids.size() < OID_BATCH) {
                    break;
                }
                after = oids.get(oids.size() - 1);
            }
        } catch (SQLException e) {
            throw new IOException(CatalogSession.serverError("reading large objects", e));
        }
        print(out, "COMMIT;\n\n");
        return count;
    }

    /**
     * Writes every large object's raw bytes through {@code sink}, for an archive's BLOBS entry
     * (pg_dump.c's dumpLOs with a non-plain archiver), and returns how many there were.
     */
    static long writeRaw(CatalogSession session, ArchiveDataSource.LargeObjectSink sink) throws IOException {
        long count = 0;
        long after = -1;
        try (PreparedStatement list = session.connection().prepareStatement(
                "SELECT oid FROM pg_catalog.pg_largeobject_metadata WHERE oid::pg_catalog.int8 > ? ORDER BY oid LIMIT " + OID_BATCH);
             PreparedStatement get = session.connection().prepareStatement(
                     "SELECT pg_catalog.lo_get(?::pg_catalog.oid, ?, ?)")) {
            while (true) {
                list.setLong(1, after);
                List<Long> oids = new ArrayList<>();
                try (ResultSet rs = list.executeQuery()) {
                    while (rs.next()) {
                        oids.add(rs.getLong(1));
                    }
                }
                for (long oid : oids) {
                    try (OutputStream out = sink.begin(oid)) {
                        long offset = 0;
                        while (true) {
                            byte[] slice = slice(get, oid, offset);
                            if (slice == null || slice.length == 0) {
                                break;
                            }
                            out.write(slice);
                            offset += slice.length;
                            if (slice.length < READ_SIZE) {
                                break;
                            }
                        }
                    }
                    count++;
                }
                if (oids.size() < OID_BATCH) {
                    break;
                }
                after = oids.get(oids.size() - 1);
            }
        } catch (SQLException e) {
            throw new IOException(CatalogSession.serverError("reading large objects", e));
        }
        return count;
    }

    private static byte[] slice(PreparedStatement get, long oid, long offset) throws SQLException {
        get.setLong(1, oid);
        get.setLong(2, offset);
        get.setInt(3, READ_SIZE);
        try (ResultSet rs = get.executeQuery()) {
            rs.next();
            return rs.getBytes(1);
        }
    }

    private static void writeOne(PreparedStatement get, long oid, OutputStream out) throws SQLException, IOException {
        print(out, "SELECT pg_catalog.lo_open('" + oid + "', " + INV_WRITE + ");\n");
        long offset = 0;
        while (true) {
            get.setLong(1, oid);
            get.setLong(2, offset);
            get.setInt(3, READ_SIZE);
            byte[] slice;
            try (ResultSet rs = get.executeQuery()) {
                rs.next();
                slice = rs.getBytes(1);
            }
            if (slice == null || slice.length == 0) {
                break;
            }
            for (int at = 0; at < slice.length; at += WRITE_SIZE) {
                writeLine(out, slice, at, Math.min(WRITE_SIZE, slice.length - at));
            }
            offset += slice.length;
            if (slice.length < READ_SIZE) {
                break;
            }
        }
        print(out, "SELECT pg_catalog.lo_close(0);\n\n");
    }

    /** {@code SELECT pg_catalog.lowrite(0, '\x...');} as appendByteaLiteral writes it with standard strings on. */
    private static void writeLine(OutputStream out, byte[] data, int from, int length) throws IOException {
        byte[] line = new byte[length * 2 + 40];
        int n = 0;
        for (byte b : "SELECT pg_catalog.lowrite(0, '\\x".getBytes(StandardCharsets.US_ASCII)) {
            line[n++] = b;
        }
        for (int i = from; i < from + length; i++) {
            line[n++] = HEX[(data[i] >> 4) & 0xf];
            line[n++] = HEX[data[i] & 0xf];
        }
        for (byte b : "');\n".getBytes(StandardCharsets.US_ASCII)) {
            line[n++] = b;
        }
        out.write(line, 0, n);
    }

    private static void print(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
    }
}
