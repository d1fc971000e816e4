package io.stowage.postgres.restore.binary;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

/**
 * Rough cost of one timestamptz conversion, as the restore runs it (C1 only):
 * {@code java -XX:TieredStopAtLevel=1 -cp stowage-postgres/target/classes:stowage-postgres/target/test-classes
 * io.stowage.postgres.restore.binary.TimestampConverterBench [baseline|inet]}. Not a test.
 */
public final class TimestampConverterBench {
    private TimestampConverterBench() {
    }

    public static void main(String[] args) throws Unconvertible {
        int count = 1 << 20;
        Random random = new Random(1);
        int[] offsets = {0, 19800, -14400, -18000, 3600, 7200};
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        StringBuilder all = new StringBuilder();
        int[] starts = new int[count + 1];
        for (int i = 0; i < count; i++) {
            starts[i] = all.length();
            LocalDateTime t = LocalDateTime.ofEpochSecond(1_500_000_000L + random.nextInt(300_000_000), 0, ZoneOffset.UTC);
            all.append(format.format(t));
            int micros = random.nextInt(1_000_000);
            if (micros != 0) {
                String f = String.format(".%06d", micros).replaceAll("0+$", "");
                all.append(f);
            }
            int z = offsets[random.nextInt(offsets.length)];
            all.append(z < 0 ? '-' : '+').append(String.format("%02d", Math.abs(z) / 3600));
            if (Math.abs(z) % 3600 != 0) {
                all.append(String.format(":%02d", Math.abs(z) % 3600 / 60));
            }
        }
        if (args.length > 0 && args[0].equals("inet")) {
            // IPv4 host addresses and some IPv6, as an events table holds them
            all.setLength(0);
            for (int i = 0; i < count; i++) {
                starts[i] = all.length();
                if (i % 4 == 3) {
                    all.append("2001:db8::").append(Integer.toHexString(1 + random.nextInt(65535)));
                } else {
                    all.append(random.nextInt(256)).append('.').append(random.nextInt(256)).append('.')
                            .append(random.nextInt(256)).append('.').append(random.nextInt(256));
                }
            }
        }
        starts[count] = all.length();
        byte[] text = all.toString().getBytes(StandardCharsets.US_ASCII);
        // "baseline": the loop and the 8-byte write alone, to tell the conversion's own cost
        FieldConverter converter = args.length > 0 && args[0].equals("baseline")
                ? (t, offset, length, out) -> out.writeLong(t[offset + length - 1])
                : args.length > 0 && args[0].equals("inet") ? InetConverter.inet()
                : TimestampConverter.timestamptz();
        ByteSink sink = new ByteSink(1 << 16);
        for (int round = 0; round < 8; round++) {
            long begin = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long check = 0;
            for (int i = 0; i < count; i++) {
                if ((i & 1023) == 0) {
                    check += sink.size();
                    sink.clear();
                }
                converter.convert(text, starts[i], starts[i + 1] - starts[i], sink);
            }
            // thread CPU time, not wall time: the machine is shared
            long ns = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - begin;
            System.out.printf("round %d: %.1f CPU ns per field (%d)%n", round, (double) ns / count, check);
        }
    }
}
