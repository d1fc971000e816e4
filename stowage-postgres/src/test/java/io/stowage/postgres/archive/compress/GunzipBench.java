package io.stowage.postgres.archive.compress;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A micro benchmark, not a test: CPU seconds and MB/s of output of java.util.zip against ISA-L
 * inflating every {@code .gz} file of a directory (a pg_dump -Fd archive) to nowhere. Run with
 * {@code java -cp <test classpath> io.stowage.postgres.archive.compress.GunzipBench DIR [rounds]}.
 */
public final class GunzipBench {
    private GunzipBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".gz")).sorted().toList();
        }
        long compressed = 0;
        for (Path f : files) {
            compressed += Files.size(f);
        }
        System.out.printf("%d .gz files, %.1f MB compressed, ISA-L %s%n", files.size(), compressed / 1e6, Isal.available());
        for (int round = 0; round < rounds; round++) {
            run("java.util.zip GZIPInputStream(64 KB)", files, in -> new GZIPInputStream(in, 65_536));
            if (Isal.available()) {
                run("ISA-L IsalInflaterInputStream", files, in -> new IsalInflaterInputStream(in, Codecs.Wrapping.GZIP_FILE));
            }
        }
    }

    interface Opener {
        InputStream open(InputStream in) throws IOException;
    }

    private static void run(String name, List<Path> files, Opener opener) throws IOException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long out = 0;
        byte[] buf = new byte[65_536];
        for (Path f : files) {
            try (InputStream in = opener.open(Files.newInputStream(f))) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    out += n;
                }
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.out.printf("%-40s %8.1f MB out  wall %6.2f s  cpu %6.2f s  %7.1f MB/s (of output, per CPU-s %7.1f)%n",
                name, out / 1e6, wall, cpu, out / 1e6 / wall, out / 1e6 / cpu);
    }
}
