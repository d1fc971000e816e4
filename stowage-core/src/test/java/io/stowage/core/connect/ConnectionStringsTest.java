package io.stowage.core.connect;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class ConnectionStringsTest {

    @Test
    void recognisesUrisAndKeyValueStringsLikeLibpq() {
        assertThat(ConnectionStrings.isConnectionString("postgresql://h/db")).isTrue();
        assertThat(ConnectionStrings.isConnectionString("postgres://h/db")).isTrue();
        assertThat(ConnectionStrings.isConnectionString("host=h")).isTrue();
        assertThat(ConnectionStrings.isConnectionString("shop")).isFalse();
        assertThat(ConnectionStrings.isConnectionString("postgresql:/nohost")).isFalse();
    }

    @Test
    void fullUri() {
        Map<String, String> o = ConnectionStrings.parse("postgresql://alice:s3cret@db.example.com:6543/shop?sslmode=require&application_name=nightly");
        assertThat(o).containsExactly(entry("user", "alice"), entry("password", "s3cret"), entry("host", "db.example.com"),
                entry("port", "6543"), entry("dbname", "shop"), entry("sslmode", "require"), entry("application_name", "nightly"));
    }

    @Test
    void uriPartsAreOptional() {
        assertThat(ConnectionStrings.parse("postgresql://")).isEmpty();
        assertThat(ConnectionStrings.parse("postgresql:///shop")).containsExactly(entry("dbname", "shop"));
        assertThat(ConnectionStrings.parse("postgres://h")).containsExactly(entry("host", "h"));
        assertThat(ConnectionStrings.parse("postgresql://h/")).containsExactly(entry("host", "h"));
        assertThat(ConnectionStrings.parse("postgresql://bob@h")).containsExactly(entry("user", "bob"), entry("host", "h"));
        assertThat(ConnectionStrings.parse("postgresql://h?port=7")).containsExactly(entry("host", "h"), entry("port", "7"));
        assertThat(ConnectionStrings.parse("postgresql://:@h")).containsExactly(entry("host", "h"));
    }

    @Test
    void uriIsPercentDecodedEverywhere() {
        Map<String, String> o = ConnectionStrings.parse(
                "postgresql://us%40er:p%3Aa%2Fss%40@h%2Dx/my%20db%2Fx?application_name=a%26b&options=-c%20x%3D1");
        assertThat(o).containsEntry("user", "us@er").containsEntry("password", "p:a/ss@")
                .containsEntry("host", "h-x").containsEntry("dbname", "my db/x")
                .containsEntry("application_name", "a&b").containsEntry("options", "-c x=1");
        // '+' is not a space in libpq URIs, and multi-byte UTF-8 decodes.
        assertThat(ConnectionStrings.parse("postgresql:///a+b%C3%A9")).containsEntry("dbname", "a+bé");
    }

    @Test
    void ipv6Hosts() {
        assertThat(ConnectionStrings.parse("postgresql://[::1]:5433/db"))
                .containsEntry("host", "::1").containsEntry("port", "5433").containsEntry("dbname", "db");
        assertThat(ConnectionStrings.parse("postgresql://u@[2001:db8::7]/db")).containsEntry("host", "2001:db8::7");
        assertThat(ConnectionStrings.parse("postgresql://[fe80::1]")).containsExactly(entry("host", "fe80::1"));
    }

    @Test
    void ipv6Errors() {
        assertUsage(() -> ConnectionStrings.parse("postgresql://[::1/db"),
                "end of string reached when looking for matching \"]\" in IPv6 host address in URI");
        assertUsage(() -> ConnectionStrings.parse("postgresql://[]/db"), "IPv6 host address may not be empty in URI");
        assertUsage(() -> ConnectionStrings.parse("postgresql://[::1]x/db"), "unexpected character \"x\" at position");
    }

    @Test
    void multipleHostsAreKeptForTheResolverToReject() {
        assertThat(ConnectionStrings.parse("postgresql://a:1,b:2/db")).containsEntry("host", "a,b").containsEntry("port", "1,2");
    }

    @Test
    void queryParametersOverrideTheAuthorityAndSslTrueMeansRequire() {
        assertThat(ConnectionStrings.parse("postgresql://h:1/d?host=other&port=2&dbname=e&user=u&password=p&ssl=true"))
                .containsEntry("host", "other").containsEntry("port", "2").containsEntry("dbname", "e")
                .containsEntry("user", "u").containsEntry("password", "p").containsEntry("sslmode", "require");
        assertThat(ConnectionStrings.parse("postgresql://h/d?sslcert=/c&sslkey=/k&sslrootcert=/r&sslcrl=/l&connect_timeout=5&service=s"))
                .containsEntry("sslcert", "/c").containsEntry("sslkey", "/k").containsEntry("sslrootcert", "/r")
                .containsEntry("sslcrl", "/l").containsEntry("connect_timeout", "5").containsEntry("service", "s");
    }

    @Test
    void queryErrorsUseLibpqWords() {
        assertUsage(() -> ConnectionStrings.parse("postgresql://h/d?frobnicate=1"), "invalid URI query parameter: \"frobnicate\"");
        assertUsage(() -> ConnectionStrings.parse("postgresql://h/d?sslmode"),
                "missing key/value separator \"=\" in URI query parameter: \"sslmode\"");
        assertUsage(() -> ConnectionStrings.parse("postgresql://h/d?sslmode=a=b"),
                "extra key/value separator \"=\" in URI query parameter: \"sslmode\"");
        assertUsage(() -> ConnectionStrings.parse("postgresql://h/d%zz"), "invalid percent-encoded token: \"d%zz\"");
        assertUsage(() -> ConnectionStrings.parse("postgresql://h/d%2"), "invalid percent-encoded token");
        assertUsage(() -> ConnectionStrings.parse("postgresql://h/d%00x"), "forbidden value %00 in percent-encoded value");
    }

    @Test
    void uriErrorsNeverQuoteThePassword() {
        String[] bad = {
            "postgresql://u:Hunter2%zz@h/d",
            "postgresql://u:Hunter2@[::1/d",
            "postgresql://u:Hunter2@[::1]x/d",
            "postgresql://h/d?password=Hunter2%zz",
            "postgresql://h/d?password=Hunter2&x7",
            "postgresql://h/d?password=Hunter2&x7=1",
            "postgresql://u:Hunter2@h/d?frobnicate=1",
        };
        for (String uri : bad) {
            assertThatThrownBy(() -> ConnectionStrings.parse(uri)).isInstanceOf(StowageException.class)
                    .satisfies(e -> assertThat(((StowageException) e).oneLine()).doesNotContain("Hunter2"));
        }
        assertThat(ConnectionStrings.maskPassword("postgresql://u:Hunter2@h/d?password=Hunter2&sslmode=x"))
                .isEqualTo("postgresql://u:****@h/d?password=****&sslmode=x");
    }

    @Test
    void keyValuePairsWithQuotesAndEscapes() {
        Map<String, String> o = ConnectionStrings.parse(
                "host=h  port = 5433 dbname='my db' user=o\\'neil password='it\\'s \\\\ here' application_name=''");
        assertThat(o).containsExactly(entry("host", "h"), entry("port", "5433"), entry("dbname", "my db"),
                entry("user", "o'neil"), entry("password", "it's \\ here"), entry("application_name", ""));
    }

    @Test
    void laterKeyValueWins() {
        assertThat(ConnectionStrings.parse("dbname=a dbname=b")).containsExactly(entry("dbname", "b"));
    }

    @Test
    void keyValueErrorsUseLibpqWords() {
        assertUsage(() -> ConnectionStrings.parse("host=h frob=1"), "invalid connection option \"frob\"");
        assertUsage(() -> ConnectionStrings.parse("host=h port"), "missing \"=\" after \"port\" in connection info string");
        assertUsage(() -> ConnectionStrings.parse("host='h"), "unterminated quoted string in connection info string");
    }

    @Test
    void keyValueErrorsNeverQuoteThePassword() {
        for (String bad : new String[] {"password=Hunter2 Secret host=h", "password=a Hunter2=1", "password='Hunter2"}) {
            assertThatThrownBy(() -> ConnectionStrings.parse(bad)).isInstanceOf(StowageException.class)
                    .satisfies(e -> assertThat(((StowageException) e).oneLine()).doesNotContain("Hunter2").doesNotContain("Secret"));
        }
    }

    static void assertUsage(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String messagePart) {
        assertThatThrownBy(call).isInstanceOf(StowageException.class)
                .hasMessageContaining(messagePart)
                .satisfies(e -> {
                    StowageException se = (StowageException) e;
                    assertThat(se.code()).isEqualTo(ErrorCode.USAGE);
                    assertThat(se.fix()).isNotBlank();
                    assertThat(se.oneLine()).doesNotContain("\n");
                });
    }
}
