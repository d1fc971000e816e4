package io.stowage.postgres.restore.binary;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The COPY text reading of {@link TextCopyToBinary}: NULLs, escapes, the end-of-data line, rows
 * across chunk boundaries and what it refuses. (The server-backed round trip is
 * BinaryCopyRoundTripTest in stowage-cli.)
 */
class TextCopyToBinaryTest {
    private static final FieldConverter TEXT = ScalarConverters.TEXT;
    private static final FieldConverter INT4 = ScalarConverters.INT4;

    /** Converts and reads the result back as rows of strings (text) or "int:N", null for NULL. */
    private static List<List<String>> convert(List<FieldConverter> columns, String text, int chunk) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long count = new TextCopyToBinary(columns, 1 << 20, chunk).convert(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), out);
        List<List<String>> rows = decode(columns, out.toByteArray());
        assertThat(rows).hasSize((int) count);
        return rows;
    }

    private static List<List<String>> decode(List<FieldConverter> columns, byte[] b) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(b);
        byte[] header = new byte[19];
        in.get(header);
        assertThat(header).isEqualTo(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0,
                0, 0, 0, 0});
        List<List<String>> rows = new ArrayList<>();
        while (true) {
            short n = in.getShort();
            if (n == -1) {
                assertThat(in.hasRemaining()).isFalse();
                return rows;
            }
            assertThat((int) n).isEqualTo(columns.size());
            List<String> row = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int length = in.getInt();
                if (length < 0) {
                    row.add(null);
                    continue;
                }
                byte[] field = new byte[length];
                in.get(field);
                row.add(columns.get(i) == INT4 ? "int:" + java.nio.ByteBuffer.wrap(field).getInt()
                        : new String(field, StandardCharsets.UTF_8));
            }
            rows.add(row);
        }
    }

    private static List<String> row(String... fields) {
        return Arrays.asList(fields);
    }

    @Test
    void nullsEscapesAndPlainFields() throws Exception {
        String data = "1\tplain\n"
                + "-2\t\\N\n"
                + "\\N\t\\\\N\n"
                + "3\ttab\\there\\nnew\\\\back\\rcr\\bbs\\ffeed\\vvt\n"
                + "4\t\\101\\x41\\x4a\\7\\q\\x\\-\n"
                + "5\t\n"
                + "6\tgrüße 🐘\n";
        List<List<String>> expected = List.of(row("int:1", "plain"), row("int:-2", null), row(null, "\\N"),
                row("int:3", "tab\there\nnew\\back\rcr\bbs\ffeed\u000bvt"), row("int:4", "AAJ\u0007qx-"),
                row("int:5", ""), row("int:6", "grüße 🐘"));
        assertThat(convert(List.of(INT4, TEXT), data, 1 << 16)).isEqualTo(expected);
        // every chunk size, so that every row, field and escape is cut at every place
        for (int chunk = 1; chunk < 40; chunk++) {
            assertThat(convert(List.of(INT4, TEXT), data, chunk)).as("chunk %d", chunk).isEqualTo(expected);
        }
    }

    @Test
    void endOfDataLineEndsTheData() throws Exception {
        assertThat(convert(List.of(TEXT), "a\nb\n\\.\nignored\tjunk\n", 1 << 16)).isEqualTo(List.of(row("a"), row("b")));
        assertThat(convert(List.of(TEXT), "a\n\\.", 1 << 16)).isEqualTo(List.of(row("a")));
        for (int chunk = 1; chunk < 8; chunk++) {
            assertThat(convert(List.of(TEXT), "a\n\\.\n", chunk)).isEqualTo(List.of(row("a")));
        }
    }

    @Test
    void aLastRowWithoutNewlineAndEmptyData() throws Exception {
        assertThat(convert(List.of(TEXT, TEXT), "a\tb\nc\td", 3)).isEqualTo(List.of(row("a", "b"), row("c", "d")));
        assertThat(convert(List.of(TEXT), "", 1 << 16)).isEmpty();
        assertThat(convert(List.of(TEXT), "\n", 1 << 16)).isEqualTo(List.of(row("")));
    }

    @Test
    void whatItRefuses() {
        List<FieldConverter> two = List.of(TEXT, TEXT);
        for (String data : List.of("a\n", "a\tb\tc\n", "a\tb\r\n", "a\tb\\\nc\n", "a\t\\.\n", "x\\.\tb\n", "\\.x\n",
                "a\t\\0\n", "a\t\\x80\n", "a\t\\200\n", "a\t\\x00\n", "a\tb\n\n")) {
            assertThatThrownBy(() -> convert(two, data, 1 << 16)).as(data.replace("\n", "<nl>"))
                    .isInstanceOf(Unconvertible.class);
        }
        assertThatThrownBy(() -> convert(List.of(INT4), "1\n01\n", 1 << 16)).isInstanceOf(Unconvertible.class);
        assertThatThrownBy(() -> convert(List.of(), "\n", 1 << 16)).isInstanceOf(Unconvertible.class);
    }

    @Test
    void rowsOverTheLimitAreRefused() throws Exception {
        String big = "x".repeat(1000);
        TextCopyToBinary c = new TextCopyToBinary(List.of(TEXT, TEXT), 1000, 64);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // 2 + 4 + 4 + 990 bytes fits exactly; one more does not
        assertThat(c.convert(new ByteArrayInputStream(("a\t" + "y".repeat(989) + "\n").getBytes()), out)).isEqualTo(1);
        assertThatThrownBy(() -> c.convert(new ByteArrayInputStream(("ab\t" + "y".repeat(989) + "\n").getBytes()), out))
                .isInstanceOf(Unconvertible.class);
        // text far beyond the limit is refused before it is all read
        InputStream endless = new InputStream() {
            int read;

            @Override
            public int read() {
                read++;
                return 'z';
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Arrays.fill(b, off, off + len, (byte) 'z');
                read += len;
                if (read > 1 << 20) {
                    throw new IOException("read on and on");
                }
                return len;
            }
        };
        assertThatThrownBy(() -> c.convert(endless, new ByteArrayOutputStream())).isInstanceOf(Unconvertible.class);
        assertThat(new TextCopyToBinary(List.of(TEXT), 1000, 64).convert(
                new ByteArrayInputStream((big.substring(0, 994) + "\n").repeat(50).getBytes()), out)).isEqualTo(50);

        // an integer array read by the fast path, whose binary form is four times its text
        TextCopyToBinary arrays = new TextCopyToBinary(List.of(new ArrayConverter(ScalarConverters.INT4, 23)), 1000, 64);
        String fits = "{" + "1,".repeat(99) + "1}\n"; // 2 + 4 + 20 + 100 * 8 = 826 bytes
        assertThat(arrays.convert(new ByteArrayInputStream(fits.getBytes()), out)).isEqualTo(1);
        String over = "{" + "1,".repeat(299) + "1}\n"; // 2,426 bytes
        assertThatThrownBy(() -> arrays.convert(new ByteArrayInputStream(over.getBytes()), new ByteArrayOutputStream()))
                .isInstanceOf(Unconvertible.class).hasMessageContaining("a row of over 1000 bytes");
    }

    @Test
    void outputIsWrittenInChunks() throws Exception {
        String data = "0123456789\n".repeat(100_000);
        List<Integer> writes = new ArrayList<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                writes.add(len);
                super.write(b, off, len);
            }

            @Override
            public synchronized void write(int b) {
                throw new AssertionError("single bytes");
            }
        };
        long rows = new TextCopyToBinary(List.of(TEXT)).convert(new ByteArrayInputStream(data.getBytes()), all);
        assertThat(rows).isEqualTo(100_000);
        assertThat(all.size()).isEqualTo(19 + 100_000 * (2 + 4 + 10) + 2);
        assertThat(writes.subList(0, writes.size() - 1)).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(
                TextCopyToBinary.DEFAULT_CHUNK));
    }
}
