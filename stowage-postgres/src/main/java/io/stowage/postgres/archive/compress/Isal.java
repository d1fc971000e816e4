package io.stowage.postgres.archive.compress;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Intel ISA-L's igzip inflater (the Debian package libisal2, {@code libisal.so.2}) through JNA, when
 * the system has it: streaming deflate decompression two to three times as fast as zlib's, with
 * ISA-L reading and checking the gzip or zlib wrapper itself.
 *
 * <p>{@code struct inflate_state} is passed by pointer into memory we allocate, so its size and the
 * offsets of the fields we touch are fixed here, as {@code offsetof}/{@code sizeof} give them for
 * ISA-L 2.30 on x86-64 (Debian 12). Before it is used, a self-check inflates gzip and zlib streams
 * made by java.util.zip and compares the bytes; any difference or failure leaves ISA-L unused and
 * java.util.zip does the work.
 */
final class Isal {
    /** {@code sizeof(struct inflate_state)} in ISA-L 2.30. */
    static final int STATE_SIZE = 87_368;
    /**
     * Allocated past {@link #STATE_SIZE}, so that a build whose struct grew a little writes into
     * our memory, not past it, before the self-check turns it down.
     */
    static final int STATE_SLACK = 32 * 1024;

    static final long NEXT_OUT = 0;
    static final long AVAIL_OUT = 8;
    static final long TOTAL_OUT = 12;
    static final long NEXT_IN = 16;
    static final long AVAIL_IN = 32;
    static final long READ_IN_LENGTH = 36;
    static final long BLOCK_STATE = 21_160;
    static final long CRC_FLAG = 21_172;
    static final long TMP_OUT_VALID = 21_208;

    /** {@code enum isal_block_state}: the stream (and its trailer) is done and all output flushed. */
    static final int ISAL_BLOCK_FINISH = 5;

    /** {@code crc_flag} values: ISA-L parses and checks the wrapper. */
    static final int ISAL_GZIP = 1;
    static final int ISAL_ZLIB = 3;

    /** {@code isal_inflate} return values. */
    static final int ISAL_DECOMP_OK = 0;
    static final int ISAL_END_INPUT = 1;
    static final int ISAL_OUT_OVERFLOW = 2;
    static final int ISAL_NEED_DICT = 6;

    /** Set to true (before first use) to keep ISA-L unused, as if the library were missing. */
    static final String DISABLE_PROPERTY = "stowage.compress.noIsal";

    private static final boolean AVAILABLE = load();

    /** Tests turn ISA-L off here to exercise the java.util.zip path on a machine that has it. */
    static volatile boolean forceFallback;

    private Isal() {
    }

    /** Whether the library loaded and passed the self-check, and is not switched off. */
    static boolean available() {
        return AVAILABLE && !forceFallback;
    }

    /** Whether the library loaded and passed the self-check, whatever {@link #forceFallback} says. */
    static boolean loaded() {
        return AVAILABLE;
    }

    /** What an {@code isal_inflate} error code means. */
    static String describe(int code) {
        return switch (code) {
            case -1 -> "invalid deflate block";
            case -2 -> "invalid deflate symbol";
            case -3 -> "invalid back-reference distance";
            case -4 -> "invalid gzip or zlib header";
            case -5 -> "unsupported compression method (not deflate)";
            case -6 -> "checksum mismatch (CRC-32, Adler-32 or length in the trailer)";
            case ISAL_NEED_DICT -> "the zlib stream needs a preset dictionary";
            default -> "ISA-L error " + code;
        };
    }

    private static boolean load() {
        if (Boolean.getBoolean(DISABLE_PROPERTY)) {
            return false;
        }
        try {
            if (Native.POINTER_SIZE != 8) {
                return false;
            }
            NativeLibrary library;
            try {
                // Debian's runtime package has only the versioned name; the layout is for soname 2
                library = NativeLibrary.getInstance("libisal.so.2");
            } catch (UnsatisfiedLinkError e) {
                library = NativeLibrary.getInstance("isal");
            }
            Native.register(Isal.class, library);
            return initLooksRight() && selfCheck();
        } catch (Throwable e) {
            // no JNA native support, no libisal, or a layout we do not know: java.util.zip does the work
            return false;
        }
    }

    /** {@code isal_inflate_init} zeroes the fields we rely on, at the offsets we expect, and no others nearby. */
    private static boolean initLooksRight() {
        try (Memory state = new Memory(STATE_SIZE + STATE_SLACK)) {
            state.setMemory(0, STATE_SIZE + STATE_SLACK, (byte) 0x5a);
            isal_inflate_init(state);
            boolean zeroed = state.getPointer(NEXT_IN) == null && state.getInt(AVAIL_IN) == 0
                    && state.getPointer(NEXT_OUT) == null && state.getInt(AVAIL_OUT) == 0
                    && state.getInt(TOTAL_OUT) == 0 && state.getInt(READ_IN_LENGTH) == 0
                    && state.getInt(BLOCK_STATE) == 0 && state.getInt(CRC_FLAG) == 0
                    && state.getInt(TMP_OUT_VALID) == 0;
            // the tail of tmp_out_buffer and our slack are left alone
            boolean untouched = state.getInt(STATE_SIZE - 4) == 0x5a5a5a5a && state.getInt(STATE_SIZE) == 0x5a5a5a5a;
            return zeroed && untouched;
        }
    }

    /** Inflates gzip (two members) and zlib streams made by java.util.zip and compares the bytes. */
    private static boolean selfCheck() throws Exception {
        byte[] data = sample();
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        for (int member = 0; member < 2; member++) {
            try (GZIPOutputStream out = new GZIPOutputStream(gzip) {
                @Override
                public void close() throws java.io.IOException {
                    finish();
                }
            }) {
                out.write(data);
            }
        }
        byte[] twice = new byte[data.length * 2];
        System.arraycopy(data, 0, twice, 0, data.length);
        System.arraycopy(data, 0, twice, data.length, data.length);
        if (!Arrays.equals(twice, inflate(gzip.toByteArray(), Codecs.Wrapping.GZIP_FILE))) {
            return false;
        }
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(9);
        try (DeflaterOutputStream out = new DeflaterOutputStream(zlib, deflater)) {
            out.write(data);
        } finally {
            deflater.end();
        }
        return Arrays.equals(data, inflate(zlib.toByteArray(), Codecs.Wrapping.ZLIB));
    }

    private static byte[] inflate(byte[] compressed, Codecs.Wrapping wrapping) throws Exception {
        // small buffers, so that the state is carried across calls, as it is for big files
        try (InputStream in = new IsalInflaterInputStream(new ByteArrayInputStream(compressed), wrapping, 4096, 4096)) {
            return in.readAllBytes();
        }
    }

    /** About 200 KB of text with repeats (back-references, dynamic blocks) and some noise (literals). */
    private static byte[] sample() {
        StringBuilder s = new StringBuilder();
        long x = 42;
        for (int i = 0; s.length() < 200_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            s.append(i).append('\t').append("row ").append(i % 97).append('\t').append(Long.toHexString(x)).append('\n');
        }
        return s.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static native void isal_inflate_init(Pointer state);

    static native void isal_inflate_reset(Pointer state);

    static native int isal_inflate(Pointer state);
}
