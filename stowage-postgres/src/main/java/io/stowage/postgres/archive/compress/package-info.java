/**
 * Compressing and decompressing streams for pg_dump's algorithms: none, gzip (zlib streams in
 * custom archives, gzip files in directory archives), LZ4 frames and zstd frames.
 */
package io.stowage.postgres.archive.compress;
