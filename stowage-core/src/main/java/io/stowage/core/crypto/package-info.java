/**
 * Streaming authenticated encryption for archives: AES-256-GCM in chunks, keys from a key file or
 * an Argon2id-stretched passphrase. JDK {@code javax.crypto} for everything but Argon2id
 * (BouncyCastle).
 *
 * <h2>Stream format, version 1</h2>
 *
 * <p>Integers are big-endian. The 89-byte header:
 * <pre>
 * offset size  field
 *      0    6  magic "STWENC" (ASCII)
 *      6    1  format version: 1
 *      7    1  KDF: 0 = raw key (key file), 1 = Argon2id (passphrase)
 *      8    4  Argon2id memory in KiB        (0 for a raw key)
 *     12    4  Argon2id iterations           (0 for a raw key)
 *     16    1  Argon2id parallelism          (0 for a raw key)
 *     17   16  Argon2id salt, random         (zeros for a raw key)
 *     33    8  key id: HKDF-SHA256(master key, no salt, "stowage key id")[0..8]
 *     41   32  stream salt, random
 *     73   12  nonce base, random
 *     85    4  chunk size C: plaintext bytes in every chunk but the last (1 MiB when written)
 * </pre>
 *
 * <p>Then chunks {@code i = 0, 1, ...}, each:
 * <pre>
 *      1  marker: 0 = more chunks follow, 1 = this is the final chunk
 *      n  AES-256-GCM ciphertext of the chunk's plaintext, then its 16-byte tag
 * </pre>
 * Every chunk but the final one holds exactly C plaintext bytes; the final one holds 0 to C and
 * ends the stream (an empty stream is one empty final chunk). Per chunk:
 * <ul>
 *   <li>key: HKDF-SHA256(master key, salt = stream salt, info "stowage stream key v1"), 32 bytes,
 *       so every stream has its own key and no (key, nonce) pair repeats across streams;</li>
 *   <li>nonce: the nonce base with {@code i} (64-bit) XORed into its last 8 bytes, unique within
 *       the stream;</li>
 *   <li>associated data: the 89 header bytes, {@code i} (8 bytes), the marker (1 byte).</li>
 * </ul>
 * So a flipped bit anywhere, a reordered, repeated or missing chunk, a chunk from another stream, a
 * cleared final marker and a cut-off end are all detected; the reader names the chunk that failed.
 *
 * <p>The master key is the raw key, or Argon2id (version 0x13, 32-byte tag) of the UTF-8
 * passphrase with the header's salt and parameters. A reader recomputes the key id and compares it
 * with the header's before it touches a chunk, so a wrong key or passphrase fails at once with one
 * clear line. A passphrase gets a fresh salt per stream, so its key id differs from stream to stream;
 * a key file's key id is always the same.
 */
package io.stowage.core.crypto;
