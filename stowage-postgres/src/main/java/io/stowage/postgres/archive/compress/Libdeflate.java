package io.stowage.postgres.archive.compress;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * libdeflate (the Debian package libdeflate0) through JNA, when the system has it: whole-buffer
 * gzip compression, several times as fast as zlib at the same level and a little smaller.
 * libdeflate cannot stream, so callers compress fixed-size blocks, each into its own gzip member.
 */
final class Libdeflate {
    /** libdeflate's levels: 0 (stored) to 12; zlib's 1 to 9 mean about the same there. */
    static final int MAX_LEVEL = 12;

    private static final boolean AVAILABLE = load();

    private Libdeflate() {
    }

    /** Whether the library loaded (and whether size_t is 64 bits, which the bindings assume). */
    static boolean available() {
        return AVAILABLE;
    }

    private static boolean load() {
        if (Boolean.getBoolean("stowage.compress.noLibdeflate")) {
            return false;
        }
        try {
            if (Native.SIZE_T_SIZE != 8) {
                return false;
            }
            NativeLibrary library;
            try {
                // Debian's runtime package has only the versioned name; asked first, it loads with one
                // dlopen, where a plain "deflate" that is not found makes JNA run and parse `ldconfig -p`
                library = NativeLibrary.getInstance("libdeflate.so.0");
            } catch (UnsatisfiedLinkError e) {
                library = NativeLibrary.getInstance("deflate");
            }
            Native.register(Libdeflate.class, library);
            Pointer probe = libdeflate_alloc_compressor(1);
            if (probe == null) {
                return false;
            }
            libdeflate_free_compressor(probe);
            return true;
        } catch (Throwable e) {
            // no JNA native support or no libdeflate: java.util.zip does the work
            return false;
        }
    }

    static native Pointer libdeflate_alloc_compressor(int level);

    static native long libdeflate_gzip_compress(Pointer compressor, Pointer in, long inBytes, Pointer out, long outAvailable);

    static native long libdeflate_gzip_compress_bound(Pointer compressor, long inBytes);

    static native void libdeflate_free_compressor(Pointer compressor);
}
