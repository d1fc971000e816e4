package io.stowage.postgres.restore;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.progress.CopyProgress;
import io.stowage.postgres.jdbc.LocalServer;
import io.stowage.postgres.restore.binary.ColumnTypes;
import io.stowage.postgres.restore.binary.FieldConverter;
import io.stowage.postgres.restore.binary.PgType;
import org.postgresql.copy.CopyIn;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

    /** When a restore loads a table in binary. */
    enum Policy {
        /** Never: every table in text. */
        OFF,
        /**
         * The server shares the client's CPU: a table whose columns, by {@link ColumnTypes#localGainNanos},
         * save the server more CPU than their conversion costs the client, by at least
         * {@link #LOCAL_MIN_GAIN_NANOS} a row.
         */
        LOCAL,
        /**
         * The server is on another machine, so the client's CPU is its own: a table with a column
         * the server reads in binary for clearly less CPU ({@link ColumnTypes#cheaperInBinary}).
         */
        REMOTE
    }

    /**
     * The least saving per row, in CPU nanoseconds, for which a restore with the server on this
     * machine loads a table in binary: a margin for the binary stream, which is about a tenth
     * larger than the text.
     */
    static final int LOCAL_MIN_GAIN_NANOS = 100;

    /**
     * How a restore into {@code target} chooses binary loads. The conversion moves the parsing of
     * the rows from the server's CPU to the client's. With the server on another machine the
     * client's CPU is its own, and the server, which bounds a parallel restore, is spared the text
     * parsing ({@link Policy#REMOTE}). With both on one machine it pays only for the types whose
     * text input costs the server far more than their conversion costs the client, timestamps
     * above all ({@link Policy#LOCAL}; measured on the 2-core benchmark machine: the table events,
     * 3.4 million rows of bigint, integer, timestamptz, smallint, numeric, inet and text, costs the
     * server 4.9 s in text and 2.1 s in binary, and its conversion 0.7 s; the table documents, with
     * bytea, arrays and jsonb, 2.4 s and 1.7 s, and 0.3 s; a table of floats and text stays in text). {@code -Dstowage.restore.binary=true} (every table {@link Policy#REMOTE} would take),
     * {@code local} or {@code false} decides instead of the server's address (the tests use it).
     */
    static Policy policy(ConnectionSettings target) {
        String mode = System.getProperty("stowage.restore.binary", "auto");
        if ("true".equalsIgnoreCase(mode)) {
            return Policy.REMOTE;
        }
        if ("local".equalsIgnoreCase(mode)) {
            return Policy.LOCAL;
        }
        if ("false".equalsIgnoreCase(mode)) {
            return Policy.OFF;
        }
        return LocalServer.onThisMachine(target.host()) ? Policy.LOCAL : Policy.REMOTE;
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

    private final Policy policy;
    private final Reopen reopen;

    BinaryLoad(Policy policy, Reopen reopen) {
        this.policy = policy;
        this.reopen = reopen;
    }

    InputStream reopen() throws IOException {
        return reopen.open();
    }

    /**
     * The target's types of {@code copySql}'s columns, each with its converter; null to load in
     * text: the statement is not pg_dump's {@code COPY table (columns) FROM stdin;}, a column's
     * type has no converter, or the columns' types do not pay under the {@link Policy}.
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
        if (!pays(policy, types)) {
            return null;
        }
        List<FieldConverter> converters = new ArrayList<>(types.size());
        for (PgType t : types) {
            java.util.Optional<FieldConverter> c = ColumnTypes.forType(t);
            if (c.isEmpty()) {
                return null;
            }
            converters.add(c.get());
        }
        return converters;
    }

    /** Whether loading columns of {@code types} in binary pays under {@code policy}. */
    static boolean pays(Policy policy, List<PgType> types) {
        return switch (policy) {
            case OFF -> false;
            case LOCAL -> types.stream().mapToInt(ColumnTypes::localGainNanos).sum() >= LOCAL_MIN_GAIN_NANOS;
            case REMOTE -> types.stream().anyMatch(ColumnTypes::cheaperInBinary);
        };
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
