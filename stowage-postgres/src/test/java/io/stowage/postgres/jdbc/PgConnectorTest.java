package io.stowage.postgres.jdbc;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.connect.PasswordMode;
import io.stowage.core.connect.PasswordPrompter;
import io.stowage.core.connect.PasswordSource;
import io.stowage.core.connect.Secret;
import io.stowage.core.connect.SslMode;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.postgres.jdbc.FakePgServer.AskPassword;
import io.stowage.postgres.jdbc.FakePgServer.Fatal;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgConnectorTest {
    private static final String SECRET = "Hunter2-Sekrit";

    private static ConnectionSettings settings(String host, int port, String password) {
        return new ConnectionSettings(host, port, "alice", Secret.of(password), "shop", SslMode.PREFER, 5, null, Map.of());
    }

    /** Every piece of text the exception could show: its messages, fix and causes' messages, and its stack trace. */
    private static String everything(Throwable t) {
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        t.printStackTrace(new PrintStream(trace, true, StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder(trace.toString(StandardCharsets.UTF_8));
        if (t instanceof StowageException se) {
            sb.append(se.oneLine()).append(se.fix());
        }
        return sb.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void refusedConnectionIsAConnectionErrorThatNamesHostAndPort() throws IOException {
        int port = freePort();
        ConnectionSettings s = settings("127.0.0.1", port, SECRET);
        assertThatThrownBy(() -> PgConnector.open(s)).isInstanceOf(StowageException.class).satisfies(t -> {
            StowageException e = (StowageException) t;
            assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION);
            assertThat(e.getMessage()).startsWith("connection to server at 127.0.0.1, port " + port + " failed: Connection refused")
                    .contains(s.display());
            assertThat(e.fix()).contains("accepting TCP/IP connections");
            assertThat(e.sqlState()).isEqualTo("08001");
            assertThat(e.oneLine()).doesNotContain("\n");
            assertThat(everything(e)).doesNotContain(SECRET);
        });
    }

    @Test
    void unknownHostIsAConnectionError() {
        ConnectionSettings s = settings("nonexistent.invalid", 5432, SECRET);
        assertThatThrownBy(() -> PgConnector.open(s)).isInstanceOf(StowageException.class).satisfies(t -> {
            StowageException e = (StowageException) t;
            assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION);
            assertThat(e.getMessage()).isEqualTo("connection to " + s.display()
                    + " failed: could not translate host name \"nonexistent.invalid\" to address");
            assertThat(e.fix()).contains("host name");
            assertThat(everything(e)).doesNotContain(SECRET);
        });
    }

    @Test
    void wrongPasswordIsAnAuthenticationErrorWithTheSqlstate() throws IOException {
        try (FakePgServer server = new FakePgServer(List.of(new AskPassword(),
                new Fatal("28P01", "password authentication failed for user \"alice\"")))) {
            ConnectionSettings s = settings("127.0.0.1", server.port(), SECRET);
            assertThatThrownBy(() -> PgConnector.open(s)).isInstanceOf(StowageException.class).satisfies(t -> {
                StowageException e = (StowageException) t;
                assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION);
                assertThat(e.sqlState()).isEqualTo("28P01");
                assertThat(e.getMessage()).isEqualTo("connection to postgresql://alice:****@127.0.0.1:" + server.port()
                        + "/shop?sslmode=prefer failed: password authentication failed for user \"alice\"");
                assertThat(e.fix()).contains("PGPASSWORD").contains("~/.pgpass").contains("-W");
                assertThat(everything(e)).doesNotContain(SECRET);
            });
            // The password went to the server, in the protocol only.
            assertThat(server.awaitSeen(1)).hasSize(1);
            assertThat(server.seen.get(0).password()).isEqualTo(SECRET);
            assertThat(server.seen.get(0).startup()).containsEntry("user", "alice").containsEntry("database", "shop")
                    .containsEntry("application_name", "stowage");
        }
    }

    @Test
    void wrongPasswordFromThePasswordFileSaysSo() throws IOException {
        try (FakePgServer server = new FakePgServer(List.of(new AskPassword(),
                new Fatal("28P01", "password authentication failed for user \"alice\"")))) {
            ConnectionSettings s = new ConnectionSettings("127.0.0.1", server.port(), "alice", Secret.of(SECRET), "shop",
                    SslMode.PREFER, 5, "nightly", Map.of(), Map.of(), PasswordSource.PASSWORD_FILE, Path.of("/home/a/.pgpass"));
            assertThatThrownBy(() -> PgConnector.open(s)).isInstanceOf(StowageException.class)
                    .hasMessageEndingWith("(password retrieved from file \"/home/a/.pgpass\")");
            assertThat(server.awaitSeen(1).get(0).startup()).containsEntry("application_name", "nightly");
        }
    }

    @Test
    void missingDatabaseIsDatabaseNotFound() throws IOException {
        try (FakePgServer server = new FakePgServer(List.of(new Fatal("3D000", "database \"shop\" does not exist")))) {
            ConnectionSettings s = settings("127.0.0.1", server.port(), SECRET);
            assertThatThrownBy(() -> PgConnector.open(s)).isInstanceOf(StowageException.class).satisfies(t -> {
                StowageException e = (StowageException) t;
                assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_NOT_FOUND);
                assertThat(e.sqlState()).isEqualTo("3D000");
                assertThat(e.getMessage()).endsWith("failed: database \"shop\" does not exist").contains(s.display());
                assertThat(e.fix()).contains("create it first").contains("-C");
                assertThat(everything(e)).doesNotContain(SECRET);
            });
        }
    }

    @Test
    void pgHbaRejectionIsAnAuthenticationError() throws IOException {
        // With sslmode=prefer the driver, like libpq, tries a second time the other way round after a pg_hba rejection.
        Fatal rejected = new Fatal("28000",
                "no pg_hba.conf entry for host \"127.0.0.1\", user \"alice\", database \"shop\", no encryption");
        try (FakePgServer server = new FakePgServer(List.of(rejected), List.of(rejected))) {
            StowageException e = catchStowage(() -> PgConnector.open(settings("127.0.0.1", server.port(), null)));
            assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION);
            assertThat(e.sqlState()).isEqualTo("28000");
            assertThat(e.fix()).contains("pg_hba.conf");
            assertThat(server.awaitSeen(2)).hasSize(2);
        }
    }

    @Test
    void otherServerErrorsKeepTheirSqlstate() throws IOException {
        try (FakePgServer server = new FakePgServer(List.of(new Fatal("53300", "sorry, too many clients already")))) {
            StowageException e = catchStowage(() -> PgConnector.open(settings("127.0.0.1", server.port(), null)));
            assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION);
            assertThat(e.sqlState()).isEqualTo("53300");
            assertThat(e.getMessage()).endsWith("sorry, too many clients already");
        }
    }

    @Test
    void noPasswordWithNeverModeFailsWithAFixAndDoesNotPrompt() throws IOException {
        List<String> prompts = new ArrayList<>();
        try (FakePgServer server = new FakePgServer(List.of(new AskPassword()))) {
            ConnectionSettings s = settings("127.0.0.1", server.port(), null);
            StowageException e = catchStowage(() -> PgConnector.connect(s, PasswordMode.NEVER, p -> {
                prompts.add(p);
                return Optional.of(Secret.of("x"));
            }));
            assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION);
            assertThat(e.getMessage()).contains("no password supplied");
            assertThat(e.fix()).contains("PGPASSWORD").contains("-w");
            assertThat(prompts).isEmpty();
        }
    }

    @Test
    void theDriverNeverReadsAPasswordFileOfItsOwn(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        // Stowage resolves the password file itself (with libpq's permission check); the driver must not
        // fall back to one when Stowage found no password.
        Path pgpass = java.nio.file.Files.writeString(dir.resolve("pgpass"), "*:*:*:*:" + SECRET + "\n");
        String previous = System.setProperty("org.postgresql.pgpassfile", pgpass.toString());
        try (FakePgServer server = new FakePgServer(List.of(new AskPassword()))) {
            StowageException e = catchStowage(() -> PgConnector.open(settings("127.0.0.1", server.port(), null)));
            assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION);
            assertThat(e.getMessage()).contains("no password supplied");
            assertThat(server.awaitSeen(1)).hasSize(1);
            assertThat(server.seen.get(0).password()).isNull();
        } finally {
            if (previous == null) {
                System.clearProperty("org.postgresql.pgpassfile");
            } else {
                System.setProperty("org.postgresql.pgpassfile", previous);
            }
        }
    }

    @Test
    void noPasswordInAutoModeWithoutConsoleFailsWithAFix() throws IOException {
        try (FakePgServer server = new FakePgServer(List.of(new AskPassword()))) {
            StowageException e = catchStowage(() -> PgConnector.connect(settings("127.0.0.1", server.port(), null),
                    PasswordMode.AUTO, PasswordPrompter.NONE));
            assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION);
            assertThat(e.fix()).startsWith("no console to prompt on");
        }
    }

    @Test
    void noPasswordInAutoModePromptsOnceAndRetriesWithTheTypedPassword() throws IOException {
        List<String> prompts = new ArrayList<>();
        try (FakePgServer server = new FakePgServer(List.of(new AskPassword()),
                List.of(new AskPassword(), new Fatal("28P01", "password authentication failed for user \"alice\"")))) {
            ConnectionSettings s = settings("127.0.0.1", server.port(), null);
            StowageException e = catchStowage(() -> PgConnector.connect(s, PasswordMode.AUTO, p -> {
                prompts.add(p);
                return Optional.of(Secret.of(SECRET));
            }));
            assertThat(prompts).containsExactly("Password: ");
            assertThat(server.awaitSeen(2)).hasSize(2);
            assertThat(server.seen.get(0).password()).isNull();
            assertThat(server.seen.get(1).password()).isEqualTo(SECRET);
            assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION);
            assertThat(e.getMessage()).contains(":****@");
            assertThat(e.fix()).contains("typed at the prompt");
            assertThat(everything(e)).doesNotContain(SECRET);
        }
    }

    @Test
    void thePasswordTravelsOnlyInProperties() {
        ConnectionSettings s = new ConnectionSettings("::1", 5433, "alice", Secret.of(SECRET), "my db/x?",
                SslMode.VERIFY_FULL, 0, null, Map.of("sslcert", "/c", "sslkey", "/k", "sslrootcert", "/r"),
                Map.of("options", "-c work_mem=64MB", "channel_binding", "require"), null, null);
        String url = PgConnector.url(s);
        assertThat(url).isEqualTo("jdbc:postgresql://[::1]:5433/my+db%2Fx%3F").doesNotContain(SECRET);
        Properties p = PgConnector.properties(s);
        assertThat(p.getProperty("stowage.password")).isEqualTo(SECRET);
        assertThat(p.getProperty("password")).isNull();
        assertThat(p.getProperty("authenticationPluginClassName")).isEqualTo(SettingsPasswordPlugin.class.getName());
        assertThat(p.getProperty("user")).isEqualTo("alice");
        assertThat(p.getProperty("sslmode")).isEqualTo("verify-full");
        assertThat(p.getProperty("sslcert")).isEqualTo("/c");
        assertThat(p.getProperty("sslkey")).isEqualTo("/k");
        assertThat(p.getProperty("sslrootcert")).isEqualTo("/r");
        assertThat(p.getProperty("options")).isEqualTo("-c work_mem=64MB");
        assertThat(p.getProperty("channelBinding")).isEqualTo("require");
        assertThat(p.getProperty("ApplicationName")).isEqualTo("stowage");
        assertThat(p.getProperty("connectTimeout")).isEqualTo("0");
        assertThat(p.getProperty("loginTimeout")).isNull();
        assertThat(s.toString()).doesNotContain(SECRET);
        assertThat(s.display()).doesNotContain(SECRET);
    }

    @Test
    void timeoutSetsConnectAndLoginTimeouts() {
        Properties p = PgConnector.properties(settings("h", 1, null));
        assertThat(p.getProperty("connectTimeout")).isEqualTo("5");
        assertThat(p.getProperty("loginTimeout")).isEqualTo("5");
        assertThat(p.getProperty("password")).isNull();
        assertThat(p.getProperty("stowage.password")).isNull();
    }

    @Test
    void sslcrlIsRejectedBecauseTheDriverCannotHonourIt() {
        ConnectionSettings s = new ConnectionSettings("h", 1, "u", null, "d", SslMode.REQUIRE, 0, null, Map.of("sslcrl", "/crl"));
        StowageException e = catchStowage(() -> PgConnector.open(s));
        assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
        assertThat(e.getMessage()).contains("sslcrl");
    }

    private static StowageException catchStowage(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        try {
            call.call();
        } catch (StowageException e) {
            assertThat(e.oneLine()).doesNotContain("\n");
            return e;
        } catch (Throwable t) {
            throw new AssertionError("expected a StowageException", t);
        }
        throw new AssertionError("expected a StowageException");
    }
}
