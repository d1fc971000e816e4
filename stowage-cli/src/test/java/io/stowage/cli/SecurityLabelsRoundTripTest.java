package io.stowage.cli;

import io.stowage.testkit.ComparisonReport;
import io.stowage.testkit.DatabaseComparator;
import io.stowage.testkit.Difference;
import io.stowage.testkit.LabelProvider;
import io.stowage.testkit.ObjectKind;
import io.stowage.testkit.PgServer;
import io.stowage.testkit.PgServers;
import io.stowage.testkit.SecurityLabelsFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Security labels on every object kind pg_dump labels ({@link SecurityLabelsFixture}), and on the
 * database itself with {@code -C}, round-trip through {@code stowage dump} / {@code stowage restore}
 * on a PostgreSQL 15 server running the test kit's label provider, with {@code pg_dump -s} of the
 * restored database equal to the source's; {@code --no-security-labels} on dump and on restore
 * leaves every one of them out.
 */
class SecurityLabelsRoundTripTest {
    private static final int MAJOR = 15;
    private static PgServer server;
    private static String source;

    @BeforeAll
    static void start() {
        Optional<String> missing = LabelProvider.unavailableReason(MAJOR);
        missing.ifPresent(reason -> System.err.println("SKIPPED LOUDLY: " + reason));
        assumeTrue(missing.isEmpty(), () -> "SKIPPED LOUDLY: " + missing.orElse(""));
        server = PgServers.startWithLabelProvider(MAJOR);
        source = SecurityLabelsFixture.create(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyLabelRoundTripsAndPgDumpAgrees(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("labels.sql");
        Cli.Result dump = Cli.run(args("dump", conn(server), "-f", file.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        String script = Files.readString(file);
        List<String> targets = SecurityLabelsFixture.labelTargets();
        for (String target : targets) {
            // each label names its object; the statements themselves are checked against pg_dump's below
            assertThat(script).as("label of " + target).contains(" IS 'It''s \"" + target + "\"\nsecond line\t");
        }
        assertThat(script.lines().filter(l -> l.startsWith("SECURITY LABEL FOR stowage ON ")).count())
                .as("one SECURITY LABEL per object").isEqualTo(targets.size());

        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-e", "-d", target, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        ComparisonReport report = DatabaseComparator.create().compare(server, source, server, target);
        assertThat(report.differences()).as(report.toString()).isEmpty();
        assertThat(labelCount(target)).as("labels in the restored database").isEqualTo(targets.size());

        ReferenceTools.require("pg_dump", MAJOR);
        String reference = referenceSchema(source);
        // pg_dump 15 -s leaves large objects out, and their labels with them
        assertThat(reference.lines().filter(l -> l.startsWith("SECURITY LABEL FOR stowage ON ")))
                .as("pg_dump labels the same objects")
                .containsExactlyInAnyOrderElementsOf(script.lines().filter(l -> l.startsWith("SECURITY LABEL FOR stowage ON ")
                        && !l.startsWith("SECURITY LABEL FOR stowage ON LARGE OBJECT ")).toList())
                .hasSize(targets.size() - 1);
        assertThat(referenceSchema(target)).isEqualTo(reference);
    }

    @Test
    void noSecurityLabelsOnDumpLeavesThemOut(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("unlabelled.sql");
        Cli.Result dump = Cli.run(args("dump", conn(server), "--no-security-labels", "-f", file.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        assertThat(Files.readString(file)).doesNotContain("SECURITY LABEL");
        assertRestoredWithoutLabels(file);
    }

    @Test
    void noSecurityLabelsOnRestoreLeavesThemOut(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("labelled.sql");
        Cli.Result dump = Cli.run(args("dump", conn(server), "-f", file.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        assertThat(Files.readString(file)).contains("SECURITY LABEL FOR stowage ON ");
        assertRestoredWithoutLabels(file, "--no-security-labels");
    }

    private static void assertRestoredWithoutLabels(Path file, String... restoreFlags) throws Exception {
        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-e", restoreFlags, "-d", target, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(labelCount(target)).isZero();
        // everything else came back: the only differences are the labels, each missing from the copy
        ComparisonReport report = DatabaseComparator.create().compare(server, source, server, target);
        assertThat(report.differences()).as(report.toString()).hasSize(SecurityLabelsFixture.labelTargets().size())
                .allSatisfy(d -> {
                    assertThat(d.kind()).isEqualTo(ObjectKind.SECURITY_LABEL);
                    assertThat(d.detail()).isEqualTo("only in first database");
                });
    }

    @Test
    void theDatabaseLabelGoesWithCreate(@TempDir Path dir) throws Exception {
        String name = "labels_db_" + Long.toString(System.nanoTime() & 0xffffff, 36);
        server.createDatabase(name);
        SecurityLabelsFixture.create(server, name);
        String label = SecurityLabelsFixture.text("DATABASE " + name);
        server.execute(PgServer.MAINTENANCE_DB, SecurityLabelsFixture.statement("DATABASE " + name));
        String original = name + "_orig";
        try {
            String schemaBefore = referenceCreateSchema(name);
            assertThat(schemaBefore).contains("SECURITY LABEL FOR stowage ON DATABASE " + name + " IS ");

            Path file = dir.resolve("db.sql");
            Cli.Result dump = Cli.run(args("dump", conn(server), "-C", "-f", file.toString(), name));
            assertThat(dump.exit()).as(dump.toString()).isZero();
            assertThat(Files.readString(file)).contains("SECURITY LABEL FOR stowage ON DATABASE " + name + " IS ");
            Path unlabelled = dir.resolve("db-unlabelled.sql");
            Cli.Result bare = Cli.run(args("dump", conn(server), "-C", "--no-security-labels", "-f", unlabelled.toString(), name));
            assertThat(bare.exit()).as(bare.toString()).isZero();
            assertThat(Files.readString(unlabelled)).contains("CREATE DATABASE").doesNotContain("SECURITY LABEL");

            // keep the original under another name as the oracle; the name is now free for -C
            server.execute(PgServer.MAINTENANCE_DB, "ALTER DATABASE " + name + " RENAME TO " + original);
            Cli.Result restore = Cli.run(args("restore", conn(server), "-C", "-e", "-d", "postgres", file.toString()));
            assertThat(restore.exit()).as(restore.toString()).isZero();
            ComparisonReport report = DatabaseComparator.create().withDatabase().compare(server, original, server, name);
            assertThat(report.differences()).as(report.toString()).isEmpty();
            assertThat(server.queryColumn(PgServer.MAINTENANCE_DB, "SELECT l.provider || ':' || l.label FROM pg_shseclabel l"
                    + " JOIN pg_database d ON d.oid = l.objoid AND l.classoid = 'pg_database'::regclass WHERE d.datname = '"
                    + name + "'")).containsExactly("stowage:" + label);
            assertThat(referenceCreateSchema(name)).isEqualTo(schemaBefore);

            // restore --no-security-labels with -C leaves the database's label out too
            dropWithSubscription(name);
            Cli.Result restoreBare = Cli.run(args("restore", conn(server), "-C", "-e", "--no-security-labels",
                    "-d", "postgres", file.toString()));
            assertThat(restoreBare.exit()).as(restoreBare.toString()).isZero();
            ComparisonReport unlabelledReport = DatabaseComparator.create().withDatabase().compare(server, original, server, name);
            assertThat(unlabelledReport.differences()).extracting(Difference::toString).as(unlabelledReport.toString())
                    .contains("database current database: security labels differs: line 1: \"stowage=" + label.lines().findFirst().orElseThrow()
                            + "\" vs \"\"");
            assertThat(unlabelledReport.differences()).filteredOn(d -> d.kind() == ObjectKind.SECURITY_LABEL)
                    .hasSize(SecurityLabelsFixture.labelTargets().size());
        } finally {
            dropWithSubscription(name);
            dropWithSubscription(original);
        }
    }

    /** A database holding a subscription cannot be dropped; its subscription (without a slot) can. */
    private static void dropWithSubscription(String db) {
        if (!server.queryColumn(PgServer.MAINTENANCE_DB, "SELECT 1 FROM pg_database WHERE datname = '" + db + "'").isEmpty()) {
            server.execute(db, "DROP SUBSCRIPTION IF EXISTS sl_sub");
        }
        server.dropDatabase(db);
    }

    private static int labelCount(String db) {
        // pg_seclabels would also show other databases' subscription labels and every database's own label
        return Integer.parseInt(server.queryColumn(db, "SELECT (SELECT count(*) FROM pg_seclabel) + (SELECT count(*)"
                + " FROM pg_shseclabel l JOIN pg_subscription s ON s.oid = l.objoid AND l.classoid = 'pg_subscription'::regclass"
                + " JOIN pg_database d ON d.oid = s.subdbid AND d.datname = current_database())").get(0));
    }

    /** pg_dump 15's -s output, without the random \restrict keys. */
    private static String referenceSchema(String db) {
        ReferenceTools.Run run = ReferenceTools.pgDump(server, db, "-s");
        assertThat(run.exit()).as(run.err()).isZero();
        return ReferenceTools.withoutRestrictKeys(run.out());
    }

    private static String referenceCreateSchema(String db) {
        ReferenceTools.require("pg_dump", MAJOR);
        ReferenceTools.Run run = ReferenceTools.pgDump(server, db, "-C", "-s");
        assertThat(run.exit()).as(run.err()).isZero();
        return ReferenceTools.withoutRestrictKeys(run.out());
    }
}
