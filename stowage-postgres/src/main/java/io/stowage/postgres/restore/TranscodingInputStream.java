package io.stowage.postgres.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads bytes in one charset and yields them as UTF-8, a chunk at a time. Invalid input fails with
 * a {@link CharacterCodingException} rather than being replaced, so data is never silently altered.
 */
final class TranscodingInputStream extends InputStream {
    private final InputStream in;
    private final CharsetDecoder decoder;
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer source = ByteBuffer.allocate(64 * 1024);
    private final CharBuffer chars = CharBuffer.allocate(64 * 1024);
    private final ByteBuffer out = ByteBuffer.allocate(3 * 64 * 1024 + 16);
    private boolean eof;
    private boolean flushed;

    TranscodingInputStream(InputStream in, Charset from) {
        this.in = in;
        this.decoder = from.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        source.flip();
        out.flip();
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
        while (!out.hasRemaining()) {
            if (flushed) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, out.remaining());
        out.get(b, off, n);
        return n;
    }

    /** Decodes and re-encodes one more chunk into {@code out}. */
    private void fill() throws IOException {
        if (!eof && source.remaining() < 16) {
            source.compact();
            int n = in.read(source.array(), source.position(), source.remaining());
            if (n < 0) {
                eof = true;
            } else {
                source.position(source.position() + n);
            }
            source.flip();
        }
        CoderResult result = decoder.decode(source, chars, eof);
        check(result);
        if (eof && !source.hasRemaining()) {
            check(decoder.flush(chars));
        }
        chars.flip();
        out.clear();
        boolean last = eof && !source.hasRemaining();
        check(encoder.encode(chars, out, last));
        if (last) {
            check(encoder.flush(out));
            flushed = !chars.hasRemaining();
        }
        chars.compact();
        out.flip();
    }

    private static void check(CoderResult result) throws CharacterCodingException {
        if (result.isError()) {
            result.throwException();
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
