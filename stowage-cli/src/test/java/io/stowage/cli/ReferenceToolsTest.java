package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/** On PostgreSQL 15, checks Stowage against the reference pg_dump and psql of the same major. */
class ReferenceToolsTest {
    private static final int MAJOR = 15;

    @BeforeAll
    static void needsTools() {
        ReferenceTools.require("pg_dump", MAJOR);
        ReferenceTools.require("psql", MAJOR);
    }

    @Test
    void restoredDatabaseHasTheSamePgDumpSchemaAndData(@TempDir Path dir) throws Exception {
        PgServer server = Servers.get(MAJOR);
        String source = Servers.freshPagila(server);
        String target = server.createDatabase();
        Path file = dir.resolve("pagila.sql");

        assertThat(Cli.run(args("dump", conn(server), "-f", file.toString(), source)).exit()).isZero();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-d", target, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();

        ReferenceTools.Run sourceSchema = ReferenceTools.pgDump(server, source, "-s");
        ReferenceTools.Run targetSchema = ReferenceTools.pgDump(server, target, "-s");
        assertThat(sourceSchema.exit()).as(sourceSchema.err()).isZero();
        assertThat(targetSchema.exit()).as(targetSchema.err()).isZero();
        assertThat(sourceSchema.out()).contains("CREATE TABLE public.actor");
        assertThat(ReferenceTools.withoutRestrictKeys(targetSchema.out())).isEqualTo(ReferenceTools.withoutRestrictKeys(sourceSchema.out()));

        ReferenceTools.Run sourceData = ReferenceTools.pgDump(server, source, "-a");
        ReferenceTools.Run targetData = ReferenceTools.pgDump(server, target, "-a");
        assertThat(sourceData.out()).contains("COPY public.actor ");
        assertThat(ReferenceTools.withoutRestrictKeys(targetData.out())).isEqualTo(ReferenceTools.withoutRestrictKeys(sourceData.out()));
    }


    @Test
    void ourDumpLoadsWithPsqlOnErrorStop(@TempDir Path dir) throws Exception {
        PgServer server = Servers.get(MAJOR);
        String source = Servers.freshPagila(server);
        String target = server.createDatabase();
        Path file = dir.resolve("pagila.sql");
        assertThat(Cli.run(args("dump", conn(server), "-f", file.toString(), source)).exit()).isZero();

        ReferenceTools.Run psql = ReferenceTools.psqlFile(server, target, file);
        assertThat(psql.exit()).as(psql.err()).isZero();
        RoundTripTest.assertIdentical(server, source, target);
    }

    @Test
    void weRestoreWhatTheRealPgDumpWrites(@TempDir Path dir) throws Exception {
        PgServer server = Servers.get(MAJOR);
        String source = Servers.freshPagila(server);
        String target = server.createDatabase();
        Path file = dir.resolve("pg_dump.sql");
        ReferenceTools.Run dump = ReferenceTools.pgDump(server, source, "-f", file.toString());
        assertThat(dump.exit()).as(dump.err()).isZero();
        assertThat(Files.size(file)).isPositive();

        Cli.Result restore = Cli.run(args("restore", conn(server), "-d", target, "-e", file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        RoundTripTest.assertIdentical(server, source, target);
    }
}
