package io.stowage.cli;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the repository location comes from: --repo, STOWAGE_REPO, the configuration file, each step. */
class ConfigFileTest {
    @TempDir
    Path temp;

    private Path write(String relative, String text) throws Exception {
        Path file = temp.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        // a home without any configuration unless a test writes one
        env.put("HOME", temp.resolve("home").toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static String location(String repo, Path config, Map<String, String> env) {
        return RepoOptions.location(repo, config, env, "/nonexistent-user-home");
    }

    @Test
    void eachStepOfThePrecedence() throws Exception {
        Path home = write("home/.config/stowage/config.properties", "# the default file\nrepo = /from/home/config\n");
        Path explicit = write("explicit.properties", "repo=/from/explicit\n");
        Path named = write("named.properties", "repo: s3://bucket/from-named?region=eu-west-1\n");
        assertThat(home).exists();

        Map<String, String> all = env("STOWAGE_REPO", "/from/env", "STOWAGE_CONFIG", named.toString());
        assertThat(location("/from/flag", explicit, all)).isEqualTo("/from/flag");
        assertThat(location(null, explicit, all)).isEqualTo("/from/env");
        // a blank STOWAGE_REPO counts as unset
        all.put("STOWAGE_REPO", " ");
        assertThat(location(null, explicit, all)).isEqualTo("/from/explicit");
        assertThat(location(null, null, all)).isEqualTo("s3://bucket/from-named?region=eu-west-1");
        all.remove("STOWAGE_CONFIG");
        assertThat(location(null, null, all)).isEqualTo("/from/home/config");
    }

    @Test
    void theDefaultFileHonoursXdgConfigHomeThenHomeThenUserHome() throws Exception {
        write("xdg/stowage/config.properties", "repo=/from/xdg\n");
        write("home/.config/stowage/config.properties", "repo=/from/home\n");
        write("userhome/.config/stowage/config.properties", "repo=/from/user-home\n");
        assertThat(location(null, null, env("XDG_CONFIG_HOME", temp.resolve("xdg").toString()))).isEqualTo("/from/xdg");
        // the XDG specification ignores a relative XDG_CONFIG_HOME
        assertThat(location(null, null, env("XDG_CONFIG_HOME", "xdg"))).isEqualTo("/from/home");
        Map<String, String> noHome = new HashMap<>();
        assertThat(RepoOptions.location(null, null, noHome, temp.resolve("userhome").toString())).isEqualTo("/from/user-home");
        // an XDG directory without the file means no configuration, not the one under HOME
        Path emptyXdg = Files.createDirectories(temp.resolve("empty-xdg"));
        assertThatThrownBy(() -> location(null, null, env("XDG_CONFIG_HOME", emptyXdg.toString())))
                .isInstanceOfSatisfying(StowageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("no backup repository given");
    }

    @Test
    void withoutAnyLocationTheErrorNamesEverySource() {
        assertThatThrownBy(() -> location(null, null, env()))
                .isInstanceOfSatisfying(StowageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                    assertThat(e.fix()).contains("--repo", "STOWAGE_REPO",
                            temp.resolve("home/.config/stowage/config.properties").toString());
                });
    }

    @Test
    void aConfigurationWithoutRepoFallsThroughToTheError() throws Exception {
        Path file = write("comments-only.properties", "# nothing yet\n");
        assertThatThrownBy(() -> location(null, file, env())).isInstanceOfSatisfying(StowageException.class,
                e -> assertThat(e.fix()).contains(file.toString()));
        assertThat(location("/flag", file, env())).isEqualTo("/flag");
    }

    @Test
    void anUnknownKeyIsAUsageErrorNamingFileAndKey() throws Exception {
        Path file = write("typo.properties", "repo=/x\nrepository=/y\n");
        // read even though --repo makes it unnecessary: a broken file is never silently ignored
        for (String flag : new String[] {null, "/from/flag"}) {
            assertThatThrownBy(() -> location(flag, file, env())).isInstanceOfSatisfying(StowageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                assertThat(e.getMessage()).contains("\"repository\"", file.toString()).doesNotContain("\n");
            });
        }
    }

    @Test
    void unreadableFilesAreUsageErrorsNamingTheFile() throws Exception {
        Path missing = temp.resolve("missing.properties");
        assertThatThrownBy(() -> location(null, missing, env())).isInstanceOfSatisfying(StowageException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
            assertThat(e.getMessage()).contains(missing.toString(), "does not exist");
            assertThat(e.fix()).contains("--config");
        });
        assertThatThrownBy(() -> location(null, null, env("STOWAGE_CONFIG", missing.toString())))
                .isInstanceOfSatisfying(StowageException.class, e -> assertThat(e.fix()).contains("STOWAGE_CONFIG"));

        Path directory = Files.createDirectories(temp.resolve("a-directory"));
        Path badEscape = write("escape.properties", "repo=\\uZZZZ\n");
        Path latin1 = temp.resolve("latin1.properties");
        Files.write(latin1, new byte[] {'r', 'e', 'p', 'o', '=', '/', (byte) 0xE9, '\n'});
        for (Path bad : new Path[] {directory, badEscape, latin1}) {
            assertThatThrownBy(() -> location(null, bad, env())).as(bad.toString()).isInstanceOfSatisfying(StowageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                assertThat(e.getMessage()).startsWith("cannot read the configuration file " + bad).doesNotContain("\n");
            });
        }
    }

    @Test
    void anEmptyRepoIsAnError() throws Exception {
        Path file = write("empty.properties", "repo =   \n");
        assertThatThrownBy(() -> location(null, file, env())).isInstanceOfSatisfying(StowageException.class,
                e -> assertThat(e.getMessage()).contains("\"repo\"", file.toString(), "empty"));
    }
}
