package io.stowage.tools.pg;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.DumpOptions;
import io.stowage.core.options.RestoreOptions;
import io.stowage.core.progress.ProgressEvent;
import io.stowage.tools.process.Cancellation;
import io.stowage.tools.process.ProcessRunner;
import io.stowage.testkit.ComparisonReport;
import io.stowage.testkit.Corpus;
import io.stowage.testkit.DatabaseComparator;
import io.stowage.testkit.PgServer;
import io.stowage.testkit.PgServers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tools engine against embedded servers, with the machine's PostgreSQL 15 client programs
 * (/usr/lib/postgresql/15/bin, found by the usual discovery).
 */
class ToolsEngineServerTest {
    private static final Path PG15_BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static PgServer server;
    private static String pagila;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadPagila() {
        server = PgServers.get(15);
        pagila = server.createDatabase();
        server.load(pagila, Corpus.PAGILA);
    }

    private static ToolsSettings tools() {
        return ToolsSettings.defaults(null);
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"PLAIN", "CUSTOM"})
    void pagilaRoundTripsThroughPgDumpAndRestoreToAnEqualDatabase(ArchiveFormat format) throws Exception {
        Path out = dir.resolve("pagila." + format.name().toLowerCase());
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();

        ToolsResult dumped = new ToolsDumper(server.settings(pagila), DumpOptions.builder().format(format).output(out).build(),
                tools(), events::add).run(null);

        assertThat(dumped.output()).isEqualTo(out);
        assertThat(dumped.installation().version().major()).isEqualTo(15);
        assertThat(Files.size(out)).isGreaterThan(500_000);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(out);   // no temporary name left beside it
        }
        assertThat(events).contains(new ProgressEvent.Phase("catalog"), new ProgressEvent.Phase("data"),
                new ProgressEvent.TableData("public", "actor", ProgressEvent.UNKNOWN, ProgressEvent.UNKNOWN));

        String copy = server.createDatabase();
        List<ProgressEvent> restoreEvents = new CopyOnWriteArrayList<>();
        ToolsResult restored = new ToolsRestorer(server.settings(copy), RestoreOptions.builder().input(out).exitOnError(true).build(),
                tools(), restoreEvents::add).run(null);

        assertThat(restored.errorsIgnored()).isZero();
        assertThat(restored.command()).contains(format == ArchiveFormat.PLAIN ? "psql" : "pg_restore");
        if (format == ArchiveFormat.CUSTOM) {
            assertThat(restoreEvents).contains(new ProgressEvent.Entry("TABLE", "public", "actor"), new ProgressEvent.Phase("post-data"));
        }
        ComparisonReport report = DatabaseComparator.create().compare(server, pagila, server, copy);
        assertThat(report.differences()).isEmpty();
        assertThat(report.objectsCompared()).isGreaterThan(100);
        server.dropDatabase(copy);
    }

    @Test
    void thePasswordNeverReachesACommandLineAndItsFileIsGoneAfterwards() throws Exception {
        String password = "pw-" + Long.toHexString(System.nanoTime()) + ":with\\odd'chars";
        server.createPasswordRole("tools_pw", password);
        List<String> cmdlines = new CopyOnWriteArrayList<>();
        List<String> environs = new CopyOnWriteArrayList<>();
        // sample every child on each progress event: pg_dump is running while it reports
        ToolsResult result = new ToolsDumper(server.settings(pagila, "tools_pw", password),
                DumpOptions.builder().format(ArchiveFormat.CUSTOM).output(dir.resolve("pw.dump")).build(), tools(), event -> {
                    ProcessHandle.current().descendants().forEach(p -> {
                        read(p, "cmdline").ifPresent(cmdlines::add);
                        read(p, "environ").ifPresent(environs::add);
                    });
                }).run(null);

        assertThat(result.command()).contains("-U tools_pw").doesNotContain(password);
        assertThat(cmdlines).anyMatch(c -> c.contains("pg_dump")).noneMatch(c -> c.contains(password) || c.contains("pw-"));
        assertThat(environs).isNotEmpty().noneMatch(e -> e.contains(password) || e.contains("PGPASSWORD"));
        String passfile = environs.stream().flatMap(e -> Stream.of(e.split("\0"))).filter(v -> v.startsWith("PGPASSFILE="))
                .map(v -> v.substring("PGPASSFILE=".length())).findFirst().orElseThrow();
        assertThat(Path.of(passfile)).doesNotExist();
        assertThat(Path.of(passfile).getParent()).doesNotExist();
        assertThat(System.getenv("PGPASSFILE")).isNull();
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailure() {
        server.createPasswordRole("tools_wrong", "right-password");

        assertThatThrownBy(() -> new ToolsDumper(server.settings(pagila, "tools_wrong", "not-the-password"),
                DumpOptions.builder().output(dir.resolve("x.sql")).build(), tools(), null).run(null))
                .isInstanceOfSatisfying(PgToolException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.AUTHENTICATION_FAILED);
                    assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION);
                    assertThat(e.code().exitCode()).isEqualTo(4);
                    assertThat(e.sqlState()).isEqualTo("28P01");
                    assertThat(e.getMessage()).contains("password authentication failed for user \"tools_wrong\"")
                            .doesNotContain("not-the-password");
                });
        assertThat(dir.resolve("x.sql")).doesNotExist();
    }

    @Test
    void aMissingDatabase() {
        assertThatThrownBy(() -> new ToolsDumper(server.settings("no_such_db"), DumpOptions.builder().build(), tools(), null)
                .run(java.io.OutputStream.nullOutputStream(), null))
                .isInstanceOfSatisfying(PgToolException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.DATABASE_MISSING);
                    assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_NOT_FOUND);
                    assertThat(e.sqlState()).isEqualTo("3D000");
                    assertThat(e.oneLine()).contains("database \"no_such_db\" does not exist");
                });
    }

    @Test
    void permissionDeniedOnATableForARoleWithoutRights() {
        String db = server.createDatabase();
        server.execute(db, "CREATE TABLE secret (id int)", "DO $$BEGIN CREATE ROLE tools_nobody LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$");

        assertThatThrownBy(() -> new ToolsDumper(server.settings(db, "tools_nobody", null),
                DumpOptions.builder().includeTable("public.secret").output(dir.resolve("x.sql")).build(), tools(), null).run(null))
                .isInstanceOfSatisfying(PgToolException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.PERMISSION_DENIED);
                    assertThat(e.code()).isEqualTo(ErrorCode.SERVER);
                    assertThat(e.sqlState()).isEqualTo("42501");
                    assertThat(e.getMessage()).isEqualTo("pg_dump failed: query failed: ERROR:  permission denied for table secret");
                });
        assertThat(dir.resolve("x.sql")).doesNotExist();
        server.dropDatabase(db);
    }

    @Test
    void lockTimeoutWhileAnotherSessionHoldsAnAccessExclusiveLock() throws Exception {
        String db = server.createDatabase();
        server.execute(db, "CREATE TABLE busy (id int)");
        try (Connection holder = server.connect(db); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");

            assertThatThrownBy(() -> new ToolsDumper(server.settings(db), DumpOptions.builder().lockWaitTimeout("300")
                    .output(dir.resolve("x.sql")).build(), tools(), null).run(null))
                    .isInstanceOfSatisfying(PgToolException.class, e -> {
                        assertThat(e.category()).isEqualTo(FailureCategory.LOCK_TIMEOUT);
                        assertThat(e.sqlState()).isEqualTo("57014");   // pg_dump times LOCK TABLE out with statement_timeout
                        assertThat(e.getMessage()).contains("canceling statement due to statement timeout");
                        assertThat(e.fix()).contains("--lock-wait-timeout");
                    });
            holder.rollback();
        }
        assertThat(dir.resolve("x.sql")).doesNotExist();
        server.dropDatabase(db);
    }

    @Test
    void aServerNewerThanEveryPgDumpFailsBeforeStartingWithTheFix() {
        PgServer newer = PgServers.get(17);
        String db = newer.createDatabase();

        assertThatThrownBy(() -> new ToolsDumper(newer.settings(db), DumpOptions.builder().output(dir.resolve("x.sql")).build(),
                tools(), null).run(null))
                .isInstanceOfSatisfying(StowageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ENVIRONMENT);
                    assertThat(e.oneLine()).startsWith("server version mismatch: the PostgreSQL server is version 17 but the newest pg_dump found is 15")
                            .contains("install the PostgreSQL 17 client (Debian: apt-get install postgresql-client-17")
                            .contains("--pg-bin");
                });
        assertThat(dir.resolve("x.sql")).doesNotExist();
    }

    @Test
    void pgDumpsOwnVersionCheckIsClassifiedToo() throws IOException {
        // only pg_dump, no psql to ask the server's version with: pg_dump 15 meets the 17 server and refuses it
        Path onlyPgDump = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(onlyPgDump.resolve("pg_dump"), PG15_BIN.resolve("pg_dump"));
        PgServer newer = PgServers.get(17);
        String db = newer.createDatabase();
        ToolsSettings settings = new ToolsSettings(PgBinaries.locate(onlyPgDump), null, new ProcessRunner(), System.getenv());

        assertThatThrownBy(() -> new ToolsDumper(newer.settings(db), DumpOptions.builder().output(dir.resolve("x.sql")).build(),
                settings, null).run(null))
                .isInstanceOfSatisfying(PgToolException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.SERVER_VERSION_MISMATCH);
                    assertThat(e.code()).isEqualTo(ErrorCode.ENVIRONMENT);
                    assertThat(e.oneLine()).startsWith("server version mismatch: pg_dump 15.").contains("cannot dump a PostgreSQL 17.")
                            .contains("postgresql-client-17");
                });
        assertThat(dir.resolve("x.sql")).doesNotExist();
    }

    @Test
    void aMissingBinaryGivesTheClearMessage() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        assertThatThrownBy(() -> new ToolsDumper(server.settings(pagila), DumpOptions.builder().output(dir.resolve("x.sql")).build(),
                ToolsSettings.defaults(empty), null).run(null))
                .isInstanceOfSatisfying(StowageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ENVIRONMENT);
                    assertThat(e.oneLine()).startsWith("no pg_dump found (searched --pg-bin " + empty + ")").contains("--pg-bin DIR");
                });
    }

    @Test
    void cancelMidDumpLeavesNoFileAndNoChildProcess() throws Exception {
        String db = server.createDatabase();
        // about 200 MB of table data, generated on the server
        server.execute(db, "CREATE TABLE big AS SELECT g AS id, repeat(md5(g::text), 6) AS payload FROM generate_series(1, 1000000) g");
        Path out = dir.resolve("big.dump");
        Cancellation cancel = new Cancellation();
        AtomicBoolean sawDumper = new AtomicBoolean();
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> new ToolsDumper(server.settings(db), DumpOptions.builder().format(ArchiveFormat.CUSTOM)
                .compression(io.stowage.core.options.CompressionSpec.NONE).output(out).build(), tools(), event -> {
                    events.add(event);
                    if (event.equals(new ProgressEvent.Phase("data"))) {
                        sawDumper.set(ProcessHandle.current().descendants().anyMatch(p -> read(p, "cmdline").orElse("").contains("pg_dump")));
                        new Thread(() -> {
                            sleep(500);   // well inside the copy of big's data
                            cancel.cancel();
                        }).start();
                    }
                }).run(cancel))
                .isInstanceOfSatisfying(StowageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));

        assertThat(sawDumper).isTrue();
        assertThat(events).doesNotContain(new ProgressEvent.TableData("public", "big", ProgressEvent.UNKNOWN, ProgressEvent.UNKNOWN));
        assertThat(out).doesNotExist();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.toList()).isEmpty();
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().orElse("").contains("/usr/lib/postgresql")).toList()).isEmpty();
        server.dropDatabase(db);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A child's /proc/PID/cmdline or environ, NULs as they are. */
    private static java.util.Optional<String> read(ProcessHandle p, String file) {
        try {
            return java.util.Optional.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), file)),
                    StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

}
