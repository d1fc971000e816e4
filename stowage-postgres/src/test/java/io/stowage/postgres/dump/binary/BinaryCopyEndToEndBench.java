package io.stowage.postgres.dump.binary;

import io.stowage.postgres.restore.binary.ColumnTypes;
import io.stowage.postgres.restore.binary.PgType;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/**
 * A table's text COPY against its binary COPY formatted by {@link BinaryCopyToText}, end to end
 * over a local server; not a test. For each: the server backend's CPU time (from /proc, so the
 * server must run on this machine) and this thread's CPU time reading CopyData messages with
 * pgjdbc's CopyOut (and, for binary, formatting each tuple as a CopyOut reader would), the output
 * discarded. Run with the dump's JVM options: {@code java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
 * -cp ... io.stowage.postgres.dump.binary.BinaryCopyEndToEndBench JDBC_URL TABLE [rounds]}.
 */
public final class BinaryCopyEndToEndBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private BinaryCopyEndToEndBench() {
    }

    public static void main(String[] args) throws Exception {
        String table = args[1];
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (Connection c = DriverManager.getConnection(args[0])) {
            try (Statement s = c.createStatement()) {
                s.execute("SET DateStyle = ISO");
                s.execute("SET TimeZone = 'UTC'");
                s.execute("SET extra_float_digits = 3");
            }
            int pid;
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
                r.next();
                pid = r.getInt(1);
            }
            List<PgType> types = ColumnTypes.resolve(c, table, List.of());
            BinaryCopyToText converter = BinaryCopyToText.forColumns(types, OutputSettings.of(c)).orElseThrow();
            OutputStream none = OutputStream.nullOutputStream();
            // the least per row of each over the rounds: {text server, text client, binary server, binary client}
            double[] least = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
            for (int round = 0; round < rounds; round++) {
                for (boolean binary : new boolean[]{false, true}) {
                    long server0 = serverTicks(pid);
                    long client0 = THREADS.getCurrentThreadCpuTime();
                    long wall0 = System.nanoTime();
                    CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI()
                            .copyOut("COPY " + table + " TO STDOUT" + (binary ? " (FORMAT binary)" : ""));
                    TextSink sink = new TextSink(1 << 17);
                    long rows = 0;
                    long bytes = 0;
                    boolean first = true;
                    byte[] m;
                    while ((m = copy.readFromCopy()) != null) {
                        bytes += m.length;
                        if (!binary) {
                            none.write(m, 0, m.length);
                            rows++;
                            continue;
                        }
                        int p = 0;
                        if (first) {
                            p = BinaryCopyToText.skipHeader(m, 0, m.length);
                            first = false;
                        }
                        if (converter.convertTuple(m, p, m.length, sink) != BinaryCopyToText.TRAILER) {
                            rows++;
                        }
                        if (sink.size() >= 1 << 16) {
                            sink.drainTo(none);
                        }
                    }
                    sink.drainTo(none);
                    long client = THREADS.getCurrentThreadCpuTime() - client0;
                    long wall = System.nanoTime() - wall0;
                    long server = (serverTicks(pid) - server0) * 10_000_000L; // 100 ticks a second
                    System.out.printf("%s: %d rows, %.0f MB, wall %.0f ms, server %.0f ms CPU (%.0f ns/row), "
                                    + "client %.0f ms CPU (%.0f ns/row), sum %.0f ns/row%n",
                            binary ? "binary" : "text  ", rows, bytes / 1048576.0, wall / 1e6, server / 1e6,
                            (double) server / rows, client / 1e6, (double) client / rows, (double) (server + client) / rows);
                    int at = binary ? 2 : 0;
                    least[at] = Math.min(least[at], (double) server / rows);
                    least[at + 1] = Math.min(least[at + 1], (double) client / rows);
                }
            }
            System.out.printf("%s: server saves %.0f ns/row, client spends %.0f ns/row more, local gain %.0f ns/row "
                            + "(least of %d rounds)%n", table, least[0] - least[2], least[3] - least[1],
                    least[0] - least[2] - (least[3] - least[1]), rounds);
        }
    }

    /** utime + stime of a process, in clock ticks. */
    private static long serverTicks(int pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
