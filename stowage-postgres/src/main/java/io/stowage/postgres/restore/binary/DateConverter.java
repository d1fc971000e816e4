package io.stowage.postgres.restore.binary;

/**
 * {@code date} (oid 1082): the ISO text {@code YYYY-MM-DD[ BC]}, {@code infinity} or {@code -infinity}
 * to date_send's int32 days since 2000-01-01 (INT32 max and min for the infinities).
 *
 * <p>Stateless and allocation-free: one instance may serve any number of threads.
 */
public final class DateConverter implements FieldConverter {
    /** pg_type.oid of {@code date}. */
    public static final int OID = 1082;

    @Override
    public void convert(byte[] text, int offset, int length, ByteSink out) throws Unconvertible {
        int inf = CalendarText.infinity(text, offset, length);
        if (inf != 0) {
            out.writeInt(inf > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE);
            return;
        }
        int end = offset + length;
        boolean bc = CalendarText.endsWithBc(text, offset, end);
        if (bc) {
            end -= 3;
        }
        long read = CalendarText.readDate(text, offset, end, bc);
        if (read < 0 || (int) (read & 0xff) != end - offset) {
            throw new Unconvertible("not a date as PostgreSQL writes it");
        }
        out.writeInt((int) ((read >>> 8) - CalendarText.POSTGRES_EPOCH_JDATE));
    }
}
