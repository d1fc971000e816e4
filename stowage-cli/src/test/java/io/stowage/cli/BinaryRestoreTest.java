package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code restore -j} loading big tables in binary COPY format, converted from the archive's text:
 * a table of every converted kind arrives exactly; a table with a value the conversion does not read
 * (an array element with a vertical tab, near its end, after megabytes of binary data went out) is
 * cancelled and loaded again in text, also exactly; with the conversion off nothing is binary. The
 * test kit's servers are on this machine, where the restore by itself loads in binary only tables
 * whose types save the server more than their conversion costs; the other runs force the choice
 * with {@code -Dstowage.restore.binary}.
 */
class BinaryRestoreTest {

    /** Two tables of about 3 MB each (archives written with -Z0, so stored sizes are the text's). */
    private static final String FIXTURE = """
            CREATE SCHEMA bin;
            CREATE TYPE bin.mood AS ENUM ('sad', 'ok', 'happy');
            CREATE DOMAIN bin.positive AS numeric(12,2) CHECK (VALUE > 0);
            CREATE TABLE bin.big (id bigint PRIMARY KEY, n int, s smallint, at timestamptz, day date, ts timestamp,
                amount bin.positive, ratio float8, f4 float4, addr inet, net cidr, tag uuid, mood bin.mood, flag bool,
                note text, "Quoted, Name" varchar(40), raw bytea, tags text[], scores int[], days date[], doc jsonb, j json);
            INSERT INTO bin.big SELECT i, i * 7, (i % 30000)::smallint,
                timestamptz '2024-01-01 00:00:00+00' + i * interval '37 seconds 123 microseconds',
                date '1999-12-31' + (i % 20000) - 10000, timestamp '1970-01-01' + i * interval '1 minute',
                (i % 9999 + 1) / 100.0, CASE WHEN i % 97 = 0 THEN 'NaN'::float8 ELSE i / 7.0 END, (i / 3.0)::float4,
                ('10.' || (i % 256) || '.' || (i / 256 % 256) || '.1')::inet,
                CASE WHEN i % 2 = 0 THEN '2001:db8::/32'::cidr ELSE ('192.168.' || (i % 256) || '.0/24')::cidr END,
                md5(i::text)::uuid, (ARRAY['sad', 'ok', 'happy'])[1 + i % 3]::bin.mood, i % 2 = 0,
                CASE WHEN i % 11 = 0 THEN NULL ELSE E'line ' || i || E'\\twith tab\\nand newline \\\\ backslash ü' END,
                'q' || i, decode(md5(i::text), 'hex'), ARRAY['a' || i, NULL, 'b "quoted"', ''], ARRAY[i, -i, 0],
                ARRAY[date '2000-01-01' + i % 1000], jsonb_build_object('k', i, 'a', jsonb_build_array(i, 'x')),
                json_build_object('j', i)
              FROM generate_series(1, 12000) i;
            CREATE TABLE bin.odd (id int PRIMARY KEY, at timestamptz, tags text[]);
            INSERT INTO bin.odd SELECT i, timestamptz '2020-02-29 12:00:00+00' + i * interval '1 second',
                ARRAY[repeat(md5(i::text), 3)] FROM generate_series(1, 30000) i;
            INSERT INTO bin.odd VALUES (30001, now(), ARRAY[E'vertical\\013tab']);
            CREATE TABLE bin.floats (id int PRIMARY KEY, ratio float8, note text);
            INSERT INTO bin.floats SELECT i, i / 7.0, 'float row ' || i FROM generate_series(1, 40000) i;
            """;

    @AfterEach
    void automatic() {
        System.clearProperty("stowage.restore.binary");
    }

    @ParameterizedTest(name = "PostgreSQL {0}, {1}'s archive")
    @CsvSource({"15, stowage", "15, pg_dump", "18, stowage"})
    void bigTablesLoadInBinaryAndFallBackToTextExactly(int major, String tool, @TempDir Path dir) throws Exception {
        if ("pg_dump".equals(tool)) {
            ReferenceTools.require("pg_dump", major);
        }
        PgServer server = Servers.get(major);
        String source = server.createDatabase();
        server.execute(source, FIXTURE);
        Path archive = dir.resolve("bin.d");
        Servers.dumpWith(tool, server, source, "-Fd", "-Z0", "-f", archive.toString());

        System.setProperty("stowage.restore.binary", "true");
        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-j", "2", "-v", "-e", "-d", target, archive.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(restore.err()).contains("loading table \"bin.big\" in binary COPY format")
                .contains("loading table \"bin.odd\" in binary COPY format")
                .contains("table \"bin.odd\" holds a value the binary conversion does not read; loading it in text format")
                .doesNotContain("table \"bin.big\" holds a value");
        assertThat(RoundTripTest.assertIdentical(server, source, target)).isPositive();
        assertThat(server.queryColumn(target, "SELECT count(*) FROM bin.odd")).containsExactly("30001");
        server.dropDatabase(target);

        System.setProperty("stowage.restore.binary", "false");
        String text = server.createDatabase();
        Cli.Result plain = Cli.run(args("restore", conn(server), "-j", "2", "-v", "-e", "-d", text, archive.toString()));
        assertThat(plain.exit()).as(plain.toString()).isZero();
        assertThat(plain.err()).doesNotContain("binary COPY format");
        assertThat(RoundTripTest.assertIdentical(server, source, text)).isPositive();
        server.dropDatabase(text);

        // left to choose, with the server on this machine: bin.odd's timestamps and bin.big's
        // timestamps, uuids, bytea and arrays pay for their conversion, bin.floats's floats cost
        // the client more than they save the server
        System.clearProperty("stowage.restore.binary");
        String auto = server.createDatabase();
        Cli.Result chosen = Cli.run(args("restore", conn(server), "-j", "2", "-v", "-e", "-d", auto, archive.toString()));
        assertThat(chosen.exit()).as(chosen.toString()).isZero();
        assertThat(chosen.err()).contains("loading table \"bin.odd\" in binary COPY format")
                .contains("loading table \"bin.big\" in binary COPY format")
                .doesNotContain("loading table \"bin.floats\" in binary COPY format");
        assertThat(RoundTripTest.assertIdentical(server, source, auto)).isPositive();
        server.dropDatabase(auto);
        server.dropDatabase(source);
    }
}
