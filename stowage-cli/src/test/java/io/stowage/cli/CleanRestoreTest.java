package io.stowage.cli;

import io.stowage.testkit.LanguagesFixture;
import io.stowage.testkit.ObjectKindsFixture;
import io.stowage.testkit.PgServer;
import io.stowage.testkit.SchemaFormsFixture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.function.Function;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code restore -c --if-exists} of a plain dump made without {@code -c}: the restore derives every
 * drop itself, including for objects without an owner statement (casts, transforms, access methods,
 * user mappings), so restoring over an existing copy, twice, gives back the source exactly.
 */
class CleanRestoreTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"object kinds", "languages", "schema forms"})
    void cleanRestoreOverAnExistingCopyTwice(String fixture, @TempDir Path dir) throws Exception {
        PgServer server = Servers.get(15);
        Function<PgServer, String> create = switch (fixture) {
            case "object kinds" -> ObjectKindsFixture::create;
            case "languages" -> LanguagesFixture::create;
            default -> SchemaFormsFixture::create;
        };
        String source = create.apply(server);
        Path file = dir.resolve("plain.sql");
        Cli.Result dump = Cli.run(args("dump", conn(server), "-f", file.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();

        String target = server.createDatabase();
        Cli.Result first = Cli.run(args("restore", conn(server), "-e", "-d", target, file.toString()));
        assertThat(first.exit()).as(first.toString()).isZero();
        for (int i = 0; i < 2; i++) {
            if (fixture.equals("object kinds")) {
                // CREATE OPERATOR ... COMMUTATOR makes a shell operator that no entry creates and so
                // none drops, and it keeps the schema from being dropped; pg_dump -c scripts stop
                // at the same place. Known limitation, named in the issue notes.
                server.execute(target, "DROP OPERATOR IF EXISTS kinds.=== (text, integer)");
            }
            Cli.Result again = Cli.run(args("restore", conn(server), "-c", "--if-exists", "-e", "-d", target, file.toString()));
            assertThat(again.exit()).as("clean restore %d: %s", i + 1, again).isZero();
        }
        RoundTripTest.assertIdentical(server, source, target);
    }
}
