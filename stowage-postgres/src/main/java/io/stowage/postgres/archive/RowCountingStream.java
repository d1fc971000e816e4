package io.stowage.postgres.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Counts the lines of COPY text data before its {@code \.} end line, reading as it goes: the rows a
 * table's data holds, without holding any of them.
 */
final class RowCountingStream extends OutputStream {
    private long rows;
    private long bytes;
    /** Bytes of the current line so far, capped at 3: all the end line needs. */
    private int lineLength;
    private boolean lineIsMarker = true;
    private boolean ended;

    /** Reads {@code in} to its end and counts it. */
    static RowCountingStream count(InputStream in) throws IOException {
        RowCountingStream counter = new RowCountingStream();
        in.transferTo(counter);
        return counter;
    }

    @Override
    public void write(int b) {
        byte[] one = {(byte) b};
        write(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        bytes += len;
        for (int i = off; i < off + len && !ended; i++) {
            byte c = b[i];
            if (c == '\n') {
                if (lineIsMarker && lineLength == 2) {
                    ended = true;
                } else {
                    rows++;
                }
                lineLength = 0;
                lineIsMarker = true;
                continue;
            }
            if (lineLength < 3) {
                lineIsMarker &= lineLength == 0 ? c == '\\' : lineLength == 1 && c == '.';
                lineLength++;
            }
        }
    }

    long rows() {
        return rows;
    }

    /** True once the {@code \.} end line was seen. */
    boolean ended() {
        return ended;
    }

    long bytes() {
        return bytes;
    }
}
