package io.stowage.cli;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --max-memory}: sizes, usage errors, the warning when the JVM's heap is not the one asked for, and the launcher's -Xmx. */
class MemoryOptionsTest {
    @TempDir
    Path dir;

    @Test
    void parsesSizesAsTheJvmDoes() {
        assertThat(MemoryOptions.parse("512m")).isEqualTo(512L << 20);
        assertThat(MemoryOptions.parse("2g")).isEqualTo(2L << 30);
        assertThat(MemoryOptions.parse("300M")).isEqualTo(300L << 20);
        assertThat(MemoryOptions.parse("1GB")).isEqualTo(1L << 30);
        assertThat(MemoryOptions.parse("131072k")).isEqualTo(128L << 20);
        assertThat(MemoryOptions.parse(String.valueOf(256L << 20))).isEqualTo(256L << 20);
    }

    @Test
    void rejectsWhatIsNotASizeOfAtLeast64m() {
        for (String bad : List.of("lots", "12q", "-5m", "", "10m", "1.5g", "99999999999999t")) {
            assertThatThrownBy(() -> MemoryOptions.parse(bad)).as(bad)
                    .isInstanceOfSatisfying(StowageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                    .hasMessageContaining("--max-memory");
        }
    }

    @Test
    void aBadSizeIsAUsageErrorOnDumpAndRestore() {
        Cli.Result dump = Cli.run("dump", "--max-memory", "lots", "-d", "x");
        assertThat(dump.exit()).as(dump.toString()).isEqualTo(2);
        assertThat(dump.err()).contains("--max-memory \"lots\" is not a size");
        Cli.Result restore = Cli.run("restore", "--max-memory=3m", "-l", "/nonexistent");
        assertThat(restore.exit()).as(restore.toString()).isEqualTo(2);
        assertThat(restore.err()).contains("below the minimum of 64m");
    }

    @Test
    void warnsWhenTheJvmMayUseFarMoreHeapThanAskedFor() {
        MemoryOptions options = new MemoryOptions();
        options.maxMemory = "256m";
        assertThat(warning(options, 4L << 30)).contains("--max-memory 256m is not in effect", "4.00 GB", "-Xmx256m");
        assertThat(warning(options, 256L << 20)).isEmpty();
        assertThat(warning(options, 250L << 20)).as("the JVM reports a little less than -Xmx").isEmpty();
        options.maxMemory = null;
        assertThat(warning(options, 4L << 30)).as("no option, no claim to check").isEmpty();
    }

    private static String warning(MemoryOptions options, long jvmHeap) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            options.check(new Terminal(new ByteArrayInputStream(new byte[0]), System.out, e, false), () -> jvmHeap);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The launcher passes -Xmx (256m by default, else --max-memory's) and the JIT choice, and STOWAGE_JAVA_OPTS comes after them. */
    @Test
    void launcherStartsTheJvmWithTheHeapAskedFor() throws Exception {
        Path launcher = Path.of("..", "stowage").toAbsolutePath().normalize();
        assertThat(launcher).exists();
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("stowage-cli/target"));
        Files.copy(launcher, root.resolve("stowage"));
        // a jar newer than any source (there are none here), so the launcher does not build
        Files.writeString(root.resolve("stowage-cli/target/stowage.jar"), "");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(launch(root, bin, null, "dump", "-d", "x")).contains("-Xmx256m").containsSubsequence("-jar", "dump", "-d", "x");
        assertThat(launch(root, bin, null, "dump", "--max-memory", "512m")).contains("-Xmx512m").doesNotContain("-Xmx256m");
        assertThat(launch(root, bin, null, "restore", "--max-memory=2g", "f")).contains("-Xmx2048m");
        assertThat(launch(root, bin, null, "restore", "--max-memory=1GB", "f")).contains("-Xmx1024m");
        assertThat(launch(root, bin, null, "dump", "--max-memory", "lots")).as("left for the CLI to reject").contains("-Xmx256m");
        assertThat(launch(root, bin, null, "dump", "--", "--max-memory", "1g")).as("after --").contains("-Xmx256m");
        List<String> overridden = launch(root, bin, "-Xmx1g", "dump", "--max-memory", "512m");
        assertThat(overridden).containsSubsequence("-Xmx512m", "-Xmx1g", "-jar");

        // dump and restore run C1 only; commands that checksum or decrypt keep C2 (its SHA/AES intrinsics)
        assertThat(launch(root, bin, null, "dump", "-d", "x")).contains("-XX:TieredStopAtLevel=1");
        assertThat(launch(root, bin, null, "-v", "restore", "f")).contains("-XX:TieredStopAtLevel=1");
        assertThat(launch(root, bin, null, "verify", "f.dump")).doesNotContain("-XX:TieredStopAtLevel=1");
        assertThat(launch(root, bin, null, "demo")).doesNotContain("-XX:TieredStopAtLevel=1");
        assertThat(launch(root, bin, "-XX:TieredStopAtLevel=4", "dump", "x"))
                .as("STOWAGE_JAVA_OPTS comes later and wins").containsSubsequence("-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=4", "-jar");

        // restore from a repository checksums and decrypts (and stretches a passphrase): C2
        assertThat(launch(root, bin, null, "restore", "--repo", "/r", "latest", "-d", "x")).doesNotContain("-XX:TieredStopAtLevel=1");
        assertThat(launch(root, bin, null, "restore", "-d", "x", "latest", "--repo=s3://b/p")).doesNotContain("-XX:TieredStopAtLevel=1");
        assertThat(launch(root, bin, null, "restore", "-d", "x", "--", "--repo")).as("after --").contains("-XX:TieredStopAtLevel=1");
        String key = "20261122T101500Z-pagila-3f9a";
        assertThat(launchWithRepo(root, bin, "/r", "restore", key, "-d", "x")).as("STOWAGE_REPO and a key")
                .doesNotContain("-XX:TieredStopAtLevel=1");
        assertThat(launchWithRepo(root, bin, "/r", "restore", "latest", "-d", "x")).doesNotContain("-XX:TieredStopAtLevel=1");
        assertThat(launchWithRepo(root, bin, null, "restore", key, "-d", "x")).as("a key without STOWAGE_REPO is a file")
                .contains("-XX:TieredStopAtLevel=1");
        Files.writeString(root.resolve(key), "");
        assertThat(launchWithRepo(root, bin, "/r", "restore", key, "-d", "x")).as("a file of that name is a file restore")
                .contains("-XX:TieredStopAtLevel=1");
        assertThat(launchWithRepo(root, bin, "/r", "dump", "--repo", "x")).as("only restore changes").contains("-XX:TieredStopAtLevel=1");
    }

    /**
     * Class data sharing: the first run of dump, restore or backup after a build asks the JVM for an
     * archive of its classes, kept only when the run succeeds; later runs map it; a help run, another
     * command or an archive older than the jar does not count.
     */
    @Test
    void launcherTrainsAClassArchiveOnceAndThenMapsIt() throws Exception {
        Path launcher = Path.of("..", "stowage").toAbsolutePath().normalize();
        Path root = dir.resolve("cds-root");
        Files.createDirectories(root.resolve("stowage-cli/target"));
        Files.copy(launcher, root.resolve("stowage"));
        Path jar = root.resolve("stowage-cli/target/stowage.jar");
        Files.writeString(jar, "");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Path bin = Files.createDirectories(dir.resolve("cds-bin"));
        Path java = bin.resolve("java");
        // a JVM that writes the archive it is asked for and fails when FAIL_RUN is set, as a failed dump would
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; case \"$a\" in -XX:ArchiveClassesAtExit=*)"
                + " echo classes > \"${a#-XX:ArchiveClassesAtExit=}\" ;; esac; done\n[ -z \"$FAIL_RUN\" ]\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path archive = root.resolve("stowage-cli/target/cds/dump.jsa");

        assertThat(launch(root, bin, null, "dump", "--help")).noneMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit"));
        assertThat(launch(root, bin, null, "verify", "f.dump")).noneMatch(a -> a.contains("Archive"));
        assertThat(archive).doesNotExist();

        ProcessBuilder failing = new ProcessBuilder("bash", root.resolve("stowage").toString(), "dump", "-d", "x")
                .redirectErrorStream(true).directory(root.toFile());
        failing.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        failing.environment().put("FAIL_RUN", "1");
        failing.environment().remove("STOWAGE_JAVA_OPTS");
        Process p = failing.start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("the JVM's exit status").isEqualTo(1);
        assertThat(archive).as("a failed run keeps no archive").doesNotExist();
        try (var files = Files.list(archive.getParent())) {
            assertThat(files).as("nor its temporary file").isEmpty();
        }

        assertThat(launch(root, bin, null, "dump", "-d", "x")).anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit=" + archive));
        assertThat(archive).exists();
        List<String> mapped = launch(root, bin, null, "dump", "-d", "x");
        assertThat(mapped).contains("-XX:SharedArchiveFile=" + archive).noneMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit"));
        assertThat(mapped).containsSubsequence("-XX:SharedArchiveFile=" + archive, "-jar", "dump");
        assertThat(launch(root, bin, null, "restore", "f")).as("each command has its own")
                .anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit=" + archive.resolveSibling("restore.jsa")));

        // a rebuilt jar makes the archive stale: it is trained again
        Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis() - 120_000));
        assertThat(launch(root, bin, null, "dump", "-d", "x")).anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit="));
    }

    private static List<String> launch(Path root, Path bin, String javaOpts, String... args) throws IOException, InterruptedException {
        return runLauncher(root, bin, javaOpts, null, args);
    }

    /** Runs the launcher with STOWAGE_REPO set to {@code repo}, or unset when it is {@code null}. */
    private static List<String> launchWithRepo(Path root, Path bin, String repo, String... args)
            throws IOException, InterruptedException {
        return runLauncher(root, bin, null, repo, args);
    }

    private static List<String> runLauncher(Path root, Path bin, String javaOpts, String repo, String[] args)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("stowage").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(root.toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().remove("STOWAGE_JAVA_OPTS");
        pb.environment().remove("STOWAGE_REPO");
        if (repo != null) {
            pb.environment().put("STOWAGE_REPO", repo);
        }
        if (javaOpts != null) {
            pb.environment().put("STOWAGE_JAVA_OPTS", javaOpts);
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
        return List.of(new String(out, StandardCharsets.UTF_8).split("\n"));
    }
}
