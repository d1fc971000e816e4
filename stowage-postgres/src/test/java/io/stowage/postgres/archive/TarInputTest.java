package io.stowage.postgres.archive;

import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TarInputTest {

    @Test
    void readsMembersInOrderSkippingUnreadDataAndPadding() throws Exception {
        byte[] tar = tar("toc.dat", "0123456789", "3449.dat", "x".repeat(600));
        TarInput in = new TarInput(new ByteArrayInputStream(tar), "t.tar");
        TarInput.Member first = in.next();
        assertThat(first.name()).isEqualTo("toc.dat");
        assertThat(first.size()).isEqualTo(10);
        assertThat(new String(first.readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("0123");
        TarInput.Member second = in.next();
        assertThat(second.name()).isEqualTo("3449.dat");
        assertThat(second.readAllBytes()).hasSize(600);
        assertThat(in.next()).isNull();
        assertThat(in.position()).isEqualTo(tar.length);
    }

    @Test
    void corruptChecksumNamesTheHeaderOffset() {
        byte[] tar = tar("toc.dat", "abc", "3449.dat", "def");
        tar[1024 + 5] ^= 1; // inside the second header's name
        TarInput in = new TarInput(new ByteArrayInputStream(tar), "t.tar");
        in.next();
        assertThatThrownBy(in::next).isInstanceOf(StowageException.class)
                .hasMessageContaining("corrupt at offset 1024").hasMessageContaining("checksum");
    }

    @Test
    void truncatedMemberNamesTheOffsetWhereInputEnded() {
        byte[] tar = Arrays.copyOf(tar("3449.dat", "y".repeat(1000)), 512 + 700);
        TarInput in = new TarInput(new ByteArrayInputStream(tar), "t.tar");
        TarInput.Member member = in.next();
        assertThatThrownBy(member::readAllBytes).isInstanceOf(StowageException.class)
                .hasMessageContaining("truncated at offset 1212");
    }

    @Test
    void truncatedHeaderIsReported() {
        byte[] tar = Arrays.copyOf(tar("a.dat", "z"), 300);
        TarInput in = new TarInput(new ByteArrayInputStream(tar), "t.tar");
        assertThatThrownBy(in::next).hasMessageContaining("truncated at offset 0").hasMessageContaining("300 bytes");
    }

    /** A tar laid out as pg_dump writes it: ustar headers, padded data, two zero blocks. */
    static byte[] tar(String... namesAndContents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            byte[] data = namesAndContents[i + 1].getBytes(StandardCharsets.US_ASCII);
            byte[] h = new byte[512];
            put(h, 0, namesAndContents[i]);
            put(h, 100, "0000600 ");
            put(h, 108, "0004000 ");
            put(h, 116, "0002000 ");
            put(h, 124, String.format("%011o ", data.length));
            put(h, 136, "00000000000 ");
            put(h, 148, "        ");
            h[156] = '0';
            put(h, 257, "ustar");
            put(h, 263, "00");
            int sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, String.format("%07o ", sum));
            out.writeBytes(h);
            out.writeBytes(data);
            out.writeBytes(new byte[(512 - data.length % 512) % 512]);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] h, int offset, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, offset, b.length);
    }
}
