package io.stowage.postgres.jdbc;

import io.stowage.core.progress.CopyProgress;
import io.stowage.core.progress.ProgressEvent;
import io.stowage.testkit.PgServer;
import io.stowage.testkit.PgServers;
import io.stowage.testkit.SslFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link CopyOut} against real servers: the same bytes and row counts as pgjdbc's CopyManager for
 * rows wider than its buffer, empty tables, many small rows and non-ASCII text, over plain and SSL
 * connections; server errors in mid-copy and failures of the caller's stream leave a connection
 * whose rollback and next statements work.
 */
class CopyOutTest {
    private static final int MB = 1 << 20;
    private static PgServer server;
    private static String db;

    @BeforeAll
    static void tables() {
        server = PgServers.get(15);
        db = server.createDatabase();
        server.execute(db,
                "CREATE TABLE wide (id int, t text, b bytea)",
                // incompressible values, so TOAST keeps them as wide as they are
                "INSERT INTO wide SELECT 1, string_agg(md5(g::text), '') , NULL FROM generate_series(1, " + (MB / 32) + ") g",
                "INSERT INTO wide SELECT 2, NULL, decode(string_agg(md5(g::text), ''), 'hex') FROM generate_series(1, " + (3 * MB / 16) + ") g",
                "INSERT INTO wide VALUES (3, 'short', '\\x00ff')",
                "CREATE TABLE empty (a int, b text)",
                "CREATE TABLE small AS SELECT g AS id, g % 7 AS k, CASE WHEN g % 5 = 0 THEN NULL ELSE 'r' || g END AS v "
                        + "FROM generate_series(1, 200000) g",
                "CREATE TABLE \"tëxt\" (id int, v text)",
                "INSERT INTO \"tëxt\" VALUES (1, 'grüße, 東京, ελληνικά, 🐘'), (2, E'tab\\there\\nnewline\\\\back'), (3, '')",
                "INSERT INTO \"tëxt\" SELECT g, repeat('ä€😀', g) FROM generate_series(4, 3000) g",
                // rows just under, at and over the size taken in place from pgjdbc's buffer, and over
                // that buffer, between small ones: every switch between the two ways of reading a row
                "CREATE TABLE mixed AS SELECT g AS id, CASE WHEN g % 3 = 0 THEN 'x' ELSE repeat('y', "
                        + "(ARRAY[65520, 65527, 65528, 65529, 65540, 200000, 300000])[1 + g % 7]) END AS v FROM generate_series(1, 400) g");
    }

    @AfterAll
    static void drop() {
        if (db != null) {
            server.dropDatabase(db);
        }
    }

    @AfterEach
    void direct() {
        CopyOut.forceFallback = false;
    }

    private static final List<String> COPIES = List.of(
            "COPY public.wide (id, t, b) TO stdout;",
            "COPY public.empty (a, b) TO stdout;",
            "COPY public.small TO STDOUT",
            "COPY public.\"tëxt\" (id, v) TO stdout;",
            "COPY (SELECT * FROM small WHERE id > 1000 ORDER BY id DESC) TO STDOUT WITH (FORMAT csv, HEADER)",
            "COPY wide TO STDOUT WITH (FORMAT binary)");

    @ParameterizedTest
    @ValueSource(strings = {"COPY public.wide (id, t, b) TO stdout;", "COPY public.empty (a, b) TO stdout;",
            "COPY public.small TO STDOUT", "COPY public.\"tëxt\" (id, v) TO stdout;",
            "COPY (SELECT * FROM small WHERE id > 1000 ORDER BY id DESC) TO STDOUT WITH (FORMAT csv, HEADER)",
            "COPY wide TO STDOUT WITH (FORMAT binary)", "COPY public.mixed (id, v) TO stdout;"})
    void sameBytesAndRowsAsCopyManager(String sql) throws Exception {
        try (Connection c = server.connect(db)) {
            Copied expected = copyManager(c, sql);
            CopyOut copy = new CopyOut(c);
            assertThat(copy.isDirect()).isTrue();
            assertThat(copy.inputBuffer()).as("pgjdbc's input buffer, grown").isGreaterThanOrEqualTo(CopyOut.INPUT_BUFFER);
            Copied got = copy(copy, sql);
            assertThat(got.rows).isEqualTo(expected.rows);
            assertThat(got.bytes).isEqualTo(expected.bytes);
            assertThat(selectOne(c)).isEqualTo(1);
        }
    }

    @Test
    void rowCountsAreTheTables() throws Exception {
        try (Connection c = server.connect(db)) {
            CopyOut copy = new CopyOut(c);
            assertThat(copy(copy, "COPY wide TO STDOUT").rows).isEqualTo(3);
            assertThat(copy(copy, "COPY empty TO STDOUT").rows).isZero();
            assertThat(copy(copy, "COPY small TO STDOUT").rows).isEqualTo(200_000);
            assertThat(copy(copy, "COPY \"tëxt\" TO STDOUT").rows).isEqualTo(3000);
            Copied wide = copy(copy, "COPY wide (t) TO STDOUT");
            assertThat(wide.bytes.length).as("the 1 MB value, a NULL and a short one").isEqualTo(MB + 1 + 3 + 6);
        }
    }

    @Test
    void wideRowsPassInChunksNoBiggerThanTheBuffer() throws Exception {
        try (Connection c = server.connect(db)) {
            List<Integer> writes = new ArrayList<>();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            OutputStream out = new OutputStream() {
                @Override
                public void write(int b) {
                    throw new AssertionError("single bytes");
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    writes.add(len);
                    all.write(b, off, len);
                }
            };
            long rows = new CopyOut(c).copy("COPY wide (b) TO STDOUT", out);
            assertThat(rows).isEqualTo(3);
            // the 3 MB bytea is 6 MB of hex text plus its \\x
            assertThat(all.size()).isGreaterThan(6 * MB);
            assertThat(writes).allSatisfy(n -> assertThat(n).isBetween(1, CopyOut.BUFFER_SIZE));
            assertThat(writes.size()).isGreaterThanOrEqualTo(all.size() / CopyOut.BUFFER_SIZE);
            assertThat(all.toByteArray()).isEqualTo(copyManager(c, "COPY wide (b) TO STDOUT").bytes);
        }
    }

    @Test
    void progressSeesEveryRowAndByte() throws Exception {
        try (Connection c = server.connect(db)) {
            List<ProgressEvent> events = new ArrayList<>();
            // report at every 64 KB, whatever the time
            CopyProgress progress = new CopyProgress(events::add, "public", "small", true, System::nanoTime, 64 << 10, Long.MAX_VALUE);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long rows = new CopyOut(c).copy("COPY small TO STDOUT", out, progress);
            assertThat(progress.rows()).isEqualTo(rows).isEqualTo(200_000);
            assertThat(progress.bytes()).isEqualTo(out.size());
            assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e).isInstanceOf(ProgressEvent.DataProgress.class));
            ProgressEvent.DataProgress last = (ProgressEvent.DataProgress) events.get(events.size() - 1);
            assertThat(last.rows()).isPositive().isLessThanOrEqualTo(rows);
        }
    }

    @Test
    void fallbackGivesTheSameBytes() throws Exception {
        try (Connection c = server.connect(db)) {
            List<Copied> direct = new ArrayList<>();
            CopyOut fast = new CopyOut(c);
            for (String sql : COPIES) {
                direct.add(copy(fast, sql));
            }
            CopyOut.forceFallback = true;
            CopyOut slow = new CopyOut(c);
            assertThat(slow.isDirect()).isFalse();
            for (int i = 0; i < COPIES.size(); i++) {
                CopyProgress progress = new CopyProgress(null, "public", "t", true);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                long rows = slow.copy(COPIES.get(i), out, progress);
                assertThat(rows).as(COPIES.get(i)).isEqualTo(direct.get(i).rows);
                assertThat(out.toByteArray()).as(COPIES.get(i)).isEqualTo(direct.get(i).bytes);
                assertThat(progress.bytes()).isEqualTo(out.size());
            }
        }
    }

    private static final String DIVIDES_BY_ZERO =
            "COPY (SELECT CASE WHEN g < 5000 THEN g ELSE 1/(g-g) END FROM generate_series(1,10000) g) TO STDOUT";

    @Test
    void serverErrorInMidCopyIsTheServersAndTheTransactionRollsBack() throws Exception {
        try (Connection c = server.connect(db)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO empty VALUES (1, 'rolled back')");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CopyOut copy = new CopyOut(c);
            assertThatThrownBy(() -> copy.copy(DIVIDES_BY_ZERO, out)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("division by zero")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22012"));
            // the server said so in its ReadyForQuery, and pgjdbc's own state follows it
            assertThat(c.unwrap(BaseConnection.class).getTransactionState()).isEqualTo(TransactionState.FAILED);
            assertThatThrownBy(() -> selectOne(c)).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25P02"));
            c.rollback();
            assertThat(selectOne(c)).isEqualTo(1);
            assertThat(count(c, "empty")).as("the insert was rolled back").isZero();
            c.rollback();
        }
    }

    @Test
    void serverErrorInsideASavepointLeavesTheTransactionGoing() throws Exception {
        try (Connection c = server.connect(db)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE kept (a int); INSERT INTO kept VALUES (7)");
            }
            CopyOut copy = new CopyOut(c);
            Savepoint sp = c.setSavepoint();
            assertThatThrownBy(() -> copy.copy(DIVIDES_BY_ZERO, OutputStream.nullOutputStream()))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22012"));
            c.rollback(sp);
            c.releaseSavepoint(sp);
            assertThat(count(c, "kept")).isEqualTo(1);
            assertThat(copy(copy, "COPY kept TO STDOUT").bytes).isEqualTo("7\n".getBytes(StandardCharsets.US_ASCII));
            c.rollback();
        }
    }

    @Test
    void errorsBeforeTheCopyStartsAndStatementsThatAreNoCopy() throws Exception {
        try (Connection c = server.connect(db)) {
            CopyOut copy = new CopyOut(c);
            assertThatThrownBy(() -> copy.copy("COPY no_such_table TO STDOUT", OutputStream.nullOutputStream()))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42P01"))
                    .hasMessageContaining("no_such_table");
            assertThat(selectOne(c)).isEqualTo(1);
            assertThatThrownBy(() -> copy.copy("SELECT 42", OutputStream.nullOutputStream())).isInstanceOf(SQLException.class)
                    .hasMessageContaining("did not start a COPY TO STDOUT");
            assertThat(selectOne(c)).isEqualTo(1);
            assertThatThrownBy(() -> copy.copy("COPY empty FROM STDIN", OutputStream.nullOutputStream()))
                    .isInstanceOf(SQLException.class);
            assertThat(selectOne(c)).isEqualTo(1);
            assertThat(count(c, "empty")).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void failingOutputStreamStopsTheCopyAndTheConnectionStaysInStep(boolean autoCommit) throws Exception {
        try (Connection c = server.connect(db)) {
            c.setAutoCommit(autoCommit);
            if (!autoCommit) {
                selectOne(c);
            }
            IOException full = new IOException("No space left on device");
            long[] written = {0};
            OutputStream out = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[]{(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (written[0] > 2 * MB) {
                        throw full;
                    }
                    written[0] += len;
                }
            };
            CopyOut copy = new CopyOut(c);
            // far more than the socket buffers hold, so the server is still sending when the stream fails
            assertThatThrownBy(() -> copy.copy("COPY (SELECT g, repeat('x', 100) FROM generate_series(1, 5000000) g) TO STDOUT", out))
                    .isSameAs(full);
            assertThat(c.isClosed()).isFalse();
            if (!autoCommit) {
                c.rollback();
            }
            assertThat(selectOne(c)).isEqualTo(1);
            assertThat(copy(copy, "COPY \"tëxt\" TO STDOUT").rows).isEqualTo(3000);
        }
    }

    @Test
    void aTransactionPgjdbcHasNotBegunYetIsBegunFirst() throws Exception {
        try (Connection c = server.connect(db)) {
            c.setAutoCommit(false);
            assertThat(c.unwrap(BaseConnection.class).getTransactionState()).isEqualTo(TransactionState.IDLE);
            Copied got = copy(new CopyOut(c), "COPY \"tëxt\" TO STDOUT");
            assertThat(got.rows).isEqualTo(3000);
            // the copy ran inside the connection's transaction, as CopyManager's would
            assertThat(c.unwrap(BaseConnection.class).getTransactionState()).isEqualTo(TransactionState.OPEN);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT now() = statement_timestamp()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).as("the transaction began before this statement").isFalse();
            }
            c.rollback();
        }
    }

    @Test
    void sslConnection() throws Exception {
        try (PgServer ssl = PgServers.startWithSsl(15)) {
            String sslDb = ssl.createDatabase();
            ssl.execute(sslDb, "CREATE TABLE t AS SELECT g, md5(g::text) AS h, repeat('ü', g % 500) AS u FROM generate_series(1, 100000) g",
                    "INSERT INTO t VALUES (0, repeat(md5('w'), 100000), 'wide')");
            SslFiles files = ssl.ssl().orElseThrow();
            Properties props = new Properties();
            props.setProperty("user", PgServer.SUPERUSER);
            props.setProperty("sslmode", "verify-full");
            props.setProperty("sslrootcert", files.rootCert().toString());
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + ssl.port() + "/" + sslDb, props)) {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBoolean(1)).isTrue();
                }
                Copied expected = copyManager(c, "COPY t TO STDOUT");
                CopyOut copy = new CopyOut(c);
                assertThat(copy.isDirect()).isTrue();
                Copied got = copy(copy, "COPY t TO STDOUT");
                assertThat(got.rows).isEqualTo(expected.rows).isEqualTo(100_001);
                assertThat(got.bytes).isEqualTo(expected.bytes);
                assertThatThrownBy(() -> copy.copy(DIVIDES_BY_ZERO, OutputStream.nullOutputStream()))
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22012"));
                assertThat(selectOne(c)).isEqualTo(1);
            }
        }
    }

    private record Copied(long rows, byte[] bytes) {
    }

    private static Copied copy(CopyOut copy, String sql) throws SQLException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long rows = copy.copy(sql, out);
        return new Copied(rows, out.toByteArray());
    }

    private static Copied copyManager(Connection c, String sql) throws SQLException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long rows = c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, out);
        return new Copied(rows, out.toByteArray());
    }

    private static int selectOne(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
