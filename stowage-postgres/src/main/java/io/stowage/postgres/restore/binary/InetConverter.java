package io.stowage.postgres.restore.binary;

/**
 * {@code inet} (oid 869) and {@code cidr} (oid 650): the text inet_out writes (PostgreSQL's
 * {@code pg_inet_net_ntop}, src/port/inet_net_ntop.c) to network_send's bytes: family (2 for IPv4,
 * 3 for IPv6), mask bits, is-cidr flag, address length (4 or 16), address.
 *
 * <p>IPv4 is read strictly (four decimal octets without leading zeros, "/bits" except an inet's /32).
 * IPv6 is parsed leniently into its 16 bytes, then formatted again by inet_net_ntop's rules (longest
 * zero run of two or more words as "::", lowercase hex without leading zeros, the embedded IPv4 forms
 * "::a.b.c.d" and "::ffff:a.b.c.d") and compared with the text: any difference is Unconvertible, so
 * only the server's own spelling converts. A cidr with bits set right of its mask is refused as
 * cidr_in refuses it.
 *
 * <p>Stateless and allocation-free: one instance may serve any number of threads.
 */
public final class InetConverter implements FieldConverter {
    /** pg_type.oid of {@code inet}. */
    public static final int INET_OID = 869;
    /** pg_type.oid of {@code cidr}. */
    public static final int CIDR_OID = 650;

    private static final int PGSQL_AF_INET = 2;
    private static final int PGSQL_AF_INET6 = 3;
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    private final boolean cidr;

    private InetConverter(boolean cidr) {
        this.cidr = cidr;
    }

    /** For {@code inet}. */
    public static InetConverter inet() {
        return new InetConverter(false);
    }

    /** For {@code cidr}. */
    public static InetConverter cidr() {
        return new InetConverter(true);
    }

    boolean isCidr() {
        return cidr;
    }

    @Override
    public void convert(byte[] text, int offset, int length, ByteSink out) throws Unconvertible {
        int start = out.size();
        boolean ok;
        if (indexOf(text, offset, offset + length, (byte) ':') >= 0) {
            ok = ipv6(text, offset, offset + length, out);
        } else {
            ok = ipv4(text, offset, offset + length, out);
        }
        if (!ok) {
            out.truncate(start);
            throw new Unconvertible(cidr ? "not a cidr as PostgreSQL writes it" : "not an inet as PostgreSQL writes it");
        }
    }

    private boolean ipv4(byte[] t, int p, int end, ByteSink out) {
        int address = 0;
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                if (p >= end || t[p] != '.') {
                    return false;
                }
                p++;
            }
            int start = p;
            int v = 0;
            while (p < end && p - start < 3) {
                int d = t[p] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                v = v * 10 + d;
                p++;
            }
            // %u: no empty octet, no leading zero (a fourth digit fails at the '.' check)
            if (p == start || (p - start > 1 && t[start] == '0') || v > 255) {
                return false;
            }
            address = (address << 8) | v;
        }
        int bits = 32;
        if (p < end) {
            if (t[p] != '/') {
                return false;
            }
            bits = readDecimal(t, p + 1, end, 32);
            if (bits < 0 || skipDecimal(t, p + 1, end) != end) {
                return false;
            }
            // inet_net_ntop omits /32; inet_out adds it back for cidr only
            if (bits == 32 && !cidr) {
                return false;
            }
        } else if (cidr) {
            return false;
        }
        // cidr_in refuses bits right of the mask
        if (cidr && bits < 32 && (bits == 0 ? address : address << bits) != 0) {
            return false;
        }
        out.writeInt((PGSQL_AF_INET << 24) | (bits << 16) | ((cidr ? 1 : 0) << 8) | 4);
        out.writeInt(address);
        return true;
    }

    private boolean ipv6(byte[] t, int off, int end, ByteSink out) {
        int slash = indexOf(t, off, end, (byte) '/');
        int addrEnd = slash < 0 ? end : slash;
        int bits = 128;
        if (slash >= 0) {
            bits = readDecimal(t, slash + 1, end, 128);
            if (bits < 0 || skipDecimal(t, slash + 1, end) != end) {
                return false;
            }
        }
        out.writeInt((PGSQL_AF_INET6 << 24) | (bits << 16) | ((cidr ? 1 : 0) << 8) | 16);
        int base = out.size();
        out.writeLong(0);
        out.writeLong(0);
        byte[] a = out.array();
        int dc = -1;
        for (int i = off; i + 1 < addrEnd; i++) {
            if (t[i] == ':' && t[i + 1] == ':') {
                if (dc >= 0) {
                    return false;
                }
                dc = i;
            }
        }
        if (dc < 0) {
            if (parseWords(t, off, addrEnd, 0, a, base) != 8) {
                return false;
            }
        } else {
            int head = parseWords(t, off, dc, 0, a, base);
            int tailWords = countWords(t, dc + 2, addrEnd);
            if (head < 0 || tailWords < 0 || head + tailWords > 7
                    || parseWords(t, dc + 2, addrEnd, 8 - tailWords, a, base) != 8) {
                return false;
            }
        }
        if (cidr && !hostBitsClear(a, base, 16, bits)) {
            return false;
        }
        return matchesNtop(t, off, end, a, base, bits);
    }

    /**
     * Parses the ':'-separated words of {@code t[p, end)} into the address at {@code a[base]} from
     * word {@code index}, a dotted IPv4 quad allowed as the last two words; returns the index after
     * the last word, or -1. An empty range is no words.
     */
    private static int parseWords(byte[] t, int p, int end, int index, byte[] a, int base) {
        if (p == end) {
            return index;
        }
        while (true) {
            int q = p;
            int w = 0;
            while (q < end && q - p < 5) {
                int h = hex(t[q]);
                if (h < 0) {
                    break;
                }
                w = (w << 4) | h;
                q++;
            }
            if (q < end && t[q] == '.') {
                // a dotted quad ends the address
                if (index > 6 || !dottedQuad(t, p, end, a, base + 2 * index)) {
                    return -1;
                }
                return index + 2;
            }
            if (q == p || q - p > 4 || index > 7) {
                return -1;
            }
            a[base + 2 * index] = (byte) (w >>> 8);
            a[base + 2 * index + 1] = (byte) w;
            index++;
            if (q == end) {
                return index;
            }
            if (t[q] != ':') {
                return -1;
            }
            p = q + 1;
        }
    }

    /** How many words {@code t[p, end)} holds (a dotted quad counts two), or -1 if over 8. */
    private static int countWords(byte[] t, int p, int end) {
        if (p == end) {
            return 0;
        }
        int words = 1;
        for (int i = p; i < end; i++) {
            if (t[i] == ':') {
                words++;
            }
        }
        if (indexOf(t, p, end, (byte) '.') >= 0) {
            words++;
        }
        return words > 8 ? -1 : words;
    }

    private static boolean dottedQuad(byte[] t, int p, int end, byte[] a, int at) {
        for (int i = 0; i < 4; i++) {
            int v = readDecimal(t, p, end, 255);
            if (v < 0) {
                return false;
            }
            p = skipDecimal(t, p, end);
            a[at + i] = (byte) v;
            if (i < 3) {
                if (p >= end || t[p] != '.') {
                    return false;
                }
                p++;
            }
        }
        return p == end;
    }

    /** Whether inet_net_ntop_ipv6 (plus inet_out's "/bits" for cidr) writes exactly {@code t[p, end)}. */
    private boolean matchesNtop(byte[] t, int p, int end, byte[] a, int base, int bits) {
        int run = InetConverter.ipv6ZeroRun(a, base);
        int bestBase = run < 0 ? -1 : run >> 4;
        int bestLen = run < 0 ? 0 : run & 15;
        for (int i = 0; i < 8 && p >= 0; i++) {
            if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    p = expect(t, p, end, ':');
                }
                continue;
            }
            if (i != 0) {
                p = expect(t, p, end, ':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6
                    || (bestLen == 7 && word(a, base, 7) != 1)
                    || (bestLen == 5 && word(a, base, 5) == 0xffff))) {
                for (int b = 12; b < 16 && p >= 0; b++) {
                    if (b != 12) {
                        p = expect(t, p, end, '.');
                    }
                    p = expectDecimal(t, p, end, a[base + b] & 0xff);
                }
                break;
            }
            p = expectHex(t, p, end, word(a, base, i));
        }
        if (p >= 0 && bestBase != -1 && bestBase + bestLen == 8) {
            p = expect(t, p, end, ':');
        }
        if (p >= 0 && (bits != 128 || cidr)) {
            p = expect(t, p, end, '/');
            p = expectDecimal(t, p, end, bits);
        }
        return p == end;
    }

    private static int word(byte[] a, int base, int i) {
        return ((a[base + 2 * i] & 0xff) << 8) | (a[base + 2 * i + 1] & 0xff);
    }

    /**
     * The run of zero 16-bit words of the IPv6 address at {@code a[base, base + 16)} that
     * inet_net_ntop_ipv6 writes as "::": the longest, the first of equal ones, two words at least.
     * Its first word times 16 plus its length, or -1 for none. The dump's formatter writes it, the
     * restore's check expects it.
     */
    public static int ipv6ZeroRun(byte[] a, int base) {
        int bestBase = -1;
        int bestLen = 0;
        int curBase = -1;
        int curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (word(a, base, i) == 0) {
                if (curBase == -1) {
                    curBase = i;
                    curLen = 1;
                } else {
                    curLen++;
                }
            } else if (curBase != -1) {
                if (bestBase == -1 || curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
                curBase = -1;
            }
        }
        if (curBase != -1 && (bestBase == -1 || curLen > bestLen)) {
            bestBase = curBase;
            bestLen = curLen;
        }
        if (bestBase != -1 && bestLen < 2) {
            bestBase = -1;
        }
        return bestBase == -1 ? -1 : bestBase << 4 | bestLen;
    }

    private static int expect(byte[] t, int p, int end, char c) {
        return p >= 0 && p < end && t[p] == c ? p + 1 : -1;
    }

    /** {@code %u} of {@code v} at {@code t[p]}: the position after it, or -1. */
    private static int expectDecimal(byte[] t, int p, int end, int v) {
        if (p < 0) {
            return -1;
        }
        int digits = v >= 100 ? 3 : v >= 10 ? 2 : 1;
        if (end - p < digits) {
            return -1;
        }
        for (int i = digits - 1; i >= 0; i--) {
            if (t[p + i] != '0' + v % 10) {
                return -1;
            }
            v /= 10;
        }
        return p + digits;
    }

    /** {@code %x} of the 16-bit {@code v} at {@code t[p]}: the position after it, or -1. */
    private static int expectHex(byte[] t, int p, int end, int v) {
        if (p < 0) {
            return -1;
        }
        int digits = v >= 0x1000 ? 4 : v >= 0x100 ? 3 : v >= 0x10 ? 2 : 1;
        if (end - p < digits) {
            return -1;
        }
        for (int i = digits - 1; i >= 0; i--) {
            if (t[p + i] != HEX[v & 0xf]) {
                return -1;
            }
            v >>>= 4;
        }
        return p + digits;
    }

    /** addressOK of network.c: no bit right of the mask is set. */
    private static boolean hostBitsClear(byte[] a, int base, int size, int bits) {
        int b = bits / 8;
        int mask = bits % 8 == 0 ? 0xff : 0xff >>> (bits % 8);
        for (; b < size; b++) {
            if ((a[base + b] & mask) != 0) {
                return false;
            }
            mask = 0xff;
        }
        return true;
    }

    /** A canonical (%u: no sign, no leading zero) decimal at most {@code max} at {@code t[p]}, or -1. */
    private static int readDecimal(byte[] t, int p, int end, int max) {
        int q = p;
        int v = 0;
        while (q < end && q - p < 4) {
            int d = t[q] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            v = v * 10 + d;
            q++;
        }
        if (q == p || (q - p > 1 && t[p] == '0') || q - p > 3 || v > max) {
            return -1;
        }
        return v;
    }

    private static int skipDecimal(byte[] t, int p, int end) {
        while (p < end && t[p] >= '0' && t[p] <= '9') {
            p++;
        }
        return p;
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    private static int indexOf(byte[] t, int p, int end, byte b) {
        for (int i = p; i < end; i++) {
            if (t[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
