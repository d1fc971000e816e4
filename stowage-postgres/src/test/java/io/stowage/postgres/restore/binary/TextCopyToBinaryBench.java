package io.stowage.postgres.restore.binary;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Throughput of {@link TextCopyToBinary} on rows shaped like (bigint, int, numeric(12,2), text of
 * about 40 characters, smallint); not a test. Run with the launcher's JIT setting:
 * {@code java -XX:TieredStopAtLevel=1 -cp target/classes:target/test-classes
 * io.stowage.postgres.restore.binary.TextCopyToBinaryBench [MB per pass] [passes] [LINTS]}.
 */
public final class TextCopyToBinaryBench {
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private TextCopyToBinaryBench() {
    }

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        byte[] data = generate(megabytes << 20);
        long rowsPerPass = 0;
        for (byte b : data) {
            if (b == '\n') {
                rowsPerPass++;
            }
        }
        // the third argument picks each column's converter (L int8, I int4, N numeric, S int2, T text):
        // "TTTTT" times the scan alone, "LITTS" all but numeric
        String columns = args.length > 2 ? args[2] : "LINTS";
        List<FieldConverter> converters = columns.chars().mapToObj(c -> switch (c) {
            case 'L' -> ScalarConverters.INT8;
            case 'I' -> ScalarConverters.INT4;
            case 'N' -> ScalarConverters.NUMERIC;
            case 'S' -> ScalarConverters.INT2;
            default -> ScalarConverters.TEXT;
        }).toList();
        long[] written = new long[1];
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                written[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                written[0] += len;
            }
        };
        System.out.printf("%d rows, %.1f MB of text per pass%n", rowsPerPass, data.length / 1048576.0);
        long totalNanos = 0;
        long totalBytes = 0;
        long totalRows = 0;
        for (int pass = 0; pass < passes; pass++) {
            written[0] = 0;
            // CPU time of this thread: what the conversion takes from the server on a shared machine,
            // and steadier than wall time when other processes run
            long t0 = THREADS.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            long rows = new TextCopyToBinary(converters).convert(new ByteArrayInputStream(data), sink);
            long nanos = THREADS.getCurrentThreadCpuTime() - t0;
            long wall = System.nanoTime() - w0;
            if (rows != rowsPerPass) {
                throw new AssertionError(rows + " rows");
            }
            System.out.printf("pass %d: %.0f ms CPU (%.0f ms wall), %.0f MB/s, %.1f ns/row, %.1f MB binary%n", pass,
                    nanos / 1e6, wall / 1e6,
                    data.length / 1048576.0 / (nanos / 1e9), (double) nanos / rows, written[0] / 1048576.0);
            if (pass > 0) {
                totalNanos += nanos;
                totalBytes += data.length;
                totalRows += rows;
            }
        }
        if (totalRows > 0) {
            System.out.printf("after the first pass (CPU time): %.0f MB/s, %.1f ns/row%n", totalBytes / 1048576.0 / (totalNanos / 1e9),
                    (double) totalNanos / totalRows);
        }
    }

    private static byte[] generate(int size) {
        Random r = new Random(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 200);
        StringBuilder row = new StringBuilder(128);
        long id = 1_000_000_000L;
        while (out.size() < size) {
            row.setLength(0);
            row.append(id++).append('\t');
            row.append(r.nextInt()).append('\t');
            long cents = (long) (r.nextDouble() * 1e11) - 50_000_000_000L;
            row.append(cents < 0 ? "-" : "").append(Math.abs(cents) / 100).append('.');
            long c = Math.abs(cents) % 100;
            row.append(c < 10 ? "0" : "").append(c).append('\t');
            int length = 30 + r.nextInt(21);
            for (int i = 0; i < length; i++) {
                row.append((char) ('a' + r.nextInt(26)));
            }
            if (r.nextInt(50) == 0) {
                row.append("\\tescaped");
            }
            row.append('\t').append((short) r.nextInt()).append('\n');
            byte[] b = row.toString().getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }
}
