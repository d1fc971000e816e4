package io.stowage.postgres.restore.binary;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.stowage.postgres.restore.binary.DateTimeConvertersTest.assertRefused;
import static io.stowage.postgres.restore.binary.ServerCopy.assertConverts;
import static org.assertj.core.api.Assertions.assertThat;

/** inet and cidr converters against PostgreSQL 15's text and binary output of the same values. */
class InetConverterTest {
    /** Random IPv6 words, mostly zero so that every length and place of zero run occurs. */
    private static final String WORD = "(CASE WHEN random() < 0.45 THEN '0' WHEN random() < 0.15 THEN 'ffff'"
            + " WHEN random() < 0.1 THEN '1' ELSE to_hex(floor(random() * (CASE WHEN random() < 0.5 THEN 16 ELSE 65536 END))::int) END)";
    private static final String IPV6 = "concat_ws(':', " + String.join(", ", java.util.Collections.nCopies(8, WORD)) + ")";
    private static final String IPV4 = "('0.0.0.0'::inet + floor(random() * 4294967296)::bigint)";

    private static ServerCopy server;

    @BeforeAll
    static void connect() throws Exception {
        server = ServerCopy.open();
        server.execute("SELECT setseed(0.5)");
    }

    @AfterAll
    static void close() throws Exception {
        server.close();
    }

    @Test
    void inetAsTheServerSendsIt() throws Exception {
        FieldConverter inet = InetConverter.inet();
        int n = 0;
        n += assertConverts(inet, server.fields("inet", "SELECT " + IPV4 + " FROM generate_series(1, 5000)"));
        n += assertConverts(inet, server.fields("inet",
                "SELECT set_masklen(" + IPV4 + ", floor(random() * 33)::int) FROM generate_series(1, 5000)"));
        n += assertConverts(inet, server.fields("inet", "SELECT " + IPV6 + "::inet FROM generate_series(1, 20000)"));
        n += assertConverts(inet, server.fields("inet",
                "SELECT set_masklen(" + IPV6 + "::inet, floor(random() * 129)::int) FROM generate_series(1, 5000)"));
        // the embedded IPv4 forms and their neighbours
        n += assertConverts(inet, server.fields("inet",
                "SELECT ('::' || b || to_hex(w) || ':' || to_hex(v))::inet"
                        + " FROM unnest(ARRAY['', '0:', 'ffff:', '1:', '0:0:', 'ffff:0:', '0:ffff:']) b,"
                        + " unnest(ARRAY[0, 1, 2, 255, 256, 65535]) w, unnest(ARRAY[0, 1, 2, 4660, 65535]) v"));
        n += assertConverts(inet, server.fields("inet",
                "SELECT v::inet FROM unnest(ARRAY['::', '::1', '::2', '::ffff:1.2.3.4', '::1.2.3.4', '::ffff:0.0.0.0',"
                        + " '::0.0.1.0', '1::', '1::1', '1:0:0:1::', '0:0:1::', '::1:0:0:0:1', '1:0:0:2:0:0:0:3', '1:2:3:4:5:6:7:8',"
                        + " 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '::/0', '0.0.0.0', '0.0.0.0/0', '255.255.255.255',"
                        + " '10.1.2.3/8', '192.168.0.1/24', '::ffff:1.2.3.4/96', '2001:db8::/32', 'fe80::1/64', NULL]) v"));
        assertThat(n).isEqualTo(35_000 + 7 * 6 * 5 + 24);
    }

    @Test
    void cidrAsTheServerSendsIt() throws Exception {
        FieldConverter cidr = InetConverter.cidr();
        int n = 0;
        n += assertConverts(cidr, server.fields("cidr",
                "SELECT network(set_masklen(" + IPV4 + ", floor(random() * 33)::int)) FROM generate_series(1, 5000)"));
        n += assertConverts(cidr, server.fields("cidr",
                "SELECT network(set_masklen(" + IPV6 + "::inet, floor(random() * 129)::int)) FROM generate_series(1, 10000)"));
        n += assertConverts(cidr, server.fields("cidr",
                "SELECT v::cidr FROM unnest(ARRAY['::/0', '::1/128', '::ffff:1.2.3.4/128', '::ffff:0:0/96', '0.0.0.0/0',"
                        + " '10.0.0.0/8', '1.2.3.4/32', '192.168.100.128/25', '2001:db8::/32', NULL]) v"));
        assertThat(n).isEqualTo(15_009);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4/32", "01.2.3.4", "1.2.3", "1.2.3.4.5", "1.2.3.256", "1.2.3.4/33", "1.2.3.4/024",
        "1.2.3.4/", " 1.2.3.4", "1.2.3.4 ", "::FFFF:1.2.3.4", "::ffff:102:304", "0:0:0:0:0:0:0:1", "::0001", "::1/128",
        "1:2:3:4:5:6:7:8:9", ":::", "1::2::3", "1::2:0:0:0:0", "1:0:0:2:0:0:0:0", "1::0:2", "::ABCD", "fe80::1%eth0", "::1.2.3.04",
        "1.2.3.4/-1", "", "::ffff:1.2.3", "::/", "12345::"})
    void inetNotSpelledAsTheServerWritesItIsRefused(String text) {
        assertRefused(InetConverter.inet(), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4", "10.0.0.1/8", "11.0.0.0/7", "10/8", "::1", "::1/127", "8000::/0", "2001:db8::1/32",
        "1.2.3.4/33"})
    void cidrNotSpelledAsTheServerWritesItIsRefused(String text) {
        assertRefused(InetConverter.cidr(), text);
    }
}
