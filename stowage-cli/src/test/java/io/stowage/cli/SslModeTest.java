package io.stowage.cli;

import io.stowage.testkit.PgServer;
import io.stowage.testkit.PgServers;
import io.stowage.testkit.SslFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every libpq {@code sslmode} through the CLI against a server with SSL (certificate for {@code localhost}
 * and {@code 127.0.0.1} from a throwaway CA) and one without. Whether a session really used SSL is read
 * from {@code pg_stat_ssl} by a script the CLI restores.
 */
class SslModeTest {
    private static final String PROBE = "CREATE TABLE public.t AS SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid();\n";
    private static PgServer sslServer;
    private static SslFiles certs;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSslServer() {
        sslServer = PgServers.startWithSsl(15);
        certs = sslServer.ssl().orElseThrow();
    }

    @AfterAll
    static void stopSslServer() {
        if (sslServer != null) {
            sslServer.close();
        }
    }

    @Test
    void disableAndAllowConnectWithoutSsl() throws IOException {
        assertThat(sessionUsedSsl(sslServer, "host=127.0.0.1 sslmode=disable")).isFalse();
        // allow tries a plain connection first, and the server takes it
        assertThat(sessionUsedSsl(sslServer, "host=127.0.0.1 sslmode=allow")).isFalse();
    }

    @Test
    void preferAndRequireConnectWithSsl() throws IOException {
        assertThat(sessionUsedSsl(sslServer, "host=127.0.0.1 sslmode=prefer")).isTrue();
        assertThat(sessionUsedSsl(sslServer, "host=127.0.0.1 sslmode=require")).isTrue();
        // prefer is libpq's default
        assertThat(sessionUsedSsl(sslServer, "host=127.0.0.1")).isTrue();
    }

    @Test
    void verifyCaAndVerifyFullAcceptTheServerCertificate() throws IOException {
        assertThat(sessionUsedSsl(sslServer, "host=127.0.0.1 sslmode=verify-ca sslrootcert=" + certs.rootCert())).isTrue();
        assertThat(sessionUsedSsl(sslServer, "host=localhost sslmode=verify-full sslrootcert=" + certs.rootCert())).isTrue();
        assertThat(sessionUsedSsl(sslServer, "host=127.0.0.1 sslmode=verify-full sslrootcert=" + certs.rootCert()))
                .as("127.0.0.1 is an IP SAN of the certificate").isTrue();
    }

    @Test
    void verifyFullRejectsANameNotInTheCertificate() throws Exception {
        // Another name for 127.0.0.1, private to a child JVM: the JDK resolves names from this file alone.
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n127.0.0.1 not-in-the-cert.test\n");
        Path home = Files.createDirectories(dir.resolve("home"));
        Path script = Files.writeString(dir.resolve("probe.sql"), PROBE);
        ChildCli child = ChildCli.withHome(home).jvm("-Djdk.net.hosts.file=" + hosts).jvm("-Duser.home=" + home);

        String wrongName = sslServer.createDatabase();
        ChildCli.Run r = child.run("restore", "-w", "-d", "host=not-in-the-cert.test port=" + sslServer.port()
                + " user=postgres dbname=" + wrongName + " sslmode=verify-full sslrootcert=" + certs.rootCert(), script.toString());
        ErrorCasesTest.assertOneLineError(r.result(), 3, "server certificate does not match host name \"not-in-the-cert.test\"");
        assertThat(sslServer.queryColumn(wrongName, "SELECT to_regclass('public.t')::text")).containsOnlyNulls();

        // the same child setup with the right name succeeds, so it was the name that failed
        String rightName = sslServer.createDatabase();
        ChildCli.Run ok = child.run("restore", "-w", "-d", "host=localhost port=" + sslServer.port()
                + " user=postgres dbname=" + rightName + " sslmode=verify-full sslrootcert=" + certs.rootCert(), script.toString());
        assertThat(ok.exit()).as(ok.toString()).isZero();
        assertThat(sslServer.queryColumn(rightName, "SELECT ssl FROM public.t")).containsExactly("t");
    }

    @Test
    void verifyCaWithoutARootCertificateFailsCleanly() throws Exception {
        // no sslrootcert, and an empty home, so there is no ~/.postgresql/root.crt either
        Path home = Files.createDirectories(dir.resolve("home"));
        Path script = Files.writeString(dir.resolve("probe.sql"), PROBE);
        String db = sslServer.createDatabase();
        ChildCli.Run r = ChildCli.withHome(home).jvm("-Duser.home=" + home)
                .run("restore", "-w", "-d", "host=127.0.0.1 port=" + sslServer.port() + " user=postgres dbname=" + db
                        + " sslmode=verify-ca", script.toString());
        ErrorCasesTest.assertOneLineError(r.result(), 3, "root.crt");
        assertThat(sslServer.queryColumn(db, "SELECT to_regclass('public.t')::text")).containsOnlyNulls();
    }

    @Test
    void aServerWithoutSslRefusesRequireButTakesAllowAndPrefer() throws IOException {
        PgServer plain = Servers.get(15);
        assertThat(plain.ssl()).isEmpty();
        assertThat(sessionUsedSsl(plain, "host=127.0.0.1 sslmode=allow")).isFalse();
        assertThat(sessionUsedSsl(plain, "host=127.0.0.1 sslmode=prefer")).isFalse();

        String db = plain.createDatabase();
        Path script = Files.writeString(dir.resolve("require.sql"), PROBE);
        Cli.Result r = Cli.run("restore", "-w", "-d", "host=127.0.0.1 port=" + plain.port() + " user=postgres dbname=" + db
                + " sslmode=require", script.toString());
        ErrorCasesTest.assertOneLineError(r, 3, "SSL");
        assertThat(plain.queryColumn(db, "SELECT to_regclass('public.t')::text")).containsOnlyNulls();
    }

    /** Restores the probe through the CLI with {@code conninfo} (plus port, user, dbname) and reads pg_stat_ssl.ssl. */
    private boolean sessionUsedSsl(PgServer server, String conninfo) throws IOException {
        String db = server.createDatabase();
        Path script = Files.writeString(Files.createTempFile(dir, "probe", ".sql"), PROBE);
        Cli.Result r = Cli.run("restore", "-w", "-d", conninfo + " port=" + server.port() + " user=postgres dbname=" + db,
                script.toString());
        assertThat(r.exit()).as(conninfo + "\n" + r).isZero();
        List<String> ssl = server.queryColumn(db, "SELECT ssl FROM public.t");
        assertThat(ssl).as(conninfo).hasSize(1);
        return ssl.get(0).equals("t");
    }
}
