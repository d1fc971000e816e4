package io.stowage.postgres.archive;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** What the archive writers share about data entries' payloads. */
final class DataPayloads {
    /** The end of a COPY entry's data: pg_dump's dumpTableData_copy writes {@code \.} and two blank lines. */
    static final byte[] COPY_END = "\\.\n\n\n".getBytes(StandardCharsets.US_ASCII);

    private DataPayloads() {
    }

    /** True when the entry's payload is large objects (a BLOBS entry), false for table data. */
    static boolean isLargeObjects(TocEntry entry) {
        return "BLOBS".equals(entry.desc());
    }

    /**
     * Writes a TABLE DATA entry's payload: the source's rows, then, for a COPY entry (one with a
     * copy statement), the terminator line. INSERT-mode entries are written as the source gives them.
     */
    static void writeTableData(ArchiveDataSource source, TocEntry entry, OutputStream out) throws IOException {
        source.writeTableData(entry, new CloseShield(out));
        if (entry.copyStatement() != null) {
            out.write(COPY_END);
        }
    }

    /** A stream whose close takes effect once: both the source and the writer may close a large object's stream. */
    static OutputStream closeOnce(OutputStream out) {
        return new FilterOutputStream(out) {
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    out.close();
                }
            }
        };
    }

    /** Keeps a source from closing (and so ending) a stream the writer still has to finish. */
    static final class CloseShield extends FilterOutputStream {
        CloseShield(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
