package io.stowage.postgres.restore.binary;

import io.stowage.testkit.PgServer;
import io.stowage.testkit.PgServers;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The differential method of the binary conversion: the server writes the same values in COPY's text
 * and binary formats, and a converter must turn each text field into exactly the binary field.
 */
final class ServerCopy implements AutoCloseable {
    /** One value: its de-escaped COPY text (null for NULL) and its binary field (null for NULL). */
    record Field(byte[] text, byte[] binary) {
        String shown() {
            return text == null ? "NULL" : new String(text, StandardCharsets.UTF_8);
        }
    }

    private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);

    private final Connection connection;
    private int tables;

    private ServerCopy(Connection connection) {
        this.connection = connection;
    }

    /** A connection to a fresh database of the shared PostgreSQL 15 server, with pg_dump's output settings. */
    static ServerCopy open() throws SQLException {
        return open(15);
    }

    /** A connection to a fresh database of the shared server of {@code major}, with pg_dump's output settings. */
    static ServerCopy open(int major) throws SQLException {
        PgServer server = PgServers.get(major);
        ServerCopy copy = new ServerCopy(server.connect(server.createDatabase()));
        copy.execute("SET DateStyle = ISO", "SET IntervalStyle = postgres", "SET extra_float_digits = 3",
                "SET client_encoding = 'UTF8'");
        return copy;
    }

    void execute(String... sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /**
     * Stores the rows of {@code select} (one column) in a new table column of {@code type}, then
     * copies them out in text (with the session TimeZone {@code timeZone}) and binary format, in order.
     */
    List<Field> fields(String type, String select, String timeZone) throws SQLException {
        String table = "values_" + (++tables);
        execute("SET TimeZone = 'UTC'",
                "CREATE TABLE " + table + " (id bigserial, v " + type + ")",
                "INSERT INTO " + table + " (v) " + select,
                "SET TimeZone = '" + timeZone + "'");
        String query = "(SELECT v FROM " + table + " ORDER BY id)";
        List<byte[]> text = textFields(copyOut("COPY " + query + " TO STDOUT"));
        List<byte[]> binary = binaryFields(copyOut("COPY " + query + " TO STDOUT WITH (FORMAT binary)"));
        assertThat(text).hasSameSizeAs(binary);
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            fields.add(new Field(text.get(i), binary.get(i)));
        }
        return fields;
    }

    List<Field> fields(String type, String select) throws SQLException {
        return fields(type, select, "UTC");
    }

    /**
     * Asserts that {@code converter} turns every non-NULL text field into its binary field, byte for
     * byte, and returns how many it converted.
     */
    static int assertConverts(FieldConverter converter, List<Field> fields) {
        ByteSink sink = new ByteSink(64);
        List<String> wrong = new ArrayList<>();
        int converted = 0;
        for (Field f : fields) {
            if (f.text() == null) {
                assertThat(f.binary()).isNull();
                continue;
            }
            sink.clear();
            sink.write(0x5a); // a byte of an earlier field, which the converter must leave alone
            try {
                converter.convert(f.text(), 0, f.text().length, sink);
                byte[] got = Arrays.copyOfRange(sink.array(), 1, sink.size());
                if (!Arrays.equals(got, f.binary()) || sink.array()[0] != 0x5a) {
                    wrong.add(f.shown() + ": got " + hex(got) + ", server " + hex(f.binary()));
                } else {
                    converted++;
                }
            } catch (Unconvertible e) {
                wrong.add(f.shown() + ": Unconvertible " + e.getMessage());
            }
        }
        assertThat(wrong).as("values converted differently from the server").isEmpty();
        return converted;
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x & 0xff));
        }
        return s.toString();
    }

    private byte[] copyOut(String sql) throws SQLException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new CopyManager(connection.unwrap(BaseConnection.class)).copyOut(sql, out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One field per line, COPY's backslash escapes undone; null for \N. */
    private static List<byte[]> textFields(byte[] data) {
        List<byte[]> fields = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                fields.add(unescape(data, start, i));
                start = i + 1;
            }
        }
        assertThat(start).isEqualTo(data.length);
        return fields;
    }

    private static byte[] unescape(byte[] d, int from, int to) {
        if (to - from == 2 && d[from] == '\\' && d[from + 1] == 'N') {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = from; i < to; i++) {
            byte b = d[i];
            if (b != '\\') {
                out.write(b);
                continue;
            }
            byte e = d[++i];
            switch (e) {
                case '\\' -> out.write('\\');
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(0x0b);
                default -> throw new IllegalStateException("unexpected COPY escape \\" + (char) e);
            }
        }
        return out.toByteArray();
    }

    /** The single field of each row of a binary COPY; null for NULL. */
    private static List<byte[]> binaryFields(byte[] data) {
        List<byte[]> fields = new ArrayList<>();
        for (List<byte[]> row : binaryRows(data)) {
            assertThat(row).hasSize(1);
            fields.add(row.get(0));
        }
        return fields;
    }

    /** The rows of a binary COPY stream, each a list of fields (null for NULL), its framing checked. */
    static List<List<byte[]>> binaryRows(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        byte[] signature = new byte[SIGNATURE.length];
        in.get(signature);
        assertThat(signature).isEqualTo(SIGNATURE);
        assertThat(in.getInt()).as("flags").isZero();
        int extension = in.getInt();
        in.position(in.position() + extension);
        List<List<byte[]>> rows = new ArrayList<>();
        while (true) {
            short count = in.getShort();
            if (count == -1) {
                break;
            }
            List<byte[]> row = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int length = in.getInt();
                if (length < 0) {
                    row.add(null);
                } else {
                    byte[] f = new byte[length];
                    in.get(f);
                    row.add(f);
                }
            }
            rows.add(row);
        }
        assertThat(in.remaining()).as("bytes after the trailer").isZero();
        return rows;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
