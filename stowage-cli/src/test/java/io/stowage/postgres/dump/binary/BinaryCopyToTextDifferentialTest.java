package io.stowage.postgres.dump.binary;

import io.stowage.postgres.restore.binary.ColumnTypes;
import io.stowage.postgres.restore.binary.PgType;
import io.stowage.testkit.PgServer;
import io.stowage.testkit.PgServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The differential test of {@link BinaryCopyToText}: for tables of many values of every supported
 * type (random with a fixed seed, edge cases, NULLs), the server's {@code COPY t TO STDOUT (FORMAT
 * binary)} converted must equal its {@code COPY t TO STDOUT} byte for byte, by both entry points,
 * on PostgreSQL 12, 15 and 18, with pg_dump's session settings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BinaryCopyToTextDifferentialTest {
    private static final int[] MAJORS = {12, 15, 18};
    private final Map<Integer, String> databases = new HashMap<>();
    private final Map<Integer, Connection> connections = new HashMap<>();

    @BeforeAll
    void start() throws Exception {
        for (int major : MAJORS) {
            PgServer server = PgServers.get(major);
            String db = server.createDatabase();
            databases.put(major, db);
            Connection c = server.connect(db);
            connections.put(major, c);
            execute(c, "SET DateStyle = ISO", "SET IntervalStyle = postgres", "SET extra_float_digits = 3",
                    "SET client_encoding = 'UTF8'", "SET TimeZone = 'UTC'", "SET bytea_output = 'hex'",
                    "SELECT setseed(0.25)");
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (int major : MAJORS) {
            Connection c = connections.get(major);
            if (c != null) {
                c.close();
            }
            if (databases.containsKey(major)) {
                PgServers.get(major).dropDatabase(databases.get(major));
            }
        }
    }

    private static void execute(Connection c, String... sql) throws Exception {
        try (Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    private static byte[] copyOut(Connection c, String sql) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, out);
        return out.toByteArray();
    }

    /** Creates {@code table} as {@code definition} and fills it with {@code insert}. */
    private static void table(Connection c, String table, String definition, String... inserts) throws Exception {
        execute(c, "DROP TABLE IF EXISTS " + table, "CREATE TABLE " + table + " " + definition);
        for (String insert : inserts) {
            execute(c, "INSERT INTO " + table + " " + insert);
        }
    }

    /**
     * Asserts that the binary COPY of {@code table}, converted by both entry points, equals its text
     * COPY byte for byte; returns the row count.
     */
    private static long assertSameText(Connection c, String table) throws Exception {
        List<PgType> types = ColumnTypes.resolve(c, table, List.of());
        BinaryCopyToText converter = BinaryCopyToText.forColumns(types, OutputSettings.of(c)).orElseThrow(
                () -> new AssertionError("no converter for " + types));
        byte[] text = copyOut(c, "COPY " + table + " TO STDOUT");
        byte[] binary = copyOut(c, "COPY " + table + " TO STDOUT (FORMAT binary)");
        ByteArrayOutputStream converted = new ByteArrayOutputStream();
        long rows = converter.convert(new ByteArrayInputStream(binary), converted);
        assertLines(table, converted.toByteArray(), text);
        // the tuple entry point over the same bytes, as a CopyOut reader would call it
        TextSink sink = new TextSink(64);
        int p = BinaryCopyToText.skipHeader(binary, 0, binary.length);
        long tuples = 0;
        while ((p = converter.convertTuple(binary, p, binary.length, sink)) != BinaryCopyToText.TRAILER) {
            tuples++;
        }
        assertThat(tuples).isEqualTo(rows);
        assertThat(java.util.Arrays.copyOf(sink.array(), sink.size())).as("%s by the tuple entry point", table).isEqualTo(text);
        long lines = 0;
        for (byte b : text) {
            if (b == '\n') {
                lines++;
            }
        }
        assertThat(rows).isEqualTo(lines);
        return rows;
    }

    /** Compares line by line first, so that a failure names the rows that differ. */
    private static void assertLines(String table, byte[] got, byte[] want) {
        String[] g = new String(got, StandardCharsets.UTF_8).split("\n", -1);
        String[] w = new String(want, StandardCharsets.UTF_8).split("\n", -1);
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < Math.min(g.length, w.length) && wrong.size() < 20; i++) {
            if (!g[i].equals(w[i])) {
                wrong.add("row " + i + ": got [" + g[i] + "], server [" + w[i] + "]");
            }
        }
        assertThat(wrong).as("rows of %s converted differently from the server's text", table).isEmpty();
        assertThat(g.length).isEqualTo(w.length);
        assertThat(got).isEqualTo(want);
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 15, 18})
    void integersAndBool(int major) throws Exception {
        Connection c = connections.get(major);
        table(c, "ints", "(a int2, b int4, c int8, d oid, e bool)",
                "SELECT (random() * 65535 - 32768)::int4::int2, (random() * 4294967295 - 2147483648)::int8::int4, "
                        + "('x' || substr(md5(g::text), 1, 16))::bit(64)::int8 >> (g % 64), "
                        + "('x' || lpad(substr(md5(g::text), 1, 8), 16, '0'))::bit(64)::int8::oid, g % 3 = 0 "
                        + "FROM generate_series(1, 20000) g",
                "VALUES (32767, 2147483647, 9223372036854775807, 4294967295, true), "
                        + "(-32768, -2147483648, -9223372036854775808, 0, false), (0, 0, 0, 1, NULL), "
                        + "(NULL, NULL, NULL, NULL, NULL), (-1, -1, -1, 2147483648, true)");
        assertThat(assertSameText(c, "ints")).isEqualTo(20005);
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 15, 18})
    void numeric(int major) throws Exception {
        Connection c = connections.get(major);
        String specials = major >= 14 ? ", ('Infinity'), ('-Infinity')" : "";
        table(c, "nums", "(v numeric, m numeric(12,2))",
                "SELECT round(((random() - 0.5) * 10 ^ (random() * 40 - 10))::numeric, (random() * 25)::int), "
                        + "(random() * 1e10)::numeric(12, 2) FROM generate_series(1, 20000)",
                "SELECT ('x' || substr(md5(g::text), 1, 16))::bit(64)::int8::numeric "
                        + "* ('x' || substr(md5((g + 1)::text), 1, 16))::bit(64)::int8 / 10::numeric ^ (g % 50), "
                        + "-g / 100.0 FROM generate_series(1, 5000) g",
                "SELECT round(g::numeric / 7, g % 30), NULL FROM generate_series(-3000, 3000) g",
                "SELECT v::numeric, NULL FROM (VALUES ('0'), ('0.00'), ('-0.00'), ('0.0001'), ('0.00001'), ('1e-20'), "
                        + "('10000'), ('9999.9999'), ('99999999'), ('100000000'), ('-1'), ('-0.5'), ('-0.00010'), "
                        + "('NaN')" + specials + ", ('1' || repeat('0', 1000)), ('0.' || repeat('0', 500) || '1'), "
                        + "('123456789.123456789'), ('0.' || repeat('9', 16383)), ('-' || repeat('9', 5000)), "
                        + "('1e131071'), ('1e-16383'), ('1000000000000.0000000000001'), ('20000.00020000'), "
                        + "('-0.000000000000000000001'), (NULL)) x(v)",
                "SELECT round(-0.0001::numeric, 2), 0 UNION ALL SELECT 0.001 * 0, -0.004::numeric(12,2)");
        assertThat(assertSameText(c, "nums")).isGreaterThan(31000);
    }

    private static final String TIMESTAMPS = "SELECT timestamp '4714-11-25 00:00:00 BC' "
            + "+ make_interval(days => floor(random() * 109203530)::int) "
            + "+ make_interval(secs => floor(random() * 86400000000) / 1e6) FROM generate_series(1, 10000) "
            + "UNION ALL SELECT timestamp '2024-01-01' + g * interval '1.234567 second' FROM generate_series(1, 5000) g "
            + "UNION ALL SELECT timestamp '1999-12-31' + g * interval '7 hours 0.001 second' FROM generate_series(-3000, 3000) g "
            + "UNION ALL SELECT make_timestamp(1 + (random() * 15000)::int, 1 + g % 12, 1 + g % 28, g % 24, g % 60, "
            + "(g % 60) + (g % 1000000) / 1e6) FROM generate_series(1, 5000) g "
            + "UNION ALL SELECT v::timestamp FROM unnest(ARRAY['infinity', '-infinity', '4714-11-24 00:00:00 BC', "
            + "'0001-12-31 23:59:59.999999 BC', '0001-01-01 00:00:00', '0005-02-29 12:00:00.1 BC', '0001-02-29 BC', '1900-02-28', "
            + "'2000-02-29 23:59:59.000001', '9999-12-31 23:59:59.999999', '10000-01-01', '294276-12-31 23:59:59.999999', "
            + "'1970-01-01', '1969-12-31 23:59:59.5', NULL]) v";

    @ParameterizedTest
    @ValueSource(ints = {12, 15, 18})
    void datesAndTimestamps(int major) throws Exception {
        Connection c = connections.get(major);
        table(c, "times", "(d date, t timestamp, tz timestamptz)",
                "SELECT v::date, v, v::timestamptz FROM (" + TIMESTAMPS + ") x(v)",
                "SELECT date '4714-11-24 BC' + floor(random() * 2147483000)::int, NULL, NULL FROM generate_series(1, 5000)",
                "SELECT v::date, NULL, NULL FROM unnest(ARRAY['5874897-12-31', '4714-11-24 BC', '0001-01-01 BC', "
                        + "'infinity', '-infinity']) v");
        assertThat(assertSameText(c, "times")).isGreaterThan(31000);
    }

    /** Every TimeZone name of the allowlist exists, is reported by the server as set, and prints timestamptz as UTC with "+00". */
    @ParameterizedTest
    @ValueSource(ints = {12, 15, 18})
    void everyAllowedZoneNamePrintsUtc(int major) throws Exception {
        Connection c = connections.get(major);
        table(c, "zoned", "(tz timestamptz)", "SELECT v::timestamptz FROM (" + TIMESTAMPS + ") x(v)");
        try {
            for (String zone : OutputSettings.UTC_ZONES) {
                execute(c, "SET TimeZone = '" + zone + "'");
                assertThat(OutputSettings.of(c).timeZone()).as("SHOW TimeZone after SET TimeZone = %s", zone).isEqualTo(zone);
                assertThat(assertSameText(c, "zoned")).as(zone).isGreaterThan(26000);
            }
            // a zone with an offset is refused, and would indeed print differently
            execute(c, "SET TimeZone = 'Europe/London'");
            List<PgType> types = ColumnTypes.resolve(c, "zoned", List.of());
            assertThat(BinaryCopyToText.forColumns(types, OutputSettings.of(c))).isEmpty();
            assertThat(new String(copyOut(c, "COPY zoned TO STDOUT"), StandardCharsets.UTF_8)).contains("+01\n");
        } finally {
            execute(c, "SET TimeZone = 'UTC'");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 15, 18})
    void textKinds(int major) throws Exception {
        Connection c = connections.get(major);
        execute(c, "DROP TABLE IF EXISTS texts", "DROP TYPE IF EXISTS mood",
                "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy 😀', E'tab\\tbed', E'back\\\\slash')");
        String strings = "VALUES ('plain'), (''), (E'tab\\there'), (E'new\\nline'), (E'back\\\\slash\\\\'), "
                + "('grüße 東京 ελληνικά 🐘'), (E'cr\\r lf\\n bs\\b ff\\f vt' || chr(11)), (E'\\x01\\x7f\\x1f'), ('N'), (E'\\\\N'), "
                + "(E'\\\\.'), ('.'), ('  spaced  '), (repeat('ä€😀', 300)), (E'\\\\x41'), (NULL)";
        table(c, "texts", "(t text, v varchar(20), b char(10), n name, e mood)",
                "SELECT v, left(v, 20), left(v, 10), v, NULL FROM (" + strings + ") x(v)",
                "SELECT md5(g::text) || repeat(chr(g % 1000 + 32), g % 50) || chr(g % 31 + 1), left(md5(g::text), 20), "
                        + "chr(g % 200 + 1), 'n' || g, (enum_range(NULL::mood))[g % 5 + 1] FROM generate_series(1, 5000) g");
        assertThat(assertSameText(c, "texts")).isEqualTo(5016);
        String json = "VALUES ('{\"a\": 1}'), ('[1, 2,   3]'), ('{\"b\": [1, 2.50, \"x\\ty\\n\\\\\"], \"a\": null, \"a\": 2}'), "
                + "('\"grüße 🐘\"'), ('1e400'), ('{}'), ('\"\\u0009 tab\"'), (NULL)";
        table(c, "jsons", "(j json, b jsonb)", "SELECT v::json, v::jsonb FROM (" + json + ") x(v)",
                "SELECT jsonb_build_object('k' || g, g * 1.5, 't', md5(g::text), 'n', NULL)::json, "
                        + "jsonb_build_object('k' || g, g * 1.5, 't', E'\\t' || md5(g::text), 'n', NULL) FROM generate_series(1, 2000) g");
        assertThat(assertSameText(c, "jsons")).isEqualTo(2008);
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 15, 18})
    void byteaUuidAndNetworkAddresses(int major) throws Exception {
        Connection c = connections.get(major);
        table(c, "misc", "(b bytea, u uuid, i inet, n cidr)",
                "SELECT decode(repeat(md5(g::text), g % 5), 'hex'), md5(g::text)::uuid, "
                        + "CASE WHEN g % 2 = 0 THEN ((g % 256) || '.' || (g / 256 % 256) || '.' || (g * 7 % 256) || '.' || (g * 13 % 256) "
                        + "|| '/' || (g % 33))::inet ELSE (set_masklen(('::' || to_hex(g % 3) || ':' || to_hex(g) || ':0:' "
                        + "|| to_hex(g * 31 % 65536) || ':0:0:' || to_hex(g % 2))::inet, g % 129)) END, "
                        + "CASE WHEN g % 2 = 0 THEN network(((g % 256) || '.' || (g * 3 % 256) || '.0.0/' || (g % 33))::inet)::cidr "
                        + "ELSE network(set_masklen(('2001:db8:' || to_hex(g) || '::' || to_hex(g % 7))::inet, g % 129))::cidr END "
                        + "FROM generate_series(1, 4000) g",
                "SELECT v::bytea, NULL, i::inet, NULL FROM (VALUES ('\\x', '::'), ('\\x00ff5c0a09', '::1'), "
                        + "(E'\\\\134', '::ffff:1.2.3.4'), (NULL, '::1.2.3.4'), ('\\x5c', '1:0:0:2::'), ('\\x', '1.2.3.4/24'), "
                        + "('\\x', 'fe80::1/64'), ('\\x', '2001:db8::ff00:42:8329'), ('\\x', '::abcd'), ('\\x', '::ffff:0:0'), "
                        + "('\\x', '::ffff:0.0.0.1/100'), ('\\x', '0.0.0.0/0'), ('\\x', '255.255.255.255'), ('\\x', '1:2:3:4:5:6:7:8'), "
                        + "('\\x', '1::8'), ('\\x', '0:0:1::'), (NULL, NULL)) x(v, i)",
                "SELECT NULL, v::uuid, NULL, n::cidr FROM (VALUES ('00000000-0000-0000-0000-000000000000', '::/0'), "
                        + "('FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', '10.0.0.0/8'), (NULL, '1.2.3.4/32'), (NULL, '::1/128'), "
                        + "(NULL, '2001:db8::/32'), (NULL, '::ffff:1.2.3.0/120'), (NULL, '0.0.0.0/0')) x(v, n)");
        assertThat(assertSameText(c, "misc")).isEqualTo(4024);
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 15, 18})
    void arrays(int major) throws Exception {
        Connection c = connections.get(major);
        execute(c, "DROP TABLE IF EXISTS arrs", "DROP DOMAIN IF EXISTS posint", "CREATE DOMAIN posint AS int4 CHECK (VALUE > 0)");
        String strings = "ARRAY['plain', '', 'NULL', 'null', 'NuLl', 'nulls', 'a b', E'tab\\there', E'new\\nline', 'q\"x', "
                + "E'back\\\\slash', '{}', 'a,b', 'ü€😀', ' lead', 'trail ', E'\\x01', E'vt\\x0b', E'ff\\x0c', E'cr\\r', NULL]";
        table(c, "arrs", "(i2 int2[], i4 int4[], i8 int8[], t text[], v varchar(12)[], b char(3)[], n name[], p posint[])",
                "SELECT ARRAY[g::int2, -g::int2, NULL], ARRAY[g, g * 7 % 100000, g % 13], ARRAY[g * 1000000007::int8], "
                        + "ARRAY['tag' || (g % 50), md5(g::text), 'x y'], ARRAY[left(md5(g::text), 12)::varchar(12)], "
                        + "ARRAY[left(md5(g::text), g % 4)::char(3)], ARRAY[('n' || g)::name], ARRAY[g + 1] "
                        + "FROM generate_series(1, 3000) g",
                "SELECT '{}', '{}', NULL, " + strings + ", " + strings + "::varchar(12)[], ARRAY['', 'a', NULL]::char(3)[], "
                        + strings + "::name[], '{}'",
                "SELECT '{{1,2},{3,4}}', '[0:1][-3:-2]={{1,2},{3,NULL}}', '[5:7]={1,2,3}', '{{a,\"b c\"},{NULL,\"\"}}', "
                        + "'[2:2]={x}', '{{{a}}}', NULL, '[0:0]={1}'",
                "SELECT ARRAY[32767, -32768]::int2[], ARRAY[2147483647, -2147483648], "
                        + "ARRAY[9223372036854775807, -9223372036854775808], ARRAY[repeat('x', 3000), repeat(E'\\\\', 1000)], "
                        + "NULL, NULL, NULL, NULL");
        assertThat(assertSameText(c, "arrs")).isEqualTo(3003);
    }

    /** A table shaped like the benchmark's {@code events}, with awkward notes and NULLs. */
    @ParameterizedTest
    @ValueSource(ints = {12, 15, 18})
    void eventsLikeTable(int major) throws Exception {
        Connection c = connections.get(major);
        table(c, "events", "(id bigint NOT NULL, account_id integer NOT NULL, created_at timestamptz NOT NULL, "
                        + "kind smallint NOT NULL, amount numeric(12,2) NOT NULL, origin inet, note text)",
                "SELECT g, (g * 7919) % 100000 + 1, timestamptz '2024-01-01 00:00:00+00' + g * interval '1.01 second', "
                        + "(g % 12)::smallint, ((g * 37) % 10000000) / 100.0, "
                        + "CASE WHEN g % 11 = 0 THEN NULL WHEN g % 13 = 0 THEN ('2001:db8::' || to_hex(g))::inet "
                        + "ELSE ('10.' || (g % 256) || '.' || (g / 256 % 256) || '.' || (g % 7))::inet END, "
                        + "CASE WHEN g % 17 = 0 THEN NULL ELSE 'event ' || md5(g::text) "
                        + "|| CASE WHEN g % 3 = 0 THEN E' \\t' || md5((g + 1)::text) ELSE '' END "
                        + "|| CASE WHEN g % 5 = 0 THEN E'\\\\ back\\nslash \\r ü€😀' ELSE '' END END "
                        + "FROM generate_series(1::bigint, 30000) g");
        assertThat(assertSameText(c, "events")).isEqualTo(30000);
        assertMessageByMessage(c, "events");
    }

    /**
     * The tuple entry point as a CopyOut reader calls it: the header in the first CopyData message,
     * then one tuple per message (the first message's after the header), the trailer last.
     */
    private static void assertMessageByMessage(Connection c, String table) throws Exception {
        List<PgType> types = ColumnTypes.resolve(c, table, List.of());
        BinaryCopyToText converter = BinaryCopyToText.forColumns(types, OutputSettings.of(c)).orElseThrow();
        byte[] text = copyOut(c, "COPY " + table + " TO STDOUT");
        org.postgresql.copy.CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI()
                .copyOut("COPY " + table + " TO STDOUT (FORMAT binary)");
        TextSink sink = new TextSink(64);
        boolean first = true;
        boolean trailer = false;
        int messages = 0;
        byte[] message;
        while ((message = copy.readFromCopy()) != null) {
            messages++;
            assertThat(trailer).as("a message after the trailer").isFalse();
            int p = 0;
            if (first) {
                p = BinaryCopyToText.skipHeader(message, 0, message.length);
                assertThat(p).isPositive();
                first = false;
            }
            int next = converter.convertTuple(message, p, message.length, sink);
            if (next == BinaryCopyToText.TRAILER) {
                trailer = true;
                next = p + 2;
            }
            assertThat(next).as("one tuple per message").isEqualTo(message.length);
        }
        assertThat(trailer).isTrue();
        assertThat(messages).isGreaterThan(1);
        assertThat(java.util.Arrays.copyOf(sink.array(), sink.size())).isEqualTo(text);
    }

    /** Fields of tens of megabytes, which the stream entry point formats piecewise as they arrive. */
    @Test
    void hugeFields() throws Exception {
        Connection c = connections.get(15);
        table(c, "huge", "(id int, t text, b bytea, j jsonb)",
                "SELECT 1, repeat(E'ab\\c\td\nü€ ', 2500000), decode(repeat(md5('x'), 1000000), 'hex'), "
                        + "jsonb_build_object('k', repeat(E'q\t', 1000000))",
                "SELECT g, 'small ' || g, '\\x00', NULL FROM generate_series(2, 100) g",
                "SELECT 101, repeat('z', 3000000), NULL, NULL");
        assertThat(assertSameText(c, "huge")).isEqualTo(101);
    }

    @Test
    void domainsAreFormattedByTheirBaseType() throws Exception {
        Connection c = connections.get(15);
        execute(c, "DROP TABLE IF EXISTS doms", "DROP DOMAIN IF EXISTS money2", "DROP DOMAIN IF EXISTS label",
                "CREATE DOMAIN money2 AS numeric(10,2) CHECK (VALUE > -1000000)",
                "CREATE DOMAIN label AS text CHECK (VALUE <> 'x')");
        table(c, "doms", "(m money2, l label)", "SELECT g / 3.0, E'l\\t' || g FROM generate_series(-500, 500) g");
        assertThat(assertSameText(c, "doms")).isEqualTo(1001);
    }

    @Test
    void unsupportedColumnsAreRefused() throws Exception {
        Connection c = connections.get(15);
        execute(c, "DROP TABLE IF EXISTS refused", "DROP TYPE IF EXISTS pair",
                "CREATE TYPE pair AS (a int, b text)",
                "CREATE TABLE refused (i int, f float8, r real, iv interval, p pair, a float8[], t time, m money, "
                        + "n numeric[], ts timestamptz[])");
        OutputSettings settings = OutputSettings.of(c);
        List<PgType> types = ColumnTypes.resolve(c, "refused", List.of());
        assertThat(BinaryCopyToText.forColumns(types.subList(0, 1), settings)).isPresent();
        for (int i = 1; i < types.size(); i++) {
            assertThat(BinaryCopyToText.forColumns(List.of(types.get(0), types.get(i)), settings)).as(types.get(i).name()).isEmpty();
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SHOW bytea_output")) {
            r.next();
            assertThat(settings.byteaOutput()).isEqualTo(r.getString(1));
        }
        execute(c, "SET bytea_output = 'escape'");
        try {
            assertThat(BinaryCopyToText.forColumns(ColumnTypes.resolve(c, "misc", List.of()), OutputSettings.of(c))).isEmpty();
        } finally {
            execute(c, "SET bytea_output = 'hex'");
        }
    }
}
