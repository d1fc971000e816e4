package io.stowage.postgres.archive.compress;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Cleaner;
import java.util.Objects;

/**
 * Decompresses a gzip file (one or more members, as gzip and our parallel writer make) or a zlib
 * stream with ISA-L ({@link Isal}); ISA-L reads each member's header and checks its CRC-32 and
 * length (Adler-32 for zlib). Memory is bounded: one {@code inflate_state} and a native input and
 * output buffer per stream, freed on close, or by a cleaner if the stream is dropped unclosed.
 *
 * <p>Corrupt or truncated input fails with an IOException naming the problem. Bytes after a gzip
 * member must be another member; after a zlib stream they are left unread, as
 * {@link java.util.zip.InflaterInputStream} does. Not thread-safe, as streams are not.
 */
final class IsalInflaterInputStream extends InputStream {
    static final int DEFAULT_BUFFER = 256 * 1024;

    private static final Cleaner CLEANER = Cleaner.create();

    private final InputStream in;
    private final Codecs.Wrapping wrapping;
    private final String kind;
    private final int crcFlag;
    private final Memory memory;
    private final Pointer state;
    private final Pointer input;
    private final Pointer output;
    private final int inputSize;
    private final int outputSize;
    private final byte[] transfer;
    private final Cleaner.Cleanable cleanable;

    private int outPos;
    private int outLimit;
    /** The current member (or zlib stream) has been read to its end and checked. */
    private boolean memberDone;
    private boolean inputEof;
    private boolean finished;
    private boolean closed;
    private long members;
    private long compressedRead;

    IsalInflaterInputStream(InputStream in, Codecs.Wrapping wrapping) {
        this(in, wrapping, DEFAULT_BUFFER, DEFAULT_BUFFER);
    }

    IsalInflaterInputStream(InputStream in, Codecs.Wrapping wrapping, int inputSize, int outputSize) {
        this.in = Objects.requireNonNull(in, "in");
        this.wrapping = Objects.requireNonNull(wrapping, "wrapping");
        this.kind = wrapping == Codecs.Wrapping.ZLIB ? "zlib stream" : "gzip file";
        this.crcFlag = wrapping == Codecs.Wrapping.ZLIB ? Isal.ISAL_ZLIB : Isal.ISAL_GZIP;
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        long stateBytes = Isal.STATE_SIZE + Isal.STATE_SLACK;
        this.memory = new Memory(stateBytes + inputSize + outputSize);
        this.state = memory.share(0, stateBytes);
        this.input = memory.share(stateBytes, inputSize);
        this.output = memory.share(stateBytes + inputSize, outputSize);
        this.transfer = new byte[Math.min(inputSize, 64 * 1024)];
        this.cleanable = CLEANER.register(this, new Free(memory));
        Isal.isal_inflate_init(state);
        state.setInt(Isal.CRC_FLAG, crcFlag);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        if (len == 0) {
            return 0;
        }
        while (outPos == outLimit) {
            if (!inflateSome()) {
                return -1;
            }
        }
        int n = Math.min(len, outLimit - outPos);
        output.read(outPos, b, off, n);
        outPos += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        ensureOpen();
        return outLimit - outPos;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            in.close();
        } finally {
            cleanable.clean();
        }
    }

    /** Inflates into the output buffer; false at the clean end of the input. */
    private boolean inflateSome() throws IOException {
        while (true) {
            if (finished) {
                return false;
            }
            int availIn = state.getInt(Isal.AVAIL_IN);
            if (memberDone) {
                if (wrapping == Codecs.Wrapping.ZLIB) {
                    finished = true;
                    return false;
                }
                if (availIn == 0 && !refill()) {
                    finished = true;
                    return false;
                }
                // another gzip member follows: the state starts over where the last one ended
                Pointer nextIn = state.getPointer(Isal.NEXT_IN);
                availIn = state.getInt(Isal.AVAIL_IN);
                Isal.isal_inflate_reset(state);
                state.setInt(Isal.CRC_FLAG, crcFlag);
                state.setPointer(Isal.NEXT_IN, nextIn);
                state.setInt(Isal.AVAIL_IN, availIn);
                memberDone = false;
            }
            if (availIn == 0 && !inputEof) {
                refill();
                availIn = state.getInt(Isal.AVAIL_IN);
            }
            state.setPointer(Isal.NEXT_OUT, output);
            state.setInt(Isal.AVAIL_OUT, outputSize);
            int ret = Isal.isal_inflate(state);
            int produced = outputSize - state.getInt(Isal.AVAIL_OUT);
            int consumed = availIn - state.getInt(Isal.AVAIL_IN);
            if (ret < 0 || ret == Isal.ISAL_NEED_DICT) {
                throw corrupt(Isal.describe(ret));
            }
            if (state.getInt(Isal.BLOCK_STATE) == Isal.ISAL_BLOCK_FINISH) {
                if (state.getInt(Isal.READ_IN_LENGTH) >= 8) {
                    // ISA-L 2.30 leaves no whole byte of the next member in its bit buffer; if a build did,
                    // the next member would start in the wrong place
                    throw corrupt("ISA-L kept " + state.getInt(Isal.READ_IN_LENGTH) / 8 + " bytes after the end of member");
                }
                memberDone = true;
                members++;
            } else if (produced == 0 && consumed == 0 && state.getInt(Isal.AVAIL_IN) == 0 && inputEof) {
                throw members == 0 && compressedRead == 0
                        ? new EOFException("the " + kind + " is empty")
                        : new EOFException("the " + kind + " ends early, in member " + (members + 1)
                                + " after " + compressedRead + " compressed bytes (truncated file?)");
            } else if (produced == 0 && consumed == 0 && state.getInt(Isal.AVAIL_IN) > 0) {
                throw corrupt("ISA-L made no progress");
            }
            if (produced > 0) {
                outPos = 0;
                outLimit = produced;
                return true;
            }
        }
    }

    /** Reads more compressed bytes into the (empty) input buffer; false at the end of the input. */
    private boolean refill() throws IOException {
        int filled = 0;
        while (filled < inputSize) {
            int n = in.read(transfer, 0, Math.min(transfer.length, inputSize - filled));
            if (n < 0) {
                inputEof = true;
                break;
            }
            input.write(filled, transfer, 0, n);
            filled += n;
            if (n < transfer.length || in.available() <= 0) {
                // hand over what we have rather than block for more
                break;
            }
        }
        compressedRead += filled;
        state.setPointer(Isal.NEXT_IN, input);
        state.setInt(Isal.AVAIL_IN, filled);
        return filled > 0;
    }

    private IOException corrupt(String problem) {
        return new IOException("corrupt " + kind + " (member " + (members + 1) + ", near compressed byte "
                + compressedRead + "): " + problem);
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }

    /** Frees the native memory; holds no reference to the stream, so the cleaner can run. */
    private record Free(Memory memory) implements Runnable {
        @Override
        public void run() {
            memory.close();
        }
    }
}
