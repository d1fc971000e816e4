/**
 * Compressing and decompressing streams for pg_dump's algorithms: none, gzip (zlib streams in
 * custom archives, gzip files in directory archives), LZ4 frames and zstd frames. gzip is
 * compressed in blocks on a shared pool of threads ({@code ParallelDeflateOutputStream}), by the
 * system's libdeflate where it is installed and by java.util.zip otherwise.
 */
package io.stowage.postgres.archive.compress;
