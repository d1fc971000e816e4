package io.stowage.postgres.jdbc;

import io.stowage.core.progress.CopyProgress;
import io.stowage.postgres.dump.binary.BinaryCopyToText;
import io.stowage.postgres.dump.binary.TextSink;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.PGStream;
import org.postgresql.core.VisibleBufferedInputStream;
import org.postgresql.core.QueryExecutor;
import org.postgresql.core.QueryExecutorBase;
import org.postgresql.core.TransactionState;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;

/**
 * Runs {@code COPY ... TO STDOUT} on a pgjdbc connection and moves the CopyData payloads straight
 * from the connection's socket stream into the caller's stream in large chunks.
 *
 * <p>Why it exists: pgjdbc's {@link CopyManager#copyOut(String, OutputStream)} hands over one
 * freshly allocated {@code byte[]} per row and takes the executor's lock for each; on a dump of
 * millions of rows that is CPU the server needs on a small machine (measured on the 1.2 GB
 * benchmark's {@code dump -Fd -j2 -Z0}: the client's CPU fell from 2.9 to 2.5 s with this class).
 * Here a row costs a few reads from the buffered stream and a copy into one reusable buffer.
 *
 * <p>What it relies on in pgjdbc (checked against 42.7): the connection is a {@link BaseConnection}
 * whose {@link QueryExecutor} extends {@link QueryExecutorBase}, which keeps the authenticated (and
 * possibly TLS-wrapped) {@link PGStream} in the protected field {@code pgStream} and its
 * {@link java.util.concurrent.locks.Lock} in {@code lock}; both are read once by reflection. The
 * statement goes out as a simple-protocol Query message; the ReadyForQuery that ends it updates
 * pgjdbc's {@link TransactionState} as pgjdbc would itself. Where any of this is missing the copy
 * falls back to {@link CopyManager} (logged once at debug level), as it does for a connection
 * outside autocommit whose transaction pgjdbc has not begun yet (pgjdbc sends that BEGIN itself).
 *
 * <p>A server error ends the copy with pgjdbc's own {@link PSQLException} (SQLSTATE, message,
 * detail, hint) after the server's ReadyForQuery, so the connection stays usable. When the caller's
 * stream fails, the running statement is cancelled and its remaining output read and dropped
 * before the stream's exception is rethrown; if even that fails the connection is aborted, so no
 * later statement can read the copy's leftovers. One instance per connection, used by one thread
 * at a time.
 */
public final class CopyOut {
    /** Bytes gathered before each write to the caller's stream. */
    static final int BUFFER_SIZE = 256 << 10;

    private static final Logger LOG = LoggerFactory.getLogger(CopyOut.class);
    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();
    private static final Field STREAM_FIELD;
    private static final Field LOCK_FIELD;
    private static final String UNAVAILABLE;
    /** PGStream's input buffer and the method that doubles it; null where pgjdbc lacks them. */
    private static final Field INPUT_FIELD;
    private static final java.lang.reflect.Method DOUBLE_BUFFER;
    /** The size pgjdbc's input buffer is grown to (from 8 kB), so that a read takes what the socket holds. */
    static final int INPUT_BUFFER = 256 << 10;
    /** The largest CopyData message taken straight from pgjdbc's buffer; longer ones are streamed through. */
    private static final int FAST_MESSAGE = 64 << 10;

    static {
        Field stream = null;
        Field lock = null;
        String why = null;
        try {
            stream = QueryExecutorBase.class.getDeclaredField("pgStream");
            lock = QueryExecutorBase.class.getDeclaredField("lock");
            if (!PGStream.class.isAssignableFrom(stream.getType()) || !Lock.class.isAssignableFrom(lock.getType())) {
                why = "QueryExecutorBase's pgStream or lock field has an unexpected type";
            } else {
                stream.setAccessible(true);
                lock.setAccessible(true);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            why = "pgjdbc's QueryExecutorBase fields are not accessible (" + e + ")";
        }
        STREAM_FIELD = why == null ? stream : null;
        LOCK_FIELD = why == null ? lock : null;
        UNAVAILABLE = why;
        Field input = null;
        java.lang.reflect.Method doubling = null;
        try {
            input = PGStream.class.getDeclaredField("pgInput");
            doubling = VisibleBufferedInputStream.class.getDeclaredMethod("doubleBuffer");
            if (VisibleBufferedInputStream.class.isAssignableFrom(input.getType())) {
                input.setAccessible(true);
                doubling.setAccessible(true);
            } else {
                input = null;
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            input = null;
        }
        INPUT_FIELD = input;
        DOUBLE_BUFFER = input == null ? null : doubling;
    }

    /** Tests set it (from this package) to force the CopyManager path. */
    static volatile boolean forceFallback;

    private final Connection connection;
    private final BaseConnection base;
    private final QueryExecutorBase executor;
    private final PGStream stream;
    private final Lock lock;
    /** pgjdbc's buffered socket input, read in place for rows; null: through {@link PGStream}'s methods only. */
    private final VisibleBufferedInputStream input;
    private byte[] buffer;

    /** A copier for {@code connection}, which stays the caller's to use and close. */
    public CopyOut(Connection connection) {
        this.connection = connection;
        BaseConnection b = null;
        QueryExecutorBase e = null;
        PGStream s = null;
        Lock l = null;
        String why = UNAVAILABLE;
        if (why == null && forceFallback) {
            why = "forced by a test";
        }
        if (why == null) {
            try {
                b = connection.unwrap(BaseConnection.class);
                QueryExecutor any = b.getQueryExecutor();
                if (any instanceof QueryExecutorBase qe) {
                    e = qe;
                    s = (PGStream) STREAM_FIELD.get(e);
                    l = (Lock) LOCK_FIELD.get(e);
                }
                if (s == null || l == null) {
                    why = "the connection's query executor is a " + (any == null ? "null" : any.getClass().getName())
                            + " without a PGStream";
                }
            } catch (SQLException | ReflectiveOperationException | RuntimeException ex) {
                why = "the connection is not pgjdbc's (" + ex + ")";
            }
        }
        if (why != null) {
            if (FALLBACK_LOGGED.compareAndSet(false, true)) {
                LOG.debug("COPY TO STDOUT goes through pgjdbc's CopyManager: {}", why);
            }
            b = null;
            e = null;
            s = null;
            l = null;
        }
        this.base = b;
        this.executor = e;
        this.stream = s;
        this.lock = l;
        this.input = s == null ? null : grownInput(s);
    }

    /**
     * The connection's input buffer, grown to {@link #INPUT_BUFFER} by pgjdbc's own doubling (which
     * keeps what is buffered): with the default 8 kB each socket read returns a few rows, and a
     * 1.2 GB dump made 190,000 reads. Null when pgjdbc's internals are not as expected.
     */
    private static VisibleBufferedInputStream grownInput(PGStream stream) {
        if (INPUT_FIELD == null) {
            return null;
        }
        try {
            VisibleBufferedInputStream in = (VisibleBufferedInputStream) INPUT_FIELD.get(stream);
            while (in != null && in.getBuffer().length < INPUT_BUFFER) {
                DOUBLE_BUFFER.invoke(in);
            }
            return in;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The size of pgjdbc's input buffer as this copier found and grew it; 0 when it reads through PGStream's methods only. */
    int inputBuffer() {
        return input == null ? 0 : input.getBuffer().length;
    }

    /** Whether copies read the socket stream directly (false: through pgjdbc's CopyManager). */
    public boolean isDirect() {
        return stream != null;
    }

    /**
     * Runs {@code binarySql}, a {@code COPY ... TO STDOUT (FORMAT binary)}, and writes to {@code out}
     * the text rows {@code converter} makes of its tuples: the bytes the same COPY in text format
     * would have written (see {@link BinaryCopyToText}), while the server spends less CPU on its
     * output functions. Otherwise as {@link #copy(String, OutputStream, CopyProgress)}; progress
     * counts the text written. A tuple the converter cannot read fails the copy (the server's
     * statement is cancelled and the connection stays usable) with an IOException.
     */
    public long copyAsText(String binarySql, BinaryCopyToText converter, OutputStream out, CopyProgress progress)
            throws SQLException, IOException {
        if (stream == null || (!connection.getAutoCommit() && executor.getTransactionState() == TransactionState.IDLE)) {
            CopyManager manager = connection.unwrap(PGConnection.class).getCopyAPI();
            org.postgresql.copy.CopyOut copy = manager.copyOut(binarySql);
            try {
                converter.convert(new CopyOutInput(copy), progress == null ? out : progress.counting(out, false));
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
            return copy.getHandledRowCount();
        }
        byte[] query = base.encodeString(binarySql);
        if (buffer == null) {
            buffer = new byte[BUFFER_SIZE];
        }
        lock.lock();
        try {
            return run(query, out, progress, new TupleText(converter));
        } finally {
            lock.unlock();
        }
    }

    /** pgjdbc's CopyOut as the stream of its data, one row's message after another. */
    private static final class CopyOutInput extends java.io.InputStream {
        private final org.postgresql.copy.CopyOut copy;
        private byte[] row = new byte[0];
        private int at;

        CopyOutInput(org.postgresql.copy.CopyOut copy) {
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (at == row.length) {
                try {
                    row = copy.readFromCopy();
                } catch (SQLException e) {
                    throw new IOException(e.getMessage(), e);
                }
                at = 0;
                if (row == null) {
                    row = new byte[0];
                    return -1;
                }
            }
            int n = Math.min(len, row.length - at);
            System.arraycopy(row, at, b, off, n);
            at += n;
            return n;
        }
    }

    /** The binary COPY format's header with no flags and no extension. */
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};

    /**
     * A binary copy's CopyData messages turned into text rows: the first message starts with the
     * format's header, each then holds tuples (PostgreSQL sends one per message), the last the
     * trailer.
     */
    private static final class TupleText {
        private final BinaryCopyToText converter;
        private final TextSink sink = new TextSink(BUFFER_SIZE + (BUFFER_SIZE >> 2));
        private boolean headerRead;
        private boolean ended;

        TupleText(BinaryCopyToText converter) {
            this.converter = converter;
        }

        /** Converts the message {@code b[offset, offset + length)} into the sink. */
        void message(byte[] b, int offset, int length) throws IOException {
            int p = offset;
            int end = offset + length;
            if (!headerRead) {
                p = BinaryCopyToText.skipHeader(b, p, end);
                if (p < 0) {
                    throw new IOException("binary COPY: the first message does not hold the whole header");
                }
                headerRead = true;
            }
            while (p < end) {
                if (ended) {
                    throw new IOException("binary COPY: data after the trailer");
                }
                int next = converter.convertTuple(b, p, end, sink);
                if (next == BinaryCopyToText.TRAILER) {
                    ended = true;
                    p += 2;
                } else {
                    p = next;
                }
            }
        }

        /**
         * Converts a message too long to hold (a tuple with big values), read from {@code in}: the
         * converter's stream entry point formats its long fields piece by piece.
         */
        void longMessage(java.io.InputStream in, int length, OutputStream text) throws IOException {
            java.io.InputStream body = in;
            if (!headerRead) {
                byte[] head = in.readNBytes(Math.min(length, 64));
                int header = BinaryCopyToText.skipHeader(head, 0, head.length);
                if (header < 0) {
                    throw new IOException("binary COPY: the first message does not hold the whole header");
                }
                headerRead = true;
                body = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head, header, head.length - header), in);
            }
            if (ended) {
                throw new IOException("binary COPY: data after the trailer");
            }
            // one tuple framed as a whole stream of its own: a header before it, the trailer after
            java.io.InputStream framed = new java.io.SequenceInputStream(java.util.Collections.enumeration(java.util.List.of(
                    new java.io.ByteArrayInputStream(HEADER), body,
                    new java.io.ByteArrayInputStream(new byte[] {(byte) 0xff, (byte) 0xff}))));
            sink.drainTo(text);
            converter.convert(framed, text);
        }
    }

    /** {@link #copy(String, OutputStream, CopyProgress)} without progress. */
    public long copy(String sql, OutputStream out) throws SQLException, IOException {
        return copy(sql, out, null);
    }

    /**
     * Runs {@code sql}, a {@code COPY ... TO STDOUT}, writing its data to {@code out} (not flushed,
     * not closed).
     *
     * @param progress told of each chunk's bytes and rows as it is written; may be null
     * @return the number of rows the server reported
     * @throws SQLException the server's error, or a statement that is not a COPY TO STDOUT
     * @throws IOException  {@code out} failed, or the connection broke (then it is closed)
     */
    public long copy(String sql, OutputStream out, CopyProgress progress) throws SQLException, IOException {
        if (stream == null || (!connection.getAutoCommit() && executor.getTransactionState() == TransactionState.IDLE)) {
            CopyManager manager = connection.unwrap(PGConnection.class).getCopyAPI();
            return manager.copyOut(sql, progress == null ? out : progress.counting(out, true));
        }
        byte[] query = base.encodeString(sql);
        if (buffer == null) {
            buffer = new byte[BUFFER_SIZE];
        }
        lock.lock();
        try {
            return run(query, out, progress, null);
        } finally {
            lock.unlock();
        }
    }

    /** One query's exchange, from Query to ReadyForQuery; {@code text} converts a binary copy's messages, or null. */
    private long run(byte[] query, OutputStream out, CopyProgress progress, TupleText text) throws SQLException, IOException {
        Exchange x = new Exchange(out, progress, text);
        try {
            stream.sendChar('Q');
            stream.sendInteger4(4 + query.length + 1);
            stream.send(query);
            stream.sendChar(0);
            stream.flush();
            x.readToReadyForQuery();
        } catch (IOException e) {
            // the socket broke or the stream is out of step: nothing can safely read from it again
            executor.abort();
            if (x.writeFailure != null) {
                x.writeFailure.addSuppressed(e);
                throw x.writeFailure;
            }
            throw new PSQLException("An I/O error occurred while reading COPY data: " + e.getMessage(),
                    PSQLState.CONNECTION_FAILURE, e);
        }
        if (x.writeFailure != null) {
            throw x.writeFailure;
        }
        if (x.error != null) {
            throw x.error;
        }
        if (!x.copied) {
            throw new PSQLException("the statement did not start a COPY TO STDOUT: " + new String(query, StandardCharsets.UTF_8),
                    PSQLState.WRONG_OBJECT_TYPE);
        }
        return x.rows;
    }

    /** The state of one exchange; everything it reads goes through {@link #stream}. */
    private final class Exchange {
        private final OutputStream out;
        private final CopyProgress progress;
        /** Converts each message of a binary copy into text rows; null for a text copy. */
        private final TupleText text;
        private int filled;
        private long rowsInBuffer;
        long rows;
        boolean copied;
        SQLException error;
        IOException writeFailure;

        Exchange(OutputStream out, CopyProgress progress, TupleText text) {
            this.out = out;
            this.progress = progress;
            this.text = text;
        }

        void readToReadyForQuery() throws IOException {
            while (true) {
                if (input != null && rowInPlace()) {
                    continue;
                }
                int type = stream.receiveChar();
                int length = stream.receiveInteger4() - 4;
                switch (type) {
                    case 'd' -> copyData(length);
                    case 'H' -> {
                        copied = true;
                        stream.skip(length);
                    }
                    case 'c' -> {
                        stream.skip(length);
                        if (text != null) {
                            flushText();
                        } else {
                            flushBuffer();
                        }
                    }
                    case 'C' -> commandComplete(length);
                    case 'E' -> {
                        ServerErrorMessage message = new ServerErrorMessage(stream.receiveErrorString(length));
                        if (error == null) {
                            error = new PSQLException(message, base.getLogServerErrorDetail());
                        }
                        // what was read before the error stays unwritten: the copy failed as a whole
                        filled = 0;
                        rowsInBuffer = 0;
                        if (text != null) {
                            text.sink.clear();
                        }
                    }
                    case 'G', 'W' -> {
                        // COPY FROM STDIN or replication: refuse it, the server answers with an error
                        stream.skip(length);
                        byte[] why = "stowage reads COPY TO STDOUT only\0".getBytes(StandardCharsets.US_ASCII);
                        stream.sendChar('f');
                        stream.sendInteger4(4 + why.length);
                        stream.send(why);
                        stream.flush();
                    }
                    case 'Z' -> {
                        int status = length == 1 ? stream.receiveChar() : -1;
                        if (length != 1) {
                            stream.skip(length);
                        }
                        readyForQuery(status);
                        return;
                    }
                    // NoticeResponse, ParameterStatus, NotificationResponse; a query's rows or an
                    // empty query, which end in the not-a-copy error
                    case 'N', 'S', 'A', 'T', 'D', 'I' -> stream.skip(length);
                    default -> throw new IOException("unexpected message type '" + (char) type + "' (" + type
                            + ") from the server during COPY TO STDOUT");
                }
            }
        }

        /**
         * The next message, when it is a CopyData of at most {@link #FAST_MESSAGE} bytes, copied
         * straight out of pgjdbc's input buffer: one bounds check and one array copy per row, where
         * the stream's methods take three calls. False, with nothing read, for any other message.
         */
        private boolean rowInPlace() throws IOException {
            if (writeFailure != null || !input.ensureBytes(5)) {
                return false;
            }
            byte[] b = input.getBuffer();
            int i = input.getIndex();
            if (b[i] != 'd') {
                return false;
            }
            int length = ((b[i + 1] & 0xff) << 24 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 8 | (b[i + 4] & 0xff)) - 4;
            if (length < 0 || length > FAST_MESSAGE || !input.ensureBytes(5 + length)) {
                return false;
            }
            // ensureBytes may have moved the bytes to the start of the buffer, or to a bigger one
            if (text != null) {
                b = input.getBuffer();
                i = input.getIndex();
                convert(b, i + 5, length);
                input.skip(5 + length);
                return true;
            }
            if (buffer.length - filled < length) {
                flushBuffer();
                if (writeFailure != null) {
                    return false;
                }
            }
            b = input.getBuffer();
            i = input.getIndex();
            System.arraycopy(b, i + 5, buffer, filled, length);
            filled += length;
            rowsInBuffer++;
            input.skip(5 + length);
            return true;
        }

        /** One message of a binary copy into the text sink, written out once it holds a buffer's worth. */
        private void convert(byte[] b, int offset, int length) throws IOException {
            if (writeFailure != null) {
                return;
            }
            int before = text.sink.size();
            try {
                text.message(b, offset, length);
            } catch (IOException | RuntimeException e) {
                text.sink.truncate(before);
                writeFailed(e instanceof IOException io ? io : new IOException(e.getMessage(), e));
                return;
            }
            rowsInBuffer++;
            if (text.sink.size() >= BUFFER_SIZE) {
                flushText();
            }
        }

        /** Writes the text rows converted so far. */
        private void flushText() {
            int n = text.sink.size();
            if (n == 0 || writeFailure != null) {
                return;
            }
            try {
                text.sink.drainTo(out);
                if (progress != null) {
                    progress.add(n, rowsInBuffer);
                }
            } catch (IOException e) {
                writeFailed(e);
            } catch (RuntimeException e) {
                writeFailed(new IOException(e.getMessage(), e));
            } finally {
                text.sink.clear();
                rowsInBuffer = 0;
            }
        }

        /**
         * A binary copy's message read from the stream: held and converted when it fits
         * {@link #FAST_MESSAGE}, else converted as it is read (a tuple of big values).
         */
        private void binaryData(int length) throws IOException {
            if (writeFailure != null) {
                stream.skip(length);
                return;
            }
            if (length <= FAST_MESSAGE) {
                // the text copy's buffer, which a binary copy writes nothing into (its rows go to the sink)
                stream.receive(buffer, 0, length);
                convert(buffer, 0, length);
                return;
            }
            flushText();
            MessageInput in = new MessageInput(length);
            io.stowage.core.io.CountingOutputStream counted = new io.stowage.core.io.CountingOutputStream(out);
            try {
                text.longMessage(in, length, counted);
                if (progress != null) {
                    progress.add(counted.count(), 1);
                }
            } catch (IOException | RuntimeException e) {
                if (in.failure != null) {
                    throw in.failure; // the connection, not the data
                }
                writeFailed(e instanceof IOException io ? io : new IOException(e.getMessage(), e));
            }
            stream.skip(in.left);
        }

        /** The next {@code length} bytes of the protocol stream: one CopyData message's payload. */
        private final class MessageInput extends java.io.InputStream {
            int left;
            IOException failure;

            MessageInput(int length) {
                this.left = length;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left == 0) {
                    return -1;
                }
                int n = Math.min(len, left);
                try {
                    stream.receive(b, off, n);
                } catch (IOException e) {
                    failure = e;
                    throw e;
                }
                left -= n;
                return n;
            }
        }

        /** A CopyData message, whatever its length, through the buffer and never held whole. */
        private void copyData(int length) throws IOException {
            if (text != null) {
                binaryData(length);
                return;
            }
            if (writeFailure != null) {
                stream.skip(length);
                return;
            }
            int left = length;
            while (left > 0) {
                int n = Math.min(left, buffer.length - filled);
                stream.receive(buffer, filled, n);
                filled += n;
                left -= n;
                if (filled == buffer.length) {
                    flushBuffer();
                    if (writeFailure != null) {
                        stream.skip(left);
                        return;
                    }
                }
            }
            // COPY TO sends each row in a message of its own
            rowsInBuffer++;
        }

        private void flushBuffer() throws IOException {
            if (filled == 0 || writeFailure != null) {
                return;
            }
            try {
                out.write(buffer, 0, filled);
                if (progress != null) {
                    progress.add(filled, rowsInBuffer);
                }
            } catch (IOException e) {
                writeFailed(e);
            } catch (RuntimeException e) {
                writeFailed(new IOException(e.getMessage(), e));
            } finally {
                filled = 0;
                rowsInBuffer = 0;
            }
        }

        /**
         * The caller's stream failed in mid-copy: ask the server to stop, then keep reading (and
         * dropping) to its ReadyForQuery, as CopyManager does, so the connection stays in step.
         */
        private void writeFailed(IOException e) {
            writeFailure = e;
            try {
                base.cancelQuery();
            } catch (SQLException | RuntimeException cancel) {
                // then the rest of the copy is read to its end
                e.addSuppressed(cancel);
            }
        }

        private void commandComplete(int length) throws IOException {
            byte[] tag = stream.receive(length);
            int end = length > 0 && tag[length - 1] == 0 ? length - 1 : length;
            String text = new String(tag, 0, end, StandardCharsets.US_ASCII);
            if (text.startsWith("COPY ")) {
                try {
                    rows = Long.parseLong(text.substring(5).trim());
                } catch (NumberFormatException e) {
                    throw new IOException("unexpected command tag \"" + text + "\" after COPY TO STDOUT", e);
                }
            }
        }

        /** pgjdbc's receiveRFQ: keep its idea of the transaction in step with the server's. */
        private void readyForQuery(int status) {
            switch (status) {
                case 'I' -> executor.setTransactionState(TransactionState.IDLE);
                case 'T' -> executor.setTransactionState(TransactionState.OPEN);
                case 'E' -> executor.setTransactionState(TransactionState.FAILED);
                default -> {
                    // an unknown status leaves pgjdbc's own
                }
            }
        }
    }
}
