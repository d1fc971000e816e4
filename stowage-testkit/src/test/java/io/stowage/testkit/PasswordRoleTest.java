package io.stowage.testkit;

import io.stowage.core.error.StowageException;
import io.stowage.postgres.jdbc.PgConnector;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordRoleTest {

    @Test
    void passwordRoleAcceptsItsPasswordAndRejectsAWrongOne() throws Exception {
        PgServer server = PgServers.getDefault();
        String role = "pw_" + Long.toString(System.nanoTime(), 36);
        server.createPasswordRole(role, "right horse battery");

        try (Connection c = PgConnector.open(server.settings(PgServer.MAINTENANCE_DB, role, "right horse battery"))) {
            assertThat(c.createStatement().executeQuery("SELECT current_user").next()).isTrue();
        }
        assertThatThrownBy(() -> PgConnector.open(server.settings(PgServer.MAINTENANCE_DB, role, "wrong")))
                .isInstanceOf(StowageException.class)
                .satisfies(e -> assertThat(((StowageException) e).sqlState()).isEqualTo("28P01"));
        Properties noPassword = new Properties();
        noPassword.setProperty("user", role);
        assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(PgServer.MAINTENANCE_DB), noPassword))
                .isInstanceOf(SQLException.class);
        // the kit's own superuser still connects without a password
        try (Connection c = server.connect(PgServer.MAINTENANCE_DB)) {
            assertThat(c.isValid(2)).isTrue();
        }
    }

    @Test
    void roleUsesScram() {
        PgServer server = PgServers.getDefault();
        String role = "pw_" + Long.toString(System.nanoTime(), 36);
        server.createPasswordRole(role, "secret");
        assertThat(server.queryColumn(PgServer.MAINTENANCE_DB,
                "SELECT left(rolpassword, 13) FROM pg_authid WHERE rolname = '" + role + "'"))
                .containsExactly("SCRAM-SHA-256");
    }
}
