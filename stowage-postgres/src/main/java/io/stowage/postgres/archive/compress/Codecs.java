package io.stowage.postgres.archive.compress;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import io.stowage.core.options.CompressionAlgorithm;
import io.stowage.core.options.CompressionSpec;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Compressing and decompressing streams for pg_dump's algorithms (compress_gzip.c, compress_lz4.c,
 * compress_zstd.c): one call makes one independent compressed stream, as pg_dump starts a new one
 * for every data entry and every large object.
 *
 * <p>"gzip" is wrapped two ways: custom archives' data blocks hold zlib streams (RFC 1950, what
 * {@code deflateInit} makes), directory archives' files are real gzip files (RFC 1952, what
 * {@code gzopen} makes); see {@link Wrapping}. LZ4 and zstd are one frame each in both places.
 *
 * <p>gzip is compressed in 1 MB blocks on a pool of threads, off the writing thread (see
 * {@link ParallelDeflateOutputStream}): directory files as one gzip member per block by libdeflate
 * when the system has it (at the same level number; libdeflate is faster and a little smaller than
 * zlib; without a level, at {@value #LIBDEFLATE_DEFAULT_LEVEL}, see below), custom archives' zlib streams, and directory files without libdeflate, pigz style with
 * java.util.zip. The system property {@value #GZIP_ENGINE_PROPERTY} picks another way, for
 * comparison: {@code zlib} compresses on the writing thread with java.util.zip as before,
 * {@code pigz} never uses libdeflate.
 *
 * <p>The default gzip level (no {@code -Z} for a directory archive, or {@code -Z gzip} without a
 * level) is zlib's default, 6, everywhere but in gzip files written by libdeflate (directory archives'
 * data files, a plain script with {@code -Z}): there it is
 * libdeflate's level {@value #LIBDEFLATE_DEFAULT_LEVEL}, which writes files about as small as zlib's
 * level 6 at a quarter of its CPU time. Measured on COPY text here (bench/README.md): the 1.2 GB
 * benchmark database's data compressed to 0.296 of its size at libdeflate 1 and 0.297 at zlib 6
 * (libdeflate 1 at 231 MB/s, zlib 6 at 58 MB/s on one core); pagila's to 0.250 and 0.234. Dumping
 * is bound by compression on small machines, so the default favours time; an explicit level means
 * that level, as with pg_dump ({@code -Z 6} writes about 10 % smaller files than the default).
 *
 * <p>gzip and zlib are decompressed by Intel ISA-L's igzip when the system has it (libisal2, about
 * twice as fast as zlib; see {@link IsalInflaterInputStream}), by java.util.zip otherwise.
 *
 * <p>Closing a compressing stream ends the compressed stream and closes the stream under it;
 * closing a decompressing stream closes the stream under it.
 */
public final class Codecs {

    /** How gzip data is wrapped; irrelevant to the other algorithms. */
    public enum Wrapping {
        /** zlib streams: a custom archive's data blocks. */
        ZLIB,
        /** gzip files: a directory archive's data files. */
        GZIP_FILE
    }

    /** libdeflate's level for gzip without a level: about zlib 6's size at a quarter of its CPU time. */
    public static final int LIBDEFLATE_DEFAULT_LEVEL = 1;

    /** The system property that picks how gzip is compressed: auto (the default), pigz or zlib. */
    public static final String GZIP_ENGINE_PROPERTY = "stowage.compress.gzip";

    private static final int BUFFER = 64 * 1024;

    private Codecs() {
    }

    /**
     * A stream that compresses what is written to it into {@code out} at {@code spec}'s
     * {@linkplain CompressionSpec#effectiveLevel() effective level}; for {@code none}, a stream that
     * passes bytes through.
     */
    public static OutputStream compressing(CompressionSpec spec, Wrapping wrapping, OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        int level = spec.effectiveLevel();
        return switch (spec.algorithm()) {
            case NONE -> out;
            case GZIP -> gzip(wrapping, spec.level(), out);
            case LZ4 -> new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB, -1L, lz4Compressor(level),
                    XXHashFactory.fastestInstance().hash32(),
                    LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM);
            case ZSTD -> new ZstdOutputStream(out, level).setChecksum(true);
        };
    }

    /**
     * How gzip is compressed now: {@code "libdeflate"} (directory files by libdeflate, zlib streams
     * pigz style), {@code "pigz"} (both pigz style with java.util.zip) or {@code "zlib"} (one
     * java.util.zip stream on the writing thread).
     */
    public static String gzipEngine() {
        String chosen = System.getProperty(GZIP_ENGINE_PROPERTY, "auto");
        return switch (chosen) {
            case "zlib" -> "zlib";
            case "pigz" -> "pigz";
            default -> Libdeflate.available() ? "libdeflate" : "pigz";
        };
    }

    private static OutputStream gzip(Wrapping wrapping, Integer chosenLevel, OutputStream out) throws IOException {
        String engine = gzipEngine();
        int level = gzipLevel(wrapping, chosenLevel);
        if (engine.equals("zlib")) {
            return wrapping == Wrapping.ZLIB ? new ZlibOutput(out, level) : new GzipFileOutput(out, level);
        }
        ParallelDeflateOutputStream.Framing framing = wrapping == Wrapping.ZLIB
                ? ParallelDeflateOutputStream.Framing.ZLIB
                : engine.equals("libdeflate") ? ParallelDeflateOutputStream.Framing.GZIP_MEMBERS
                : ParallelDeflateOutputStream.Framing.GZIP_SINGLE;
        return new ParallelDeflateOutputStream(out, framing, level);
    }

    /**
     * The level gzip runs at: {@code chosen}, or without one {@value #LIBDEFLATE_DEFAULT_LEVEL} for
     * directory files that libdeflate writes and zlib's 6 otherwise.
     */
    public static int gzipLevel(Wrapping wrapping, Integer chosen) {
        if (chosen != null) {
            return chosen;
        }
        return wrapping == Wrapping.GZIP_FILE && gzipEngine().equals("libdeflate") ? LIBDEFLATE_DEFAULT_LEVEL : 6;
    }

    /**
     * A stream that decompresses {@code in}. LZ4 frames with linked blocks, which liblz4 (and so
     * PostgreSQL) writes by default, are read too.
     */
    public static InputStream decompressing(CompressionAlgorithm algorithm, Wrapping wrapping, InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        return switch (algorithm) {
            case NONE -> in;
            case GZIP -> gunzip(wrapping, in);
            case LZ4 -> new FramedLZ4CompressorInputStream(in);
            case ZSTD -> new ZstdInputStream(in);
        };
    }

    /**
     * gzip files and zlib streams are inflated by ISA-L when the system has it (libisal2), by
     * java.util.zip otherwise.
     */
    private static InputStream gunzip(Wrapping wrapping, InputStream in) throws IOException {
        if (Isal.available()) {
            return new IsalInflaterInputStream(in, wrapping);
        }
        return wrapping == Wrapping.ZLIB ? new ZlibInput(in) : new GZIPInputStream(in, BUFFER);
    }

    /** Whether gzip and zlib are inflated by ISA-L now (else by java.util.zip). */
    public static boolean nativeInflate() {
        return Isal.available();
    }

    /** The name of the library that inflates gzip now: {@code "isa-l"} or {@code "java.util.zip"}. */
    public static String gunzipEngine() {
        return nativeInflate() ? "isa-l" : "java.util.zip";
    }

    /** The suffix pg_dump gives a directory archive's data file: "", ".gz", ".lz4" or ".zst". */
    public static String fileSuffix(CompressionAlgorithm algorithm) {
        return switch (algorithm) {
            case NONE -> "";
            case GZIP -> ".gz";
            case LZ4 -> ".lz4";
            case ZSTD -> ".zst";
        };
    }

    /** The algorithm a data file's name suffix names, or {@code null} for none of them. */
    public static CompressionAlgorithm ofFileName(String name) {
        for (CompressionAlgorithm a : CompressionAlgorithm.values()) {
            if (a != CompressionAlgorithm.NONE && name.endsWith(fileSuffix(a))) {
                return a;
            }
        }
        return null;
    }

    private static LZ4Compressor lz4Compressor(int level) {
        LZ4Factory factory = LZ4Factory.fastestInstance();
        // liblz4's frame API compresses below LZ4HC_CLEVEL_MIN (3) with the fast compressor
        return level < 3 ? factory.fastCompressor() : factory.highCompressor(level);
    }

    /** A zlib stream whose deflater is released on close (DeflaterOutputStream leaves a given one open). */
    private static final class ZlibOutput extends DeflaterOutputStream {
        ZlibOutput(OutputStream out, int level) {
            super(out, new Deflater(level), BUFFER);
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                def.end();
            }
        }
    }

    /** A zlib stream read through a 64 KB buffer, whose inflater is released on close. */
    private static final class ZlibInput extends InflaterInputStream {
        ZlibInput(InputStream in) {
            super(in, new Inflater(), BUFFER);
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                inf.end();
            }
        }
    }

    /** A gzip file at a chosen level. */
    private static final class GzipFileOutput extends GZIPOutputStream {
        GzipFileOutput(OutputStream out, int level) throws IOException {
            super(out, BUFFER);
            def.setLevel(level);
        }
    }
}
