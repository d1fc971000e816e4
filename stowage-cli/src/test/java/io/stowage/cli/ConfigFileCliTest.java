package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository's location from --repo, STOWAGE_REPO and the configuration file, end to end: the CLI
 * runs as a child process with an environment of the test's making, and {@code backups show KEY} of a
 * missing key names the repository it looked in.
 */
class ConfigFileCliTest {
    private static final String KEY = "20261122T101500Z-nothing-0000";

    @TempDir
    Path temp;

    private Path home;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(temp.resolve("home"));
    }

    private Path repo(String name) throws Exception {
        return Files.createDirectories(temp.resolve(name));
    }

    private Path config(Path file, Path repo) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "# stowage\nrepo=" + repo + "\n");
    }

    /** A child whose environment names no repository or configuration but what the test adds. */
    private ChildCli child() {
        return ChildCli.withHome(home).env("STOWAGE_REPO", "").env("STOWAGE_CONFIG", "").env("XDG_CONFIG_HOME", "");
    }

    /** The repository {@code backups show} looked in, as its one error line names it. */
    private static void looksIn(ChildCli.Run run, Path repo) {
        assertThat(run.exit()).as(run.toString()).isEqualTo(6);
        assertThat(run.errLines()).as(run.toString()).singleElement().asString().contains("no backup " + KEY + " in " + repo + " ");
    }

    @Test
    void eachSourceInTurn() throws Exception {
        Path fromHome = repo("from-home");
        config(home.resolve(".config/stowage/config.properties"), fromHome);
        looksIn(child().run("backups", "show", KEY), fromHome);

        Path fromXdg = repo("from-xdg");
        Path xdg = temp.resolve("xdg");
        config(xdg.resolve("stowage/config.properties"), fromXdg);
        looksIn(child().env("XDG_CONFIG_HOME", xdg.toString()).run("backups", "show", KEY), fromXdg);

        Path fromNamed = repo("from-named");
        Path named = config(temp.resolve("named.properties"), fromNamed);
        looksIn(child().env("XDG_CONFIG_HOME", xdg.toString()).env("STOWAGE_CONFIG", named.toString())
                .run("backups", "show", KEY), fromNamed);

        Path fromFlag = repo("from-config-flag");
        Path flagged = config(temp.resolve("flagged.properties"), fromFlag);
        looksIn(child().env("STOWAGE_CONFIG", named.toString()).run("backups", "show", KEY, "--config", flagged.toString()), fromFlag);

        Path fromEnv = repo("from-env");
        looksIn(child().env("STOWAGE_CONFIG", named.toString()).env("STOWAGE_REPO", fromEnv.toString())
                .run("backups", "show", KEY, "--config", flagged.toString()), fromEnv);

        Path fromRepo = repo("from-repo");
        looksIn(child().env("STOWAGE_CONFIG", named.toString()).env("STOWAGE_REPO", fromEnv.toString())
                .run("backups", "show", KEY, "--config", flagged.toString(), "--repo", fromRepo.toString()), fromRepo);
    }

    @Test
    void backupAndRestoreTakeTheRepositoryFromTheConfigurationFile() throws Exception {
        PgServer server = Servers.get(15);
        String db = server.createDatabase();
        server.execute(db, "CREATE TABLE t (id int)", "INSERT INTO t VALUES (1), (2), (3)");
        Path fromHome = repo("backup-home");
        config(home.resolve(".config/stowage/config.properties"), fromHome);
        ChildCli.Run made = child().run(args("backup", conn(server), db));
        assertThat(made.exit()).as(made.toString()).isZero();
        String key = made.out().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(fromHome.resolve("backups").resolve(key).resolve("metadata.json")).isRegularFile();

        String target = server.createDatabase();
        ChildCli.Run restored = child().run(args("restore", "latest", conn(server), "-d", target));
        assertThat(restored.exit()).as(restored.toString()).isZero();
        assertThat(server.queryColumn(target, "SELECT count(*) FROM t")).containsExactly("3");
        server.dropDatabase(db);
        server.dropDatabase(target);
    }

    @Test
    void aBrokenConfigurationIsOneCleanLine() throws Exception {
        Path file = home.resolve(".config/stowage/config.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "repo=" + repo("r") + "\nkeep-last=3\n");
        ChildCli.Run run = child().run("backups", "list");
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("unknown key \"keep-last\"", file.toString());

        Path missing = temp.resolve("missing.properties");
        ChildCli.Run gone = child().run("backups", "list", "--config", missing.toString());
        assertThat(gone.exit()).as(gone.toString()).isEqualTo(2);
        assertThat(gone.errLines()).singleElement().asString().contains(missing.toString(), "does not exist");
    }

    @Test
    void withoutAnySourceTheErrorSaysWhereToPutIt() throws Exception {
        ChildCli.Run run = child().run("backups", "list");
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .contains("--repo", "STOWAGE_REPO", home.resolve(".config/stowage/config.properties").toString());
    }
}
