package io.stowage.postgres.restore.binary;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The array fast paths of {@link DelimitedArrays} against {@link ArrayConverter}: which arrays they
 * take and which they leave, that what they take gives the converter's bytes, that a path short
 * of room asks for more, and that {@link TextCopyToBinary} gives the same stream (or refuses the
 * same data) with them as with the converter alone, at every chunk size.
 */
class DelimitedArraysTest {
    private interface FastPath {
        int read(byte[] b, int p, int limit, byte[] a, int o);
    }

    private static final FastPath INT2S = (b, p, limit, a, o) -> DelimitedArrays.integers(b, p, limit, a, o, 2, 21);
    private static final FastPath INT4S = (b, p, limit, a, o) -> DelimitedArrays.integers(b, p, limit, a, o, 4, 23);
    private static final FastPath INT8S = (b, p, limit, a, o) -> DelimitedArrays.integers(b, p, limit, a, o, 8, 20);
    private static final FastPath TEXTS = (b, p, limit, a, o) -> DelimitedArrays.texts(b, p, limit, a, o, 25);

    private static final ArrayConverter INT2_ARRAY = new ArrayConverter(ScalarConverters.INT2, 21);
    private static final ArrayConverter INT4_ARRAY = new ArrayConverter(ScalarConverters.INT4, 23);
    private static final ArrayConverter INT8_ARRAY = new ArrayConverter(ScalarConverters.INT8, 20);
    private static final ArrayConverter TEXT_ARRAY = new ArrayConverter(ScalarConverters.TEXT, 25);

    /**
     * Runs the fast path on {@code text} (COPY text) followed by a tab and more data, with
     * {@code room} bytes to write into: null when it leaves the field, else the bytes it wrote.
     */
    private static byte[] fast(FastPath path, String text, int room) {
        byte[] field = text.getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[3 + field.length + 5];
        Arrays.fill(b, (byte) '7');
        System.arraycopy(field, 0, b, 3, field.length);
        b[3 + field.length] = '\t';
        int limit = b.length - 1;
        b[limit] = '\n';
        byte[] a = new byte[5 + room];
        Arrays.fill(a, (byte) 0x55);
        int end = path.read(b, 3, limit, a, 5);
        if (end == DelimitedFields.NO) {
            return null;
        }
        if (end == DelimitedFields.MORE_ROOM) {
            return fast(path, text, 2 * room);
        }
        assertThat(end).as("'%s' ends at its tab", text).isEqualTo(3 + field.length);
        assertThat(Arrays.copyOf(a, 5)).containsOnly(0x55);
        int length = DelimitedFields.getInt(a, 5);
        return Arrays.copyOfRange(a, 5, 9 + length);
    }

    /** The converter's bytes for the de-escaped field {@code text}, with the length word, or null. */
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

    /**
     * Asserts the fast path takes each of {@code taken} (which hold no backslash, so their COPY
     * text is the field) with the converter's bytes, and leaves {@code left}.
     */
    private static void check(FastPath path, FieldConverter converter, List<String> taken, List<String> left) {
        for (String text : taken) {
            byte[] expected = exact(converter, text);
            assertThat(expected).as("the converter reads '%s'", text).isNotNull();
            // with as little room as the caller's least, so that the path asks for more
            assertThat(fast(path, text, DelimitedFields.MAX_BYTES)).as("'%s'", text).isEqualTo(expected);
            assertThat(fast(path, text, expected.length)).as("'%s' in room for it", text).isEqualTo(expected);
        }
        for (String text : left) {
            assertThat(fast(path, text, 1 << 12)).as("'%s' is left to the converter", text).isNull();
        }
    }

    private static final List<String> LEFT = List.of("", "{", "}", "{1", "{1,", "{1,}", "{,1}", "{1}}", "{{1}}",
            "{{1,2},{3,4}}", "[0:1]={1,2}", "[1:1]={1}", "{1} ", " {1}", "{ 1}", "{1 }", "{1,2}x", "{\"1\"}", "{null}",
            "{Null}", "{NULL }", "\\\\N", "{1\\\\,2}", "{}}", "{}x", "{1}\r");

    @Test
    void integerArrays() {
        List<String> left = new ArrayList<>(LEFT);
        left.addAll(List.of("{01}", "{-0}", "{+1}", "{--1}", "{1e3}", "{1.0}", "{-}", "{-NULL}", "{NULLx}", "{a}", "{1,a}"));
        check(INT4S, INT4_ARRAY, List.of("{}", "{1}", "{0}", "{1,2,3}", "{-1,0,1}", "{NULL}", "{NULL,NULL}",
                "{1,NULL,3}", "{2147483647,-2147483648}", "{7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7}"),
                concat(left, List.of("{2147483648}", "{1,-2147483649}")));
        check(INT2S, INT2_ARRAY, List.of("{}", "{32767,-32768,NULL,0}"), concat(left, List.of("{32768}")));
        // 18 digits are read here; 19 are left to the exact path, which reads them
        check(INT8S, INT8_ARRAY, List.of("{}", "{999999999999999999,-999999999999999999,NULL,0,-5}"),
                concat(left, List.of("{9223372036854775807}", "{1000000000000000000}")));
        assertThat(exact(INT8_ARRAY, "{9223372036854775807}")).isNotNull();
        assertThat(exact(INT4_ARRAY, "{{1,2},{3,4}}")).isNotNull();
        assertThat(exact(INT4_ARRAY, "[0:1]={1,2}")).isNotNull();
    }

    @Test
    void textArrays() {
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 50; i++) {
            many.append(i == 0 ? "" : ",").append("element").append(i);
        }
        many.append('}');
        check(TEXTS, TEXT_ARRAY, List.of("{}", "{a}", "{a,b}", "{tag1,tag1,c1}", "{NULL}", "{a,NULL,b}",
                "{\"\"}", "{\"\",x}", "{\"a b\"}", "{\"a,b\"}", "{\"{a}\"}", "{\"a}\"}", "{\"null\"}", "{\"NULL\"}",
                "{\"NuLl\"}", "{\"a\fb\"}", "{grüße,東京,🐘}", "{NULLx,xNULL}", "{\"grüße 東京\",x}", "{a-b.c:d/e}", "{'quoted'}",
                many.toString()),
                concat(LEFT, List.of("{\"a\"}", "{\"abc\",x}", "{a b}", "{a\fb}", "{\"a\\\\\"b\"}", "{\"a\\\\\\\\b\"}",
                        "{a\\\\tb}", "{\"a\\\\tb\"}", "{\"a\"b}", "{a\"b}", "{a{b}", "{\"a\u000bb\"}", "{a\u000bb}",
                        "{\"a", "{\"a\"", "{nuLL}", "{\"\"x}")));
        // of those, the converter reads what the COPY text's escapes spell
        assertThat(exact(TEXT_ARRAY, "{\"a\\\"b\"}")).isNotNull();
        assertThat(exact(TEXT_ARRAY, "{\"a\tb\"}")).isNotNull();
        assertThat(exact(TEXT_ARRAY, "{\"a\"}")).isNull();
    }

    @Test
    void anArrayRunningIntoTheEndOfTheDataReadIsLeft() {
        for (FastPath path : List.of(INT4S, TEXTS)) {
            for (String text : List.of("{}", "{1,2}", "{NULL}")) {
                byte[] b = (text + "\n\n").getBytes(StandardCharsets.UTF_8);
                byte[] a = new byte[64];
                assertThat(path.read(b, 0, text.length(), a, 0)).as(text).isEqualTo(DelimitedFields.NO);
                assertThat(path.read(b, 0, text.length() + 1, a, 0)).as(text).isEqualTo(text.length());
            }
        }
    }

    /** The element converter by another name: TextCopyToBinary takes the array the general way. */
    private static FieldConverter viaConverter(ArrayConverter array) {
        FieldConverter element = array.element();
        return new ArrayConverter((t, off, len, out) -> element.convert(t, off, len, out), array.elementOid());
    }

    private static final List<ArrayConverter> COLUMNS = List.of(INT2_ARRAY, INT4_ARRAY, INT8_ARRAY, TEXT_ARRAY);

    @Test
    void theStreamIsTheSameWithAndWithoutTheFastPaths() throws Exception {
        List<FieldConverter> columns = new ArrayList<>(COLUMNS);
        List<FieldConverter> plain = COLUMNS.stream().map(DelimitedArraysTest::viaConverter).toList();
        StringBuilder data = new StringBuilder();
        // arrays the fast paths read, arrays only the converter reads (several dimensions, bounds,
        // escapes of COPY and of the array, quoted elements), NULLs and empty arrays
        data.append("{1,2}\t{1,NULL,3}\t{-5}\t{tag1,tag1,c1}\n");
        data.append("{{1,2},{3,4}}\t[0:1]={1,2}\t{{NULL}}\t{\"a\\\\\\\\b\",\"c\\\\\"d\"}\n");
        data.append("\\N\t\\N\t\\N\t\\N\n");
        data.append("{}\t{}\t{}\t{}\n");
        data.append("{1\\0542}\t{9}\t{9223372036854775807}\t{\"a\\tb\",\"x\\ny\",\"c\\\\\\\\d\"}\n");
        data.append("{NULL}\t{2147483647}\t{NULL,NULL}\t{NULL,\"NULL\",\"\",\"a b\",\"{x}\"}\n");
        Random random = new Random(11);
        for (int i = 0; i < 200; i++) {
            data.append(randomInts(random, 1 << 15)).append('\t')
                    .append(randomInts(random, Integer.MAX_VALUE)).append('\t')
                    .append(randomInts(random, Long.MAX_VALUE >> random.nextInt(63))).append('\t')
                    .append(randomTexts(random)).append('\n');
        }
        byte[] text = data.toString().getBytes(StandardCharsets.UTF_8);
        byte[] expected = stream(plain, text, 1 << 16);
        assertThat(stream(columns, text, 1 << 16)).isEqualTo(expected);
        // every chunk size up to a few rows, so that every array is cut at every place
        for (int chunk = 1; chunk < 300; chunk += chunk < 60 ? 1 : 7) {
            assertThat(stream(columns, text, chunk)).as("chunk %d", chunk).isEqualTo(expected);
        }
    }

    private static String randomInts(Random random, long bound) {
        if (random.nextInt(10) == 0) {
            return "\\N";
        }
        StringBuilder s = new StringBuilder("{");
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",");
            if (random.nextInt(8) == 0) {
                s.append("NULL");
            } else {
                s.append(random.nextLong() % bound);
            }
        }
        return s.append('}').toString();
    }

    private static String randomTexts(Random random) {
        StringBuilder s = new StringBuilder("{");
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",");
            switch (random.nextInt(6)) {
                case 0 -> s.append("NULL");
                case 1 -> s.append("\"a ").append(random.nextInt(1000)).append('"');
                case 2 -> s.append("\"\"");
                default -> s.append("t").append(Long.toHexString(random.nextLong()).repeat(1 + random.nextInt(4)));
            }
        }
        return s.append('}').toString();
    }

    @Test
    void theSameDataIsRefusedWithAndWithoutTheFastPaths() throws Exception {
        List<FieldConverter> columns = new ArrayList<>(COLUMNS);
        List<FieldConverter> plain = COLUMNS.stream().map(DelimitedArraysTest::viaConverter).toList();
        String good = "{1}\t{2,NULL}\t{3}\t{a,\"b c\"}\n";
        for (String bad : List.of("{01}\t{2}\t{3}\t{a}\n", "{1}\t{2,null}\t{3}\t{a}\n", "{1}\t{2}\t{3}\t{\"a\"}\n",
                "{1}\t{2}\t{3}\t{a}\r\n", "{1}\t{2}\t{3}\t{a}\t{b}\n", "{1}\t{2}\t{3}\n", "{32768}\t{2}\t{3}\t{a}\n",
                "{1}\t{2}\t{3}\t{null}\n", "{1}\t{2}\t{3}\t{a b}\n", "{1}\t{2}\t{3}\t{a,}\n", "{1}\t{ 2}\t{3}\t{a}\n",
                "{1}\t{2}\t{3}\t{\"a\n", "{1}\t{2}\t{3}\t{a}\\\n", "{1}\t{{2},{3,4}}\t{3}\t{a}\n")) {
            byte[] text = (good + bad + good).getBytes(StandardCharsets.UTF_8);
            for (int chunk : new int[] {7, 1 << 16}) {
                assertThat(catchThrowable(() -> stream(columns, text, chunk))).as(bad).isInstanceOf(Unconvertible.class);
                assertThat(catchThrowable(() -> stream(plain, text, chunk))).as(bad).isInstanceOf(Unconvertible.class);
            }
        }
        byte[] twice = (good + good).getBytes(StandardCharsets.UTF_8);
        assertThat(stream(columns, twice, 7)).isEqualTo(stream(plain, twice, 7));
    }

    @Test
    void anArrayLongerThanTheChunkGrowsTheOutput() throws Exception {
        // an array far over the sink's first capacity, read after several requests for more room
        StringBuilder ints = new StringBuilder("{");
        StringBuilder texts = new StringBuilder("{");
        for (int i = 0; i < 20_000; i++) {
            ints.append(i == 0 ? "" : ",").append(i % 3 == 0 ? "NULL" : Integer.toString(i * 7919));
            texts.append(i == 0 ? "" : ",").append("element-").append(i);
        }
        byte[] text = (ints + "}\t" + ints + "}\t" + ints + "}\t" + texts + "}\n").getBytes(StandardCharsets.UTF_8);
        List<FieldConverter> plain = COLUMNS.stream().map(DelimitedArraysTest::viaConverter).toList();
        List<FieldConverter> int2s = new ArrayList<>(COLUMNS);
        // int2 column: the values are out of its range, so the whole row is refused either way
        assertThat(catchThrowable(() -> stream(int2s, text, 4096))).isInstanceOf(Unconvertible.class);
        List<FieldConverter> columns = List.of(INT4_ARRAY, INT4_ARRAY, INT8_ARRAY, TEXT_ARRAY);
        List<FieldConverter> columnsPlain = List.of(plain.get(1), plain.get(1), plain.get(2), plain.get(3));
        byte[] expected = stream(columnsPlain, text, 4096);
        assertThat(expected.length).isGreaterThan(500_000);
        assertThat(stream(columns, text, 4096)).isEqualTo(expected);
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
