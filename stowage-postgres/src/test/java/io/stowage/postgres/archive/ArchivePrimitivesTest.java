package io.stowage.postgres.archive;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchivePrimitivesTest {

    private static byte[] write(Consumer<ArchiveOutput> writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ArchiveOutput out = new ArchiveOutput(bytes);
        writer.accept(out);
        assertThat(out.position()).isEqualTo(bytes.size());
        return bytes.toByteArray();
    }

    private static ArchiveInput input(byte[] bytes) {
        return new ArchiveInput(new ByteArrayInputStream(bytes), "test.dump");
    }

    private static byte[] hex(String hex) {
        String[] parts = hex.trim().split("\\s+");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return bytes;
    }

    @Test
    void intsAreSignAndLittleEndianMagnitudeAsPgDumpWritesThem() {
        // values and bytes from the reference's worked example and the BLOBS block of a real archive
        assertThat(write(o -> o.writeInt(25))).containsExactly(hex("00 19 00 00 00"));
        assertThat(write(o -> o.writeInt(-1))).containsExactly(hex("01 01 00 00 00"));
        assertThat(write(o -> o.writeInt(3456))).containsExactly(hex("00 80 0d 00 00"));
        assertThat(write(o -> o.writeInt((int) 3000000000L))).containsExactly(hex("01 00 a2 2f 4d"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -1, 25, 255, 256, 65535, -65536, 3456, Integer.MAX_VALUE, Integer.MIN_VALUE, -Integer.MAX_VALUE})
    void intsRoundTrip(int value) {
        byte[] bytes = write(o -> o.writeInt(value));
        assertThat(bytes).hasSize(5);
        ArchiveInput in = input(bytes);
        assertThat(in.readInt("an int")).isEqualTo(value);
        assertThat(in.position()).isEqualTo(5);
    }

    @Test
    void wideIntsRoundTrip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ArchiveOutput out = new ArchiveOutput(bytes, 8, 8);
        out.writeInt(-123456789);
        out.writeInt(Integer.MAX_VALUE);
        ArchiveInput in = input(bytes.toByteArray());
        in.setSizes(8, 8);
        assertThat(in.readInt("x")).isEqualTo(-123456789);
        assertThat(in.readInt("y")).isEqualTo(Integer.MAX_VALUE);
        assertThat(in.position()).isEqualTo(18);
    }

    @Test
    void stringsKeepNullAndEmptyApartAndCountBytes() {
        assertThat(write(o -> o.writeString(null))).containsExactly(hex("01 01 00 00 00"));
        assertThat(write(o -> o.writeString(""))).containsExactly(hex("00 00 00 00 00"));
        assertThat(write(o -> o.writeString("é"))).containsExactly(hex("00 02 00 00 00 c3 a9"));
        for (String value : new String[] {null, "", "fmtdb", "SET client_encoding = 'UTF8';\n", "Émile ∑"}) {
            ArchiveInput in = input(write(o -> o.writeString(value)));
            assertThat(in.readString("a string")).isEqualTo(value);
        }
    }

    @Test
    void offsetsAreAFlagByteThenTheLittleEndianPosition() {
        assertThat(write(o -> o.writeOffset(DataOffset.NO_DATA))).containsExactly(hex("03 00 00 00 00 00 00 00 00"));
        assertThat(write(o -> o.writeOffset(DataOffset.at(0x1774)))).containsExactly(hex("02 74 17 00 00 00 00 00 00"));
        for (DataOffset offset : new DataOffset[] {DataOffset.NO_DATA, DataOffset.NOT_SET, DataOffset.at(0),
                DataOffset.at(0x1774), DataOffset.at(Long.MAX_VALUE)}) {
            ArchiveInput in = input(write(o -> o.writeOffset(offset)));
            assertThat(in.readOffset("an offset")).isEqualTo(offset);
            assertThat(in.position()).isEqualTo(9);
        }
    }

    @Test
    void truncatedPrimitivesNameTheFieldsOffset() {
        byte[] bytes = write(o -> {
            o.writeInt(7);
            o.writeString("hello");
            o.writeOffset(DataOffset.at(42));
        });
        // cut inside the int, the string's length, the string's bytes, and the offset
        int[][] cuts = {{3, 0}, {7, 5}, {12, 5}, {17, 15}, {22, 15}};
        for (int[] cut : cuts) {
            ArchiveInput in = input(Arrays.copyOf(bytes, cut[0]));
            assertThatThrownBy(() -> {
                in.readInt("the number");
                in.readString("the greeting");
                in.readOffset("the data offset");
            }).isInstanceOfSatisfying(StowageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INPUT);
                assertThat(e.getMessage()).contains("test.dump", "truncated", "offset " + cut[1] + " ");
            });
        }
    }

    @Test
    void impossibleValuesAreCorruptInput() {
        assertThatThrownBy(() -> input(hex("02 01 00 00 00")).readInt("the count"))
                .isInstanceOfSatisfying(StowageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INPUT);
                    assertThat(e.getMessage()).contains("offset 0 ", "the count", "sign byte 0x02");
                });
        ArchiveInput badFlag = input(hex("00 00 00 00 00 07 00 00 00 00 00 00 00 00"));
        assertThatThrownBy(() -> {
            badFlag.readInt("an int");
            badFlag.readOffset("the data offset");
        })
                .isInstanceOfSatisfying(StowageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INPUT);
                    assertThat(e.getMessage()).contains("offset 5 ", "flag 7");
                });
        assertThatThrownBy(() -> input(hex("01 05 00 00 00")).readString("the tag"))
                .isInstanceOfSatisfying(StowageException.class, e -> assertThat(e.getMessage()).contains("string length -5"));
    }
}
