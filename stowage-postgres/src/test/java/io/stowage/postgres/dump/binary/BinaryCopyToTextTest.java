package io.stowage.postgres.dump.binary;

import io.stowage.postgres.restore.binary.PgType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each formatter on hand-built binary values, the stream and tuple entry points, and the factory's
 * refusals. The server's own output is compared in stowage-cli's BinaryCopyToTextDifferentialTest.
 */
class BinaryCopyToTextTest {
    static final OutputSettings DUMP = new OutputSettings("ISO, MDY", "UTC", "hex", "UTF8");

    static PgType type(int oid, String name) {
        return new PgType(oid, name, 'X', 0, null);
    }

    static final PgType BOOL = type(16, "bool");
    static final PgType BYTEA = type(17, "bytea");
    static final PgType INT8 = type(20, "int8");
    static final PgType INT2 = type(21, "int2");
    static final PgType INT4 = type(23, "int4");
    static final PgType TEXT = type(25, "text");
    static final PgType OID = type(26, "oid");
    static final PgType JSONB = type(3802, "jsonb");
    static final PgType NUMERIC = type(1700, "numeric");
    static final PgType DATE = type(1082, "date");
    static final PgType TIMESTAMP = type(1114, "timestamp");
    static final PgType TIMESTAMPTZ = type(1184, "timestamptz");
    static final PgType UUID = type(2950, "uuid");
    static final PgType INET = type(869, "inet");
    static final PgType CIDR = type(650, "cidr");

    /** The text of one value of {@code t} whose binary form is {@code field}, by the tuple entry point. */
    static String one(PgType t, byte[] field) throws IOException {
        BinaryCopyToText c = BinaryCopyToText.forColumns(List.of(t), DUMP).orElseThrow();
        ByteArrayOutputStream tuple = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(tuple);
        d.writeShort(1);
        d.writeInt(field.length);
        d.write(field);
        byte[] b = new byte[tuple.size() + 6];
        System.arraycopy(tuple.toByteArray(), 0, b, 3, tuple.size());
        TextSink out = new TextSink(1);
        out.put('#'); // an earlier row's byte, to be kept
        int end = c.convertTuple(b, 3, 3 + tuple.size(), out);
        assertThat(end).isEqualTo(3 + tuple.size());
        assertThat(out.array()[0]).isEqualTo((byte) '#');
        assertThat(out.array()[out.size() - 1]).isEqualTo((byte) '\n');
        return new String(out.array(), 1, out.size() - 2, StandardCharsets.UTF_8);
    }

    static byte[] bytes(int... b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = (byte) b[i];
        }
        return r;
    }

    static byte[] shorts(int... s) {
        byte[] r = new byte[2 * s.length];
        for (int i = 0; i < s.length; i++) {
            r[2 * i] = (byte) (s[i] >> 8);
            r[2 * i + 1] = (byte) s[i];
        }
        return r;
    }

    static byte[] int4(int v) {
        return bytes(v >>> 24, v >>> 16, v >>> 8, v);
    }

    static byte[] int8(long v) {
        byte[] r = new byte[8];
        for (int i = 0; i < 8; i++) {
            r[i] = (byte) (v >>> (56 - 8 * i));
        }
        return r;
    }

    @Test
    void integers() throws IOException {
        for (short v : new short[]{0, 1, -1, 9, 10, 99, 100, Short.MAX_VALUE, Short.MIN_VALUE, 12345, -9999}) {
            assertThat(one(INT2, shorts(v))).isEqualTo(Short.toString(v));
        }
        Random r = new Random(1);
        List<Integer> ints = new ArrayList<>(List.of(0, 1, -1, 9, 10, 99, 100, 999_999_999, 1_000_000_000,
                Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1, -1_000_000_000));
        for (int i = 0; i < 2000; i++) {
            ints.add(r.nextInt() >> r.nextInt(32));
        }
        for (int v : ints) {
            assertThat(one(INT4, int4(v))).isEqualTo(Integer.toString(v));
            assertThat(one(OID, int4(v))).isEqualTo(Integer.toUnsignedString(v));
        }
        List<Long> longs = new ArrayList<>(List.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1,
                (long) Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, (long) Integer.MIN_VALUE, Integer.MIN_VALUE - 1L,
                999_999_999_999_999_999L, 1_000_000_000_000_000_000L, 9_999_999_999L, 10_000_000_000L));
        for (int i = 0; i < 3000; i++) {
            longs.add(r.nextLong() >> r.nextInt(64));
        }
        for (long v : longs) {
            assertThat(one(INT8, int8(v))).isEqualTo(Long.toString(v));
        }
    }

    @Test
    void decimalDigitsByMultiplication() throws IOException {
        byte[] a = new byte[24];
        Random r = new Random(8);
        for (long i = 0; i < 3_000_000; i++) {
            int v = i < 2_000_000 ? (int) i : i < 2_500_000 ? Integer.MAX_VALUE - (int) (i - 2_000_000) : r.nextInt(Integer.MAX_VALUE);
            int end = Formats.putPositiveInt(a, 0, v);
            if (!new String(a, 0, end, StandardCharsets.US_ASCII).equals(Integer.toString(v))) {
                assertThat(new String(a, 0, end, StandardCharsets.US_ASCII)).isEqualTo(Integer.toString(v));
            }
        }
        for (int dig = 0; dig <= 9999; dig++) {
            // one base-10000 digit after the point: its four decimal digits, zero padded
            assertThat(one(NUMERIC, shorts(1, -1, 0, 4, dig))).isEqualTo(String.format("0.%04d", dig));
        }
    }

    @Test
    void bool() throws IOException {
        assertThat(one(BOOL, bytes(1))).isEqualTo("t");
        assertThat(one(BOOL, bytes(0))).isEqualTo("f");
    }

    @Test
    void textIsEscapedLikeCopyAttributeOutText() throws IOException {
        String raw = "a\\b\tc\nd\re\bf\fg\u000bh\u0001i\u001fj\u007f ü€😀 \\N .";
        String want = "a\\\\b\\tc\\nd\\re\\bf\\fg\\vh\u0001i\u001fj\u007f ü€😀 \\\\N .";
        assertThat(one(TEXT, raw.getBytes(StandardCharsets.UTF_8))).isEqualTo(want);
        assertThat(one(TEXT, new byte[0])).isEmpty();
        assertThat(one(TEXT, "\\\\\\".getBytes(StandardCharsets.UTF_8))).isEqualTo("\\\\\\\\\\\\");
        assertThat(one(TEXT, "plain".getBytes(StandardCharsets.UTF_8))).isEqualTo("plain");
        byte[] json = "{\"a\": \"x\\ty\"}".getBytes(StandardCharsets.UTF_8);
        byte[] jsonb = new byte[json.length + 1];
        jsonb[0] = 1;
        System.arraycopy(json, 0, jsonb, 1, json.length);
        assertThat(one(JSONB, jsonb)).isEqualTo("{\"a\": \"x\\\\ty\"}");
        assertThatThrownBy(() -> one(JSONB, bytes(2, '1'))).isInstanceOf(IOException.class);
        PgType enumType = new PgType(40000, "mood", 'E', 0, null);
        assertThat(one(enumType, "tab\tbed".getBytes(StandardCharsets.UTF_8))).isEqualTo("tab\\tbed");
    }

    /** CopyAttributeOutText for the delimiter tab and a UTF-8 client: the reference of the fast scan. */
    static byte[] escaped(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte c : raw) {
            int e = switch (c) {
                case '\\' -> '\\';
                case '\b' -> 'b';
                case '\f' -> 'f';
                case '\n' -> 'n';
                case '\r' -> 'r';
                case '\t' -> 't';
                case 0x0b -> 'v';
                default -> 0;
            };
            if (e != 0) {
                out.write('\\');
                out.write(e);
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    @Test
    void textEscapesAtEveryPositionOfTheEightByteScan() throws IOException {
        Random r = new Random(4);
        byte[] alphabet = bytes('a', 'Z', ' ', 0, 1, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0x1f, 0x5b, 0x5c, 0x5d, 0x7f, 0x80, 0xc3, 0xbc, 0xff,
                0x2c, 0x0e);
        for (int n = 0; n < 3000; n++) {
            byte[] raw = new byte[r.nextInt(70)];
            for (int i = 0; i < raw.length; i++) {
                // mostly plain bytes, so that eight-byte runs without escapes occur around the escapes
                raw[i] = r.nextInt(4) == 0 ? alphabet[r.nextInt(alphabet.length)] : (byte) ('a' + r.nextInt(26));
            }
            TextSink out = new TextSink(1);
            out.put('#');
            byte[] padded = new byte[raw.length + 5];
            System.arraycopy(raw, 0, padded, 3, raw.length);
            Formats.text(padded, 3, raw.length, out);
            byte[] want = escaped(raw);
            assertThat(Arrays.copyOfRange(out.array(), 1, out.size())).as("%s", Arrays.toString(raw)).isEqualTo(want);
        }
    }

    @Test
    void byteaAndUuid() throws IOException {
        assertThat(one(BYTEA, new byte[0])).isEqualTo("\\\\x");
        assertThat(one(BYTEA, bytes(0, 0xff, 0x5c, 0x0a, 0x10))).isEqualTo("\\\\x00ff5c0a10");
        byte[] u = new byte[16];
        for (int i = 0; i < 16; i++) {
            u[i] = (byte) (i * 17 + 3);
        }
        java.util.UUID want = java.util.UUID.nameUUIDFromBytes(u);
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(16).putLong(want.getMostSignificantBits())
                .putLong(want.getLeastSignificantBits());
        assertThat(one(UUID, bb.array())).isEqualTo(want.toString());
        assertThat(one(UUID, new byte[16])).isEqualTo("00000000-0000-0000-0000-000000000000");
        Random r = new Random(6);
        for (int n = 0; n < 2000; n++) {
            byte[] blob = new byte[n % 41];
            r.nextBytes(blob);
            StringBuilder hex = new StringBuilder("\\\\x");
            for (byte x : blob) {
                hex.append(String.format("%02x", x & 0xff));
            }
            assertThat(one(BYTEA, blob)).isEqualTo(hex.toString());
            java.util.UUID uuid = new java.util.UUID(r.nextLong(), r.nextLong());
            byte[] raw = java.nio.ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits()).array();
            assertThat(one(UUID, raw)).isEqualTo(uuid.toString());
        }
    }

    /** numeric_send's form of {@code value} with display scale {@code dscale}, built from a BigDecimal. */
    static byte[] numeric(BigDecimal value, int dscale) {
        BigDecimal abs = value.abs();
        List<Integer> groups = new ArrayList<>();
        int weight;
        if (abs.signum() == 0) {
            weight = 0;
        } else {
            // base-10000 digits: shift so that the integer part's groups align at the decimal point
            String plain = abs.setScale(Math.max(abs.scale(), 0), java.math.RoundingMode.UNNECESSARY).toPlainString();
            String intPart = plain.contains(".") ? plain.substring(0, plain.indexOf('.')) : plain;
            String frac = plain.contains(".") ? plain.substring(plain.indexOf('.') + 1) : "";
            while (intPart.length() % 4 != 0) {
                intPart = "0" + intPart;
            }
            while (frac.length() % 4 != 0) {
                frac = frac + "0";
            }
            String all = intPart + frac;
            weight = intPart.length() / 4 - 1;
            for (int i = 0; i < all.length(); i += 4) {
                groups.add(Integer.parseInt(all.substring(i, i + 4)));
            }
            while (!groups.isEmpty() && groups.get(0) == 0) {
                groups.remove(0);
                weight--;
            }
            while (!groups.isEmpty() && groups.get(groups.size() - 1) == 0) {
                groups.remove(groups.size() - 1);
            }
        }
        int[] s = new int[4 + groups.size()];
        s[0] = groups.size();
        s[1] = weight;
        s[2] = value.signum() < 0 ? 0x4000 : 0;
        s[3] = dscale;
        for (int i = 0; i < groups.size(); i++) {
            s[4 + i] = groups.get(i);
        }
        return shorts(s);
    }

    @Test
    void numeric() throws IOException {
        assertThat(one(NUMERIC, shorts(0, 0, 0, 0))).isEqualTo("0");
        assertThat(one(NUMERIC, shorts(0, 0, 0, 2))).isEqualTo("0.00");
        assertThat(one(NUMERIC, shorts(0, 0, 0x4000, 0))).as("a negative zero prints its sign, as get_str_from_var").isEqualTo("-0");
        assertThat(one(NUMERIC, shorts(1, 5, 0, 0, 1))).isEqualTo("1" + "0".repeat(20));
        assertThat(one(NUMERIC, shorts(1, -3, 0, 14, 12))).isEqualTo("0.00000000001200");
        assertThat(one(NUMERIC, shorts(1, -3, 0, 9, 12))).as("the scale cuts a base-10000 digit").isEqualTo("0.000000000");
        assertThat(one(NUMERIC, shorts(2, 0, 0x4000, 2, 1234, 5600))).isEqualTo("-1234.56");
        assertThat(one(NUMERIC, shorts(0, 0, 0xC000, 0))).isEqualTo("NaN");
        assertThat(one(NUMERIC, shorts(0, 0, 0xD000, 0))).isEqualTo("Infinity");
        assertThat(one(NUMERIC, shorts(0, 0, 0xF000, 0))).isEqualTo("-Infinity");
        assertThat(one(NUMERIC, shorts(1, 32767, 0, 0, 9)).length()).isEqualTo(1 + 4 * 32767);
        assertThatThrownBy(() -> one(NUMERIC, shorts(1, 0, 0, 0, 10000))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> one(NUMERIC, shorts(2, 0, 0, 0, 1))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> one(NUMERIC, shorts(0, 0, 0x8000, 0))).isInstanceOf(IOException.class);
        Random r = new Random(5);
        for (int i = 0; i < 5000; i++) {
            BigDecimal v = new BigDecimal(new java.math.BigInteger(r.nextInt(200) + 1, r), r.nextInt(80) - 20);
            if (r.nextBoolean()) {
                v = v.negate();
            }
            int dscale = Math.max(v.scale(), 0);
            String want = v.setScale(dscale, java.math.RoundingMode.UNNECESSARY).toPlainString();
            assertThat(one(NUMERIC, numeric(v, dscale))).as("%s", v).isEqualTo(want);
        }
    }

    private static final LocalDateTime EPOCH = LocalDateTime.of(2000, 1, 1, 0, 0);

    /** The ISO text of a java.time value (proleptic Gregorian, year 0 = 1 BC, as PostgreSQL's). */
    static String iso(LocalDateTime t, boolean tz) {
        int year = t.getYear();
        int shown = year > 0 ? year : 1 - year;
        String s = String.format("%04d-%02d-%02d %02d:%02d:%02d", shown, t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond());
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            s += ("." + String.format("%06d", micros)).replaceAll("0+$", "");
        }
        return s + (tz ? "+00" : "") + (year <= 0 ? " BC" : "");
    }

    @Test
    void timestamps() throws IOException {
        assertThat(one(TIMESTAMP, int8(0))).isEqualTo("2000-01-01 00:00:00");
        assertThat(one(TIMESTAMPTZ, int8(0))).isEqualTo("2000-01-01 00:00:00+00");
        assertThat(one(TIMESTAMP, int8(-1))).isEqualTo("1999-12-31 23:59:59.999999");
        assertThat(one(TIMESTAMP, int8(1_500_000))).isEqualTo("2000-01-01 00:00:01.5");
        assertThat(one(TIMESTAMP, int8(Long.MAX_VALUE))).isEqualTo("infinity");
        assertThat(one(TIMESTAMPTZ, int8(Long.MIN_VALUE))).isEqualTo("-infinity");
        // the first and last timestamps: 4714-11-24 00:00:00 BC and 294276-12-31 23:59:59.999999
        assertThat(one(TIMESTAMPTZ, int8(-211813488000000000L))).isEqualTo("4714-11-24 00:00:00+00 BC");
        assertThat(one(TIMESTAMP, int8(9223371331200000000L - 1))).isEqualTo("294276-12-31 23:59:59.999999");
        assertThatThrownBy(() -> one(TIMESTAMP, int8(-211813488000000000L - 86_400_000_000L))).isInstanceOf(IOException.class);
        Random r = new Random(11);
        BinaryCopyToText c = BinaryCopyToText.forColumns(List.of(TIMESTAMP, TIMESTAMPTZ), DUMP).orElseThrow();
        TextSink out = new TextSink(16);
        for (int i = 0; i < 20000; i++) {
            long micros = switch (i % 3) {
                case 0 -> inRange(r);
                case 1 -> (r.nextLong() % 5_000_000_000_000_000L) / (i % 2 == 0 ? 1 : 1_000_000) * (i % 2 == 0 ? 1 : 1_000_000);
                default -> 725_000_000_000_000L + r.nextInt(1_000_000) * 1000L;
            };
            LocalDateTime t = EPOCH.plus(micros, ChronoUnit.MICROS);
            out.clear();
            byte[] tuple = concat(shorts(2), int4(8), int8(micros), int4(8), int8(micros));
            assertThat(c.convertTuple(tuple, 0, tuple.length, out)).isEqualTo(tuple.length);
            assertThat(new String(out.array(), 0, out.size(), StandardCharsets.UTF_8))
                    .isEqualTo(iso(t, false) + "\t" + iso(t, true) + "\n");
        }
    }

    /** A random timestamp of PostgreSQL's range, 4714-11-24 BC to 294276 AD. */
    static long inRange(Random r) {
        long v;
        do {
            v = r.nextLong();
        } while (v < -211813488000000000L || v >= 9223371331200000000L);
        return v;
    }

    @Test
    void dates() throws IOException {
        assertThat(one(DATE, int4(0))).isEqualTo("2000-01-01");
        assertThat(one(DATE, int4(Integer.MAX_VALUE))).isEqualTo("infinity");
        assertThat(one(DATE, int4(Integer.MIN_VALUE))).isEqualTo("-infinity");
        assertThat(one(DATE, int4(-2451545))).isEqualTo("4714-11-24 BC");
        assertThat(one(DATE, int4(2147483494 - 2451545 - 1))).isEqualTo("5874897-12-31");
        Random r = new Random(3);
        LocalDate epoch = LocalDate.of(2000, 1, 1);
        for (int i = 0; i < 20000; i++) {
            int days = i % 2 == 0 ? -2451545 + r.nextInt(2147483494 - 1) : r.nextInt(200_000) - 100_000;
            LocalDate d = epoch.plusDays(days);
            int shown = d.getYear() > 0 ? d.getYear() : 1 - d.getYear();
            String want = String.format("%04d-%02d-%02d", shown, d.getMonthValue(), d.getDayOfMonth()) + (d.getYear() <= 0 ? " BC" : "");
            assertThat(one(DATE, int4(days))).isEqualTo(want);
        }
    }

    static byte[] inet(int family, int bits, boolean cidr, int... addr) {
        byte[] r = new byte[4 + addr.length];
        r[0] = (byte) family;
        r[1] = (byte) bits;
        r[2] = (byte) (cidr ? 1 : 0);
        r[3] = (byte) addr.length;
        for (int i = 0; i < addr.length; i++) {
            r[4 + i] = (byte) addr[i];
        }
        return r;
    }

    static byte[] v6(int bits, boolean cidr, int... words) {
        int[] a = new int[16];
        for (int i = 0; i < 8; i++) {
            a[2 * i] = words[i] >> 8;
            a[2 * i + 1] = words[i] & 0xff;
        }
        return inet(3, bits, cidr, a);
    }

    @Test
    void networkAddresses() throws IOException {
        assertThat(one(INET, inet(2, 32, false, 10, 0, 255, 7))).isEqualTo("10.0.255.7");
        assertThat(one(INET, inet(2, 24, false, 10, 1, 2, 0))).isEqualTo("10.1.2.0/24");
        assertThat(one(CIDR, inet(2, 32, true, 10, 1, 2, 3))).isEqualTo("10.1.2.3/32");
        assertThat(one(CIDR, inet(2, 0, true, 0, 0, 0, 0))).isEqualTo("0.0.0.0/0");
        assertThat(one(INET, v6(128, false, 0, 0, 0, 0, 0, 0, 0, 0))).isEqualTo("::");
        assertThat(one(INET, v6(128, false, 0, 0, 0, 0, 0, 0, 0, 1))).isEqualTo("::1");
        assertThat(one(INET, v6(128, false, 0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304))).isEqualTo("::ffff:1.2.3.4");
        assertThat(one(INET, v6(128, false, 0, 0, 0, 0, 0, 0, 0x0102, 0x0304))).isEqualTo("::1.2.3.4");
        assertThat(one(INET, v6(128, false, 0, 0, 0, 0, 0, 0, 0, 0xabcd))).isEqualTo("::abcd");
        assertThat(one(INET, v6(64, false, 0x2001, 0xdb8, 0, 0, 0, 0, 0, 0))).isEqualTo("2001:db8::/64");
        assertThat(one(CIDR, v6(128, true, 0x2001, 0xdb8, 0, 0, 0, 0, 0, 1))).isEqualTo("2001:db8::1/128");
        assertThat(one(INET, v6(128, false, 1, 0, 0, 2, 0, 0, 3, 4))).as("the first of equal runs").isEqualTo("1::2:0:0:3:4");
        assertThat(one(INET, v6(128, false, 1, 0, 2, 0, 0, 0, 3, 4))).isEqualTo("1:0:2::3:4");
        assertThat(one(INET, v6(128, false, 1, 2, 3, 4, 5, 6, 7, 0))).as("one zero word is not compressed").isEqualTo("1:2:3:4:5:6:7:0");
        assertThat(one(INET, v6(128, false, 0xffff, 0x10, 0x100, 0x1000, 1, 0, 0, 0))).isEqualTo("ffff:10:100:1000:1::");
        assertThatThrownBy(() -> one(INET, inet(2, 33, false, 1, 2, 3, 4))).isInstanceOf(IOException.class);
    }

    /** array_send's form of a one-or-more-dimensional array of elements of {@code elementOid}. */
    static byte[] array(int elementOid, int[] dims, int[] bounds, byte[]... elements) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        boolean nulls = Arrays.stream(elements).anyMatch(e -> e == null);
        b.writeBytes(int4(dims.length));
        b.writeBytes(int4(nulls ? 1 : 0));
        b.writeBytes(int4(elementOid));
        for (int i = 0; i < dims.length; i++) {
            b.writeBytes(int4(dims[i]));
            b.writeBytes(int4(bounds[i]));
        }
        for (byte[] e : elements) {
            if (e == null) {
                b.writeBytes(int4(-1));
            } else {
                b.writeBytes(int4(e.length));
                b.writeBytes(e);
            }
        }
        return b.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void arrays() throws IOException {
        PgType int4s = new PgType(1007, "_int4", 'A', 23, INT4);
        PgType texts = new PgType(1009, "_text", 'A', 25, TEXT);
        PgType int8s = new PgType(1016, "_int8", 'A', 20, INT8);
        assertThat(one(int4s, array(23, new int[0], new int[0]))).isEqualTo("{}");
        assertThat(one(int4s, array(23, new int[]{3}, new int[]{1}, int4(1), null, int4(-7)))).isEqualTo("{1,NULL,-7}");
        assertThat(one(int8s, array(20, new int[]{1}, new int[]{1}, int8(Long.MIN_VALUE)))).isEqualTo("{-9223372036854775808}");
        assertThat(one(int4s, array(23, new int[]{2, 2}, new int[]{1, 1}, int4(1), int4(2), int4(3), int4(4))))
                .isEqualTo("{{1,2},{3,4}}");
        assertThat(one(int4s, array(23, new int[]{2, 1}, new int[]{0, -3}, int4(1), int4(2))))
                .isEqualTo("[0:1][-3:-3]={{1},{2}}");
        assertThat(one(int4s, array(23, new int[]{1}, new int[]{5}, int4(9)))).isEqualTo("[5:5]={9}");
        // quoting, then COPY's escaping of the whole
        assertThat(one(texts, array(25, new int[]{9}, new int[]{1}, utf8("a"), utf8(""), utf8("NuLl"), utf8("a b"),
                utf8("q\"x"), utf8("back\\slash"), utf8("{}"), utf8("tab\there"), null)))
                .isEqualTo("{a,\"\",\"NuLl\",\"a b\",\"q\\\\\"x\",\"back\\\\\\\\slash\",\"{}\",\"tab\\there\",NULL}");
        assertThat(one(texts, array(25, new int[]{2}, new int[]{1}, utf8("nulls"), utf8("ü€,")))).isEqualTo("{nulls,\"ü€,\"}");
        assertThatThrownBy(() -> one(int4s, array(20, new int[]{1}, new int[]{1}, int8(1))))
                .as("another element type").isInstanceOf(IOException.class);
        assertThatThrownBy(() -> one(int4s, array(23, new int[]{2}, new int[]{1}, int4(1))))
                .as("fewer elements than the dimension").isInstanceOf(IOException.class);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    static final byte[] HEADER = concat("PGCOPY\n".getBytes(StandardCharsets.ISO_8859_1), bytes(0xff, '\r', '\n', 0),
            int4(0), int4(0));

    @Test
    void streamWithNullsSmallReadsAndAHugeField() throws IOException {
        BinaryCopyToText c = BinaryCopyToText.forColumns(List.of(INT4, TEXT, BYTEA), DUMP).orElseThrow();
        // 3 MB of text with escapes and 2 MB of bytea: formatted piecewise
        byte[] huge = new byte[3 << 20];
        for (int i = 0; i < huge.length; i++) {
            huge[i] = (byte) "ab\\\tc\n€".getBytes(StandardCharsets.UTF_8)[i % 9];
        }
        byte[] blob = new byte[2 << 20];
        new Random(2).nextBytes(blob);
        byte[] stream = concat(HEADER,
                shorts(3), int4(4), int4(7), int4(2), "x\t".getBytes(StandardCharsets.UTF_8), int4(-1),
                shorts(3), int4(-1), int4(huge.length), huge, int4(blob.length), blob,
                shorts(3), int4(4), int4(-8), int4(0), int4(2), bytes(1, 2),
                shorts(-1));
        StringBuilder want = new StringBuilder("7\tx\\t\t\\N\n\\N\t");
        want.append(new String(huge, StandardCharsets.UTF_8).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n"));
        want.append("\t\\\\x");
        for (byte x : blob) {
            want.append(String.format("%02x", x & 0xff));
        }
        want.append("\n-8\t\t\\\\x0102\n");
        for (int chunk : new int[]{1, 7, 1 << 16, Integer.MAX_VALUE}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long rows = c.convert(trickle(stream, chunk), out);
            assertThat(rows).isEqualTo(3);
            assertThat(out.toString(StandardCharsets.UTF_8)).as("reads of %d bytes", chunk).isEqualTo(want.toString());
        }
    }

    /** A stream that returns at most {@code chunk} bytes per read. */
    static InputStream trickle(byte[] data, int chunk) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    @Test
    void streamAndTupleEntryPointsAgreeOnManyRows() throws IOException {
        BinaryCopyToText c = BinaryCopyToText.forColumns(List.of(INT8, NUMERIC, TIMESTAMPTZ, TEXT), DUMP).orElseThrow();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(HEADER);
        StringBuilder want = new StringBuilder();
        Random r = new Random(9);
        int rows = 50_000;
        for (int i = 0; i < rows; i++) {
            long id = r.nextLong();
            BigDecimal amount = BigDecimal.valueOf(r.nextInt(1_000_000_000), 2);
            long micros = r.nextLong() % 1_000_000_000_000_000L;
            String note = "n" + i + (i % 7 == 0 ? "\t\\" : "") + "x".repeat(r.nextInt(300));
            byte[] noteBytes = note.getBytes(StandardCharsets.UTF_8);
            byte[] num = numeric(amount, 2);
            data.writeBytes(concat(shorts(4), int4(8), int8(id), int4(num.length), num, int4(8), int8(micros),
                    i % 5 == 0 ? int4(-1) : concat(int4(noteBytes.length), noteBytes)));
            want.append(id).append('\t').append(amount.toPlainString()).append('\t')
                    .append(iso(EPOCH.plus(micros, ChronoUnit.MICROS), true)).append('\t')
                    .append(i % 5 == 0 ? "\\N" : note.replace("\\", "\\\\").replace("\t", "\\t")).append('\n');
        }
        data.writeBytes(shorts(-1));
        byte[] stream = data.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(c.convert(new ByteArrayInputStream(stream), out)).isEqualTo(rows);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(want.toString());
        // the tuple entry point over the same bytes
        TextSink sink = new TextSink(16);
        int p = BinaryCopyToText.skipHeader(stream, 0, stream.length);
        assertThat(p).isEqualTo(HEADER.length);
        int n = 0;
        while ((p = c.convertTuple(stream, p, stream.length, sink)) != BinaryCopyToText.TRAILER) {
            n++;
        }
        assertThat(n).isEqualTo(rows);
        assertThat(new String(sink.array(), 0, sink.size(), StandardCharsets.UTF_8)).isEqualTo(want.toString());
    }

    @Test
    void malformedStreamsAreRefused() {
        BinaryCopyToText c = BinaryCopyToText.forColumns(List.of(INT4), DUMP).orElseThrow();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        assertThatThrownBy(() -> c.convert(new ByteArrayInputStream("PGCOPX\n".getBytes(StandardCharsets.ISO_8859_1)), sink))
                .isInstanceOf(IOException.class).hasMessageContaining("signature");
        assertThatThrownBy(() -> c.convert(new ByteArrayInputStream(concat(HEADER, shorts(1), int4(4), int4(1))), sink))
                .isInstanceOf(IOException.class).hasMessageContaining("ends");
        assertThatThrownBy(() -> c.convert(new ByteArrayInputStream(concat(HEADER, shorts(2), int4(4), int4(1), int4(-1), shorts(-1))), sink))
                .isInstanceOf(IOException.class).hasMessageContaining("2 fields for 1 columns");
        assertThatThrownBy(() -> c.convert(new ByteArrayInputStream(concat(HEADER, shorts(1), int4(2), shorts(1), shorts(-1))), sink))
                .isInstanceOf(IOException.class).hasMessageContaining("integer");
        assertThatThrownBy(() -> c.convert(new ByteArrayInputStream(concat(HEADER, shorts(-1), bytes(0))), sink))
                .isInstanceOf(IOException.class).hasMessageContaining("after the trailer");
        byte[] withOids = concat(HEADER);
        withOids[HEADER.length - 7] = 1; // flag bit 16: OIDs
        assertThatThrownBy(() -> c.convert(new ByteArrayInputStream(concat(withOids, shorts(-1))), sink))
                .isInstanceOf(IOException.class).hasMessageContaining("flags");
        byte[] critical = concat(HEADER);
        critical[HEADER.length - 5] = 1; // flag bit 0, critical
        assertThatThrownBy(() -> c.convert(new ByteArrayInputStream(concat(critical, shorts(-1))), sink))
                .isInstanceOf(IOException.class).hasMessageContaining("flags");
    }

    @Test
    void headerExtensionIsSkipped() throws IOException {
        BinaryCopyToText c = BinaryCopyToText.forColumns(List.of(INT2), DUMP).orElseThrow();
        byte[] header = concat(Arrays.copyOf(HEADER, HEADER.length - 4), int4(3), bytes(9, 9, 9));
        header[11] = (byte) 0x80; // flag bit 31, to be ignored
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(c.convert(new ByteArrayInputStream(concat(header, shorts(1), int4(2), shorts(-5), shorts(-1))), out)).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("-5\n");
        assertThat(BinaryCopyToText.skipHeader(header, 0, header.length - 1)).isEqualTo(-1);
    }

    @Test
    void factoryRefusesWhatItCannotFormatExactly() {
        assertThat(BinaryCopyToText.forColumns(List.of(INT4, TIMESTAMPTZ), DUMP)).isPresent();
        for (String zone : List.of("Europe/Berlin", "America/New_York", "Etc/GMT+1", "utc", "UTC+0", "", "Europe/London")) {
            assertThat(BinaryCopyToText.forColumns(List.of(INT4, TIMESTAMPTZ), new OutputSettings("ISO, MDY", zone, "hex", "UTF8")))
                    .as(zone).isEmpty();
            assertThat(BinaryCopyToText.forColumns(List.of(TIMESTAMP, DATE), new OutputSettings("ISO, MDY", zone, "hex", "UTF8")))
                    .as("timestamp and date do not depend on %s", zone).isPresent();
        }
        assertThat(BinaryCopyToText.forColumns(List.of(DATE), new OutputSettings("Postgres, DMY", "UTC", "hex", "UTF8"))).isEmpty();
        assertThat(BinaryCopyToText.forColumns(List.of(TIMESTAMP), new OutputSettings("SQL, MDY", "UTC", "hex", "UTF8"))).isEmpty();
        assertThat(BinaryCopyToText.forColumns(List.of(BYTEA), new OutputSettings("ISO, MDY", "UTC", "escape", "UTF8"))).isEmpty();
        assertThat(BinaryCopyToText.forColumns(List.of(TEXT), new OutputSettings("ISO, MDY", "UTC", "hex", "LATIN1"))).isEmpty();
        assertThat(BinaryCopyToText.forColumns(List.of(), DUMP)).isEmpty();
        for (PgType unsupported : List.of(type(701, "float8"), type(700, "float4"), type(1186, "interval"), type(1083, "time"),
                type(1266, "timetz"), type(790, "money"), type(40001, "mycomposite"), type(142, "xml"),
                new PgType(1022, "_float8", 'A', 701, type(701, "float8")), new PgType(1115, "_timestamp", 'A', 1114, TIMESTAMP),
                new PgType(40002, "mybase", 'U', 0, null))) {
            assertThat(BinaryCopyToText.forColumns(List.of(INT4, unsupported), DUMP)).as(unsupported.name()).isEmpty();
            assertThat(BinaryCopyToText.supports(unsupported, DUMP)).isFalse();
        }
    }
}
