package io.stowage.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Sample databases shipped as plain SQL scripts (pg_dump's plain format) in the kit's resources.
 * Load one with {@link PgServer#load(String, Corpus)}.
 */
public enum Corpus {
    /**
     * pagila, the PostgreSQL port of MySQL's Sakila "DVD rental" database (github.com/xzilla/pagila,
     * commit 500acac, PostgreSQL License): loads into PostgreSQL 12 and newer.
     */
    PAGILA("pagila", List.of("pagila-schema.sql", "pagila-data.sql"), 23, 46_268);

    private static final String BASE = "/io/stowage/testkit/corpus/";

    private final String id;
    private final List<Script> scripts;
    private final int tableCount;
    private final long rowCount;

    Corpus(String id, List<String> scriptNames, int tableCount, long rowCount) {
        this.id = id;
        List<Script> list = new ArrayList<>();
        for (String name : scriptNames) {
            list.add(new Script(name, BASE + id + "/" + name));
        }
        this.scripts = Collections.unmodifiableList(list);
        this.tableCount = tableCount;
        this.rowCount = rowCount;
    }

    /** A short lower-case name, for example {@code pagila}; also a good database name. */
    public String id() {
        return id;
    }

    /** The scripts to run, in order (schema first, then data). */
    public List<Script> scripts() {
        return scripts;
    }

    /** All scripts concatenated, in order, as one stream; the caller closes it. */
    public InputStream openAll() {
        List<InputStream> streams = new ArrayList<>();
        for (Script script : scripts) {
            streams.add(script.open());
        }
        return new SequenceInputStream(Collections.enumeration(streams));
    }

    /**
     * Tables (ordinary, partitioned and partitions; not views) the loaded corpus contains, across
     * all its schemas.
     */
    public int tableCount() {
        return tableCount;
    }

    /** Rows across all ordinary tables and leaf partitions once loaded (materialized views excluded). */
    public long rowCount() {
        return rowCount;
    }

    /**
     * One SQL script of a corpus.
     *
     * @param name     the file name, for example {@code pagila-schema.sql}
     * @param resource the absolute classpath resource
     */
    public record Script(String name, String resource) {
        /** Opens the script (UTF-8 SQL); the caller closes the stream. */
        public InputStream open() {
            InputStream in = Corpus.class.getResourceAsStream(resource);
            if (in == null) {
                throw new UncheckedIOException(new IOException("corpus script " + resource + " is missing from the classpath"));
            }
            return in;
        }
    }
}
