package io.stowage.core.connect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordFileTest {
    @TempDir
    Path dir;

    private Path pgpass(String... lines) throws IOException {
        Path file = dir.resolve("pgpass");
        Files.write(file, List.of(lines));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private Optional<String> find(Path file, String host, int port, String db, String user) {
        return PasswordFile.lookup(file, host, port, db, user).map(Secret::reveal);
    }

    @Test
    void exactMatch() throws IOException {
        Path f = pgpass("db.example.com:5432:shop:alice:pw1");
        assertThat(find(f, "db.example.com", 5432, "shop", "alice")).contains("pw1");
        assertThat(find(f, "db.example.com", 5433, "shop", "alice")).isEmpty();
        assertThat(find(f, "db.example.com", 5432, "shop2", "alice")).isEmpty();
        assertThat(find(f, "db.example.com", 5432, "shop", "alic")).isEmpty();
        assertThat(find(f, "db.example.co", 5432, "shop", "alice")).isEmpty();
    }

    @Test
    void wildcardsMatchWholeFieldsOnly() throws IOException {
        Path f = pgpass("*:*:*:alice:any", "h*:5432:shop:bob:literal-star");
        assertThat(find(f, "anything", 1, "x", "alice")).contains("any");
        assertThat(find(f, "host", 5432, "shop", "bob")).isEmpty();
        assertThat(find(f, "h*", 5432, "shop", "bob")).contains("literal-star");
    }

    @Test
    void firstMatchWins() throws IOException {
        Path f = pgpass("h:5432:shop:alice:first", "*:*:*:*:second", "h:5432:shop:alice:third");
        assertThat(find(f, "h", 5432, "shop", "alice")).contains("first");
        assertThat(find(f, "other", 5432, "shop", "alice")).contains("second");
    }

    @Test
    void backslashEscapesColonAndBackslash() throws IOException {
        Path f = pgpass("h\\:x:5432:d\\\\b:u:p\\:a\\\\ss:ignored-after-colon");
        assertThat(find(f, "h:x", 5432, "d\\b", "u")).contains("p:a\\ss");
        assertThat(find(f, "h", 5432, "d\\b", "u")).isEmpty();
    }

    @Test
    void commentsBlankLinesAndShortLinesAreSkipped() throws IOException {
        Path f = pgpass("# h:5432:d:u:commented", "", "h:5432:d", "h:5432:d:u:real\r");
        assertThat(find(f, "h", 5432, "d", "u")).contains("real");
    }

    @Test
    void emptyPasswordField() throws IOException {
        assertThat(find(pgpass("h:5432:d:u:"), "h", 5432, "d", "u")).contains("");
    }

    @Test
    void unsetHostMatchesLocalhost() throws IOException {
        Path f = pgpass("localhost:5432:d:u:local");
        assertThat(find(f, null, 5432, "d", "u")).contains("local");
        assertThat(find(f, "localhost", 5432, "d", "u")).contains("local");
        assertThat(find(f, "127.0.0.1", 5432, "d", "u")).isEmpty();
    }

    @Test
    void missingFileIsSilentlyUnusable() {
        List<String> warnings = new ArrayList<>();
        assertThat(PasswordFile.usable(dir.resolve("nope"), warnings::add)).isFalse();
        assertThat(warnings).isEmpty();
    }

    @Test
    void groupOrWorldAccessIsIgnoredWithLibpqsWarning() throws IOException {
        Path f = pgpass("*:*:*:*:pw");
        List<String> warnings = new ArrayList<>();
        assertThat(PasswordFile.usable(f, warnings::add)).isTrue();
        assertThat(warnings).isEmpty();
        for (String perms : new String[] {"rw-r-----", "rw----r--", "rw-----w-", "rw---x---"}) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
            warnings.clear();
            assertThat(PasswordFile.usable(f, warnings::add)).as(perms).isFalse();
            assertThat(warnings).containsExactly("password file \"" + f
                    + "\" has group or world access; permissions should be u=rw (0600) or less");
        }
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--------"));
        assertThat(PasswordFile.usable(f, warnings::add)).isTrue();
    }

    @Test
    void aDirectoryIsNotAPlainFile() {
        List<String> warnings = new ArrayList<>();
        assertThat(PasswordFile.usable(dir, warnings::add)).isFalse();
        assertThat(warnings).containsExactly("password file \"" + dir + "\" is not a plain file");
    }
}
