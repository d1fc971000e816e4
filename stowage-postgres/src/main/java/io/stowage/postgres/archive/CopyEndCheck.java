package io.stowage.postgres.archive;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Passes COPY data through and, at its end, checks that its last line is the end-of-data marker
 * {@code \.} that pg_dump always writes after a table's rows (followed by blank lines). A data file
 * cut short (a directory archive's plain {@code .dat} file has no other framing) is then an INPUT
 * error naming the file and the offset where it ends, rather than a restore with fewer rows.
 */
final class CopyEndCheck extends FilterInputStream {
    private static final byte[] MARKER = "\\.".getBytes(StandardCharsets.US_ASCII);

    private final String source;
    private final TocEntry entry;
    /** The last bytes before the trailing newlines: enough to see "\n\\." or a leading "\\.". */
    private final byte[] tail = new byte[3];
    private int tailLength;
    private int trailingNewlines;
    private long count;
    private boolean checked;

    CopyEndCheck(InputStream in, String source, TocEntry entry) {
        super(in);
        this.source = source;
        this.entry = entry;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            check();
            return n;
        }
        // Only the end matters: find the last byte that is not a newline, and keep the (at most) three
        // bytes before it; a chunk of nothing but newlines only extends the trailing run.
        int last = off + n - 1;
        while (last >= off && b[last] == '\n') {
            last--;
        }
        if (last < off) {
            trailingNewlines += n;
        } else {
            int from = Math.max(off, last - tail.length + 1);
            if (from == last - tail.length + 1) {
                System.arraycopy(b, from, tail, 0, tail.length);
                tailLength = tail.length;
            } else {
                // a short chunk: the earlier tail and newlines still count as the bytes before it
                for (int k = 0; k < Math.min(trailingNewlines, tail.length); k++) {
                    push((byte) '\n');
                }
                for (int i = from; i <= last; i++) {
                    push(b[i]);
                }
            }
            trailingNewlines = off + n - 1 - last;
        }
        count += n;
        return n;
    }

    private void push(byte value) {
        if (tailLength == tail.length) {
            System.arraycopy(tail, 1, tail, 0, tail.length - 1);
            tailLength--;
        }
        tail[tailLength++] = value;
    }

    @Override
    public long skip(long n) throws IOException {
        // read rather than skip, so that the end is still seen
        byte[] buffer = new byte[(int) Math.min(Math.max(n, 1), 8192)];
        long done = 0;
        while (done < n) {
            int got = read(buffer, 0, (int) Math.min(buffer.length, n - done));
            if (got < 0) {
                break;
            }
            done += got;
        }
        return done;
    }

    private void check() {
        if (checked) {
            return;
        }
        checked = true;
        boolean endsWithMarker = trailingNewlines > 0 && tailLength >= 2
                && tail[tailLength - 2] == MARKER[0] && tail[tailLength - 1] == MARKER[1]
                && (tailLength == 2 ? count - trailingNewlines == 2 : tail[tailLength - 3] == '\n');
        if (!endsWithMarker) {
            throw new StowageException(ErrorCode.INPUT, "archive data file \"" + source + "\" is truncated or corrupt at offset "
                    + count + ": expected the COPY end-of-data line \\. that ends the data of dump id " + entry.dumpId()
                    + " (" + entry.desc() + " " + entry.tag() + ")",
                    "restore from a complete copy of the archive; make the dump again if it was damaged");
        }
    }
}
