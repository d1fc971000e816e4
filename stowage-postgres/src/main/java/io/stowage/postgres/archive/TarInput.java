package io.stowage.postgres.archive;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads the members of a POSIX (ustar) tar stream forward, as pg_backup_tar.c's _readTarHeader
 * does: 512-byte headers with octal (or GNU base-256) sizes and checked checksums, data padded
 * to 512 bytes, all-zero blocks skipped. Errors are INPUT errors naming the offset in the tar.
 */
public final class TarInput {
    static final int BLOCK = 512;

    private final InputStream in;
    private final String source;
    private long position;
    private Member open;

    /** One member: its name, size, and where its header starts. */
    public final class Member extends InputStream {
        private final String name;
        private final long size;
        private final long headerOffset;
        private long remaining;

        Member(String name, long size, long headerOffset) {
            this.name = name;
            this.size = size;
            this.headerOffset = headerOffset;
            this.remaining = size;
        }

        /** The member's path in the tar. */
        public String name() {
            return name;
        }

        /** The member's size in bytes. */
        public long size() {
            return size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (remaining == 0) {
                return -1;
            }
            int n = fill(b, off, (int) Math.min(len, remaining), "the " + remaining + " remaining bytes of member \"" + name + "\"");
            remaining -= n;
            return n;
        }

        /** Skips the rest of the member and its padding. */
        @Override
        public void close() {
            if (open != this) {
                return;
            }
            skipBytes(remaining, "the " + remaining + " remaining bytes of member \"" + name + "\"");
            remaining = 0;
            long padding = (BLOCK - size % BLOCK) % BLOCK;
            skipBytes(padding, "the padding of member \"" + name + "\"");
            open = null;
        }
    }

    /**
     * @param in     the tar bytes, at the start of the tar
     * @param source how to name the input in messages
     */
    public TarInput(InputStream in, String source) {
        this.in = Objects.requireNonNull(in, "in");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The offset of the next byte in the tar. */
    public long position() {
        return position;
    }

    /** The source's name for messages. */
    public String source() {
        return source;
    }

    /**
     * Skips what is left of the previous member and returns the next one, or {@code null} at the
     * end of the tar (end of input at a block boundary, after zero blocks or not).
     */
    public Member next() {
        if (open != null) {
            open.close();
        }
        byte[] header = new byte[BLOCK];
        while (true) {
            long start = position;
            int got = readUpTo(header, "a tar header");
            if (got == 0) {
                return null;
            }
            if (got < BLOCK) {
                throw truncated(start, "a 512-byte tar header", got + " bytes and then end of input");
            }
            if (allZero(header)) {
                continue;
            }
            verifyChecksum(header, start);
            String name = text(header, 0, 100);
            if (text(header, 257, 5).equals("ustar")) {
                String prefix = text(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            long size = number(header, 124, 12, start, "size");
            open = new Member(name, size, start);
            return open;
        }
    }

    private void verifyChecksum(byte[] header, long start) {
        long recorded = number(header, 148, 8, start, "checksum");
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xff;
        }
        if (sum != recorded) {
            throw corrupt(start, "a tar header with checksum " + recorded, "byte sum " + sum + " (corrupt tar header)");
        }
    }

    /** An octal field ending in space or NUL, or GNU base-256 (first byte 0x80). */
    private long number(byte[] header, int offset, int length, long start, String field) {
        if ((header[offset] & 0xff) == 0x80) {
            long value = 0;
            for (int i = offset + 1; i < offset + length; i++) {
                value = (value << 8) | (header[i] & 0xff);
            }
            if (value < 0) {
                throw corrupt(start + offset, "a tar " + field + " below 2^63", "a larger base-256 value");
            }
            return value;
        }
        long value = 0;
        int i = offset;
        while (i < offset + length && header[i] == ' ') {
            i++;
        }
        boolean digits = false;
        for (; i < offset + length && header[i] >= '0' && header[i] <= '7'; i++) {
            value = value * 8 + (header[i] - '0');
            digits = true;
        }
        if (!digits || i < offset + length && header[i] != ' ' && header[i] != 0) {
            throw corrupt(start + offset, "the tar " + field + " in octal",
                    "\"" + new String(header, offset, length, StandardCharsets.ISO_8859_1).replace("\0", "\\0") + "\"");
        }
        return value;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads as many of {@code buffer}'s bytes as the input has, up to all of them. */
    private int readUpTo(byte[] buffer, String what) {
        int total = 0;
        while (total < buffer.length) {
            int n;
            try {
                n = in.read(buffer, total, buffer.length - total);
            } catch (IOException e) {
                throw readFailure(position, what, e);
            }
            if (n < 0) {
                break;
            }
            total += n;
            position += n;
        }
        return total;
    }

    private int fill(byte[] b, int off, int len, String what) {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            throw readFailure(position, what, e);
        }
        if (n < 0) {
            throw truncated(position, what, "end of input");
        }
        position += n;
        return n;
    }

    private void skipBytes(long count, String what) {
        byte[] buffer = new byte[8192];
        while (count > 0) {
            int n = fill(buffer, 0, (int) Math.min(buffer.length, count), what);
            count -= n;
        }
    }

    StowageException corrupt(long offset, String what, String found) {
        return new StowageException(ErrorCode.INPUT,
                "tar archive \"%s\" is corrupt at offset %d (0x%x): expected %s, found %s".formatted(source, offset, offset, what, found),
                "check that the file is a complete pg_dump -Ft archive; make it again if it was damaged");
    }

    private StowageException truncated(long offset, String what, String found) {
        return new StowageException(ErrorCode.INPUT,
                "tar archive \"%s\" is truncated at offset %d (0x%x): expected %s, found %s".formatted(source, offset, offset, what, found),
                "check that the file was copied completely; make the dump again if it was cut short");
    }

    private StowageException readFailure(long offset, String what, IOException e) {
        return new StowageException(ErrorCode.INPUT,
                "cannot read tar archive \"%s\" at offset %d (0x%x) while reading %s: %s".formatted(source, offset, offset, what, e.getMessage()),
                "check that the input is readable", e);
    }
}
