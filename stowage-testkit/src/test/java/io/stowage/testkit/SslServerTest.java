package io.stowage.testkit;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class SslServerTest {

    @Test
    void sslServerAcceptsVerifiedSslAndPlainConnections() throws Exception {
        Path dir;
        try (PgServer server = PgServers.startWithSsl(15)) {
            SslFiles ssl = server.ssl().orElseThrow();
            dir = ssl.directory();
            assertThat(Files.readString(ssl.serverKey())).startsWith("-----BEGIN PRIVATE KEY-----");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ssl.serverKey()))).isEqualTo("rw-------");
            assertThat(server.queryColumn(PgServer.MAINTENANCE_DB, "SHOW ssl")).containsExactly("on");

            Properties verified = new Properties();
            verified.setProperty("user", PgServer.SUPERUSER);
            verified.setProperty("sslmode", "verify-full");
            verified.setProperty("sslrootcert", ssl.rootCert().toString());
            try (Connection c = DriverManager.getConnection(
                    "jdbc:postgresql://localhost:" + server.port() + "/" + PgServer.MAINTENANCE_DB, verified);
                 ResultSet rs = c.createStatement().executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).isTrue();
            }
            // the kit's own connections stay plain
            assertThat(server.queryColumn(PgServer.MAINTENANCE_DB,
                    "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).containsExactly("f");
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void ordinaryServersHaveNoSsl() {
        PgServer server = PgServers.get(15);
        assertThat(server.ssl()).isEmpty();
        assertThat(server.queryColumn(PgServer.MAINTENANCE_DB, "SHOW ssl")).containsExactly("off");
    }
}
