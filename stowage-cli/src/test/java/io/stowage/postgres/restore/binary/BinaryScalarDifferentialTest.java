package io.stowage.postgres.restore.binary;

import io.stowage.testkit.PgServer;
import io.stowage.testkit.PgServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The differential test of the scalar converters: for many values of each type, the server's text
 * COPY output converted by {@link TextCopyToBinary} with the type's converter must equal, field by
 * field, the server's own binary COPY output of the same values.
 */
class BinaryScalarDifferentialTest {
    private static PgServer server;
    private static String db;
    private static Connection c;

    @BeforeAll
    static void start() throws Exception {
        server = PgServers.get(15);
        db = server.createDatabase();
        c = server.connect(db);
        try (Statement s = c.createStatement()) {
            s.execute("SET extra_float_digits = 3");
            s.execute("SET DateStyle = ISO");
            s.execute("SELECT setseed(0.42)");
            s.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy 😀', 'tab\tbed')");
            s.execute("CREATE TABLE f8 (v float8)");
            s.execute("CREATE TABLE f4 (v float4)");
        }
        Random random = new Random(7);
        StringBuilder f8 = new StringBuilder();
        StringBuilder f4 = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            float f = Float.intBitsToFloat(random.nextInt());
            f8.append(Double.isNaN(d) ? "NaN" : Double.toString(d)).append('\n');
            f4.append(Float.isNaN(f) ? "NaN" : Float.toString(f)).append('\n');
            // short decimals, the common case in real data, on the fast path
            double nice = Math.round(random.nextGaussian() * 1e6) / Math.pow(10, random.nextInt(12));
            f8.append(nice).append('\n');
            f4.append((float) nice).append('\n');
        }
        List<String> both = List.of("0", "-0", "NaN", "Infinity", "-Infinity", "1e15", "1e16", "123456789012345",
                "1234567890123456", "0.0001", "0.00001", "0.1", "0.3", "1e22", "1e23", "9007199254740993", "16777217",
                "8388608.5", "1e10", "1e11", "1e-10", "1e-11", "2.5", "-2.5", "3.4028235e38", "1.4e-45", "1.17549435e-38");
        for (String edge : both) {
            f4.append(edge).append('\n');
            f8.append(edge).append('\n');
        }
        for (String edge : List.of("4.9e-324", "2.2250738585072014e-308", "1.7976931348623157e308", "1e-320")) {
            f8.append(edge).append('\n');
        }
        copyIn("COPY f8 FROM STDIN", f8.toString());
        copyIn("COPY f4 FROM STDIN", f4.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (c != null) {
            c.close();
        }
        if (db != null) {
            server.dropDatabase(db);
        }
    }

    private static void copyIn(String sql, String data) throws Exception {
        c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(data));
    }

    private static byte[] copyOut(String sql) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, out);
        return out.toByteArray();
    }

    /**
     * Converts the text COPY of {@code query} and compares it with the binary COPY, value by value.
     *
     * @return the number of values compared
     */
    private static int differential(FieldConverter converter, String type, String query) throws Exception {
        // stored first, so that both COPYs read the same random values in the same order
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS d");
            s.execute("CREATE TABLE d AS SELECT v::" + type + " AS v FROM (" + query + ") x(v)");
        }
        byte[] text = copyOut("COPY d TO STDOUT");
        byte[] expected = copyOut("COPY d TO STDOUT WITH (FORMAT binary)");
        ByteArrayOutputStream converted = new ByteArrayOutputStream();
        long count = new TextCopyToBinary(List.of(converter)).convert(new ByteArrayInputStream(text), converted);
        String[] lines = new String(text, StandardCharsets.UTF_8).split("\n", -1);
        List<List<byte[]>> want = ServerCopy.binaryRows(expected);
        List<List<byte[]>> got = ServerCopy.binaryRows(converted.toByteArray());
        assertThat(count).isEqualTo(want.size());
        assertThat(got).hasSameSizeAs(want);
        for (int i = 0; i < want.size(); i++) {
            assertThat(got.get(i).get(0)).as("%s value %s of %s", type, lines[i], query).isEqualTo(want.get(i).get(0));
        }
        assertThat(converted.toByteArray()).isEqualTo(expected);
        return want.size();
    }

    @Test
    void bool() throws Exception {
        assertThat(differential(ScalarConverters.BOOL, "bool", "SELECT v FROM (VALUES (true), (false), (NULL)) x(v)")).isEqualTo(3);
    }

    @Test
    void integers() throws Exception {
        assertThat(differential(ScalarConverters.INT2, "int2", "SELECT g::int2 FROM generate_series(-32768, 32767, 7) g "
                + "UNION ALL VALUES (32767::int2), (0), (-1), (1), (NULL)")).isGreaterThan(9000);
        assertThat(differential(ScalarConverters.INT4, "int4", "SELECT (random() * 4294967295 - 2147483648)::int8::int4 "
                + "FROM generate_series(1, 20000) UNION ALL SELECT g FROM generate_series(-1000, 1000) g "
                + "UNION ALL VALUES (2147483647), (-2147483648), (NULL)")).isGreaterThan(22000);
        assertThat(differential(ScalarConverters.INT8, "int8", "SELECT ('x' || substr(md5(g::text), 1, 16))::bit(64)::int8 "
                + "FROM generate_series(1, 20000) g UNION ALL SELECT (g - 1000) * (g % 17) FROM generate_series(1, 2000) g "
                + "UNION ALL VALUES (9223372036854775807), (-9223372036854775808), (NULL)")).isGreaterThan(22000);
        assertThat(differential(ScalarConverters.OID, "oid", "SELECT ('x' || lpad(substr(md5(g::text), 1, 8), 16, '0'))::bit(64)"
                + "::int8::oid FROM generate_series(1, 20000) g UNION ALL VALUES (0::oid), (4294967295::oid), (1::oid)"))
                .isGreaterThan(20000);
    }

    @Test
    void floats() throws Exception {
        assertThat(differential(ScalarConverters.FLOAT8,"float8", "SELECT v FROM f8 UNION ALL "
                + "SELECT (random() - 0.5) * 10 ^ (g % 60 - 30) FROM generate_series(1, 20000) g UNION ALL "
                + "SELECT round(random() * 1000000) / 100 FROM generate_series(1, 5000) UNION ALL SELECT NULL::float8"))
                .isGreaterThan(60000);
        assertThat(differential(ScalarConverters.FLOAT4,"float4", "SELECT v FROM f4 UNION ALL "
                + "SELECT ((random() - 0.5) * 10 ^ (g % 60 - 30))::float4 FROM generate_series(1, 20000) g UNION ALL "
                + "SELECT (round(random() * 1000000) / 100)::float4 FROM generate_series(1, 5000) UNION ALL SELECT NULL::float8"))
                .isGreaterThan(60000);
    }

    @Test
    void numeric() throws Exception {
        assertThat(differential(ScalarConverters.NUMERIC,"numeric",
                "SELECT round(((random() - 0.5) * 10 ^ (random() * 40 - 10))::numeric, (random() * 25)::int) "
                        + "FROM generate_series(1, 20000) "
                        + "UNION ALL SELECT (random() * 1e10)::numeric(12, 2) FROM generate_series(1, 10000) "
                        + "UNION ALL SELECT ('x' || substr(md5(g::text), 1, 16))::bit(64)::int8::numeric "
                        + "* ('x' || substr(md5((g + 1)::text), 1, 16))::bit(64)::int8 / 10::numeric ^ (g % 50) "
                        + "FROM generate_series(1, 5000) g "
                        + "UNION ALL SELECT round(g::numeric / 7, g % 30) FROM generate_series(-3000, 3000) g "
                        + "UNION ALL SELECT v::numeric FROM (VALUES ('0'), ('0.00'), ('0.0001'), ('0.00001'), ('1e-20'), "
                        + "('10000'), ('9999.9999'), ('99999999'), ('100000000'), ('-1'), ('-0.5'), ('-0.00010'), "
                        + "('NaN'), ('Infinity'), ('-Infinity'), ('1' || repeat('0', 1000)), ('0.' || repeat('0', 500) || '1'), "
                        + "('123456789.123456789'), ('0.' || repeat('9', 16383)), ('-' || repeat('9', 5000)), "
                        + "('1000000000000.0000000000001'), ('20000.00020000')) x(v) "
                        + "UNION ALL VALUES (NULL::numeric)"))
                .isGreaterThan(41000);
    }

    @Test
    void textKinds() throws Exception {
        String strings = "VALUES ('plain'), (''), (E'tab\\there'), (E'new\\nline'), (E'back\\\\slash\\\\'), "
                + "('grüße 東京 ελληνικά 🐘'), (E'cr\\r lf\\n bs\\b ff\\f vt' || chr(11)), (E'\\x01\\x7f'), ('N'), (E'\\\\N'), "
                + "(E'\\\\.'), ('.'), ('  spaced  '), (repeat('ä€😀', 300)), (NULL)";
        assertThat(differential(ScalarConverters.TEXT, "text", "SELECT v::text FROM (" + strings + ") x(v)")).isEqualTo(15);
        assertThat(differential(ScalarConverters.TEXT, "varchar(20)", "SELECT left(v, 20)::varchar(20) FROM (" + strings + ") x(v)"))
                .isEqualTo(15);
        assertThat(differential(ScalarConverters.TEXT, "char(10)", "SELECT left(v, 10)::char(10) FROM (" + strings + ") x(v)"))
                .isEqualTo(15);
        assertThat(differential(ScalarConverters.NAME, "name", "SELECT v::name FROM (" + strings + ") x(v)")).isEqualTo(15);
        assertThat(differential(ScalarConverters.TEXT, "text", "SELECT md5(g::text) || repeat(chr(g % 1000 + 32), g % 50) "
                + "FROM generate_series(1, 5000) g")).isEqualTo(5000);
        assertThat(differential(ScalarConverters.TEXT, "mood", "SELECT v FROM unnest(enum_range(NULL::mood)) v "
                + "UNION ALL VALUES (NULL::mood)")).isEqualTo(5);
    }

    @Test
    void byteaUuidJson() throws Exception {
        assertThat(differential(ScalarConverters.BYTEA, "bytea", "SELECT decode(repeat(md5(g::text), g % 5), 'hex') "
                + "FROM generate_series(1, 3000) g UNION ALL VALUES ('\\x'::bytea), ('\\x00ff5c0a09'), (E'\\\\134'::bytea), "
                + "(NULL)")).isEqualTo(3004);
        assertThat(differential(ScalarConverters.UUID, "uuid", "SELECT gen_random_uuid() FROM generate_series(1, 3000) "
                + "UNION ALL VALUES ('00000000-0000-0000-0000-000000000000'::uuid), "
                + "('FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'), (NULL)")).isEqualTo(3003);
        String json = "VALUES ('{\"a\": 1}'), ('[1, 2,   3]'), ('{\"b\": [1, 2.50, \"x\\ty\\n\\\\\"], \"a\": null, \"a\": 2}'), "
                + "('\"grüße 🐘\"'), ('1e400'), ('{}'), (NULL)";
        assertThat(differential(ScalarConverters.TEXT, "json", "SELECT v::json FROM (" + json + ") x(v)")).isEqualTo(7);
        assertThat(differential(ScalarConverters.JSONB, "jsonb", "SELECT v::jsonb FROM (" + json + ") x(v) UNION ALL "
                + "SELECT jsonb_build_object('k' || g, g * 1.5, 't', md5(g::text), 'n', NULL) FROM generate_series(1, 2000) g"))
                .isEqualTo(2007);
    }
}
