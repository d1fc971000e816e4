package io.stowage.core.crypto;

/**
 * Argon2id cost parameters, stored in the header of every passphrase-encrypted stream so the same
 * key can be derived again when reading.
 *
 * @param memoryKiB   memory in KiB (m)
 * @param iterations  passes over the memory (t)
 * @param parallelism lanes (p)
 */
public record Argon2Params(int memoryKiB, int iterations, int parallelism) {
    /** What Stowage writes: m = 64 MiB, t = 3, p = 1 (RFC 9106's second recommended option, at 64 MiB). */
    public static final Argon2Params DEFAULT = new Argon2Params(64 * 1024, 3, 1);

    /**
     * The most a header may ask for. A header is read before it is authenticated, so these bounds
     * keep a crafted file from making the reader allocate gigabytes or spin for hours.
     */
    static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
    static final int MAX_ITERATIONS = 64;
    static final int MAX_PARALLELISM = 64;

    public Argon2Params {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("Argon2 parallelism must be 1 to " + MAX_PARALLELISM + ", not " + parallelism);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("Argon2 iterations must be 1 to " + MAX_ITERATIONS + ", not " + iterations);
        }
        // RFC 9106: m >= 8 * p
        if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("Argon2 memory must be " + 8 * parallelism + " to " + MAX_MEMORY_KIB
                    + " KiB, not " + memoryKiB);
        }
    }
}
