package io.stowage.postgres.restore.binary;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static io.stowage.postgres.restore.binary.DateTimeConvertersTest.assertRefused;
import static io.stowage.postgres.restore.binary.ServerCopy.assertConverts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Arrays against PostgreSQL 15's text and binary output: int4[] and text[] through minimal
 * test-local element converters, date[], timestamptz[] and inet[] through the real ones.
 */
class ArrayConverterTest {
    /** int4 as int4out writes it (no sign but '-', no leading zero), nothing more. */
    private static final FieldConverter INT4 = (t, off, len, out) -> {
        boolean negative = len > 0 && t[off] == '-';
        int p = negative ? off + 1 : off;
        long v = 0;
        if (p == off + len || (t[p] == '0' && off + len - p > 1) || off + len - p > 10) {
            throw new Unconvertible("int4");
        }
        for (; p < off + len; p++) {
            if (t[p] < '0' || t[p] > '9') {
                throw new Unconvertible("int4");
            }
            v = v * 10 + t[p] - '0';
        }
        out.writeInt((int) (negative ? -v : v));
    };
    /** text: its send form is its UTF8 bytes. */
    private static final FieldConverter TEXT = (t, off, len, out) -> out.write(t, off, len);

    private static ServerCopy server;

    @BeforeAll
    static void connect() throws Exception {
        server = ServerCopy.open();
        server.execute("SELECT setseed(0.75)");
    }

    @AfterAll
    static void close() throws Exception {
        server.close();
    }

    @Test
    void intArraysOfEveryShape() throws Exception {
        FieldConverter ints = new ArrayConverter(INT4, 23);
        int n = assertConverts(ints, server.fields("int4[]",
                "SELECT v::int4[] FROM unnest(ARRAY['{}', '{1}', '{1,2,NULL}', '{NULL}', '{NULL,NULL}', '{{1,2},{3,4}}',"
                        + " '{{NULL,2},{3,NULL}}', '[0:1]={1,2}', '[-5:-4][3:4]={{1,2},{3,4}}', '[1:1][0:0]={{7}}',"
                        + " '{{{1,2,3},{4,5,6}},{{7,8,9},{-10,-2147483648,2147483647}}}', '{{{{{{1}}}}}}', '[2147483646:2147483646]={1}',"
                        + " '[-2147483648:-2147483647]={1,2}', NULL]) v"));
        // random shapes: 1 to 3 dimensions, random bounds, random NULLs
        n += assertConverts(ints, server.fields("int4[]",
                "SELECT (SELECT array_agg(CASE WHEN random() < 0.1 THEN NULL ELSE (random() * 2e9 - 1e9)::int END)"
                        + " FROM generate_series(1, 1 + g % 7)) FROM generate_series(1, 2000) g"));
        n += assertConverts(ints, server.fields("int4[]",
                "SELECT array_fill(g % 5 - 2, ARRAY[1 + g % 3, 1 + g % 4], ARRAY[g % 3 - 1, 1]) FROM generate_series(1, 500) g"));
        assertThat(n).isEqualTo(14 + 2000 + 500);
    }

    @Test
    void textArraysQuoteAndEscapeAsArrayOutDoes() throws Exception {
        FieldConverter texts = new ArrayConverter(TEXT, 25);
        int n = assertConverts(texts, server.fields("text[]",
                "SELECT ARRAY[v, 'x', NULL] FROM unnest(ARRAY['', 'NULL', 'null', 'Null', 'NULLs', 'a b', ' a', 'a ', '\"',"
                        + " '\\', 'a\"b\\c', '{', '}', '{}', ',', 'a,b', E'tab\\there', E'new\\nline', E'cr\\rx', E'ff\\fx',"
                        + " 'grüße 東京 🐘', '[1:2]', '=', ':', 'N', 'NULLNULL', '''quote''', E'\\\\x00']) v"));
        n += assertConverts(texts, server.fields("text[]",
                "SELECT v::text[] FROM unnest(ARRAY['{}', '{\"\"}', '{{a,b},{\"c d\",NULL}}', '[0:0]={\"\"}',"
                        + " '{{\"{\",\"}\"},{\",\",\"\\\\\"}}']) v"));
        n += assertConverts(texts, server.fields("text[]",
                "SELECT (SELECT array_agg(CASE WHEN random() < 0.1 THEN NULL"
                        + " ELSE substr(md5(random()::text) || ' \"\\,{}', 1 + floor(random() * 30)::int, floor(random() * 12)::int) END)"
                        + " FROM generate_series(1, 1 + g % 6)) FROM generate_series(1, 3000) g"));
        assertThat(n).isEqualTo(28 + 5 + 3000);
    }

    @Test
    void arraysOfDatesTimestampsAndAddresses() throws Exception {
        int n = assertConverts(new ArrayConverter(new DateConverter(), DateConverter.OID), server.fields("date[]",
                "SELECT ARRAY[v, NULL, 'infinity', '0044-03-15 BC'] FROM (SELECT date '0001-01-01 BC' + floor(random() * 3e6)::int v"
                        + " FROM generate_series(1, 1000)) s"));
        n += assertConverts(new ArrayConverter(TimestampConverter.timestamptz(), TimestampConverter.TIMESTAMPTZ_OID),
                server.fields("timestamptz[]",
                        "SELECT ARRAY[ARRAY[v, '-infinity'], ARRAY[NULL, v - interval '300 years 1 microsecond']]"
                                + " FROM (SELECT timestamptz '1700-01-01 00:00:00+00' + make_interval(secs => random() * 1e10) v"
                                + " FROM generate_series(1, 1000)) s", "Asia/Kolkata"));
        n += assertConverts(new ArrayConverter(TimestampConverter.timestamp(), TimestampConverter.TIMESTAMP_OID),
                server.fields("timestamp[]", "SELECT '[0:1]={\"2024-01-01 00:00:00.5\",\"0001-01-01 00:00:00 BC\"}'::timestamp[]"));
        n += assertConverts(new ArrayConverter(InetConverter.inet(), InetConverter.INET_OID), server.fields("inet[]",
                "SELECT ARRAY[v, set_masklen(v, 16), '::ffff:1.2.3.4', NULL] FROM (SELECT '0.0.0.0'::inet"
                        + " + floor(random() * 4294967296)::bigint v FROM generate_series(1, 1000)) s"));
        n += assertConverts(new ArrayConverter(InetConverter.cidr(), InetConverter.CIDR_OID), server.fields("cidr[]",
                "SELECT '{10.0.0.0/8,::/0,NULL,2001:db8::/32}'::cidr[]"));
        assertThat(n).isEqualTo(3002);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{1, 2}", "{ 1,2}", "{1,2 }", "{\"1\",2}", "{1,2,}", "{,1}", "{{1,2},{3}}", "{{1},{2,3}}",
        "[1:2]={1,2}", "[0:2]={1,2}", "[0:1]={{1,2}}", "[0:1]{1,2}", "{null}", "{Null}", "{{1,2},3}", "{1,{2}}",
        "{1}x", "{{}}", "[0:0]={}", "{}x", "{1", "1}", "", "{1}}", "[00:1]={1,2}", "[-0:1]={1,2}", "[+0:1]={1,2}",
        "{{{{{{{1}}}}}}}", "[2147483647:2147483647]={1}", "{01}", "{1,,2}", "{\"NULL\"x}", "[0:1][1:1]={1,2}"})
    void intArraysNotSpelledAsArrayOutWritesThemAreRefused(String text) {
        assertRefused(new ArrayConverter(INT4, 23), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\"}", "{\"a\\b\"}", "{a\"b}", "{a\\\\b}", "{\"a\\\"}", "{\"\\\\\"x}", "{a b}", "{\"a\" }",
        "{\"x\u000by\"}", "{x\u000by}", "{a\tb}", "{NULL\"\"}", "{{a},{\"b\"}}"})
    void textArraysNotSpelledAsArrayOutWritesThemAreRefused(String text) {
        assertRefused(new ArrayConverter(TEXT, 25), text);
    }

    @Test
    void anElementTheElementConverterRefusesRefusesTheArrayAndLeavesTheSinkAsItWas() {
        ArrayConverter dates = new ArrayConverter(new DateConverter(), DateConverter.OID);
        byte[] text = "{2024-01-01,2024-1-2}".getBytes(StandardCharsets.UTF_8);
        ByteSink sink = new ByteSink(16);
        sink.writeInt(42);
        assertThatThrownBy(() -> dates.convert(text, 0, text.length, sink)).isInstanceOf(Unconvertible.class);
        assertThat(sink.size()).isEqualTo(4);
    }
}
