package io.stowage.postgres.restore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CopyTrailerStripTest {

    private static String strip(String data) throws IOException {
        try (InputStream in = new CopyTrailerStrip(new ByteArrayInputStream(data.getBytes(StandardCharsets.UTF_8)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1\\ta\\n2\\tb\\n\\\\.\\n\\n|1\\ta\\n2\\tb\\n",        // pg_dump: \. and a blank line
            "1\\ta\\n\\\\.\\n\\n\\n|1\\ta\\n",                     // Stowage: two blank lines
            "1\\ta\\r\\n\\\\.\\r\\n|1\\ta\\r\\n",                  // CRLF
            "\\\\.\\n\\n|",                                        // an empty table
            "1\\ta\\n\\\\.|1\\ta\\n",                              // no line break after \.
            "1\\ta\\n|1\\ta\\n",                                   // no terminator at all
            "1\\tx\\\\.\\n|1\\tx\\\\.\\n",                         // \. inside a line is data
    })
    void removesOnlyTheEndOfDataLine(String data, String expected) throws IOException {
        assertThat(strip(unescape(data))).isEqualTo(expected == null ? "" : unescape(expected));
    }

    @Test
    void streamsLargeDataAcrossBuffers() throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            rows.append(i).append("\tsome text\n");
        }
        assertThat(strip(rows + "\\.\n\n")).isEqualTo(rows.toString());
    }

    @Test
    void readsByteByByte() throws IOException {
        try (InputStream in = new CopyTrailerStrip(new ByteArrayInputStream("a\n\\.\n\n".getBytes(StandardCharsets.US_ASCII)))) {
            assertThat(in.read()).isEqualTo('a');
            assertThat(in.read()).isEqualTo('\n');
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    private static String unescape(String s) {
        return s.replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r").replace("\\\\", "\\");
    }
}
