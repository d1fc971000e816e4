package io.stowage.postgres.dump.binary;

import io.stowage.postgres.restore.binary.PgType;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Throughput of {@link BinaryCopyToText} on a real binary COPY file; not a test. With the dump's
 * JVM options: {@code java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx2g -cp target/classes:target/test-classes:...
 * io.stowage.postgres.dump.binary.BinaryCopyToTextBench BINARY_FILE TYPES [TEXT_FILE] [passes]}, where
 * TYPES lists the columns' oids (e.g. {@code 20,23,1184,21,1700,869,25} for the benchmark's events;
 * {@code 1007:23} for an int4[])
 * and TEXT_FILE, when given, is the same table's text COPY, which the first pass's output must equal.
 * Reports CPU time of the converting thread per row: the tuple entry point over the file in memory
 * (as a CopyOut reader with the bytes in its buffer would call it), and the stream entry point.
 */
public final class BinaryCopyToTextBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private BinaryCopyToTextBench() {
    }

    public static void main(String[] args) throws Exception {
        byte[] binary = Files.readAllBytes(Path.of(args[0]));
        // an oid, or ARRAYOID:ELEMENTOID for an array
        List<PgType> types = Arrays.stream(args[1].split(",")).map(s -> {
            String[] parts = s.split(":");
            int oid = Integer.parseInt(parts[0]);
            if (parts.length == 2) {
                int element = Integer.parseInt(parts[1]);
                return new PgType(oid, s, 'A', element, new PgType(element, parts[1], 'X', 0, null));
            }
            return new PgType(oid, s, 'X', 0, null);
        }).toList();
        byte[] text = args.length > 2 && !args[2].equals("-") ? Files.readAllBytes(Path.of(args[2])) : null;
        int passes = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        BinaryCopyToText c = BinaryCopyToText.forColumns(types, new OutputSettings("ISO, MDY", "UTC", "hex", "UTF8")).orElseThrow();
        TextSink sink = new TextSink(1 << 17);
        for (int pass = 0; pass < passes; pass++) {
            long written = 0;
            int compared = 0;
            long rows = 0;
            long t0 = THREADS.getCurrentThreadCpuTime();
            int p = BinaryCopyToText.skipHeader(binary, 0, binary.length);
            while ((p = c.convertTuple(binary, p, binary.length, sink)) != BinaryCopyToText.TRAILER) {
                rows++;
                if (sink.size() >= 1 << 16) {
                    if (text != null && pass == 0) {
                        if (!Arrays.equals(sink.array(), 0, sink.size(), text, compared, compared + sink.size())) {
                            throw new AssertionError("output differs from the text COPY within bytes " + compared + "..");
                        }
                        compared += sink.size();
                    }
                    written += sink.size();
                    sink.clear();
                }
            }
            if (text != null && pass == 0) {
                if (!Arrays.equals(sink.array(), 0, sink.size(), text, compared, compared + sink.size())
                        || compared + sink.size() != text.length) {
                    throw new AssertionError("output differs from the text COPY at its end");
                }
                System.out.println("pass 0 output equals the text COPY (" + text.length + " bytes)");
            }
            written += sink.size();
            sink.clear();
            long nanos = THREADS.getCurrentThreadCpuTime() - t0;
            System.out.printf("tuple entry point, pass %d: %d rows, %.0f ms CPU, %.1f ns/row, %.0f MB text%n", pass, rows,
                    nanos / 1e6, (double) nanos / rows, written / 1048576.0);
        }
        OutputStream none = OutputStream.nullOutputStream();
        for (int pass = 0; pass < 2; pass++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            long rows = c.convert(new ByteArrayInputStream(binary), none);
            long nanos = THREADS.getCurrentThreadCpuTime() - t0;
            System.out.printf("stream entry point, pass %d: %.0f ms CPU, %.1f ns/row%n", pass, nanos / 1e6, (double) nanos / rows);
        }
    }
}
