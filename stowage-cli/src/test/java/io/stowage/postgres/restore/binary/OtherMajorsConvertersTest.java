package io.stowage.postgres.restore.binary;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.stowage.postgres.restore.binary.ServerCopy.assertConverts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The converters read the text of the oldest and newest majors the kit runs as well (a dump may come
 * from either): each server's text against the same server's binary output.
 */
class OtherMajorsConvertersTest {

    @ParameterizedTest
    @ValueSource(ints = {12, 18})
    void oldestAndNewestMajorsWriteWhatTheConvertersRead(int major) throws Exception {
        try (ServerCopy server = ServerCopy.open(major)) {
            server.execute("SELECT setseed(0.125)");
            int n = 0;
            n += assertConverts(new DateConverter(), server.fields("date",
                    "SELECT date '4714-11-24 BC' + floor(random() * 2147483494)::int FROM generate_series(1, 2000)"
                            + " UNION ALL SELECT v::date FROM unnest(ARRAY['infinity', '-infinity', '0001-01-01 BC']) v"));
            for (String zone : new String[] {"UTC", "Asia/Kolkata", "Europe/Amsterdam", "America/St_Johns"}) {
                n += assertConverts(TimestampConverter.timestamptz(), server.fields("timestamptz",
                        "SELECT timestamptz '4714-11-25 00:00:00+00 BC' + make_interval(days => floor(random() * 109203530)::int)"
                                + " + make_interval(secs => floor(random() * 86400000000) / 1e6) FROM generate_series(1, 1000)"
                                + " UNION ALL SELECT v::timestamptz FROM unnest(ARRAY['infinity', '1850-01-01 00:00:00+00',"
                                + " '0044-03-15 12:00:00.25+00 BC']) v", zone));
            }
            n += assertConverts(TimestampConverter.timestamp(), server.fields("timestamp",
                    "SELECT timestamp '4714-11-25 00:00:00 BC' + make_interval(days => floor(random() * 109203530)::int)"
                            + " + make_interval(secs => floor(random() * 86400000000) / 1e6) FROM generate_series(1, 1000)"));
            n += assertConverts(InetConverter.inet(), server.fields("inet",
                    "SELECT v::inet FROM unnest(ARRAY['::', '::1', '::ffff:1.2.3.4', '::1.2.3.4', '1:0:0:2::', '1.2.3.4/24',"
                            + " 'fe80::1/64', '2001:db8::ff00:42:8329']) v"));
            n += assertConverts(InetConverter.cidr(), server.fields("cidr",
                    "SELECT v::cidr FROM unnest(ARRAY['::/0', '10.0.0.0/8', '1.2.3.4/32', '::1/128', '2001:db8::/32']) v"));
            n += assertConverts(new ArrayConverter((t, off, len, out) -> out.write(t, off, len), 25), server.fields("text[]",
                    "SELECT ARRAY[v, NULL] FROM unnest(ARRAY['', 'NULL', 'null', 'a b', '\"', '\\', '{}', ',', E'x\\ty', 'ü']) v"
                            + " UNION ALL SELECT '[0:1][2:2]={{a},{\"b c\"}}'::text[]"));
            n += assertConverts(new ArrayConverter(new DateConverter(), DateConverter.OID), server.fields("date[]",
                    "SELECT '{2024-02-29,NULL,infinity,\"0001-01-01 BC\"}'::date[]"));
            assertThat(n).isEqualTo(2003 + 4 * 1003 + 1000 + 8 + 5 + 11 + 1);
        }
    }
}
