package io.stowage.postgres.jdbc;

import io.stowage.postgres.dump.binary.BinaryCopyToText;
import io.stowage.postgres.dump.binary.OutputSettings;
import io.stowage.postgres.restore.binary.ColumnTypes;
import io.stowage.testkit.PgServer;
import io.stowage.testkit.PgServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link CopyOut#copyAsText}: a binary COPY turned into text rows writes exactly what the text COPY
 * writes, row counts included, for small rows taken from pgjdbc's buffer, rows over that size
 * (a tuple read as a stream), fields of megabytes (formatted piecewise), NULLs, escapes, an empty
 * table, and through pgjdbc's CopyManager; a converter for other columns fails the copy and
 * leaves the connection usable.
 */
class CopyOutBinaryTest {
    private static PgServer server;
    private static String db;

    @BeforeAll
    static void tables() {
        server = PgServers.get(15);
        db = server.createDatabase();
        server.execute(db,
                "ALTER DATABASE " + db + " SET timezone = 'UTC'",
                "CREATE TABLE ev (id bigint, account_id int, created_at timestamptz, kind smallint, amount numeric(12,2),"
                        + " origin inet, note text, d date, ts timestamp, u uuid, b bytea, j jsonb, flag boolean)",
                "INSERT INTO ev SELECT g, g % 1000, timestamptz '2020-01-01 00:00:00+00' + g * interval '17 min 3.25 s',"
                        + " (g % 5)::smallint, CASE WHEN g % 11 = 0 THEN NULL ELSE (g * 1.37)::numeric(12,2) END,"
                        + " ('10.' || g % 256 || '.' || g % 100 || '.1')::inet,"
                        + " CASE g % 4 WHEN 0 THEN NULL WHEN 1 THEN E'tab\\there\\nnew\\\\back\\rret' WHEN 2 THEN 'grüße 東京 🐘' ELSE '' END,"
                        + " date '1999-12-31' + g, timestamp '2001-02-03 04:05:06.789' + g * interval '1 s',"
                        + " md5(g::text)::uuid, decode(md5(g::text), 'hex'), jsonb_build_object('k', g, 's', 'v\tw'), g % 2 = 0"
                        + " FROM generate_series(1, 20000) g",
                // a row over the 64 kB taken in place, and fields of megabytes (text, bytea, jsonb)
                "INSERT INTO ev (id, note) SELECT -1, string_agg(md5(g::text) || E'\\t', '') FROM generate_series(1, 3000) g",
                "INSERT INTO ev (id, note, b, j) SELECT -2, string_agg(md5(g::text) || E'\\\\', ''),"
                        + " decode(string_agg(md5(g::text), ''), 'hex'), jsonb_build_object('big', string_agg(md5(g::text), ''))"
                        + " FROM generate_series(1, 60000) g",
                "CREATE TABLE nothing (id int, at timestamptz)");
    }

    @AfterAll
    static void drop() {
        if (db != null) {
            server.dropDatabase(db);
        }
    }

    @AfterEach
    void direct() {
        CopyOut.forceFallback = false;
    }

    @ParameterizedTest(name = "{0}, CopyManager {1}")
    @CsvSource({"ev, false", "ev, true", "nothing, false", "nothing, true"})
    void binaryTurnedIntoTextIsTheTextCopy(String table, boolean fallback) throws Exception {
        CopyOut.forceFallback = fallback;
        try (Connection c = server.connect(db)) {
            CopyOut copy = new CopyOut(c);
            assertThat(copy.isDirect()).isEqualTo(!fallback);
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            long textRows = copy.copy("COPY " + table + " TO STDOUT", text);
            BinaryCopyToText converter = BinaryCopyToText.forColumns(ColumnTypes.resolve(c, table, List.of()),
                    OutputSettings.of(c)).orElseThrow();
            ByteArrayOutputStream converted = new ByteArrayOutputStream();
            long binaryRows = copy.copyAsText("COPY " + table + " TO STDOUT (FORMAT binary)", converter, converted, null);
            assertThat(binaryRows).isEqualTo(textRows);
            assertThat(converted.size()).isEqualTo(text.size());
            assertThat(converted.toByteArray()).isEqualTo(text.toByteArray());
            if (table.equals("ev")) {
                assertThat(textRows).isEqualTo(20002);
                assertThat(text.size()).isGreaterThan(4 << 20);
            }
        }
    }

    @Test
    void aConverterForOtherColumnsFailsTheCopyAndTheConnectionGoesOn() throws Exception {
        try (Connection c = server.connect(db)) {
            CopyOut copy = new CopyOut(c);
            BinaryCopyToText wrong = BinaryCopyToText.forColumns(ColumnTypes.resolve(c, "nothing", List.of()),
                    OutputSettings.of(c)).orElseThrow();
            assertThatThrownBy(() -> copy.copyAsText("COPY ev TO STDOUT (FORMAT binary)", wrong, new ByteArrayOutputStream(), null))
                    .isInstanceOf(IOException.class).hasMessageContaining("fields");
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM ev")) {
                r.next();
                assertThat(r.getLong(1)).isEqualTo(20002);
            }
        }
    }
}
