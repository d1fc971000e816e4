package io.stowage.postgres.restore;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.progress.CopyProgress;
import io.stowage.postgres.restore.binary.ColumnTypes;
import io.stowage.postgres.restore.binary.FieldConverter;
import io.stowage.postgres.restore.binary.PgType;
import org.postgresql.copy.CopyIn;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Loading one table's data in COPY's binary format, converted from the archive's text format on the
 * way in (see {@link io.stowage.postgres.restore.binary}). The server reads binary fields with the
 * types' receive functions, which cost far less than their text input functions for timestamps,
 * numerics and network addresses (measured on PostgreSQL 15: a 3.4 million row table of bigint,
 * integer, timestamptz, smallint, numeric, inet and text loads in 2.1-2.7 s binary against 3.9-4.4 s
 * text), and the restore is bound by the server's CPU.
 *
 * <p>Used only where the archive can be read again from its start: a field the conversion does not
 * read exactly makes the restore cancel the binary COPY (which then loaded nothing) and load the
 * table in text format from a fresh stream.
 */
final class BinaryLoad {

    /**
     * Whether a restore into {@code target} loads in binary where it can. The conversion moves the
     * parsing of the rows from the server's CPU to the client's: measured on the 2-core benchmark
     * machine with the server on it, the client spent about as many CPU-seconds converting
     * (+1.0 s for a 3.4 million row table of timestamps, numerics and addresses; +2.2 s for the whole
     * 1.2 GB dataset) as the server saved, so with both on one machine it gains nothing and is left
     * off. With the server on another machine the client's CPU is its own, and the server, which
     * bounds a parallel restore, is spared the text parsing. {@code -Dstowage.restore.binary=true}
     * or {@code false} decides instead of the server's address (the tests use it).
     */
    static boolean wanted(ConnectionSettings target) {
        String mode = System.getProperty("stowage.restore.binary", "auto");
        if ("true".equalsIgnoreCase(mode)) {
            return true;
        }
        if ("false".equalsIgnoreCase(mode)) {
            return false;
        }
        return !onThisMachine(target.host());
    }

    /**
     * Whether every host of {@code hosts} (libpq's comma-separated list) is this machine: none
     * given, a Unix socket directory, a loopback address, or one of this machine's own addresses.
     * A name that does not resolve counts as this machine, which keeps the text path.
     */
    static boolean onThisMachine(String hosts) {
        if (hosts == null || hosts.isBlank()) {
            return true;
        }
        for (String host : hosts.split(",")) {
            String h = host.strip();
            if (h.isEmpty() || h.startsWith("/") || h.startsWith("@") || h.equalsIgnoreCase("localhost")) {
                continue;
            }
            try {
                InetAddress address = InetAddress.getByName(h);
                if (!address.isLoopbackAddress() && !address.isAnyLocalAddress() && NetworkInterface.getByInetAddress(address) == null) {
                    return false;
                }
            } catch (IOException | RuntimeException e) {
                // unresolvable here: the connection reports it; the text path is the safe one
            }
        }
        return true;
    }

    /**
     * The least stored data of an entry loaded in binary: below it the catalog query for the
     * column types costs more than the conversion saves.
     */
    static final long MIN_BYTES = 1L << 20;

    /** Opens the entry's text COPY data again from its start. */
    @FunctionalInterface
    interface Reopen {
        InputStream open() throws IOException;
    }

    private final Reopen reopen;

    BinaryLoad(Reopen reopen) {
        this.reopen = reopen;
    }

    InputStream reopen() throws IOException {
        return reopen.open();
    }

    /**
     * The target's types of {@code copySql}'s columns, each with its converter; null to load in
     * text: the statement is not pg_dump's {@code COPY table (columns) FROM stdin;}, a column's
     * type has no converter, or no column is of a type the server reads in binary for clearly
     * less CPU.
     */
    List<FieldConverter> converters(Connection connection, String copySql) throws SQLException {
        Statement statement = parse(copySql);
        if (statement == null) {
            return null;
        }
        List<String> names = new ArrayList<>(statement.columns().size());
        for (String c : statement.columns()) {
            names.add(SqlTokens.unquoteIdent(c));
        }
        List<PgType> types = ColumnTypes.resolve(connection, statement.table(), names);
        List<FieldConverter> converters = new ArrayList<>(types.size());
        boolean pays = false;
        for (PgType t : types) {
            java.util.Optional<FieldConverter> c = ColumnTypes.forType(t);
            if (c.isEmpty()) {
                return null;
            }
            converters.add(c.get());
            pays |= ColumnTypes.cheaperInBinary(t);
        }
        return pays ? converters : null;
    }

    /** pg_dump's {@code COPY table (columns) FROM stdin;} with {@code WITH (options)} before the semicolon. */
    static String copyWith(String copySql, String options) {
        String s = copySql.strip();
        if (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1);
        }
        return s + " WITH (" + options + ");";
    }

    /** The table (as SQL) and the column names (as SQL identifiers, quoted where pg_dump quoted them). */
    record Statement(String table, List<String> columns) {
    }

    /** pg_dump's {@code COPY table (col, "Col 2") FROM stdin;}, or null for anything else. */
    static Statement parse(String copySql) {
        String s = copySql.strip();
        if (!s.startsWith("COPY ") || !s.endsWith(" FROM stdin;")) {
            return null;
        }
        String body = s.substring(5, s.length() - " FROM stdin;".length());
        int open = columnsStart(body);
        if (open < 0 || !body.endsWith(")")) {
            return null;
        }
        String table = body.substring(0, open).strip();
        List<String> columns = new ArrayList<>();
        String list = body.substring(open + 1, body.length() - 1);
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i <= list.length(); i++) {
            char c = i < list.length() ? list.charAt(i) : ',';
            if (c == '"') {
                quoted = !quoted; // a doubled quote toggles twice
            } else if (c == ',' && !quoted) {
                String column = list.substring(start, i).strip();
                if (column.isEmpty()) {
                    return null;
                }
                columns.add(column);
                start = i + 1;
            }
        }
        return table.isEmpty() || quoted || columns.isEmpty() ? null : new Statement(table, List.copyOf(columns));
    }

    /** The index of the parenthesis that opens the column list: the first one outside quotes. */
    private static int columnsStart(String body) {
        boolean quoted = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '(' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /** The archive's text as it is read, counted and reported as the load's progress. */
    static final class Counting extends FilterInputStream {
        private final CopyProgress progress;
        private long count;

        Counting(InputStream in, CopyProgress progress) {
            super(in);
            this.progress = progress;
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(int n) {
            count += n;
            progress.add(n, 0);
        }
    }

    /**
     * A COPY's data as a stream: each write goes out as CopyData. Unbuffered (writers write large
     * chunks), and closing it does not end the COPY: only {@link CopyIn#endCopy()} commits the rows,
     * so that a cancelled COPY can never be ended by accident.
     */
    static final class CopyInStream extends OutputStream {
        /** The server's error while the data was being sent, carried through the stream's IOException. */
        static final class Failure extends IOException {
            private static final long serialVersionUID = 1L;

            Failure(SQLException cause) {
                super(cause.getMessage(), cause);
            }

            @Override
            public synchronized SQLException getCause() {
                return (SQLException) super.getCause();
            }
        }

        private final CopyIn copyIn;

        CopyInStream(CopyIn copyIn) {
            this.copyIn = copyIn;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            try {
                copyIn.writeToCopy(b, off, len);
            } catch (SQLException e) {
                throw new Failure(e);
            }
        }
    }
}
