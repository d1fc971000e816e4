package io.stowage.postgres.dump.binary;

import io.stowage.postgres.restore.binary.PgType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.stowage.postgres.dump.binary.BinaryCopyToTextTest.DUMP;
import static io.stowage.postgres.dump.binary.BinaryCopyToTextTest.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The cost model covers exactly the types the converter formats. */
class BinaryDumpCostTest {
    private static final int[] OIDS = {16, 17, 19, 20, 21, 23, 25, 26, 114, 650, 869, 700, 701, 790, 1042, 1043, 1082, 1083,
            1114, 1184, 1186, 1266, 1700, 2950, 3802, 142, 1007};

    @Test
    void everyFormattedTypeHasAMeasuredClientCostAndNoOtherHasOne() {
        for (int oid : OIDS) {
            PgType t = type(oid, "t" + oid);
            boolean supported = BinaryCopyToText.supports(t, DUMP);
            assertThat(BinaryDumpCost.clientCostNanos(t) > 0).as("client cost of oid %d", oid).isEqualTo(supported);
            if (!supported) {
                assertThat(BinaryDumpCost.serverSavingNanos(t)).as("server saving of oid %d", oid).isZero();
            }
            assertThat(BinaryDumpCost.localGainNanos(t))
                    .isEqualTo(BinaryDumpCost.serverSavingNanos(t) - BinaryDumpCost.clientCostNanos(t));
        }
        for (int element : OIDS) {
            PgType array = new PgType(60000 + element, "_" + element, 'A', element, type(element, "t" + element));
            boolean supported = BinaryCopyToText.supports(array, DUMP);
            assertThat(BinaryDumpCost.clientCostNanos(array) > 0).as("client cost of an array of oid %d", element).isEqualTo(supported);
            if (!supported) {
                assertThat(BinaryDumpCost.serverSavingNanos(array)).isZero();
            }
        }
        PgType mood = new PgType(50000, "mood", 'E', 0, null);
        assertThat(BinaryCopyToText.supports(mood, DUMP)).isTrue();
        assertThat(BinaryDumpCost.clientCostNanos(mood)).isPositive();
    }

    @Test
    void longerTextGainsMoreAndOtherTypesIgnoreTheWidth() {
        PgType text = type(25, "text");
        assertThat(BinaryDumpCost.localGainNanos(text, 20)).isNegative();
        assertThat(BinaryDumpCost.localGainNanos(text, 153)).isPositive();
        assertThat(BinaryDumpCost.localGainNanos(text, 200)).isPositive();
        assertThat(BinaryDumpCost.localGainNanos(text, 200)).isGreaterThan(BinaryDumpCost.localGainNanos(text, 100));
        // the measured widths give the measured figures, within a nanosecond or two
        assertThat(BinaryDumpCost.serverSavingNanos(text, 38)).isCloseTo(BinaryDumpCost.serverSavingNanos(text), within(2));
        assertThat(BinaryDumpCost.clientCostNanos(text, 38)).isCloseTo(BinaryDumpCost.clientCostNanos(text), within(2));
        PgType tz = type(1184, "timestamptz");
        assertThat(BinaryDumpCost.localGainNanos(tz, 500)).isEqualTo(BinaryDumpCost.localGainNanos(tz));
    }

    @Test
    void aRowSumsItsColumnsLessTheRowCost() {
        List<PgType> events = List.of(type(20, "int8"), type(23, "int4"), type(1184, "timestamptz"), type(21, "int2"),
                type(1700, "numeric"), type(869, "inet"), type(25, "text"));
        int sum = events.stream().mapToInt(BinaryDumpCost::localGainNanos).sum();
        assertThat(BinaryDumpCost.localGainNanos(events)).isEqualTo(sum);
        assertThat(BinaryDumpCost.serverSavingNanos(events)).isEqualTo(events.stream().mapToInt(BinaryDumpCost::serverSavingNanos).sum());
        // a timestamptz column pays for itself on one machine, a numeric one does not
        assertThat(BinaryDumpCost.localGainNanos(type(1184, "timestamptz"))).isPositive();
        assertThat(BinaryDumpCost.localGainNanos(type(1700, "numeric"))).isNegative();
    }
}
