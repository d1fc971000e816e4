package io.stowage.cli;

import io.stowage.testkit.CommentsFixture;
import io.stowage.testkit.ComparisonReport;
import io.stowage.testkit.DatabaseComparator;
import io.stowage.testkit.Difference;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A comment on every object kind ({@link CommentsFixture}) round-trips with quotes, newlines and
 * unicode intact; and the comparator sees a changed comment on each of them.
 */
class CommentsRoundTripTest {

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {12, 15, 18})
    void everyCommentRoundTrips(int major, @TempDir Path dir) throws Exception {
        PgServer server = Servers.get(major);
        String source = CommentsFixture.create(server);
        Path file = dir.resolve("comments.sql");
        Cli.Result dump = Cli.run(args("dump", conn(server), "-f", file.toString(), source));
        assertThat(dump.exit()).as(dump.toString()).isZero();
        String script = Files.readString(file);
        List<String> targets = CommentsFixture.commentTargets();
        long written = script.lines().filter(l -> l.startsWith("COMMENT ON ")).count();
        assertThat(written).as("one COMMENT per object").isEqualTo(targets.size());

        String target = server.createDatabase();
        Cli.Result restore = Cli.run(args("restore", conn(server), "-e", "-d", target, file.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();
        RoundTripTest.assertIdentical(server, source, target);

        // the comparator compares the comment of each of these kinds
        String[] changes = targets.stream().map(t -> "COMMENT ON " + t + " IS 'changed'").toArray(String[]::new);
        server.execute(target, changes);
        ComparisonReport report = DatabaseComparator.create().compare(server, source, server, target);
        List<Difference> comments = report.differences().stream().filter(d -> d.detail().startsWith("comment")).toList();
        assertThat(comments).as(report.toString()).hasSize(targets.size());
    }
}
