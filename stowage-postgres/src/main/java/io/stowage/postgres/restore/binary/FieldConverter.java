package io.stowage.postgres.restore.binary;

/**
 * Turns one field of COPY's text format, already de-escaped (the bytes the server's text input
 * function would read), into the bytes of the type's binary send format, which the server's
 * receive function reads in a {@code COPY ... FROM STDIN WITH (FORMAT binary)}.
 *
 * <p>A converter accepts only what the server's own output function writes (the canonical text
 * form, as {@code COPY ... TO STDOUT} produces it with pg_dump's session settings: DateStyle ISO,
 * client_encoding UTF8, extra_float_digits 3) and throws {@link Unconvertible} for anything else.
 * The restore then loads that table in text format instead, so a converter never has to guess:
 * it must be exact for what it accepts, and may refuse everything unusual.
 */
@FunctionalInterface
public interface FieldConverter {

    /**
     * Appends the binary form of {@code text[offset, offset + length)} to {@code out}. The caller
     * writes the field's length word before it; {@code out} may hold other fields already.
     *
     * @throws Unconvertible the text is not in the canonical form this converter reads
     */
    void convert(byte[] text, int offset, int length, ByteSink out) throws Unconvertible;
}
