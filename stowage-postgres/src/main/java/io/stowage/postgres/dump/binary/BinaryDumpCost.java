package io.stowage.postgres.dump.binary;

import io.stowage.postgres.restore.binary.PgType;

import java.util.List;

/**
 * Whether a table's COPY is cheaper read in binary and formatted by {@link BinaryCopyToText}: per
 * column type, the server CPU a value saves when its send function replaces its output function
 * (and COPY's text escaping), and the client CPU {@link BinaryCopyToText} spends formatting it.
 *
 * <p>Measured on the 2-core benchmark machine, PostgreSQL 15, one table of 2 million rows of one
 * column per type (the values a realistic table holds: bigints up to 2e12, numeric(12,2), 38-byte
 * ASCII text, ~60-byte json(b), 32-byte bytea, md5 uuids, IPv4 inets, timestamps one second
 * apart). Server: the backend's CPU time (utime + stime of /proc/PID/stat) for {@code COPY t TO
 * STDOUT} and for {@code (FORMAT binary)} into psql writing to /dev/null, the least of five runs
 * each; the difference per row includes binary COPY's framing (6 bytes more per row than a tab
 * and a newline). Client: {@code BinaryCopyToTextBench} (src/test) over the binary COPY file of
 * the same table, the converting thread's CPU time with the dump's JVM options
 * ({@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}), steady state, less {@link #ROW_CLIENT_NANOS}.
 * Server saving and client cost, ns per value: bool -20 and 4, int2 0 and 8, int4 0 and 13, int8
 * 15 and 21, oid 25 and 15, text 10 and 21, varchar 20 and 21, enum -20 and ~20, json 35 and 26,
 * jsonb 15 and 23, numeric(12,2) -10 and 24 (a 17-digit numeric 10 and 38), date 20 and 28,
 * timestamp 35 and 15, timestamptz 60 and 16 (a new day every value: 80 and 40), bytea 55 and 48,
 * uuid 85 and 36, inet 70 and 16 (IPv6: 75 and 42), cidr 95 and 17. Text of 153 bytes (1 million
 * rows): 120 and 55; so for text, varchar, bpchar, name and json the server saves about
 * {@code 0.96 * bytes - 26} and the client spends {@code 0.30 * bytes + 10} (COPY's escaping costs
 * the server about a nanosecond a byte, the client's scan of eight bytes at once a third of that,
 * and the server's send function has a fixed cost per value): they break even at about 55 bytes
 * (see the methods that take a width). Arrays of three elements (1 million rows): int4[] 0 and 58,
 * text[] of short strings 90 and 152 (array_out's quoting scan, then COPY's escaping of the whole);
 * int2[] and int8[] are counted as int4[], arrays of the other text-like types as text[]. So arrays
 * lose on one machine and only pay a remote server (text[]). The server figures carry about
 * ±15 ns of noise (10 ms clock ticks over 2 million rows, and the lead's benchmark running
 * alongside); the client's about ±3 ns.
 *
 * <p>The whole benchmark {@code events} table (bigint, integer, timestamptz, smallint,
 * numeric(12,2), inet, text; 3 million rows) agrees: the server saves 170 ns per row on a quiet
 * machine (1.54 s text, 1.03 s binary) and 290 to 340 ns while the machine is loaded (2.1 s and
 * 1.1 to 1.3 s; text output suffers more from contention); the client formats 122 to 143 ns per
 * row (the first pass over 3 million rows, JIT warm-up included, 130 to 150). Binary output is 12 %
 * more bytes (368 MB against 329 MB), which the client receives and copies: a few ns per row.
 */
public final class BinaryDumpCost {
    /** The client's cost per row beyond its values' (reading the field count, the row's room, the newline). */
    public static final int ROW_CLIENT_NANOS = 5;

    private BinaryDumpCost() {
    }

    /**
     * The server CPU a value of {@code t} saves when the COPY is binary, in nanoseconds (negative
     * when binary output costs the server more): the whole gain when the server runs on another
     * machine than the client. 0 for a type {@link BinaryCopyToText} does not format.
     */
    public static int serverSavingNanos(PgType t) {
        if (t.category() == 'E' && t.element() == null) {
            return -20;
        }
        if (t.category() == 'A') {
            return switch (arrayElement(t)) {
                case INTEGERS -> 0;
                case TEXTS -> 90;
                default -> 0;
            };
        }
        return switch (t.oid()) {
            case 16 -> -20; // bool
            case 21, 23 -> 0; // int2, int4
            case 20 -> 15; // int8
            case 26 -> 25; // oid
            case 25, 19, 1042 -> 10; // text, name, bpchar
            case 1043 -> 20; // varchar
            case 114 -> 35; // json
            case 3802 -> 15; // jsonb
            case 1700 -> -10; // numeric
            case 1082 -> 20; // date
            case 1114 -> 35; // timestamp
            case 1184 -> 60; // timestamptz
            case 17 -> 55; // bytea
            case 2950 -> 85; // uuid
            case 869 -> 70; // inet
            case 650 -> 95; // cidr
            default -> 0;
        };
    }

    /** The client CPU {@link BinaryCopyToText} spends formatting a value of {@code t}, in nanoseconds; 0 for a type it does not format. */
    public static int clientCostNanos(PgType t) {
        if (t.category() == 'E' && t.element() == null) {
            return 20;
        }
        if (t.category() == 'A') {
            return switch (arrayElement(t)) {
                case INTEGERS -> 58;
                case TEXTS -> 152;
                default -> 0;
            };
        }
        return switch (t.oid()) {
            case 16 -> 4;
            case 21 -> 8;
            case 23 -> 13;
            case 20 -> 21;
            case 26 -> 15;
            case 25, 19, 1042, 1043 -> 21;
            case 114 -> 26;
            case 3802 -> 23;
            case 1700 -> 24;
            case 1082 -> 28;
            case 1114 -> 15;
            case 1184 -> 16;
            case 17 -> 48;
            case 2950 -> 36;
            case 869 -> 16;
            case 650 -> 17;
            default -> 0;
        };
    }

    /**
     * The CPU a value of {@code t} saves a dump whose client and server share one machine's CPU:
     * the server's saving less the client's formatting, in nanoseconds. Positive for timestamptz
     * (44), timestamp (20), uuid (49), inet (54), cidr (78), oid, json, bytea; negative for
     * numeric (-34), bool, enums, text (-11), the integers and date.
     */
    public static int localGainNanos(PgType t) {
        return serverSavingNanos(t) - clientCostNanos(t);
    }

    private static final int INTEGERS = 1;
    private static final int TEXTS = 2;

    /** For an array type, whether {@link BinaryCopyToText} formats its elements as integers or text; 0 for neither. */
    private static int arrayElement(PgType t) {
        if (t.element() == null) {
            return 0;
        }
        return switch (t.element().oid()) {
            case 21, 23, 20 -> INTEGERS;
            case 25, 1043, 1042, 19 -> TEXTS;
            default -> 0;
        };
    }

    /** Whether values of {@code t} cost by their length: the text-like types, whose per-byte costs were measured. */
    private static boolean textLike(PgType t) {
        if (t.category() == 'E' && t.element() == null) {
            return false;
        }
        return switch (t.oid()) {
            case 25, 19, 1042, 1043, 114 -> true;
            default -> false;
        };
    }

    /**
     * {@link #serverSavingNanos(PgType)} for values of {@code averageBytes} bytes (e.g. pg_stats'
     * avg_width): scaled for the text-like types (text, varchar, bpchar, name, json), the same for others.
     */
    public static int serverSavingNanos(PgType t, int averageBytes) {
        return textLike(t) ? (int) Math.round(0.96 * averageBytes - 26) : serverSavingNanos(t);
    }

    /** {@link #clientCostNanos(PgType)} for values of {@code averageBytes} bytes, scaled for the text-like types. */
    public static int clientCostNanos(PgType t, int averageBytes) {
        return textLike(t) ? (int) Math.round(0.30 * averageBytes + 10) : clientCostNanos(t);
    }

    /**
     * {@link #localGainNanos(PgType)} for values of {@code averageBytes} bytes: for the text-like types
     * about {@code 0.66 * bytes - 36}, positive from about 55 bytes.
     */
    public static int localGainNanos(PgType t, int averageBytes) {
        return serverSavingNanos(t, averageBytes) - clientCostNanos(t, averageBytes);
    }

    /**
     * The CPU a row of {@code columns} saves a dump with client and server on one machine, in
     * nanoseconds (negative when binary costs more): the columns' {@link #localGainNanos} less
     * {@link #ROW_CLIENT_NANOS}. For the benchmark's events: -6 - 13 + 44 - 8 - 34 + 54 - 11 - 5 = 21,
     * as the whole-table measurement on a quiet machine (170 - 130 to 150 ns) suggests. A caller
     * deciding per table should ask for a clear margin (say 20 ns per row, or a share of the row's
     * server cost), since binary also sends 12 % more bytes and the figures are noisy.
     */
    public static int localGainNanos(List<PgType> columns) {
        int gain = -ROW_CLIENT_NANOS;
        for (PgType t : columns) {
            gain += localGainNanos(t);
        }
        return gain;
    }

    /** The server CPU a row of {@code columns} saves in binary, in nanoseconds: the gain when the server is remote. */
    public static int serverSavingNanos(List<PgType> columns) {
        int saving = 0;
        for (PgType t : columns) {
            saving += serverSavingNanos(t);
        }
        return saving;
    }
}
