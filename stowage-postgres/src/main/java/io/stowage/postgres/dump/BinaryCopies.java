package io.stowage.postgres.dump;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.progress.CopyProgress;
import io.stowage.postgres.catalog.DumpObject;
import io.stowage.postgres.dump.binary.BinaryCopyToText;
import io.stowage.postgres.dump.binary.BinaryDumpCost;
import io.stowage.postgres.dump.binary.OutputSettings;
import io.stowage.postgres.jdbc.CopyOut;
import io.stowage.postgres.jdbc.LocalServer;
import io.stowage.postgres.restore.binary.ColumnTypes;
import io.stowage.postgres.restore.binary.PgType;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Which tables a dump reads with {@code COPY ... TO STDOUT (FORMAT binary)} and turns into the text
 * rows the archive holds ({@link BinaryCopyToText}): those whose columns the client formats for
 * less CPU than the server's text output functions would cost ({@link BinaryDumpCost}), when the
 * table is big enough for the catalog queries this takes to pay. The archive is the same either way.
 *
 * <p>With the server on this machine the client's CPU is the server's too, so a table pays only
 * where the server's saving exceeds the client's formatting; with the server elsewhere the
 * server's saving is enough. {@code -Dstowage.dump.binary=false} turns it off, {@code true}
 * ({@link Rule#REMOTE}) and {@code local} ({@link Rule#LOCAL}) force a rule (tests).
 */
final class BinaryCopies {
    /**
     * The least saving per row, in CPU nanoseconds, for which a table is read in binary: a margin
     * for the cost model's noise (about 15 ns a value) and binary COPY's larger stream (about a
     * tenth more bytes to receive).
     */
    static final int MIN_GAIN_NANOS = 30;

    /** The least size (heap and TOAST) of a table read in binary: below it the type queries cost more than the saving. */
    static final long MIN_BYTES = 1L << 20;

    /** Binary copies started, for tests (from the same package). */
    static final java.util.concurrent.atomic.AtomicLong STARTED = new java.util.concurrent.atomic.AtomicLong();

    /** Which CPU a binary copy must save to be used. */
    enum Rule {
        /** None: every table is read in text. */
        OFF,
        /** The server shares this machine: the server's and the client's CPU together. */
        LOCAL,
        /** The server is elsewhere: the server's CPU alone. */
        REMOTE
    }

    private final Rule rule;

    private BinaryCopies(Rule rule) {
        this.rule = rule;
    }

    /** The rule for a dump of {@code source}. */
    static BinaryCopies of(ConnectionSettings source) {
        String mode = System.getProperty("stowage.dump.binary", "auto");
        if ("false".equalsIgnoreCase(mode)) {
            return new BinaryCopies(Rule.OFF);
        }
        if ("true".equalsIgnoreCase(mode)) {
            return new BinaryCopies(Rule.REMOTE);
        }
        if ("local".equalsIgnoreCase(mode)) {
            return new BinaryCopies(Rule.LOCAL);
        }
        return new BinaryCopies(LocalServer.onThisMachine(source.host()) ? Rule.LOCAL : Rule.REMOTE);
    }

    /** The binary form of a text copy statement: the same copy with {@code (FORMAT binary)}. */
    static String binary(String copyToStdout) {
        return copyToStdout + " (FORMAT binary)";
    }

    /**
     * Copies {@code table}'s data with {@code copyToStdout} (the table's text COPY, or a split
     * part's) on {@code copy}'s connection {@code c} into {@code out}: read in binary and turned
     * into the same text when {@link #converter} gives a converter for a table of {@code bytes},
     * else read as text.
     *
     * @return the rows the server reported
     */
    long copy(CopyOut copy, Connection c, DumpObject.TableData table, String copyToStdout, long bytes, OutputStream out,
              CopyProgress progress) throws SQLException, IOException {
        BinaryCopyToText text = converter(c, table, bytes);
        return text == null ? copy.copy(copyToStdout, out, progress)
                : copy.copyAsText(binary(copyToStdout), text, out, progress);
    }

    /**
     * The converter to read {@code table} in binary on {@code c} with, or null to read it in text:
     * binary is off, the table is smaller than {@link #MIN_BYTES}, a column's type has no exact
     * formatter under the session's settings, or binary does not pay for its columns.
     */
    BinaryCopyToText converter(Connection c, DumpObject.TableData table, long bytes) throws SQLException {
        if (rule == Rule.OFF || bytes < MIN_BYTES || table.columnList().isEmpty()) {
            return null;
        }
        List<PgType> types = ColumnTypes.resolve(c, table.qualifiedName(), List.of());
        if (types.size() != columns(table.columnList())) {
            return null;
        }
        if (!pays(types, rule)) {
            return null;
        }
        BinaryCopyToText converter = BinaryCopyToText.forColumns(types, OutputSettings.of(c)).orElse(null);
        if (converter != null) {
            STARTED.incrementAndGet();
        }
        return converter;
    }

    /**
     * Whether reading columns of {@code types} in binary saves at least {@link #MIN_GAIN_NANOS} a
     * row under {@code rule}: of the server's and client's CPU together ({@link Rule#LOCAL}), of
     * the server's alone ({@link Rule#REMOTE}); by {@link BinaryDumpCost}'s figures.
     */
    static boolean pays(List<PgType> types, Rule rule) {
        int gain = switch (rule) {
            case OFF -> Integer.MIN_VALUE;
            case LOCAL -> BinaryDumpCost.localGainNanos(types);
            case REMOTE -> BinaryDumpCost.serverSavingNanos(types);
        };
        return gain >= MIN_GAIN_NANOS;
    }

    /** The number of names in a column list {@code (a, "b, c")}. */
    static int columns(String columnList) {
        int n = 1;
        boolean quoted = false;
        for (int i = 0; i < columnList.length(); i++) {
            char ch = columnList.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                n++;
            }
        }
        return n;
    }
}
