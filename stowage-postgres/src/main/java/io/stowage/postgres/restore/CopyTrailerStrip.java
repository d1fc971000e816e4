package io.stowage.postgres.restore;

import java.io.IOException;
import java.io.InputStream;

/**
 * The COPY data of an archive's TABLE DATA entry without its end-of-data line: pg_dump stores the
 * rows followed by {@code \.} and blank lines, which a script needs and a COPY sent through the
 * protocol must not carry. Only a {@code \.} line at the very end (followed by nothing but line
 * breaks) is removed; the last few bytes are held back until the end is known. Streams; holds at
 * most one buffer.
 */
final class CopyTrailerStrip extends InputStream {
    /** Bytes held back: {@code \.} and the line breaks after it. */
    private static final int HOLD = 16;

    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024 + HOLD];
    private int start;
    private int end;
    private boolean eof;
    private boolean stripped;
    private boolean emittedAny;
    private byte lastEmitted;

    CopyTrailerStrip(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            int pending = end - start;
            if (eof) {
                if (!stripped) {
                    strip();
                    stripped = true;
                    pending = end - start;
                }
                return pending == 0 ? -1 : emit(b, off, Math.min(len, pending));
            }
            if (pending > HOLD) {
                return emit(b, off, Math.min(len, pending - HOLD));
            }
            System.arraycopy(buf, start, buf, 0, pending);
            start = 0;
            end = pending;
            int r = in.read(buf, end, buf.length - end);
            if (r < 0) {
                eof = true;
            } else {
                end += r;
            }
        }
    }

    private int emit(byte[] b, int off, int n) {
        System.arraycopy(buf, start, b, off, n);
        start += n;
        emittedAny = true;
        lastEmitted = b[off + n - 1];
        return n;
    }

    private void strip() {
        int e = end;
        while (e > start && (buf[e - 1] == '\n' || buf[e - 1] == '\r')) {
            e--;
        }
        if (e - start >= 2 && buf[e - 2] == '\\' && buf[e - 1] == '.') {
            int dot = e - 2;
            boolean lineStart = dot == start ? !emittedAny || lastEmitted == '\n' : buf[dot - 1] == '\n';
            if (lineStart) {
                end = dot;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
