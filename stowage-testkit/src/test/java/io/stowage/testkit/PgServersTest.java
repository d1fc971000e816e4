package io.stowage.testkit;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.connect.SslMode;
import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgServersTest {

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {12, 18, PgServers.DEFAULT_MAJOR})
    void serverOfEachRequestedMajorStartsAndAnswers(int major) throws Exception {
        PgServer server = PgServers.get(major);
        assertThat(server.major()).isEqualTo(major);
        assertThat(server.version()).startsWith(major + ".");
        assertThat(PgServers.binariesVersion(major)).startsWith(server.version() + ".");
        assertThat(server.isShared()).isTrue();
        assertThat(PgServers.get(major)).isSameAs(server);
        try (Connection c = server.connect(PgServer.MAINTENANCE_DB); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int / 10000,"
                     + " pg_encoding_to_char(encoding), datcollate, current_setting('fsync'),"
                     + " current_setting('synchronous_commit'), current_setting('full_page_writes'),"
                     + " current_setting('max_connections')::int FROM pg_database WHERE datname = current_database()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(major);
            assertThat(rs.getString(2)).isEqualTo("UTF8");
            assertThat(rs.getString(3)).isEqualTo("C");
            assertThat(rs.getString(4)).isEqualTo("off");
            assertThat(rs.getString(5)).isEqualTo("off");
            assertThat(rs.getString(6)).isEqualTo("off");
            assertThat(rs.getInt(7)).isGreaterThanOrEqualTo(200);
        }
    }

    @Test
    void settingsDescribeTheServerForTheProductsConnector() {
        PgServer server = PgServers.getDefault();
        ConnectionSettings settings = server.settings("somedb");
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(server.port());
        assertThat(settings.user()).isEqualTo("postgres");
        assertThat(settings.password()).isNull();
        assertThat(settings.database()).isEqualTo("somedb");
        assertThat(settings.sslMode()).isEqualTo(SslMode.DISABLE);
        assertThat(server.settings("db", "alice", "pw").password().reveal()).isEqualTo("pw");
        assertThat(server.jdbcUrl("db")).isEqualTo("jdbc:postgresql://127.0.0.1:" + server.port() + "/db");
    }

    @Test
    void databasesAreCreatedEmptyAndDropped() throws Exception {
        PgServer server = PgServers.getDefault();
        String a = server.createDatabase();
        String b = server.createDatabase();
        assertThat(a).isNotEqualTo(b);
        server.execute(a, "CREATE TABLE t (x int)", "INSERT INTO t VALUES (1), (2)");
        assertThat(server.queryColumn(a, "SELECT x FROM t ORDER BY x")).containsExactly("1", "2");
        assertThat(server.queryColumn(b, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"))
                .containsExactly("0");
        String copy = server.copyDatabase(a);
        assertThat(server.queryColumn(copy, "SELECT count(*) FROM t")).containsExactly("2");

        server.createDatabase("named_by_test");
        try (Connection open = server.connect("named_by_test")) {
            // dropDatabase ends sessions still connected
            server.dropDatabase("named_by_test");
            assertThat(open.isValid(2)).isFalse();
        }
        for (String db : new String[] {a, b, copy}) {
            server.dropDatabase(db);
        }
        assertThat(server.queryColumn(PgServer.MAINTENANCE_DB,
                "SELECT count(*) FROM pg_database WHERE datname IN ('named_by_test', '" + a + "', '" + b + "', '" + copy + "')"))
                .containsExactly("0");
    }

    @Test
    void executeNamesTheFailingStatement() {
        PgServer server = PgServers.getDefault();
        assertThatThrownBy(() -> server.execute(PgServer.MAINTENANCE_DB, "SELECT 1", "SELEC 2"))
                .hasMessageContaining("SELEC 2").hasMessageContaining("42601");
    }

    @Test
    void unsupportedMajorIsRejected() {
        assertThatThrownBy(() -> PgServers.get(11)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PostgreSQL 11").hasMessageContaining("[12, 13, 14, 15, 16, 17, 18]");
        assertThat(PgServers.supportedMajors()).containsExactly(12, 13, 14, 15, 16, 17, 18);
    }

    @Test
    void missingBinariesSayWhatToRun() {
        assertThatThrownBy(() -> PgBinaries.findJar("9.9.9")).isInstanceOf(StowageException.class)
                .hasMessageContaining("9.9.9")
                .satisfies(e -> assertThat(((StowageException) e).fix()).contains("mvnw").contains("stowage.pgbin"));
    }

    @Test
    void privateServerStopsWhenClosed() throws Exception {
        int port;
        try (PgServer server = PgServers.startDefault()) {
            assertThat(server.isShared()).isFalse();
            assertThat(server.major()).isEqualTo(PgServers.DEFAULT_MAJOR);
            assertThat(server.port()).isNotEqualTo(PgServers.getDefault().port());
            port = server.port();
            assertThat(server.queryColumn(PgServer.MAINTENANCE_DB, "SELECT 1")).containsExactly("1");
        }
        assertThatThrownBy(() -> java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "postgres", "")).isInstanceOf(SQLException.class);
    }
}
