package io.stowage.postgres.archive;

import java.io.InputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes ustar members as pg_dump's tar format does (src/port/tar.c's tarCreateHeader): mode 0600,
 * uid 2048, gid 1024, owner names "postgres", checksum as seven octal digits and a space, sizes of
 * 8 GiB and more in GNU base-256 form; the archive ends with two zero blocks and is not padded to
 * a record size.
 */
final class TarOutput {
    static final int BLOCK = 512;
    private static final long OCTAL_11_MAX = 077777777777L;

    private final OutputStream out;
    private final long mtime;

    /**
     * @param mtime the members' modification time, in seconds since the epoch
     */
    TarOutput(OutputStream out, long mtime) {
        this.out = Objects.requireNonNull(out, "out");
        this.mtime = mtime;
    }

    /** Writes a member holding {@code bytes}. */
    void member(String name, byte[] bytes) throws IOException {
        out.write(header(name, bytes.length, mtime));
        out.write(bytes);
        pad(bytes.length);
    }

    /** Writes a member of {@code size} bytes copied from {@code in}, which must hold exactly that many. */
    void member(String name, long size, InputStream in) throws IOException {
        out.write(header(name, size, mtime));
        byte[] buffer = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("spooled member \"" + name + "\" ended " + left + " bytes early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        pad(size);
    }

    /** Writes the two zero blocks that end the archive. */
    void finish() throws IOException {
        out.write(new byte[2 * BLOCK]);
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }

    static byte[] header(String name, long size, long mtime) {
        byte[] h = new byte[BLOCK];
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        if (nameBytes.length > 99) {
            throw new IllegalArgumentException("tar member name too long: " + name);
        }
        System.arraycopy(nameBytes, 0, h, 0, nameBytes.length);
        octal(h, 100, 8, 0600);
        octal(h, 108, 8, 04000);
        octal(h, 116, 8, 02000);
        if (size <= OCTAL_11_MAX) {
            octal(h, 124, 12, size);
        } else {
            // GNU base-256: a flag byte, then the size big-endian in the remaining 11 bytes
            h[124] = (byte) 0x80;
            for (int i = 0; i < 8; i++) {
                h[135 - i] = (byte) (size >>> (8 * i));
            }
        }
        octal(h, 136, 12, mtime);
        h[156] = '0';
        ascii(h, 257, "ustar");   // NUL-terminated by the zero at 262
        ascii(h, 263, "00");
        ascii(h, 265, "postgres");
        ascii(h, 297, "postgres");
        octal(h, 329, 8, 0);
        octal(h, 337, 8, 0);
        Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 8, sum);
        return h;
    }

    /** {@code width - 1} zero-padded octal digits and a space, as pg_dump writes them. */
    private static void octal(byte[] h, int offset, int width, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, width - 1 - digits.length())) + digits + " ";
        ascii(h, offset, padded);
    }

    private static void ascii(byte[] h, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, h, offset, bytes.length);
    }
}
