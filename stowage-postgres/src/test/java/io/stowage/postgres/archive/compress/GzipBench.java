package io.stowage.postgres.archive.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A micro benchmark, not a test: MB/s and ratio of the gzip engines on COPY-like text. Run with
 * {@code java -cp <test classpath> io.stowage.postgres.archive.compress.GzipBench [file] [level]};
 * without a file it generates about 200 MB of pgbench- and pagila-like rows.
 */
public final class GzipBench {
    private GzipBench() {
    }

    public static void main(String[] args) throws Exception {
        byte[] data = args.length > 0 && !args[0].equals("-") ? Files.readAllBytes(Path.of(args[0])) : generate(200 << 20);
        int level = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        System.out.printf("input %.1f MB, level %d, %d cores, libdeflate %s%n", data.length / 1e6, level,
                Runtime.getRuntime().availableProcessors(), Libdeflate.available());
        byte[] all = data;
        for (int round = 0; round < 2; round++) {
            System.out.println(round == 0 ? "-- warm-up on 20 MB" : "-- measured");
            data = round == 0 ? java.util.Arrays.copyOf(all, Math.min(all.length, 20 << 20)) : all;
            run("java.util.zip gzip, 1 thread (old)", data, 1, out -> gzipStream(out, level));
            run("java.util.zip zlib, 1 thread (old)", data, 1, out -> new DeflaterOutputStream(out, new Deflater(level), 65536));
            if (Libdeflate.available()) {
                run("libdeflate members, inline, 1 thread", data, 1, out -> new InlineMembers(out, level));
                run("libdeflate members, pool", data, 1,
                        out -> new ParallelDeflateOutputStream(out, ParallelDeflateOutputStream.Framing.GZIP_MEMBERS, level));
            }
            run("pigz gzip (java.util.zip), pool", data, 1,
                    out -> new ParallelDeflateOutputStream(out, ParallelDeflateOutputStream.Framing.GZIP_SINGLE, level));
            run("pigz zlib (java.util.zip), pool", data, 1,
                    out -> new ParallelDeflateOutputStream(out, ParallelDeflateOutputStream.Framing.ZLIB, level));
            run("java.util.zip gzip, 2 streams (-j2 old)", data, 2, out -> gzipStream(out, level));
            if (Libdeflate.available()) {
                run("libdeflate members, pool, 2 streams", data, 2,
                        out -> new ParallelDeflateOutputStream(out, ParallelDeflateOutputStream.Framing.GZIP_MEMBERS, level));
            }
            run("pigz zlib, pool, 2 streams", data, 2,
                    out -> new ParallelDeflateOutputStream(out, ParallelDeflateOutputStream.Framing.ZLIB, level));
        }
        System.exit(0);
    }

    interface Wrap {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private static OutputStream gzipStream(OutputStream out, int level) throws IOException {
        return new GZIPOutputStream(out, 65536) {
            {
                def.setLevel(level);
            }
        };
    }

    /** Each stream compresses all of {@code data}, written in 64 KB pieces as a COPY reader would. */
    private static void run(String name, byte[] data, int streams, Wrap wrap) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(streams);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        List<Future<Long>> results = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            results.add(callers.submit((Callable<Long>) () -> {
                Counting counter = new Counting();
                try (OutputStream out = wrap.wrap(counter)) {
                    for (int off = 0; off < data.length; off += 65536) {
                        out.write(data, off, Math.min(65536, data.length - off));
                    }
                }
                return counter.count;
            }));
        }
        long compressed = 0;
        for (Future<Long> f : results) {
            compressed += f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
        callers.shutdown();
        double mb = (double) data.length * streams / 1e6;
        // MB per CPU second is what holds on a busy machine; wall MB/s depends on what else runs
        System.out.printf("%-42s %7.1f MB/s wall  %7.1f MB/cpu-s  ratio %.4f  (%.2f s, %.2f cpu-s)%n", name, mb / seconds,
                mb / cpu, (double) compressed / ((double) data.length * streams), seconds, cpu);
    }

    private static final class Counting extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    /** libdeflate members compressed on the writing thread: the pool's gain over it is the threads. */
    private static final class InlineMembers extends OutputStream {
        private final OutputStream out;
        private final int level;
        private final byte[] block = new byte[ParallelDeflateOutputStream.DEFAULT_BLOCK];
        private int fill;

        InlineMembers(OutputStream out, int level) {
            this.out = out;
            this.level = level;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, block.length - fill);
                System.arraycopy(b, off, block, fill, n);
                fill += n;
                off += n;
                len -= n;
                if (fill == block.length) {
                    emit(BlockCompressors.gzipMember(level, block, fill));
                    fill = 0;
                }
            }
        }

        private void emit(BlockCompressors.Compressed c) throws IOException {
            out.write(c.bytes(), 0, c.length());
            BlockCompressors.recycle(c.bytes());
        }

        @Override
        public void close() throws IOException {
            if (fill > 0) {
                emit(BlockCompressors.gzipMember(level, block, fill));
            }
            out.close();
        }
    }

    /** COPY text like pgbench's accounts and history and a pagila-like table with words and dates. */
    static byte[] generate(int size) {
        Random random = new Random(42);
        String[] words = {"ACADEMY", "DINOSAUR", "epic", "drama", "of", "a", "feminist", "and", "mad", "scientist",
                "who", "must", "battle", "teacher", "in", "the", "Canadian", "Rockies", "boat", "jet", "Mysql",
                "Lumberjack", "Database", "Administrator", "Shark", "Crocodile", "Pastry", "Chef", "Monkey"};
        StringBuilder sb = new StringBuilder(size + 1024);
        long aid = 1;
        while (sb.length() < size) {
            int kind = random.nextInt(3);
            if (kind == 0) {
                sb.append(aid++).append('\t').append(1 + aid / 100000).append('\t').append(random.nextInt(20000) - 10000)
                        .append('\t').append(" ".repeat(84)).append('\n');
            } else if (kind == 1) {
                sb.append(random.nextInt(10) + 1).append('\t').append(random.nextInt(100) + 1).append('\t')
                        .append(random.nextInt(1000000) + 1).append('\t').append(random.nextInt(10001) - 5000)
                        .append("\t2026-11-").append(10 + random.nextInt(12)).append(' ')
                        .append(String.format("%02d:%02d:%02d.%06d", random.nextInt(24), random.nextInt(60),
                                random.nextInt(60), random.nextInt(1000000)))
                        .append("\t\\N\n");
            } else {
                sb.append(aid).append('\t');
                for (int w = 0, n = 8 + random.nextInt(12); w < n; w++) {
                    sb.append(words[random.nextInt(words.length)]).append(w + 1 < n ? ' ' : '\t');
                }
                sb.append(2000 + random.nextInt(27)).append('\t').append(random.nextInt(7) + 1).append('\t')
                        .append(random.nextInt(500)).append('.').append(random.nextInt(100)).append("\t{\"")
                        .append(words[random.nextInt(words.length)]).append("\":").append(random.nextLong())
                        .append("}\t\\\\x").append(Long.toHexString(random.nextLong())).append('\n');
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
