package io.stowage.postgres.archive;

import io.stowage.core.error.StowageException;
import io.stowage.postgres.sql.PgEncoding;

import java.nio.charset.Charset;

/** The archive's client encoding, as its {@code ENCODING} TOC entry names it. */
final class ArchiveEncodings {

    private ArchiveEncodings() {
    }

    /**
     * The charset named by an ENCODING entry's definition, {@code SET client_encoding = 'UTF8';}:
     * like pg_restore, the text between the first pair of single quotes. {@code null} when the
     * definition names none.
     *
     * @throws IllegalArgumentException when it names an encoding PostgreSQL or the JVM does not know
     */
    static Charset charsetOfEncodingEntry(String definition) {
        if (definition == null) {
            return null;
        }
        int open = definition.indexOf('\'');
        int close = open < 0 ? -1 : definition.indexOf('\'', open + 1);
        if (close < 0) {
            return null;
        }
        String name = definition.substring(open + 1, close);
        try {
            return PgEncoding.forName(name).charset();
        } catch (StowageException e) {
            throw new IllegalArgumentException("unknown encoding \"" + name + "\"", e);
        }
    }
}
