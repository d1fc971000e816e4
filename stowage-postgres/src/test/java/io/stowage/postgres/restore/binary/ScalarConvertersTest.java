package io.stowage.postgres.restore.binary;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the scalar converters refuse (spellings the server's input functions read but its output
 * functions never write) and a few hand-checked binary forms; the server-backed differential test
 * in stowage-cli (BinaryScalarDifferentialTest) checks the binary forms of many values.
 */
class ScalarConvertersTest {

    private static byte[] convert(FieldConverter c, String text) throws Unconvertible {
        // placed inside a larger array, so that converters must honour offset and length
        byte[] field = text.getBytes(StandardCharsets.UTF_8);
        byte[] framed = new byte[field.length + 6];
        Arrays.fill(framed, (byte) '7');
        System.arraycopy(field, 0, framed, 3, field.length);
        ByteSink sink = new ByteSink(4);
        sink.write(0xAA);
        c.convert(framed, 3, field.length, sink);
        assertThat(sink.array()[0]).isEqualTo((byte) 0xAA);
        return Arrays.copyOfRange(sink.array(), 1, sink.size());
    }

    private static String hex(FieldConverter c, String text) throws Unconvertible {
        return HexFormat.of().formatHex(convert(c, text));
    }

    private static void refuses(FieldConverter c, List<String> texts) {
        for (String text : texts) {
            assertThatThrownBy(() -> convert(c, text)).as("'%s'", text).isInstanceOf(Unconvertible.class);
        }
    }

    @Test
    void nonCanonicalIntegersAreRefused() {
        List<String> common = List.of("", "-", " 1", "1 ", "+5", "01", "00", "-0", "-01", "1e3", "1.0", "0x10", "1_000",
                "١", "12a", "--1", "\t1");
        for (FieldConverter c : List.of(ScalarConverters.INT2, ScalarConverters.INT4, ScalarConverters.INT8,
                ScalarConverters.OID)) {
            refuses(c, common);
        }
        refuses(ScalarConverters.INT2, List.of("32768", "-32769", "100000"));
        refuses(ScalarConverters.INT4, List.of("2147483648", "-2147483649"));
        refuses(ScalarConverters.INT8, List.of("9223372036854775808", "-9223372036854775809", "99999999999999999999",
                "123456789012345678901"));
        refuses(ScalarConverters.OID, List.of("-1", "4294967296"));
    }

    @Test
    void integersAtTheirLimits() throws Unconvertible {
        assertThat(hex(ScalarConverters.INT2, "-32768")).isEqualTo("8000");
        assertThat(hex(ScalarConverters.INT2, "0")).isEqualTo("0000");
        assertThat(hex(ScalarConverters.INT4, "-1")).isEqualTo("ffffffff");
        assertThat(hex(ScalarConverters.INT8, "-9223372036854775808")).isEqualTo("8000000000000000");
        assertThat(hex(ScalarConverters.INT8, "9223372036854775807")).isEqualTo("7fffffffffffffff");
        assertThat(hex(ScalarConverters.OID, "4294967295")).isEqualTo("ffffffff");
    }

    @Test
    void nonCanonicalFloatsAreRefused() {
        List<String> texts = List.of("", "-", "+1", "1.", ".5", "-.5", "01", "00.5", "1e5", "1E+05", "1e+5", "1e+0005",
                "0x1p3", "1d", "1f", "1.5F", "nan", "NAN", "inf", "-inf", "infinity", "+Infinity", "Inf", " 1", "1 ",
                "1,5", "1e", "1e+", "NaNx", "Infinityy", "1e400", "-1e400", "1e-400");
        refuses(ScalarConverters.FLOAT8, texts);
        refuses(ScalarConverters.FLOAT4, texts);
        refuses(ScalarConverters.FLOAT4, List.of("1e+39", "1e-46", "3.5e+38"));
    }

    @Test
    void floatsOnBothPathsGiveTheirBits() throws Unconvertible {
        Map<String, Double> doubles = Map.of("0.1", 0.1, "-0", -0.0, "123456789012345", 123456789012345.0,
                "1.2345678901234567e-300", 1.2345678901234567e-300, "9007199254740993", 9007199254740993.0,
                "1e+22", 1e22, "1e+23", 1e23, "2.5e-05", 2.5e-5);
        for (Map.Entry<String, Double> e : doubles.entrySet()) {
            assertThat(hex(ScalarConverters.FLOAT8, e.getKey())).as(e.getKey())
                    .isEqualTo(String.format("%016x", Double.doubleToRawLongBits(e.getValue())));
        }
        Map<String, Float> floats = Map.of("0.1", 0.1f, "-0", -0.0f, "16777217", 16777217f, "3.4028235e+38",
                Float.MAX_VALUE, "1e-45", Float.MIN_VALUE, "1.5", 1.5f);
        for (Map.Entry<String, Float> e : floats.entrySet()) {
            assertThat(hex(ScalarConverters.FLOAT4, e.getKey())).as(e.getKey())
                    .isEqualTo(String.format("%08x", Float.floatToRawIntBits(e.getValue())));
        }
        assertThat(hex(ScalarConverters.FLOAT8, "NaN")).isEqualTo("7ff8000000000000");
        assertThat(hex(ScalarConverters.FLOAT8, "-Infinity")).isEqualTo("fff0000000000000");
        assertThat(hex(ScalarConverters.FLOAT4, "Infinity")).isEqualTo("7f800000");
    }

    @Test
    void nonCanonicalNumericsAreRefused() {
        refuses(ScalarConverters.NUMERIC, List.of("", "-", "+1", "01", "00.5", ".5", "1.", "-0", "-0.00", "1e5", "1E5",
                "nan", "NAN", "infinity", "-inf", "+Infinity", " 1", "1 ", "1,5", "1.2.3", "0x1", "--1", "١"));
        refuses(ScalarConverters.NUMERIC, List.of("0." + "0".repeat(16384), "1" + "0".repeat(131072)));
    }

    @Test
    void numericDigitGroupsAreStripped() throws Unconvertible {
        // ndigits, weight, sign, dscale, digits
        assertThat(hex(ScalarConverters.NUMERIC, "0")).isEqualTo("0000" + "0000" + "0000" + "0000");
        assertThat(hex(ScalarConverters.NUMERIC, "0.00")).isEqualTo("0000" + "0000" + "0000" + "0002");
        assertThat(hex(ScalarConverters.NUMERIC, "10000")).isEqualTo("0001" + "0001" + "0000" + "0000" + "0001");
        assertThat(hex(ScalarConverters.NUMERIC, "-0.00010")).isEqualTo("0001" + "ffff" + "4000" + "0005" + "0001");
        assertThat(hex(ScalarConverters.NUMERIC, "12345.6789")).isEqualTo("0003" + "0001" + "0000" + "0004"
                + "0001" + "0929" + "1a85");
        assertThat(hex(ScalarConverters.NUMERIC, "0.000000001")).isEqualTo("0001" + "fffd" + "0000" + "0009" + "03e8");
        assertThat(hex(ScalarConverters.NUMERIC, "NaN")).isEqualTo("0000" + "0000" + "c000" + "0000");
    }

    @Test
    void otherTypesRefuseWhatTheirOutputNeverHas() {
        refuses(ScalarConverters.BOOL, List.of("", "true", "false", "T", "F", "1", "0", "yes", "on", "t "));
        refuses(ScalarConverters.BYTEA, List.of("", "\\", "\\x0", "\\xAB", "\\x0g", "abc", "\\000", "\\\\x00", "x00",
                "\\X00", "\\x 00"));
        refuses(ScalarConverters.UUID, List.of("", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
                "a0eebc999c0b4ef8bb6d6bb9bd380a11", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
                "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111",
                "a0eebc99+9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1g"));
        refuses(ScalarConverters.NAME, List.of("n".repeat(64), "ä".repeat(32)));
    }

    @Test
    void otherTypesBytes() throws Unconvertible {
        assertThat(hex(ScalarConverters.BOOL, "t")).isEqualTo("01");
        assertThat(hex(ScalarConverters.BOOL, "f")).isEqualTo("00");
        assertThat(hex(ScalarConverters.BYTEA, "\\x")).isEmpty();
        assertThat(hex(ScalarConverters.BYTEA, "\\x00ff7f")).isEqualTo("00ff7f");
        assertThat(hex(ScalarConverters.UUID, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))
                .isEqualTo("a0eebc999c0b4ef8bb6d6bb9bd380a11");
        assertThat(hex(ScalarConverters.TEXT, "grüße")).isEqualTo(HexFormat.of().formatHex("grüße".getBytes(StandardCharsets.UTF_8)));
        assertThat(hex(ScalarConverters.JSONB, "{}")).isEqualTo("017b7d");
        assertThat(hex(ScalarConverters.NAME, "n".repeat(63))).hasSize(126);
    }

    @Test
    void scalarChoosesByOidAndRealEnumsOnly() {
        assertThat(ColumnTypes.scalar(new PgType(23, "int4", 'N', 0, null))).containsSame(ScalarConverters.INT4);
        assertThat(ColumnTypes.scalar(new PgType(1700, "numeric", 'N', 0, null))).containsSame(ScalarConverters.NUMERIC);
        assertThat(ColumnTypes.scalar(new PgType(1043, "varchar", 'S', 0, null))).containsSame(ScalarConverters.TEXT);
        assertThat(ColumnTypes.scalar(new PgType(40000, "mood", 'E', 0, null))).containsSame(ScalarConverters.TEXT);
        // a user type that happens to be called int4 is not the built-in one
        assertThat(ColumnTypes.scalar(new PgType(40001, "int4", 'N', 0, null))).isEmpty();
        assertThat(ColumnTypes.scalar(new PgType(1007, "_int4", 'A', 23, new PgType(23, "int4", 'N', 0, null))))
                .isEmpty();
        assertThat(ColumnTypes.scalar(new PgType(1184, "timestamptz", 'D', 0, null))).isEmpty();
        assertThat(ColumnTypes.forType(new PgType(20, "int8", 'N', 0, null))).containsSame(ScalarConverters.INT8);
    }
}
