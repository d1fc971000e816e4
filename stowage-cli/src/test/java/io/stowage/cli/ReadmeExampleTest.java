package io.stowage.cli;

import io.stowage.testkit.ComparisonReport;
import io.stowage.testkit.DatabaseComparator;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Java API example is a program that compiles and does what it says: against a real
 * server it snapshots pagila, runs a migration that fails half-way, and puts the database back
 * exactly as it was.
 */
class ReadmeExampleTest {
    @TempDir
    Path work;

    @Test
    void theMigrationSnapshotExampleRestoresTheDatabaseAfterAFailedMigration() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = Pattern.compile("\\*\\*Java API\\.\\*\\*.*?```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(m.find()).as("README has a Java API example").isTrue();
        Path source = work.resolve("MigrationSnapshot.java");
        Files.writeString(source, m.group(1));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int compiled = javac.run(null, diagnostics, diagnostics, "-cp", System.getProperty("java.class.path"),
                "-d", work.toString(), source.toString());
        assertThat(compiled).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        PgServer server = Servers.get(15);
        String db = Servers.freshPagila(server);
        String before = server.copyDatabase(db);
        Path repo = work.resolve("repo");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", work + java.io.File.pathSeparator + System.getProperty("java.class.path"), "MigrationSnapshot",
                repo.toString(), "127.0.0.1", String.valueOf(server.port()), db, "postgres")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as(out).containsPattern("snapshot \\d{8}T\\d{6}Z-" + db + "-[0-9a-f]{4}")
                .contains("migration failed (", "database restored from ");
        // the migration's first two statements committed before the third failed: all undone
        assertThat(server.queryColumn(db, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'stars'"))
                .containsExactly("0");
        ComparisonReport report = DatabaseComparator.create().compare(server, before, server, db);
        assertThat(report.differences()).as(report.toString()).isEmpty();
        assertThat(report.objectsCompared()).isGreaterThan(100);
        try (var backups = Files.list(repo.resolve("backups"))) {
            assertThat(backups.toList()).hasSize(1);
        }
        server.dropDatabase(db);
        server.dropDatabase(before);
    }
}
