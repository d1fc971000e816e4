package io.stowage.postgres.archive;

import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CopyEndCheckTest {
    private static final TocEntry ENTRY = new TocEntry(7, true, 0, 0, "t", "TABLE DATA",
            io.stowage.core.archive.Section.DATA, "", "", "COPY public.t (a) FROM stdin;\n", "public", "", "", 0, "u", "false",
            List.of(), null);

    /** Every way of cutting the data into reads gives the same verdict as looking at it whole. */
    @Test
    void verdictDoesNotDependOnHowTheDataIsRead() throws IOException {
        List<String> complete = List.of("\\.\n", "\\.\n\n\n", "1\tx\n\\.\n\n", "a\n\nb\n\\.\n\n", "\\.\n\\.\n");
        List<String> broken = List.of("", "\n", "1\tx\n", "1\tx\n\\", "a\\.\n\n", "1\t\\.\n", "\\.x\n", "1\n\\.", ".\n",
                "a\n\\\n.\n");
        Random random = new Random(42);
        for (int chunking = 0; chunking < 40; chunking++) {
            for (String s : complete) {
                assertThat(readAll(s, random, chunking)).as("%s, chunking %d", s, chunking).isEqualTo(s);
            }
            for (String s : broken) {
                int c = chunking;
                assertThatThrownBy(() -> readAll(s, random, c)).as("%s, chunking %d", s, c)
                        .isInstanceOf(StowageException.class).hasMessageContaining("dump id 7");
            }
        }
    }

    @Test
    void bigDataEndingInTheMarkerAfterManyRows() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            sb.append(i).append("\tsome text ").append(i % 7 == 0 ? "\\N" : "v").append('\n');
        }
        String good = sb + "\\.\n\n";
        assertThat(readAll(good, new Random(1), 1)).isEqualTo(good);
        String cut = sb.substring(0, sb.length() - 3);
        assertThatThrownBy(() -> readAll(cut, new Random(1), 1)).hasMessageContaining("truncated or corrupt");
    }

    /** chunking 0: a byte at a time; otherwise random read sizes up to 2^chunking-ish. */
    private static String readAll(String s, Random random, int chunking) throws IOException {
        byte[] data = s.getBytes(StandardCharsets.UTF_8);
        try (InputStream in = new CopyEndCheck(new ByteArrayInputStream(data), "f.dat", ENTRY)) {
            byte[] out = new byte[data.length + 16];
            int total = 0;
            while (true) {
                int want = chunking == 0 ? 1 : 1 + random.nextInt(Math.max(1, Math.min(1 << Math.min(chunking, 20), 64 * 1024)));
                int n = in.read(out, total, Math.min(want, out.length - total));
                if (n < 0) {
                    break;
                }
                total += n;
            }
            return new String(out, 0, total, StandardCharsets.UTF_8);
        }
    }
}
