package io.stowage.postgres.archive;

import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.CompressionSpec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test support: feeds an archive that pg_dump wrote, read with our readers, through our writers,
 * and runs the real pg_restore.
 */
final class ReArchive {
    private static final byte[] COPY_END = "\\.\n\n\n".getBytes(StandardCharsets.US_ASCII);

    private ReArchive() {
    }

    static byte[] resource(String name) {
        try (InputStream in = ReArchive.class.getResourceAsStream("/archive/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OpenArchive open(byte[] archive) {
        return CustomArchiveReader.open(new ByteArrayInputStream(archive), "original.dump");
    }

    /** The original's header with the format code and compression field of the archive to write. */
    static ArchiveHeader header(ArchiveHeader original, ArchiveFormat format, ArchiveVersion version, CompressionSpec compression) {
        return new ArchiveHeader(version, 4, 8,
                format == ArchiveFormat.CUSTOM ? ArchiveHeader.FORMAT_CUSTOM : ArchiveHeader.FORMAT_TAR,
                ArchiveWriters.headerCompression(version, compression), original.created(), original.databaseName(),
                original.serverVersion(), original.pgDumpVersion());
    }

    /** Re-archives {@code original} (bytes of a custom archive) into {@code target} (null: {@code stdout}). */
    static long write(byte[] original, ArchiveFormat format, ArchiveVersion version, CompressionSpec compression,
                      Path target, OutputStream stdout) throws IOException {
        OpenArchive archive = open(original);
        return ArchiveWriters.write(format, target, stdout, header(archive.toc().header(), format, version, compression),
                archive.toc().entries(), compression, source(archive.data()));
    }

    /** The data of an archive we read, given back to a writer as an {@link ArchiveDataSource} would. */
    static ArchiveDataSource source(ArchiveData data) {
        return new ArchiveDataSource() {
            @Override
            public long writeTableData(TocEntry entry, OutputStream out) throws IOException {
                try (InputStream in = data.openData(entry)) {
                    if (entry.copyStatement() == null) {
                        in.transferTo(out);
                        return 0;
                    }
                    return copyWithoutTerminator(in, out);
                }
            }

            @Override
            public long writeLargeObjects(TocEntry entry, LargeObjectSink sink) throws IOException {
                long[] count = new long[1];
                data.readLargeObjects(entry, (oid, in) -> {
                    try (OutputStream out = sink.begin(oid)) {
                        in.transferTo(out);
                    }
                    count[0]++;
                });
                return count[0];
            }
        };
    }

    /** Copies COPY data less pg_dump's {@code \.} terminator, holding back only its five bytes; returns the rows. */
    private static long copyWithoutTerminator(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[8192 + COPY_END.length];
        int held = 0;
        long rows = 0;
        int n;
        while ((n = in.read(buffer, held, buffer.length - held)) >= 0) {
            int available = held + n;
            int emit = Math.max(0, available - COPY_END.length);
            out.write(buffer, 0, emit);
            for (int i = 0; i < emit; i++) {
                if (buffer[i] == '\n') {
                    rows++;
                }
            }
            System.arraycopy(buffer, emit, buffer, 0, available - emit);
            held = available - emit;
        }
        assertThat(Arrays.copyOf(buffer, held)).as("the end of pg_dump's COPY data").isEqualTo(COPY_END);
        return rows;
    }

    // ---- the real pg_restore ----

    static boolean pgRestoreAvailable() {
        try {
            return run(List.of("pg_restore", "--version"), null).exitCode == 0;
        } catch (IOException e) {
            return false;
        }
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs a command, feeding {@code stdin} (may be null) from a thread, and collects its output. */
    static Result run(List<String> command, StdinWriter stdin) throws IOException {
        Process process = new ProcessBuilder(command).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outReader = pump(process.getInputStream(), out);
        Thread errReader = pump(process.getErrorStream(), err);
        IOException[] stdinFailure = new IOException[1];
        if (stdin != null) {
            try (OutputStream in = process.getOutputStream()) {
                stdin.write(in);
            } catch (IOException e) {
                stdinFailure[0] = e;
            }
        } else {
            process.getOutputStream().close();
        }
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within 120 s");
            }
            outReader.join();
            errReader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (stdinFailure[0] != null) {
            throw new AssertionError(command + " stopped reading its input: " + err.toString(StandardCharsets.UTF_8), stdinFailure[0]);
        }
        return new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    interface StdinWriter {
        void write(OutputStream stdin) throws IOException;
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(to);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        t.start();
        return t;
    }

    /** {@code pg_restore args... path}; asserts success and no warnings, returns stdout. */
    static String pgRestore(Path archive, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("pg_restore");
        command.addAll(List.of(args));
        command.add(archive.toString());
        Result r = run(command, null);
        assertThat(r.exitCode()).as("%s exit code; stderr: %s", command, r.stderr()).isZero();
        assertThat(r.stderr()).as("%s stderr", command).isEmpty();
        return r.stdout();
    }

    /** A script from {@code pg_restore -f -} less its per-run random {@code \restrict} key. */
    static String normalizeScript(String script) {
        return script.replaceAll("(?m)^\\\\(un)?restrict \\S+$", "\\\\$1restrict KEY");
    }

    /** A {@code pg_restore -l} listing less the lines that name the format and compression. */
    static String listingBody(String listing) {
        return listing.replaceAll("(?m)^;\\s+(Format|Compression): .*\n", "");
    }
}
