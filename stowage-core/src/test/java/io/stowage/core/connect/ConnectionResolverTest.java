package io.stowage.core.connect;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.stowage.core.connect.ConnectionStringsTest.assertUsage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class ConnectionResolverTest {
    @TempDir
    Path home;

    private final Map<String, String> vars = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> prompts = new ArrayList<>();
    private String typed;

    @BeforeEach
    void noPrompter() {
        typed = null;
    }

    private ConnectionEnvironment env() {
        PasswordPrompter prompter = prompt -> {
            prompts.add(prompt);
            return Optional.ofNullable(typed).map(Secret::of);
        };
        return new ConnectionEnvironment(vars, home, "osuser", prompter, warnings::add);
    }

    private ConnectionSettings resolve(String dbname) {
        return ConnectionResolver.resolve(ConnectionRequest.of(dbname), env());
    }

    private ConnectionSettings resolve(String dbname, String host, String port, String user, PasswordMode mode) {
        return ConnectionResolver.resolve(new ConnectionRequest(dbname, host, port, user, mode), env());
    }

    private Path write(Path file, String... lines) throws IOException {
        Files.write(file, List.of(lines));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void defaultsAreLocalhost5432OsUserAndADatabaseNamedLikeTheUser() {
        ConnectionSettings s = resolve(null);
        assertThat(s.host()).isEqualTo("localhost");
        assertThat(s.port()).isEqualTo(5432);
        assertThat(s.user()).isEqualTo("osuser");
        assertThat(s.database()).isEqualTo("osuser");
        assertThat(s.sslMode()).isEqualTo(SslMode.PREFER);
        assertThat(s.password()).isNull();
        assertThat(s.passwordSource()).isEqualTo(PasswordSource.NONE);
        assertThat(s.connectTimeoutSeconds()).isZero();
        assertThat(s.applicationName()).isNull();
        assertThat(s.sslParams()).isEmpty();
        assertThat(s.driverParams()).isEmpty();
    }

    @Test
    void databaseDefaultsToTheResolvedUser() {
        assertThat(resolve(null, null, null, "alice", PasswordMode.AUTO).database()).isEqualTo("alice");
        vars.put("PGUSER", "bob");
        assertThat(resolve(null).database()).isEqualTo("bob");
    }

    @Test
    void flagsApplyWhenTheDatabaseIsAPlainName() {
        ConnectionSettings s = resolve("shop", "db.example.com", "6543", "alice", PasswordMode.AUTO);
        assertThat(s.display()).isEqualTo("postgresql://alice@db.example.com:6543/shop?sslmode=prefer");
    }

    @Test
    void connectionStringValuesOverrideFlagsAsInPgDump() {
        ConnectionSettings s = resolve("host=fromconninfo dbname=shop", "fromflag", "6543", "alice", PasswordMode.AUTO);
        assertThat(s.host()).isEqualTo("fromconninfo");
        assertThat(s.port()).isEqualTo(6543);
        assertThat(s.user()).isEqualTo("alice");
        ConnectionSettings u = resolve("postgresql://bob@urihost:7777/shop", "fromflag", "6543", "alice", PasswordMode.AUTO);
        assertThat(u.host()).isEqualTo("urihost");
        assertThat(u.port()).isEqualTo(7777);
        assertThat(u.user()).isEqualTo("bob");
    }

    @Test
    void flagsOverrideEnvironment() {
        vars.putAll(Map.of("PGHOST", "envhost", "PGPORT", "1111", "PGUSER", "envuser", "PGDATABASE", "envdb"));
        ConnectionSettings s = resolve("shop", "flaghost", "2222", "flaguser", PasswordMode.AUTO);
        assertThat(s.display()).isEqualTo("postgresql://flaguser@flaghost:2222/shop?sslmode=prefer");
        ConnectionSettings e = resolve(null);
        assertThat(e.display()).isEqualTo("postgresql://envuser@envhost:1111/envdb?sslmode=prefer");
    }

    @Test
    void environmentFillsEveryKeyword() {
        vars.putAll(Map.of("PGSSLMODE", "verify-full", "PGCONNECT_TIMEOUT", "15", "PGAPPNAME", "nightly",
                "PGSSLCERT", "/c", "PGSSLKEY", "/k", "PGSSLROOTCERT", "/r", "PGOPTIONS", "-c work_mem=64MB",
                "PGCHANNELBINDING", "require", "PGPASSWORD", "envpw"));
        ConnectionSettings s = resolve("shop");
        assertThat(s.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(s.connectTimeoutSeconds()).isEqualTo(15);
        assertThat(s.applicationName()).isEqualTo("nightly");
        assertThat(s.sslParams()).containsOnly(entry("sslcert", "/c"), entry("sslkey", "/k"), entry("sslrootcert", "/r"));
        assertThat(s.driverParams()).containsOnly(entry("options", "-c work_mem=64MB"), entry("channel_binding", "require"));
        assertThat(s.password().reveal()).isEqualTo("envpw");
        assertThat(s.passwordSource()).isEqualTo(PasswordSource.ENVIRONMENT);
    }

    @Test
    void anEmptyUriPathStillLetsPgdatabaseApply() {
        vars.put("PGDATABASE", "envdb");
        assertThat(resolve("postgresql://h").database()).isEqualTo("envdb");
        assertThat(resolve("postgresql://h/").database()).isEqualTo("envdb");
    }

    @Test
    void applicationNameFallsBackToFallbackApplicationName() {
        assertThat(resolve("fallback_application_name=fb dbname=x").applicationName()).isEqualTo("fb");
        assertThat(resolve("fallback_application_name=fb application_name=an dbname=x").applicationName()).isEqualTo("an");
    }

    @Test
    void connectTimeoutFollowsLibpq() {
        assertThat(resolve("connect_timeout=0 dbname=x").connectTimeoutSeconds()).isZero();
        assertThat(resolve("connect_timeout=-3 dbname=x").connectTimeoutSeconds()).isZero();
        assertThat(resolve("connect_timeout=1 dbname=x").connectTimeoutSeconds()).isEqualTo(2);
        assertThat(resolve("connect_timeout=30 dbname=x").connectTimeoutSeconds()).isEqualTo(30);
        assertUsage(() -> resolve("connect_timeout=soon dbname=x"),
                "invalid integer value \"soon\" for connection option \"connect_timeout\"");
    }

    @Test
    void everySslMode() {
        for (SslMode mode : SslMode.values()) {
            assertThat(resolve("sslmode=" + mode.keyword() + " dbname=x").sslMode()).isEqualTo(mode);
        }
        assertUsage(() -> resolve("sslmode=always dbname=x"), "invalid sslmode value: \"always\"");
        assertThat(resolve("postgresql://h/d?ssl=true").sslMode()).isEqualTo(SslMode.REQUIRE);
    }

    @Test
    void badPortsAreUsageErrors() {
        for (String port : new String[] {"abc", "0", "65536", "-1", "54x"}) {
            assertUsage(() -> resolve("shop", null, port, null, PasswordMode.AUTO), "invalid port number: \"" + port + "\"");
        }
        assertUsage(() -> resolve("postgresql://h:99999/d"), "invalid port number: \"99999\"");
        vars.put("PGPORT", "x");
        assertUsage(() -> resolve("shop"), "invalid port number: \"x\"");
        assertThat(resolve("shop", null, "65535", null, PasswordMode.AUTO).port()).isEqualTo(65535);
    }

    @Test
    void unixSocketsAreRejectedWithAFix() {
        for (String host : new String[] {"/var/run/postgresql", "@abstract"}) {
            assertUsage(() -> resolve("shop", host, null, null, PasswordMode.AUTO), "Unix-domain sockets are not supported");
        }
        assertUsage(() -> resolve("postgresql://%2Ftmp/shop"), "Unix-domain sockets are not supported");
        StowageException e = catchUsage(() -> resolve("host=/tmp dbname=x"));
        assertThat(e.fix()).contains("-h 127.0.0.1").contains("localhost");
    }

    @Test
    void multipleHostsAreRejected() {
        assertUsage(() -> resolve("postgresql://a,b/shop"), "multiple hosts are not supported yet");
        assertUsage(() -> resolve("postgresql://a:1,b:2/shop"), "multiple hosts are not supported yet");
        assertUsage(() -> resolve("shop", "a,b", null, null, PasswordMode.AUTO), "multiple hosts are not supported yet");
        assertUsage(() -> resolve("host=a port=1,2 dbname=x"), "multiple hosts are not supported yet");
    }

    @Test
    void unsupportedAndIgnoredOptions() {
        assertUsage(() -> resolve("hostaddr=1.2.3.4 dbname=x"), "connection option \"hostaddr\" (in the connection string) is not supported");
        assertUsage(() -> resolve("postgresql://h/d?target_session_attrs=read-write"), "target_session_attrs=read-write is not supported");
        assertThat(resolve("postgresql://h/d?target_session_attrs=any").host()).isEqualTo("h");
        assertUsage(() -> resolve("postgresql://h/d?channel_binding=maybe"), "invalid channel_binding value");
        ConnectionSettings s = resolve("postgresql://h/d?keepalives=1");
        assertThat(s.host()).isEqualTo("h");
        assertThat(warnings).containsExactly("connection option \"keepalives\" is ignored by stowage");
        vars.put("PGHOSTADDR", "1.2.3.4");
        assertUsage(() -> resolve("shop"), "PGHOSTADDR is not supported");
    }

    @Test
    void passwordPrecedenceConnectionStringThenEnvironmentThenPasswordFile() throws IOException {
        write(home.resolve(".pgpass"), "*:*:*:*:filepw");
        assertThat(reveal(resolve("shop"))).isEqualTo("filepw");
        assertThat(resolve("shop").passwordSource()).isEqualTo(PasswordSource.PASSWORD_FILE);
        assertThat(resolve("shop").passwordFile()).isEqualTo(home.resolve(".pgpass"));
        vars.put("PGPASSWORD", "envpw");
        assertThat(reveal(resolve("shop"))).isEqualTo("envpw");
        assertThat(reveal(resolve("postgresql://u:uripw@h/shop"))).isEqualTo("uripw");
        assertThat(resolve("postgresql://u:uripw@h/shop").passwordSource()).isEqualTo(PasswordSource.CONNECTION_STRING);
        // An empty PGPASSWORD counts as none, so the password file is consulted.
        vars.put("PGPASSWORD", "");
        assertThat(reveal(resolve("shop"))).isEqualTo("filepw");
    }

    @Test
    void passwordFileIsMatchedOnTheResolvedValues() throws IOException {
        write(home.resolve(".pgpass"),
                "localhost:5432:shop:osuser:local",
                "db.example.com:6543:shop:alice:remote",
                "db.example.com:*:*:alice:remote-any");
        assertThat(reveal(resolve("shop"))).isEqualTo("local");
        assertThat(reveal(resolve("postgresql://alice@db.example.com:6543/shop"))).isEqualTo("remote");
        assertThat(reveal(resolve("postgresql://alice@db.example.com/other"))).isEqualTo("remote-any");
        assertThat(resolve("postgresql://carol@db.example.com/other").password()).isNull();
    }

    @Test
    void passfileKeywordAndPgpassfileChooseTheFile() throws IOException {
        write(home.resolve(".pgpass"), "*:*:*:*:default");
        Path other = write(home.resolve("other.pgpass"), "*:*:*:*:other");
        Path third = write(home.resolve("third.pgpass"), "*:*:*:*:third");
        vars.put("PGPASSFILE", other.toString());
        assertThat(reveal(resolve("shop"))).isEqualTo("other");
        assertThat(reveal(resolve("passfile=" + third + " dbname=shop"))).isEqualTo("third");
    }

    @Test
    void insecurePasswordFileIsIgnoredWithWarning() throws IOException {
        Path f = write(home.resolve(".pgpass"), "*:*:*:*:filepw");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        ConnectionSettings s = resolve("shop");
        assertThat(s.password()).isNull();
        assertThat(s.passwordFile()).isNull();
        assertThat(warnings).containsExactly("password file \"" + f
                + "\" has group or world access; permissions should be u=rw (0600) or less");
        // libpq only looks at the file when it needs a password.
        warnings.clear();
        vars.put("PGPASSWORD", "envpw");
        resolve("shop");
        assertThat(warnings).isEmpty();
    }

    @Test
    void forcePromptsBeforeConnectingAndOutranksEnvironmentButNotTheConnectionString() throws IOException {
        write(home.resolve(".pgpass"), "*:*:*:*:filepw");
        vars.put("PGPASSWORD", "envpw");
        typed = "typedpw";
        ConnectionSettings s = resolve("shop", null, null, null, PasswordMode.FORCE);
        assertThat(reveal(s)).isEqualTo("typedpw");
        assertThat(s.passwordSource()).isEqualTo(PasswordSource.PROMPT);
        assertThat(prompts).containsExactly("Password: ");
        prompts.clear();
        assertThat(reveal(resolve("postgresql://u:uripw@h/shop", null, null, null, PasswordMode.FORCE))).isEqualTo("uripw");
        assertThat(prompts).isEmpty();
        // AUTO and NEVER never prompt while resolving.
        resolve("shop", null, null, null, PasswordMode.AUTO);
        resolve("shop", null, null, null, PasswordMode.NEVER);
        assertThat(prompts).isEmpty();
    }

    @Test
    void forceWithoutAConsoleFallsBackToOtherSources() {
        vars.put("PGPASSWORD", "envpw");
        typed = null;
        assertThat(reveal(resolve("shop", null, null, null, PasswordMode.FORCE))).isEqualTo("envpw");
    }

    @Test
    void serviceFileSuppliesWhatTheConnectionStringDoesNot() throws IOException {
        write(home.resolve(".pg_service.conf"),
                "# comment",
                "[other]",
                "host=wrong",
                "[prod]",
                "  host=svc.example.com  ",
                "port=6000",
                "dbname=svcdb",
                "user=svcuser",
                "password=svcpw",
                "sslmode=require",
                "[after]",
                "host=wrong-too");
        ConnectionSettings s = resolve("service=prod");
        assertThat(s.display()).isEqualTo("postgresql://svcuser:****@svc.example.com:6000/svcdb?sslmode=require");
        assertThat(reveal(s)).isEqualTo("svcpw");
        assertThat(s.passwordSource()).isEqualTo(PasswordSource.SERVICE_FILE);
        assertThat(resolve("service=prod dbname=mine").database()).isEqualTo("mine");
        assertThat(resolve("postgresql:///mine?service=prod").database()).isEqualTo("mine");
        // Flags are explicit parameters: they beat the service file.
        assertThat(resolve("service=prod", "flaghost", null, null, PasswordMode.AUTO).host()).isEqualTo("flaghost");
    }

    @Test
    void pgserviceSelectsTheServiceAndTheServiceBeatsEnvironmentVariables() throws IOException {
        write(home.resolve(".pg_service.conf"), "[prod]", "host=svc", "port=6000");
        vars.putAll(Map.of("PGSERVICE", "prod", "PGHOST", "envhost", "PGUSER", "envuser"));
        ConnectionSettings s = resolve("shop");
        assertThat(s.host()).isEqualTo("svc");
        assertThat(s.port()).isEqualTo(6000);
        assertThat(s.user()).isEqualTo("envuser");
    }

    @Test
    void serviceFileLocations() throws IOException {
        Path custom = write(home.resolve("custom.conf"), "[a]", "host=custom");
        Path sysconf = Files.createDirectory(home.resolve("etc"));
        write(sysconf.resolve("pg_service.conf"), "[a]", "host=sys-a", "[b]", "host=sys-b");
        write(home.resolve(".pg_service.conf"), "[a]", "host=home");
        vars.put("PGSYSCONFDIR", sysconf.toString());
        assertThat(resolve("service=a").host()).isEqualTo("home");
        assertThat(resolve("service=b").host()).isEqualTo("sys-b");
        vars.put("PGSERVICEFILE", custom.toString());
        assertThat(resolve("service=a").host()).isEqualTo("custom");
        vars.put("PGSERVICEFILE", home.resolve("missing.conf").toString());
        assertThat(resolve("service=a").host()).isEqualTo("sys-a");
    }

    @Test
    void serviceErrors() throws IOException {
        StowageException e = catchUsage(() -> resolve("service=nosuch"));
        assertThat(e.getMessage()).isEqualTo("definition of service \"nosuch\" not found");
        Path f = write(home.resolve(".pg_service.conf"), "[bad]", "host=h", "just words", "[spaced]", "host = h",
                "[nested]", "service=other", "[unknown]", "frob=1");
        assertThat(catchUsage(() -> resolve("service=bad")).getMessage())
                .isEqualTo("syntax error in service file \"" + f + "\", line 3");
        assertThat(catchUsage(() -> resolve("service=spaced")).getMessage())
                .isEqualTo("syntax error in service file \"" + f + "\", line 5");
        assertThat(catchUsage(() -> resolve("service=nested")).getMessage())
                .isEqualTo("nested service specifications not supported in service file \"" + f + "\", line 7");
        assertThat(catchUsage(() -> resolve("service=unknown")).getMessage())
                .isEqualTo("syntax error in service file \"" + f + "\", line 9");
    }

    @Test
    void withDatabaseLooksThePasswordFileUpAgain() throws IOException {
        write(home.resolve(".pgpass"), "localhost:5432:postgres:osuser:pw-postgres", "localhost:5432:shop:osuser:pw-shop");
        ConnectionSettings postgres = resolve("postgres");
        assertThat(reveal(postgres)).isEqualTo("pw-postgres");
        ConnectionSettings shop = postgres.withDatabase("shop");
        assertThat(shop.database()).isEqualTo("shop");
        assertThat(reveal(shop)).isEqualTo("pw-shop");
        assertThat(shop.withDatabase("other").password()).isNull();
        assertThat(resolve("other").withDatabase("shop").password().reveal()).isEqualTo("pw-shop");
        // A password from anywhere else stays.
        vars.put("PGPASSWORD", "envpw");
        assertThat(reveal(resolve("postgres").withDatabase("shop"))).isEqualTo("envpw");
    }

    @Test
    void thePasswordIsNeverShown() {
        vars.put("PGPASSWORD", "Hunter2");
        ConnectionSettings s = resolve("postgresql://alice@h:1/shop");
        assertThat(s.display()).isEqualTo("postgresql://alice:****@h:1/shop?sslmode=prefer").doesNotContain("Hunter2");
        assertThat(s.toString()).doesNotContain("Hunter2");
        assertThat(s.withDatabase("x").toString()).doesNotContain("Hunter2");
        assertThat(String.valueOf(s.password())).isEqualTo("****");
    }

    @Test
    void ipv6HostsAreBracketedInDisplay() {
        assertThat(resolve("postgresql://[::1]:5433/shop").display()).isEqualTo("postgresql://osuser@[::1]:5433/shop?sslmode=prefer");
    }

    @Test
    void emptyValuesCountAsUnset() {
        vars.put("PGHOST", "envhost");
        assertThat(resolve("shop", "", "", "", PasswordMode.AUTO).host()).isEqualTo("envhost");
        assertThat(resolve("", null, null, null, PasswordMode.AUTO).database()).isEqualTo("osuser");
        // As in libpq, an explicit empty value in the connection string hides the environment variable.
        assertThat(resolve("host='' dbname=x").host()).isEqualTo("localhost");
    }

    private static String reveal(ConnectionSettings s) {
        return s.password() == null ? null : s.password().reveal();
    }

    private static StowageException catchUsage(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        try {
            call.call();
        } catch (StowageException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
            return e;
        } catch (Throwable t) {
            throw new AssertionError("expected a StowageException", t);
        }
        throw new AssertionError("expected a StowageException");
    }
}
