package io.stowage.postgres.restore.binary;

import io.stowage.testkit.PgServer;
import io.stowage.testkit.PgServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * End to end on PostgreSQL 15: a table of every type this package converts, with NULLs, escapes,
 * non-ASCII text and rows wider than a chunk, copied out as text, converted, loaded with binary COPY
 * into a twin, and the twin's text COPY compared byte for byte with the source's. Also
 * {@link ColumnTypes#resolve}'s reading of the catalog.
 */
class BinaryCopyRoundTripTest {
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
            s.execute("SELECT setseed(0.17)");
            s.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy 😀', E'tab\\tbed')");
            s.execute("CREATE DOMAIN posint AS int4 CHECK (VALUE > 0)");
            s.execute("CREATE DOMAIN feeling AS mood");
            s.execute("""
                    CREATE TABLE src (id int8, b bool, s int2, i int4, o oid, r float4, d float8, n numeric(14,3),
                        nn numeric, t text, v varchar(30), c char(5), nm name, m mood, f feeling, by bytea, u uuid,
                        j json, jb jsonb, p posint)""");
            s.execute("""
                    INSERT INTO src SELECT g,
                        CASE WHEN g % 11 = 0 THEN NULL ELSE g % 2 = 0 END,
                        (g % 65536 - 32768)::int2,
                        CASE WHEN g % 13 = 0 THEN NULL ELSE (random() * 4294967295 - 2147483648)::int8::int4 END,
                        (g * 104729 % 4294967296)::int8::oid,
                        CASE WHEN g % 17 = 0 THEN 'NaN' WHEN g % 19 = 0 THEN '-Infinity' ELSE (random() - 0.5) * g END,
                        CASE WHEN g % 23 = 0 THEN NULL ELSE (random() - 0.5) * 10 ^ (g % 40 - 20) END,
                        (random() * 1e10)::numeric(14, 3),
                        CASE WHEN g % 29 = 0 THEN 'NaN' WHEN g % 31 = 0 THEN '-Infinity'
                             ELSE round((random() * 10 ^ (g % 30 - 10))::numeric, g % 20) END,
                        CASE g % 7 WHEN 0 THEN NULL WHEN 1 THEN E'tab\\there\\nnew line\\\\back\\\\slash\\r\\b\\f' || chr(11) || chr(1) || chr(127)
                             WHEN 2 THEN 'grüße 東京 ελληνικά 🐘 ' || g WHEN 3 THEN '\\N' WHEN 4 THEN ''
                             WHEN 5 THEN '\\.' ELSE md5(g::text) END,
                        left(md5(g::text) || E'\\t', 30),
                        CASE WHEN g % 3 = 0 THEN NULL ELSE left(md5(g::text), g % 6) END,
                        'n' || g || E'\\n',
                        (enum_range(NULL::mood))[g % 4 + 1],
                        (enum_range(NULL::mood))[(g + 1) % 4 + 1],
                        CASE WHEN g % 5 = 0 THEN NULL ELSE decode(repeat(md5(g::text), g % 4), 'hex') END,
                        CASE WHEN g % 9 = 0 THEN NULL ELSE md5(g::text)::uuid END,
                        CASE WHEN g % 10 = 0 THEN NULL ELSE json_build_object('g', g, 's', E'a\\tb\\\\c', 'x', 1.50) END,
                        CASE WHEN g % 12 = 0 THEN NULL ELSE jsonb_build_object('g', g, 's', E'ü\\n', 'a', ARRAY[1, 2]) END,
                        CASE WHEN g % 8 = 0 THEN NULL ELSE g END
                    FROM generate_series(1, 20000) g""");
            // rows wider than a 256 KB chunk, so that rows cross chunk boundaries at every chunk size
            s.execute("""
                    INSERT INTO src (id, t, by, jb) SELECT g, repeat(E'wide\\t\\\\ä', 40000 + g),
                        decode(repeat(md5(g::text), 3000), 'hex'), jsonb_build_object('w', repeat('x', 70000))
                    FROM generate_series(1, 4) g""");
            s.execute("CREATE TABLE twin (LIKE src)");
        }
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

    private static CopyManager copy() throws SQLException {
        return c.unwrap(PGConnection.class).getCopyAPI();
    }

    private static byte[] copyOut(String sql) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy().copyOut(sql, out);
        return out.toByteArray();
    }

    private static List<FieldConverter> converters(String table) throws SQLException {
        return ColumnTypes.resolve(c, table, List.of()).stream()
                .map(t -> ColumnTypes.forType(t).orElseThrow(() -> new AssertionError("no converter for " + t)))
                .toList();
    }

    @Test
    void theTwinLoadedFromConvertedDataIsByteIdentical() throws Exception {
        byte[] text = copyOut("COPY public.src TO STDOUT");
        assertThat(text.length).isGreaterThan(2_000_000);
        for (int chunk : new int[] {TextCopyToBinary.DEFAULT_CHUNK, 4096, 1000, 37}) {
            try (Statement s = c.createStatement()) {
                s.execute("TRUNCATE twin");
            }
            ByteArrayOutputStream binary = new ByteArrayOutputStream();
            long rows = new TextCopyToBinary(converters("public.src"), TextCopyToBinary.DEFAULT_MAX_ROW_BYTES, chunk)
                    .convert(new ByteArrayInputStream(text), binary);
            assertThat(rows).isEqualTo(20_004);
            long loaded = copy().copyIn("COPY public.twin FROM STDIN WITH (FORMAT binary)",
                    new ByteArrayInputStream(binary.toByteArray()));
            assertThat(loaded).isEqualTo(20_004);
            byte[] back = copyOut("COPY public.twin TO STDOUT");
            assertThat(back.length).as("chunk %d", chunk).isEqualTo(text.length);
            assertThat(back).as("chunk %d", chunk).isEqualTo(text);
        }
    }

    @Test
    void theFastPathsGiveTheServersOwnBinaryCopy() throws Exception {
        // the shapes TextCopyToBinary reads straight from the text (one-dimensional integer and text
        // arrays, hex bytea, uuid) and those next to them it leaves to the converters
        String sql = """
                SELECT CASE WHEN g % 17 = 0 THEN NULL WHEN g % 13 = 0 THEN '{}'
                            WHEN g % 11 = 0 THEN ARRAY[[g::int2, NULL], [-g::int2, 32767]]
                            ELSE ARRAY[g % 32768, NULLIF(g % 5, 0), -32768]::int2[] END,
                       CASE WHEN g % 19 = 0 THEN NULL WHEN g % 7 = 0 THEN '[0:1]={1,2}'::int4[]
                            ELSE ARRAY[g, -g * 7919, NULLIF(g % 3, 0), 2147483647, -2147483648] END,
                       CASE WHEN g % 23 = 0 THEN '{}' ELSE ARRAY[g::int8 * 1000000007 * g,
                            -9223372036854775808, 9223372036854775807, NULL, 0] END,
                       CASE g % 9 WHEN 0 THEN NULL WHEN 1 THEN '{}' WHEN 2 THEN ARRAY['', 'NULL', 'null', NULL, 'a b']
                            WHEN 3 THEN ARRAY[E'tab\\there', E'back\\\\slash', 'quo"te', '{br}', 'co,mma']
                            WHEN 4 THEN ARRAY[['x', 'y'], ['z', NULL]]
                            WHEN 5 THEN ARRAY['grüße', '東京 🐘', E'new\\nline', E'ff\\fx', E'cr\\rx']
                            ELSE ARRAY['tag' || g, md5(g::text), 'c' || g % 3] END,
                       ARRAY['v' || g, NULL]::varchar(10)[],
                       CASE WHEN g % 29 = 0 THEN NULL WHEN g % 31 = 0 THEN '\\x'::bytea WHEN g % 41 = 0 THEN '\\\\x'::bytea
                            ELSE decode(repeat(md5(g::text), g % 9), 'hex') || '\\x5c0a09'::bytea END,
                       CASE WHEN g % 37 = 0 THEN NULL ELSE md5(g::text)::uuid END
                FROM generate_series(1, 3000) g""";
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE fast (a2 int2[], a4 int4[], a8 int8[], t text[], v varchar(10)[], by bytea, u uuid)");
            s.execute("INSERT INTO fast " + sql);
        }
        byte[] text = copyOut("COPY public.fast TO STDOUT");
        byte[] binary = copyOut("COPY public.fast TO STDOUT WITH (FORMAT binary)");
        for (int chunk : new int[] {TextCopyToBinary.DEFAULT_CHUNK, 1000, 37}) {
            ByteArrayOutputStream converted = new ByteArrayOutputStream();
            long rows = new TextCopyToBinary(converters("public.fast"), TextCopyToBinary.DEFAULT_MAX_ROW_BYTES, chunk)
                    .convert(new ByteArrayInputStream(text), converted);
            assertThat(rows).isEqualTo(3000);
            assertThat(converted.toByteArray()).as("chunk %d", chunk).isEqualTo(binary);
        }
    }

    @Test
    void aRowOverTheLimitIsUnconvertible() throws Exception {
        byte[] text = copyOut("COPY (SELECT * FROM src ORDER BY length(t) DESC NULLS LAST LIMIT 3) TO STDOUT");
        TextCopyToBinary limited = new TextCopyToBinary(converters("public.src"), 200_000, 4096);
        assertThatThrownBy(() -> limited.convert(new ByteArrayInputStream(text), new ByteArrayOutputStream()))
                .isInstanceOf(Unconvertible.class);
        // and the same rows convert under the default limit
        assertThat(new TextCopyToBinary(converters("public.src")).convert(new ByteArrayInputStream(text),
                new ByteArrayOutputStream())).isEqualTo(3);
    }

    @Test
    void resolveReadsBaseTypesArraysAndColumnOrder() throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS \"Odd Table\" (\"Mixed Col\" posint, a int4[], dm feeling[], "
                    + "gone int, x numeric, g int GENERATED ALWAYS AS (x::int) STORED)");
            s.execute("ALTER TABLE \"Odd Table\" DROP COLUMN gone");
        }
        List<PgType> all = ColumnTypes.resolve(c, "public.\"Odd Table\"", List.of());
        assertThat(all).extracting(PgType::name).containsExactly("int4", "_int4", "_feeling", "numeric");
        assertThat(all.get(0)).isEqualTo(new PgType(23, "int4", 'N', 0, null));
        assertThat(all.get(1).element()).isEqualTo(new PgType(23, "int4", 'N', 0, null));
        assertThat(all.get(1).elementOid()).isEqualTo(23);
        int feeling = Integer.parseInt(server.queryColumn(db, "SELECT 'feeling'::regtype::oid").get(0));
        int mood = Integer.parseInt(server.queryColumn(db, "SELECT 'mood'::regtype::oid").get(0));
        assertThat(all.get(2).category()).isEqualTo('A');
        assertThat(all.get(2).elementOid()).as("typelem, the domain").isEqualTo(feeling);
        assertThat(all.get(2).element()).as("the domain's base").isEqualTo(new PgType(mood, "mood", 'E', 0, null));

        List<PgType> some = ColumnTypes.resolve(c, "\"Odd Table\"", List.of("x", "Mixed Col", "g"));
        assertThat(some).extracting(PgType::name).containsExactly("numeric", "int4", "int4");
        assertThat(ColumnTypes.forType(all.get(0))).containsSame(ScalarConverters.INT4);
        assertThat(ColumnTypes.forType(all.get(1))).get().isInstanceOf(ArrayConverter.class);
        assertThat(ColumnTypes.forType(all.get(2))).as("an array of a domain over an enum").get().isInstanceOf(ArrayConverter.class);
        assertThat(ColumnTypes.forType(new PgType(1017, "_point", 'A', 600, new PgType(600, "point", 'G', 0, null))))
                .as("no converter for the element, none for the array").isEmpty();
        assertThat(ColumnTypes.forType(new PgType(1020, "_box", 'A', 603, new PgType(603, "box", 'G', 0, null))))
                .as("box[] separates its elements with ';'").isEmpty();

        assertThatThrownBy(() -> ColumnTypes.resolve(c, "\"Odd Table\"", List.of("nope")))
                .isInstanceOf(SQLException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> ColumnTypes.resolve(c, "public.no_such_table", List.of()))
                .isInstanceOf(SQLException.class);
    }
}
