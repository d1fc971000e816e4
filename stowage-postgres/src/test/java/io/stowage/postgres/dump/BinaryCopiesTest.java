package io.stowage.postgres.dump;

import io.stowage.postgres.restore.binary.PgType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which tables a dump reads in binary, by their columns' types and where the server runs. */
class BinaryCopiesTest {
    private static PgType type(int oid, String name, char category) {
        return new PgType(oid, name, category, 0, null);
    }

    private static final PgType INT8 = type(20, "int8", 'N');
    private static final PgType INT4 = type(23, "int4", 'N');
    private static final PgType INT2 = type(21, "int2", 'N');
    private static final PgType TIMESTAMPTZ = type(1184, "timestamptz", 'D');
    private static final PgType NUMERIC = type(1700, "numeric", 'N');
    private static final PgType INET = type(869, "inet", 'I');
    private static final PgType TEXT = type(25, "text", 'S');
    private static final PgType BPCHAR = type(1042, "bpchar", 'S');

    @Test
    void eventsPaysOnEitherMachineAndIntegersWithShortTextOnlyForARemoteServer() {
        List<PgType> events = List.of(INT8, INT4, TIMESTAMPTZ, INT2, NUMERIC, INET, TEXT);
        assertThat(BinaryCopies.pays(events, BinaryCopies.Rule.LOCAL)).isTrue();
        assertThat(BinaryCopies.pays(events, BinaryCopies.Rule.REMOTE)).isTrue();
        assertThat(BinaryCopies.pays(events, BinaryCopies.Rule.OFF)).isFalse();
        List<PgType> accounts = List.of(INT4, INT4, INT4, BPCHAR);
        assertThat(BinaryCopies.pays(accounts, BinaryCopies.Rule.LOCAL)).isFalse();
        assertThat(BinaryCopies.pays(List.of(INT4, NUMERIC), BinaryCopies.Rule.LOCAL)).isFalse();
        assertThat(BinaryCopies.pays(List.of(INT4, TIMESTAMPTZ), BinaryCopies.Rule.LOCAL)).isTrue();
    }

    @Test
    void columnListsAreCountedOutsideQuotes() {
        assertThat(BinaryCopies.columns("(a)")).isEqualTo(1);
        assertThat(BinaryCopies.columns("(a, b, c)")).isEqualTo(3);
        assertThat(BinaryCopies.columns("(\"a, b\", \"c\"\"d\", e)")).isEqualTo(3);
    }

    @Test
    void theBinaryStatementIsTheTextOneWithItsFormat() {
        assertThat(BinaryCopies.binary("COPY public.t (a, b) TO STDOUT")).isEqualTo("COPY public.t (a, b) TO STDOUT (FORMAT binary)");
        assertThat(BinaryCopies.binary("COPY (SELECT a FROM ONLY public.t WHERE ctid >= '(0,0)'::pg_catalog.tid) TO STDOUT"))
                .endsWith(") TO STDOUT (FORMAT binary)");
    }
}
