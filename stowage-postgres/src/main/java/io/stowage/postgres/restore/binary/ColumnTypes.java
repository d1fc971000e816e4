package io.stowage.postgres.restore.binary;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The types of a COPY's columns as the target server's catalog has them, and the converter chosen
 * for each.
 */
public final class ColumnTypes {
    private static final String COLUMNS = """
            SELECT a.attname, a.atttypid
            FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = ?::pg_catalog.regclass AND a.attnum > 0 AND NOT a.attisdropped
              AND (? OR a.attgenerated = '')
            ORDER BY a.attnum""";
    private static final String COLUMNS_BEFORE_12 = COLUMNS.replace("a.attgenerated = ''", "true");
    private static final String TYPE = """
            SELECT t.typname, t.typcategory, t.typtype, t.typbasetype, t.typelem
            FROM pg_catalog.pg_type t WHERE t.oid = ?""";

    // built-in type oids (pg_type.dat), fixed in every release
    static final int BOOL = 16;
    static final int BYTEA = 17;
    static final int NAME = 19;
    static final int INT8 = 20;
    static final int INT2 = 21;
    static final int INT4 = 23;
    static final int TEXT = 25;
    static final int OID = 26;
    static final int JSON = 114;
    static final int FLOAT4 = 700;
    static final int FLOAT8 = 701;
    static final int BPCHAR = 1042;
    static final int VARCHAR = 1043;
    static final int NUMERIC = 1700;
    static final int UUID = 2950;
    static final int JSONB = 3802;
    static final int BOX = 603;

    private ColumnTypes() {
    }

    /**
     * The (base) types of {@code columns} of {@code qualifiedTable}, in that order.
     *
     * @param qualifiedTable the table as SQL names it, e.g. {@code public.t} or {@code "My"."T"}
     * @param columns        the COPY's column names as the catalog spells them (unquoted); empty
     *                       for all the columns a COPY without a column list reads (not generated
     *                       ones), in their order
     * @throws SQLException the table or a column does not exist, or the catalog cannot be read
     */
    public static List<PgType> resolve(Connection c, String qualifiedTable, List<String> columns) throws SQLException {
        Map<String, Integer> byName = new HashMap<>();
        List<Integer> all = new ArrayList<>();
        boolean generatedColumns = c.getMetaData().getDatabaseMajorVersion() >= 12;
        try (PreparedStatement s = c.prepareStatement(generatedColumns ? COLUMNS : COLUMNS_BEFORE_12)) {
            s.setString(1, qualifiedTable);
            s.setBoolean(2, !columns.isEmpty());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    byName.put(r.getString(1), (int) r.getLong(2));
                    all.add((int) r.getLong(2));
                }
            }
        }
        List<Integer> oids = new ArrayList<>();
        if (columns.isEmpty()) {
            oids.addAll(all);
        } else {
            for (String column : columns) {
                Integer oid = byName.get(column);
                if (oid == null) {
                    throw new SQLException("column \"" + column + "\" of " + qualifiedTable + " does not exist", "42703");
                }
                oids.add(oid);
            }
        }
        Map<Integer, PgType> cache = new HashMap<>();
        List<PgType> types = new ArrayList<>(oids.size());
        try (PreparedStatement s = c.prepareStatement(TYPE)) {
            for (int oid : oids) {
                types.add(type(s, oid, cache, 0));
            }
        }
        return types;
    }

    /**
     * The type {@code oid} with a domain taken to its base type. Category {@code 'E'} is kept only
     * for a real enum: a base type created with {@code CATEGORY = 'E'} is reported as {@code 'U'},
     * so that no converter mistakes it for enum labels.
     */
    private static PgType type(PreparedStatement s, int oid, Map<Integer, PgType> cache, int depth) throws SQLException {
        PgType known = cache.get(oid);
        if (known != null) {
            return known;
        }
        if (depth > 32) {
            throw new SQLException("type " + Integer.toUnsignedString(oid) + " nests too deep");
        }
        String name;
        char category;
        char kind;
        int base;
        int element;
        s.setLong(1, Integer.toUnsignedLong(oid));
        try (ResultSet r = s.executeQuery()) {
            if (!r.next()) {
                throw new SQLException("type " + Integer.toUnsignedString(oid) + " does not exist");
            }
            name = r.getString(1);
            category = r.getString(2).charAt(0);
            kind = r.getString(3).charAt(0);
            base = (int) r.getLong(4);
            element = (int) r.getLong(5);
        }
        PgType t;
        if (kind == 'd') {
            t = type(s, base, cache, depth + 1);
        } else if (category == 'A' && element != 0) {
            t = new PgType(oid, name, category, element, type(s, element, cache, depth + 1));
        } else {
            t = new PgType(oid, name, category == 'E' && kind != 'e' ? 'U' : category, 0, null);
        }
        cache.put(oid, t);
        return t;
    }

    /** The converter of this helper's built-in scalar types and enums; empty for any other type. */
    public static Optional<FieldConverter> scalar(PgType t) {
        FieldConverter c = switch (t.oid()) {
            case BOOL -> ScalarConverters.BOOL;
            case INT2 -> ScalarConverters.INT2;
            case INT4 -> ScalarConverters.INT4;
            case INT8 -> ScalarConverters.INT8;
            case OID -> ScalarConverters.OID;
            case FLOAT4 -> ScalarConverters.FLOAT4;
            case FLOAT8 -> ScalarConverters.FLOAT8;
            case NUMERIC -> ScalarConverters.NUMERIC;
            case TEXT, VARCHAR, BPCHAR, JSON -> ScalarConverters.TEXT;
            case NAME -> ScalarConverters.NAME;
            case BYTEA -> ScalarConverters.BYTEA;
            case UUID -> ScalarConverters.UUID;
            case JSONB -> ScalarConverters.JSONB;
            default -> t.category() == 'E' && t.element() == null ? ScalarConverters.TEXT : null;
        };
        return Optional.ofNullable(c);
    }

    /**
     * The converter for a column of type {@code t}, or empty when the column must be loaded in
     * text format.
     */
    public static Optional<FieldConverter> forType(PgType t) {
        Optional<FieldConverter> c = scalar(t);
        if (c.isPresent()) {
            return c;
        }
        if (t.element() != null && t.category() == 'A') {
            // box[] is the one built-in array whose elements are separated by ';', not ','
            return t.element().oid() == BOX ? Optional.empty()
                    : forType(t.element()).map(element -> new ArrayConverter(element, t.elementOid()));
        }
        return Optional.ofNullable(switch (t.oid()) {
            case DateConverter.OID -> new DateConverter();
            case TimestampConverter.TIMESTAMP_OID -> TimestampConverter.timestamp();
            case TimestampConverter.TIMESTAMPTZ_OID -> TimestampConverter.timestamptz();
            case InetConverter.INET_OID -> InetConverter.inet();
            case InetConverter.CIDR_OID -> InetConverter.cidr();
            default -> null;
        });
    }

    /**
     * Whether the server reads a column of type {@code t} in binary for clearly less CPU than in
     * text: dates and timestamps (whose text input parses a date format), numerics, network
     * addresses, floats, bytea (hex decoding), uuids, arrays (the array literal parser). For text,
     * integers and json(b) the difference is small, and a table of only those stays in text, which
     * costs the client nothing.
     */
    public static boolean cheaperInBinary(PgType t) {
        if (t.category() == 'A') {
            return true;
        }
        return switch (t.oid()) {
            case DateConverter.OID, TimestampConverter.TIMESTAMP_OID, TimestampConverter.TIMESTAMPTZ_OID, NUMERIC,
                    InetConverter.INET_OID, InetConverter.CIDR_OID, FLOAT4, FLOAT8, BYTEA, UUID -> true;
            default -> false;
        };
    }

    /**
     * The CPU a value of type {@code t} saves a restore when client and server share one machine's
     * CPU, in nanoseconds: what the server saves reading it in binary rather than text, less what
     * the client spends converting it. Measured on PostgreSQL 15 with the client's C1-only JIT (2
     * million rows of one column each, loaded with COPY FREEZE from text and from binary; the
     * client's conversion of the same text, less its cost per row), server saving and client cost:
     * timestamptz 302 and 26, timestamp 327 and 24, date 120 and 34, numeric 78 and 5, uuid 338 and
     * 20, bytea (32 bytes) 161 and 58, an integer[] of 3 231 and 39, a text[] of 2 323 and 59;
     * integers, booleans, inet and jsonb come out within 25 of even; text, varchar and enums (the
     * copy) lose 26, floats (the exact decimal parse) 158. Arrays of other elements count 0. The
     * values are for short values; long ones scale both sides.
     */
    public static int localGainNanos(PgType t) {
        if (t.category() == 'A') {
            if (t.element() == null) {
                return 0;
            }
            return switch (t.element().oid()) {
                case INT2, INT4, INT8 -> 192;
                case TEXT, VARCHAR, BPCHAR -> 264;
                default -> 0;
            };
        }
        if (t.category() == 'E') {
            return -26;
        }
        return switch (t.oid()) {
            case TimestampConverter.TIMESTAMPTZ_OID -> 276;
            case TimestampConverter.TIMESTAMP_OID -> 303;
            case DateConverter.OID -> 86;
            case UUID -> 318;
            case BYTEA -> 103;
            case NUMERIC -> 73;
            case INT8 -> 23;
            case INT2, BOOL -> 10;
            case INT4, InetConverter.INET_OID, InetConverter.CIDR_OID -> -5;
            case JSONB -> -12;
            case TEXT, VARCHAR, BPCHAR, NAME, JSON -> -26;
            case FLOAT4, FLOAT8 -> -158;
            default -> 0;
        };
    }
}
