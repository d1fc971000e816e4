package io.stowage.postgres.dump.binary;

import io.stowage.postgres.restore.binary.PgType;

import java.util.List;

/**
 * Whether a table's COPY is cheaper read in binary and formatted by {@link BinaryCopyToText}: per
 * column type, the server CPU a value saves when its send function replaces its output function
 * (and COPY's text escaping), and the client CPU the binary COPY costs beyond the text COPY
 * (formatting, less what fewer or more bytes cost to receive).
 *
 * <p>Measured with {@code BinaryCopyEndToEndBench} (src/test) on the 2-core benchmark machine
 * against a local PostgreSQL 15: for a table of 2 million rows of one column per type, {@code COPY t
 * TO STDOUT} read message by message with pgjdbc's CopyOut, against {@code (FORMAT binary)} read the
 * same way and formatted per message by {@link BinaryCopyToText#convertTuple}; the server backend's
 * CPU time from /proc (10 ms ticks) and the reading thread's, with the dump's JVM options
 * ({@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}), the least of three rounds. The values are
 * what realistic tables hold: bigints up to 2e12, numeric(12,2), ASCII text of 38 and of 153 bytes,
 * ~60-byte json(b), 32-byte bytea, md5 uuids, IPv4 inets, timestamps one second apart, arrays of
 * three elements. Server saving and client extra, ns per value: bool -5 and 8, int2 0 and 10, int4
 * 10 and 9, int8 10 and 12, oid 35 and 18, text 5 and 13 (153 bytes: 110 and 17), varchar 15 and
 * 16, enum -15 and 14, json 50 and 10, jsonb 15 and 14, numeric(12,2) 0 and 24 (17 digits: 35 and
 * 19), date 25 and 24, timestamp 55 and 0, timestamptz 85 and 0 (a new day every value: 100 and 17),
 * bytea 65 and 14, uuid 105 and 0, inet 90 and 0 (IPv6: 100 and 24), cidr 120 and 0, int4[] 30
 * and 63, text[] 160 and 97. The server figures carry about ±15 ns of noise (clock ticks, and the
 * lead's benchmark running alongside), the client's about ±5 (a few came out slightly negative: the
 * binary form of timestamps, uuids and addresses is shorter than their text). For the text-like
 * types by width {@code w} in bytes: the server saves about {@code 0.91 w - 30} (COPY's escaping
 * costs it about a nanosecond a byte, the send function a fixed cost per value) and the client
 * spends {@code 0.035 w + 12} (its escape scan reads eight bytes at once, on bytes just received):
 * they break even near 48 bytes.
 *
 * <p>Whole tables gain more than the sum of their columns' figures, each of which carries the cost
 * of a row of its own: the benchmark's events (bigint, integer, timestamptz, smallint,
 * numeric(12,2), inet, text of ~49 bytes; 3 million rows) sums to 130 ns per row (131 with the
 * text by its width) but measured a
 * server saving of 313 and a client extra of 29, so 284 ns per row (server 2.1 s text, 1.1 s
 * binary; client 0.72 to 0.78 s either way; wall time halved); a pgbench_accounts-like table
 * (three int4 and a char(84)) sums to 34 (the char by its width) and measured 61. Earlier measurements with psql as the
 * client on a quieter machine found smaller server savings for events (170 ns per row: 1.54 s and
 * 1.03 s): the saving grows when the machine is busy, as text output suffers more from contention.
 * The isolated formatting cost (BinaryCopyToTextBench over a 368 MB file in memory, cache-cold) is
 * 122 to 150 ns per events row, an upper bound of the client's extra work.
 */
public final class BinaryDumpCost {
    private static final int INTEGERS = 1;
    private static final int TEXTS = 2;

    private BinaryDumpCost() {
    }

    /**
     * The server CPU a value of {@code t} saves when the COPY is binary, in nanoseconds (negative
     * when binary output costs the server more): the whole gain when the server runs on another
     * machine than the client. 0 for a type {@link BinaryCopyToText} does not format.
     */
    public static int serverSavingNanos(PgType t) {
        if (t.category() == 'E' && t.element() == null) {
            return -15;
        }
        if (t.category() == 'A') {
            return switch (arrayElement(t)) {
                case INTEGERS -> 30;
                case TEXTS -> 160;
                default -> 0;
            };
        }
        return switch (t.oid()) {
            case 16 -> -5; // bool
            case 21 -> 0; // int2
            case 23, 20 -> 10; // int4, int8
            case 26 -> 35; // oid
            case 25, 19, 1042 -> 5; // text, name, bpchar (38 bytes)
            case 1043 -> 15; // varchar (38 bytes)
            case 114 -> 50; // json
            case 3802 -> 15; // jsonb
            case 1700 -> 0; // numeric
            case 1082 -> 25; // date
            case 1114 -> 55; // timestamp
            case 1184 -> 85; // timestamptz
            case 17 -> 65; // bytea
            case 2950 -> 105; // uuid
            case 869 -> 90; // inet
            case 650 -> 120; // cidr
            default -> 0;
        };
    }

    /**
     * The client CPU a value of {@code t} costs in binary beyond text, in nanoseconds: formatting,
     * less the bytes it does not receive. 0 for a type {@link BinaryCopyToText} does not format.
     */
    public static int clientCostNanos(PgType t) {
        if (t.category() == 'E' && t.element() == null) {
            return 14;
        }
        if (t.category() == 'A') {
            return switch (arrayElement(t)) {
                case INTEGERS -> 63;
                case TEXTS -> 97;
                default -> 0;
            };
        }
        return switch (t.oid()) {
            case 16 -> 8;
            case 21 -> 10;
            case 23 -> 9;
            case 20 -> 12;
            case 26 -> 18;
            case 25, 19, 1042 -> 13;
            case 1043 -> 16;
            case 114 -> 10;
            case 3802 -> 14;
            case 1700 -> 24;
            case 1082 -> 24;
            // measured 0 or slightly below: their binary form is shorter than their text
            case 1114, 1184, 2950, 869, 650 -> 1;
            case 17 -> 14;
            default -> 0;
        };
    }

    /**
     * The CPU a value of {@code t} saves a dump whose client and server share one machine's CPU:
     * the server's saving less the client's extra, in nanoseconds. Clearly positive for timestamp,
     * timestamptz, uuid, inet, cidr, bytea, json, oid and text[]; about even for int4, int8, jsonb,
     * date, varchar and short text; negative for numeric(12,2) (-24), enums, bool, int2 and int4[].
     */
    public static int localGainNanos(PgType t) {
        return serverSavingNanos(t) - clientCostNanos(t);
    }

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
        if (t.category() == 'E' && t.element() == null || t.category() == 'A') {
            return false;
        }
        return switch (t.oid()) {
            case 25, 19, 1042, 1043, 114 -> true;
            default -> false;
        };
    }

    /**
     * {@link #serverSavingNanos(PgType)} for values of {@code averageBytes} bytes (e.g. pg_stats'
     * avg_width): {@code 0.91 w - 30} for the text-like types (text, varchar, bpchar, name, json),
     * the same as without a width for the others.
     */
    public static int serverSavingNanos(PgType t, int averageBytes) {
        return textLike(t) ? (int) Math.round(0.91 * averageBytes - 30) : serverSavingNanos(t);
    }

    /** {@link #clientCostNanos(PgType)} for values of {@code averageBytes} bytes: {@code 0.035 w + 12} for the text-like types. */
    public static int clientCostNanos(PgType t, int averageBytes) {
        return textLike(t) ? (int) Math.round(0.035 * averageBytes + 12) : clientCostNanos(t);
    }

    /** {@link #localGainNanos(PgType)} for values of {@code averageBytes} bytes: positive from about 48 bytes for the text-like types. */
    public static int localGainNanos(PgType t, int averageBytes) {
        return serverSavingNanos(t, averageBytes) - clientCostNanos(t, averageBytes);
    }

    /**
     * The CPU a row of {@code columns} saves a dump with client and server on one machine, in
     * nanoseconds (negative when binary costs more): the sum of the columns' {@link #localGainNanos},
     * which underestimates a whole row's gain (events: 130 summed, 284 measured). A caller deciding
     * per table may want a margin of a few tens of ns, as the figures are noisy.
     */
    public static int localGainNanos(List<PgType> columns) {
        int gain = 0;
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
