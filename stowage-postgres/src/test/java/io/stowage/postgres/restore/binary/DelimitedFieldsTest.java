package io.stowage.postgres.restore.binary;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The fast paths of {@link DelimitedFields} against the converters' exact paths: which values they
 * take and which they leave to the converter, that what they take gives the converter's bytes, and
 * that {@link TextCopyToBinary} gives the same stream (or refuses the same data) with them as with
 * the converters alone, at every chunk size.
 */
class DelimitedFieldsTest {
    private static final TimestampConverter TIMESTAMPTZ = TimestampConverter.timestamptz();
    private static final TimestampConverter TIMESTAMP = TimestampConverter.timestamp();
    private static final InetConverter INET = InetConverter.inet();

    private interface FastPath {
        int read(byte[] b, int p, int limit, byte[] a, int o);
    }

    private static final FastPath INT2 = (b, p, limit, a, o) -> DelimitedFields.integer(b, p, limit, a, o, 2);
    private static final FastPath INT4 = (b, p, limit, a, o) -> DelimitedFields.integer(b, p, limit, a, o, 4);
    private static final FastPath INT8 = (b, p, limit, a, o) -> DelimitedFields.integer(b, p, limit, a, o, 8);
    private static final FastPath NUMERIC = DelimitedFields::numeric;
    private static final FastPath TSTZ = (b, p, limit, a, o) -> DelimitedFields.timestamp(TIMESTAMPTZ, b, p, limit, a, o);
    private static final FastPath TS = (b, p, limit, a, o) -> DelimitedFields.timestamp(TIMESTAMP, b, p, limit, a, o);
    private static final FastPath IPV4 = DelimitedFields::ipv4;
    private static final FastPath UUID = DelimitedFields::uuid;
    private static final FastPath BYTEA = DelimitedFields::bytea;

    /**
     * Runs the fast path on {@code text} followed by a tab and more data: null when it leaves the
     * field to the converter, else the bytes it wrote (length word and value), after checking that
     * it stopped at the tab.
     */
    private static byte[] fast(FastPath path, String text) {
        byte[] field = text.getBytes(StandardCharsets.UTF_8);
        // placed after other bytes, followed by a tab, more data and the caller's sentinel newline
        byte[] b = new byte[3 + field.length + 5];
        Arrays.fill(b, (byte) '7');
        System.arraycopy(field, 0, b, 3, field.length);
        b[3 + field.length] = '\t';
        int limit = b.length - 1;
        b[limit] = '\n';
        // bytea's room: half the data read
        byte[] a = new byte[5 + DelimitedFields.MAX_BYTES + field.length / 2];
        Arrays.fill(a, (byte) 0x55);
        int end = path.read(b, 3, limit, a, 5);
        if (end == DelimitedFields.NO) {
            return null;
        }
        assertThat(end).as("'%s' ends at its tab", text).isEqualTo(3 + field.length);
        assertThat(Arrays.copyOf(a, 5)).containsOnly(0x55);
        int length = ((a[5] & 0xff) << 24) | ((a[6] & 0xff) << 16) | ((a[7] & 0xff) << 8) | (a[8] & 0xff);
        return Arrays.copyOfRange(a, 5, 9 + length);
    }

    /** The converter's bytes for {@code text} with the length word before them, or null when it refuses. */
    private static byte[] exact(FieldConverter converter, String text) {
        byte[] field = text.getBytes(StandardCharsets.UTF_8);
        ByteSink sink = new ByteSink(16);
        sink.writeInt(0);
        try {
            converter.convert(field, 0, field.length, sink);
        } catch (Unconvertible e) {
            return null;
        }
        sink.putInt(0, sink.size() - 4);
        return Arrays.copyOf(sink.array(), sink.size());
    }

    /** Asserts the fast path takes each of {@code taken} with the converter's bytes and leaves {@code left}. */
    private static void check(FastPath path, FieldConverter converter, List<String> taken, List<String> left) {
        for (String text : taken) {
            byte[] expected = exact(converter, text);
            assertThat(expected).as("the converter reads '%s'", text).isNotNull();
            assertThat(fast(path, text)).as("'%s'", text).isEqualTo(expected);
        }
        for (String text : left) {
            assertThat(fast(path, text)).as("'%s' is left to the converter", text).isNull();
        }
    }

    @Test
    void integers() {
        List<String> left = List.of("", "-", "01", "00", "-0", "-01", "+5", " 1", "1 ", "1e3", "1.0", "12a", "--1",
                "1\\t", "\\N", "1\r");
        check(INT2, ScalarConverters.INT2, List.of("0", "1", "-1", "32767", "-32768", "9999", "-10"),
                concat(left, List.of("32768", "-32769", "100000")));
        check(INT4, ScalarConverters.INT4, List.of("0", "7920", "-7920", "2147483647", "-2147483648"),
                concat(left, List.of("2147483648", "-2147483649")));
        // 18 digits are read here; 19 are left to the exact path, which reads them
        check(INT8, ScalarConverters.INT8, List.of("0", "3355443", "-1", "999999999999999999", "-999999999999999999",
                "100000000000000000"), concat(left, List.of("1000000000000000000", "9223372036854775807",
                "-9223372036854775808", "9223372036854775808")));
        assertThat(exact(ScalarConverters.INT8, "9223372036854775807")).isNotNull();
    }

    @Test
    void numerics() {
        check(NUMERIC, ScalarConverters.NUMERIC, List.of("0", "0.00", "0.0001", "0.37", "-0.37", "1", "5", "-5",
                "9999", "10000", "10000.00", "10000.5", "10000.0001", "12345678.9", "99999999.9999", "-99999999.9999",
                "1.1", "1.10", "100000", "20000000", "20000000.00", "1234.5678", "0.1000", "10001", "99990000.01",
                "123456789", "-123456789.1", "100000000", "100000000.00", "100000000.0001", "999999999999.9999",
                "-999999999999.99", "100000000000", "100010000", "100000001", "200000000000.5", "4999999999.99"),
                List.of("", "-", "-0", "-0.00", "00.1", "01", ".5", "5.", "1.23456", "1000000000000", "1234567890123.1",
                        "NaN", "Infinity", "-Infinity", "1e5", "+1", "1.2.3", "1,5", "12\\t"));
        // what is left is still converted, by the exact path
        assertThat(exact(ScalarConverters.NUMERIC, "123456789.12345")).isNotNull();
    }

    @Test
    void timestamps() {
        check(TSTZ, TIMESTAMPTZ, List.of("2024-01-01 00:00:01+00", "2024-02-29 23:59:59.999999+00",
                "1999-12-31 12:00:00.5-08", "2000-01-01 00:00:00+14", "0001-01-01 00:00:00+00",
                "9999-12-31 23:59:59.000001+01"),
                List.of("2024-01-01 00:00:01+05:30", "2024-01-01 00:00:01+00 BC", "12024-01-01 00:00:01+00",
                        "infinity", "-infinity", "2024-01-01 00:00:01", "2024-01-01 00:00:01+0",
                        "2024-01-01 00:00:01.+00", "2024-01-01 00:00:01.10+00", "2024-02-30 00:00:01+00",
                        "2024-01-01 24:00:00+00", "2024-01-01T00:00:01+00", "2024-01-01 00:00:01-00",
                        "2024-01-01 00:00:01.1234567+00", "2024-1-01 00:00:01+00", "2024-01-01 00:00:01+00x"));
        check(TS, TIMESTAMP, List.of("2024-01-01 00:00:01", "2024-06-15 13:45:10.25", "1970-01-01 00:00:00"),
                List.of("2024-01-01 00:00:01+00", "2024-01-01 00:00:01 BC", "infinity", "2024-01-01 00:00:01.",
                        "2024-01-01 00:00", "2024-13-01 00:00:01"));
    }

    @Test
    void ipv4Addresses() {
        check(IPV4, INET, List.of("10.1.0.1", "0.0.0.0", "255.255.255.255", "192.168.100.7", "1.22.133.4"),
                List.of("1.2.3.4/32", "1.2.3.4/24", "10.0.0.0/8", "::1", "::ffff:1.2.3.4", "01.2.3.4", "1.2.3.04",
                        "256.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.1234", "1..2.3", "", "1.2.3.4 "));
        assertThat(exact(INET, "1.2.3.4/24")).isNotNull();
    }

    @Test
    void uuids() {
        check(UUID, ScalarConverters.UUID, List.of("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
                "01234567-89ab-cdef-0123-456789abcdef"),
                List.of("", "\\N", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380A11",
                        "a0eebc999c0b4ef8bb6d6bb9bd380a11", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
                        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111",
                        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1g", "a0eebc9-99c0b-4ef8-bb6d-6bb9bd380a11",
                        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1\\061", "a0eebc99+9c0b-4ef8-bb6d-6bb9bd380a11"));
    }

    @Test
    void byteas() {
        // the fast path reads COPY text, where byteaout's backslash is doubled; the converter reads
        // the field de-escaped
        Random random = new Random(3);
        List<String> taken = new ArrayList<>(List.of("\\\\x", "\\\\x00", "\\\\x00ff5c0a09", "\\\\x5c5c78"));
        for (int length : new int[] {1, 7, 100, 1000}) {
            byte[] value = new byte[length];
            random.nextBytes(value);
            taken.add("\\\\x" + HexFormat.of().formatHex(value));
        }
        for (String text : taken) {
            byte[] expected = exact(ScalarConverters.BYTEA, text.substring(1));
            assertThat(expected).as("the converter reads '%s'", text).isNotNull();
            assertThat(fast(BYTEA, text)).as("'%s'", text).isEqualTo(expected);
        }
        // odd and invalid digits, uppercase (which byteaout never writes), a single backslash (a
        // COPY hex escape), the escape format, NULL, and digits spelled with escapes
        for (String text : List.of("", "\\N", "\\\\x0", "\\\\x000", "\\\\xAB", "\\\\xaB", "\\\\X00",
                "\\\\x0g", "\\\\x00 ", "\\x00", "x00", "\\\\", "\\\\000", "\\\\x00\\\\",
                "\\\\x0\\061", "\\\\x\\06100", "\\\\x00\r")) {
            assertThat(fast(BYTEA, text)).as("'%s' is left to the converter", text).isNull();
        }
        // of those, the converter reads the escaped digits (the octal escape 061 is '1')
        assertThat(exact(ScalarConverters.BYTEA, "\\x01")).isNotNull();
        assertThat(exact(ScalarConverters.BYTEA, "\\xAB")).isNull();
    }

    @Test
    void aFieldRunningIntoTheEndOfTheDataReadIsLeft() {
        // the sentinel newline at limit is not data: a field ending there may go on in the next chunk
        List<FastPath> paths = List.of(INT8, NUMERIC, TSTZ, IPV4, UUID, BYTEA, BYTEA);
        List<String> texts = List.of("123", "0.37", "2024-01-01 00:00:01+00", "10.1.0.1",
                "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "\\\\x00ff", "\\\\x");
        for (int i = 0; i < paths.size(); i++) {
            String text = texts.get(i);
            byte[] b = (text + "\n\n").getBytes(StandardCharsets.UTF_8);
            byte[] a = new byte[DelimitedFields.MAX_BYTES + text.length()];
            assertThat(paths.get(i).read(b, 0, text.length(), a, 0)).as(text).isEqualTo(DelimitedFields.NO);
            // with one more byte of data the newline is the field's end
            assertThat(paths.get(i).read(b, 0, text.length() + 1, a, 0)).as(text).isEqualTo(text.length());
        }
    }

    /** The converter by another name: TextCopyToBinary does not know it, and calls it for every field. */
    private static FieldConverter viaConverter(FieldConverter c) {
        return c::convert;
    }

    @Test
    void theStreamIsTheSameWithAndWithoutTheFastPaths() throws Exception {
        List<FieldConverter> columns = List.of(ScalarConverters.INT8, ScalarConverters.INT4, TIMESTAMPTZ,
                ScalarConverters.INT2, ScalarConverters.NUMERIC, INET, ScalarConverters.TEXT, TIMESTAMP,
                ScalarConverters.BYTEA, ScalarConverters.UUID);
        List<FieldConverter> plain = columns.stream().map(DelimitedFieldsTest::viaConverter).toList();
        StringBuilder data = new StringBuilder();
        // rows mixing values the fast paths read, values only the converters read, NULLs and escapes
        String uuid = "\ta0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
        data.append("1\t7920\t2024-01-01 00:00:01+00\t1\t0.37\t10.1.0.1\tevent c4ca\t2024-01-01 00:00:01\t\\\\x00ff")
                .append(uuid).append('\n');
        data.append("-2\t-7\t2024-01-01 00:00:01.5+05:30\t-3\t123456789.125\t1.2.3.4/24\ta\\tb\t2024-01-01 00:00:01 BC\t\\\\x")
                .append(uuid).append('\n');
        data.append("\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n");
        data.append("9223372036854775807\t2147483647\tinfinity\t32767\tNaN\t::1\t\t1999-12-31 23:59:59.999999\t\\\\x5c")
                .append(uuid).append('\n');
        data.append("3\t4\t2024-01-01 00:00:01+00\t5\t-0.01\t10.1.0.1\t\\N\t2024-01-01 00:00:01\t\\N")
                .append(uuid).append('\n');
        // escapes in fields the fast paths would read: octal 061 is '1', 056 is '.', 060 is '0'
        data.append("3\\0612\t4\t2024-01-01 00:00:01+00\t5\t1\\0565\t10.1.0.1\tx\t2024-01-01 00:00:01\t\\\\x0\\061")
                .append("\ta0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1\\060\n");
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            long cents = random.nextLong() % 100_000_000_000L;
            data.append(random.nextLong() >> random.nextInt(64)).append('\t')
                    .append(random.nextInt() >> random.nextInt(32)).append('\t')
                    .append(String.format("%04d-%02d-%02d %02d:%02d:%02d", 1 + random.nextInt(9999),
                            1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(24), random.nextInt(60),
                            random.nextInt(60)))
                    .append(random.nextBoolean() ? "" : "." + (1 + random.nextInt(9)))
                    .append(random.nextBoolean() ? "+00" : "-0" + (1 + random.nextInt(9))).append('\t')
                    .append((short) random.nextInt()).append('\t')
                    .append(random.nextBoolean() ? Long.toString(cents / 100)
                            : String.format("%s%d.%02d", cents < 0 ? "-" : "", Math.abs(cents) / 100, Math.abs(cents) % 100))
                    .append('\t')
                    .append(random.nextInt(256)).append('.').append(random.nextInt(256)).append('.')
                    .append(random.nextInt(256)).append('.').append(random.nextInt(256)).append('\t')
                    .append("t").append(i).append('\t')
                    .append(String.format("2024-%02d-%02d 00:00:00", 1 + random.nextInt(12), 1 + random.nextInt(28)))
                    .append('\t').append("\\\\x").append(randomHex(random, random.nextInt(40)))
                    .append('\t').append(java.util.UUID.randomUUID())
                    .append('\n');
        }
        byte[] text = data.toString().getBytes(StandardCharsets.UTF_8);
        byte[] expected = stream(plain, text, 1 << 16);
        assertThat(stream(columns, text, 1 << 16)).isEqualTo(expected);
        // every chunk size up to two rows, so that every field is cut at every place
        for (int chunk = 1; chunk < 200; chunk += chunk < 40 ? 1 : 7) {
            assertThat(stream(columns, text, chunk)).as("chunk %d", chunk).isEqualTo(expected);
        }
    }

    @Test
    void theSameDataIsRefusedWithAndWithoutTheFastPaths() throws Exception {
        List<FieldConverter> columns = List.of(ScalarConverters.INT4, ScalarConverters.NUMERIC, TIMESTAMPTZ, INET,
                ScalarConverters.BYTEA, ScalarConverters.UUID);
        List<FieldConverter> plain = columns.stream().map(DelimitedFieldsTest::viaConverter).toList();
        String tail = "\t\\\\x0a\ta0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\n";
        String good = "1\t0.5\t2024-01-01 00:00:01+00\t10.1.0.1" + tail;
        String front = "1\t0.5\t2024-01-01 00:00:01+00\t10.1.0.1\t";
        for (String bad : List.of("01\t0.5\t2024-01-01 00:00:01+00\t10.1.0.1" + tail, "1\t-0.00\t2024-01-01 00:00:01+00\t10.1.0.1" + tail,
                "1\t0.5\t2024-01-01 00:00:01-00\t10.1.0.1" + tail, "1\t0.5\t2024-01-01 00:00:01+00\t10.01.0.1" + tail,
                front + "\\\\x0a\ta0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\r\n", front + "\\\\x0a\ta0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\t5\n",
                "1\t0.5\t2024-01-01 00:00:01+00" + tail, "1\t0.5\\.\t2024-01-01 00:00:01+00\t10.1.0.1" + tail,
                "2147483648\t0.5\t2024-01-01 00:00:01+00\t10.1.0.1" + tail,
                front + "\\\\x0\ta0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\n", front + "\\\\xAB\ta0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\n",
                front + "\\\\x0a\\\ta0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\n", front + "\\x0a\ta0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\n",
                front + "\\\\x0a\tA0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11\n", front + "\\\\x0a\ta0eebc999c0b4ef8bb6d6bb9bd380a11\n",
                front + "\\\\x0a\ta0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\\\n")) {
            byte[] text = (good + bad + good).getBytes(StandardCharsets.UTF_8);
            for (int chunk : new int[] {7, 1 << 16}) {
                assertThat(catchThrowable(() -> stream(columns, text, chunk))).as(bad).isInstanceOf(Unconvertible.class);
                assertThat(catchThrowable(() -> stream(plain, text, chunk))).as(bad).isInstanceOf(Unconvertible.class);
            }
        }
        assertThat(stream(columns, (good + good).getBytes(StandardCharsets.UTF_8), 7))
                .isEqualTo(stream(plain, (good + good).getBytes(StandardCharsets.UTF_8), 7));
    }

    private static String randomHex(Random random, int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    private static byte[] stream(List<FieldConverter> columns, byte[] text, int chunk) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TextCopyToBinary(columns, 1 << 20, chunk).convert(new ByteArrayInputStream(text), out);
        return out.toByteArray();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
