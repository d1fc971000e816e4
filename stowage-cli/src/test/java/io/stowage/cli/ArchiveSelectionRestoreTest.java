package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stowage restore} of pg_dump 15 archives (custom, directory, tar) of pagila with
 * pg_restore's selection and output flags, the real pg_restore 15 being the oracle: the same
 * {@code -l} listing, the same {@code -f -} script for a table of flag sets, the same databases.
 * One pagila copy and one archive per format serve every test.
 */
class ArchiveSelectionRestoreTest {
    @TempDir
    static Path dir;
    private static PgServer server;
    private static String source;
    private static Path reversedList;

    @BeforeAll
    static void archives() throws Exception {
        ReferenceTools.require("pg_restore", 15);
        server = Servers.get(15);
        source = Servers.freshPagila(server);
        for (String format : List.of("c", "d", "t")) {
            ReferenceTools.Run dump = ReferenceTools.pgDump(server, source, "-F" + format, "-f", archive(format).toString());
            assertThat(dump.exit()).as(dump.err()).isZero();
        }
        // a -L list: the listing reversed (data and all), one entry commented out, comments and blank lines
        ReferenceTools.Run list = pgRestore("-l", archive("c").toString());
        assertThat(list.exit()).as(list.err()).isZero();
        List<String> entries = new ArrayList<>(list.out().lines().filter(l -> !l.startsWith(";") && !l.isBlank()).toList());
        Collections.reverse(entries);
        entries.set(2, ";" + entries.get(2));
        entries.add(5, "");
        entries.add(0, "; edited by hand");
        reversedList = dir.resolve("reversed.list");
        Files.write(reversedList, entries);
    }

    private static Path archive(String format) {
        return dir.resolve("pagila." + format);
    }

    /** pg_restore 15 in the JVM's time zone, so the listing's "Archive created at" line reads the same. */
    private static ReferenceTools.Run pgRestore(String... flags) {
        List<String> cmd = new ArrayList<>(List.of("env", "TZ=" + ZoneId.systemDefault().getId(), "pg_restore"));
        cmd.addAll(List.of(flags));
        return ReferenceTools.run(cmd, null);
    }

    /**
     * A pg_restore 15.18 script less what is deliberately different: its random {@code \restrict}
     * key lines, and the 15 owner wording (ALTER TABLE for views and sequences, where Stowage writes
     * ALTER VIEW / ALTER SEQUENCE as PostgreSQL 16 does; the server takes both).
     */
    static String normalized(String pgRestoreScript) {
        return pgRestoreScript
                .replaceAll("(?m)^(\\\\connect .*\n)\\\\restrict \\S+\n", "$1")
                .replaceAll("(?m)^\\\\(un)?restrict \\S+\n\n?", "")
                .replaceAll("\n+\\z", "\n");
    }

    private static String normalizedOwners(String script) {
        return script.replaceAll("(?m)^ALTER (SEQUENCE|VIEW|MATERIALIZED VIEW) (\\S+) OWNER TO", "ALTER TABLE $2 OWNER TO");
    }

    /** Our script against pg_restore's, normalized; a failure shows the first differing line, not megabytes. */
    private static void assertSameScript(String ours, String pgRestore) {
        String[] a = normalizedOwners(ours).replaceAll("\n+\\z", "\n").split("\n", -1);
        String[] b = normalizedOwners(normalized(pgRestore)).split("\n", -1);
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) {
                String context = String.join("\n", java.util.Arrays.copyOfRange(b, Math.max(0, i - 5), Math.min(b.length, i + 3)));
                assertThat(a[i]).as("script line " + (i + 1) + "; pg_restore's lines around it:\n" + context).isEqualTo(b[i]);
            }
        }
        assertThat(a.length).as("script lines").isEqualTo(b.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"c", "d", "t"})
    void listingIsPgRestores(String format) {
        ReferenceTools.Run reference = pgRestore("-l", archive(format).toString());
        assertThat(reference.exit()).as(reference.err()).isZero();
        Cli.Result ours = Cli.run("restore", "-l", archive(format).toString());
        assertThat(ours.exit()).as(ours.toString()).isZero();
        assertThat(ours.out()).isEqualTo(reference.out()).contains("TABLE DATA public actor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"c", "d", "t"})
    void selectiveListingIsPgRestores(String format) {
        String[] flags = {"-l", "-n", "public", "-t", "actor", "-I", "idx_actor_last_name"};
        ReferenceTools.Run reference = pgRestore(args(flags, archive(format).toString()));
        Cli.Result ours = Cli.run(args("restore", flags, archive(format).toString()));
        assertThat(ours.exit()).as(ours.toString()).isZero();
        assertThat(ours.out()).isEqualTo(reference.out()).contains("public actor").doesNotContain("public film ");
    }

    static Stream<Arguments> flagSets() {
        List<List<String>> sets = List.of(
                List.of(),
                List.of("-n", "public"),
                List.of("-N", "public"),
                List.of("-n", "legacy", "-n", "public", "-N", "legacy"),
                List.of("-t", "actor", "-t", "film_list", "-t", "actor_actor_id_seq"),
                List.of("-I", "idx_actor_last_name"),
                List.of("-P", "last_day(timestamp without time zone)"),
                List.of("-T", "film film_fulltext_trigger"),
                List.of("-t", "film", "-T", "film film_fulltext_trigger", "-I", "film_fulltext_idx"),
                List.of("-a", "--disable-triggers"),
                List.of("-a", "--disable-triggers", "-t", "rental"),
                List.of("-s"),
                List.of("--section=pre-data", "--section=post-data"),
                List.of("--section=data"),
                List.of("-c", "--if-exists"),
                List.of("-c", "-t", "payment"),
                List.of("-O", "-x"),
                List.of("--no-comments"),
                List.of("-C"),
                List.of("-C", "-c", "--if-exists"),
                List.of("-1"),
                List.of("-L", "LIST"));
        List<Arguments> all = new ArrayList<>();
        for (String format : List.of("c", "d", "t")) {
            for (List<String> set : sets) {
                if (format.equals("t") && set.contains("-L")) {
                    continue; // out of order: a tar cannot (see reorderedListOfATarIsRefusedAsPgRestoreRefusesIt)
                }
                all.add(Arguments.of(format, set));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "-F{0} {1}")
    @MethodSource("flagSets")
    void scriptIsPgRestores(String format, List<String> flags) {
        List<String> resolved = flags.stream().map(f -> f.equals("LIST") ? reversedList.toString() : f).toList();
        ReferenceTools.Run reference = pgRestore(args("-f", "-", resolved.toArray(String[]::new), archive(format).toString()));
        assertThat(reference.exit()).as(reference.err()).isZero();
        Cli.Result ours = Cli.run(args("restore", "-f", "-", resolved.toArray(String[]::new), archive(format).toString()));
        assertThat(ours.exit()).as(ours.toString()).isZero();
        assertSameScript(ours.out(), reference.out());
        assertThat(ours.out()).contains("PostgreSQL database dump complete");
    }

    /** pg_restore 17's --filter: items stand for -n/-N/-t/-I/-P/-T (pg_restore 15 has no --filter, so the flags are the oracle). */
    @Test
    void filterFileSelectsAsItsFlagsDo() throws Exception {
        Path filter = dir.resolve("restore.filter");
        Files.writeString(filter, "# pagila's rental side\ninclude table actor\nINCLUDE TABLE film   # trailing comment\n\n"
                + "include index idx_actor_last_name\ninclude function last_day(timestamp without time zone)\n"
                + "include trigger last_updated\nexclude schema nosuch\n");
        Cli.Result filtered = Cli.run("restore", "-f", "-", "--filter", filter.toString(), archive("c").toString());
        assertThat(filtered.exit()).as(filtered.toString()).isZero();
        Cli.Result flagged = Cli.run("restore", "-f", "-", "-t", "actor", "-t", "film", "-I", "idx_actor_last_name",
                "-P", "last_day(timestamp without time zone)", "-T", "last_updated", "-N", "nosuch", archive("c").toString());
        assertThat(flagged.exit()).as(flagged.toString()).isZero();
        assertThat(filtered.out()).isEqualTo(flagged.out())
                .contains("CREATE TABLE public.actor", "CREATE FUNCTION public.last_day", "CREATE INDEX idx_actor_last_name")
                .doesNotContain("CREATE TABLE public.customer");

        Files.writeString(filter, "include table actor\nexclude table film\n");
        Cli.Result bad = Cli.run("restore", "-f", "-", "--filter", filter.toString(), archive("c").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err().strip().lines()).hasSize(1);
        assertThat(bad.err()).contains(filter.toString(), "line 2");
    }

    @Test
    void scriptToAFileIsTheSameAsToStandardOutput() throws Exception {
        Path file = dir.resolve("actor.sql");
        Cli.Result toFile = Cli.run("restore", "-f", file.toString(), "-t", "actor", archive("c").toString());
        assertThat(toFile.exit()).as(toFile.toString()).isZero();
        Cli.Result toOut = Cli.run("restore", "-f", "-", "-t", "actor", archive("c").toString());
        assertThat(Files.readString(file)).isEqualTo(toOut.out()).contains("CREATE TABLE public.actor");
    }

    @Test
    void reorderedListOfATarIsRefusedAsPgRestoreRefusesIt() {
        ReferenceTools.Run reference = pgRestore("-f", "-", "-L", reversedList.toString(), archive("t").toString());
        assertThat(reference.exit()).isNotZero();
        assertThat(reference.err()).contains("restoring data out of order is not supported in this archive format");
        Cli.Result ours = Cli.run("restore", "-f", "-", "-L", reversedList.toString(), archive("t").toString());
        assertThat(ours.exit()).isEqualTo(6);
        // the same member pair as pg_restore names
        String pair = reference.err().substring(reference.err().indexOf(": \"") + 2).replaceAll("\\.\\s*$", "").strip();
        assertThat(ours.err()).contains("restoring data out of order is not supported in this archive format").contains(pair);
    }

    @Test
    void reorderedListOfACustomArchiveOnStandardInputIsRefusedAsPgRestoreRefusesIt() throws Exception {
        byte[] bytes = Files.readAllBytes(archive("c"));
        ReferenceTools.Run reference = ReferenceTools.run(List.of("sh", "-c", "cat " + archive("c") + " | pg_restore -f - -L "
                + reversedList), null);
        assertThat(reference.err()).contains("could not find block ID");
        Cli.Result ours = Cli.runWithInput(bytes, "restore", "-f", "-", "-L", reversedList.toString());
        assertThat(ours.exit()).isEqualTo(6);
        String id = reference.err().replaceAll("(?s).*could not find block ID (\\d+).*", "$1");
        assertThat(ours.err()).contains("could not find block ID " + id + " in archive").contains("non-seekable input file");
    }

    @Test
    void customArchiveWrittenToAPipeIsSoughtForAReorderedList() throws Exception {
        Path piped = dir.resolve("piped.dump");
        ReferenceTools.Run dump = ReferenceTools.run(List.of("sh", "-c", "pg_dump -h 127.0.0.1 -p " + server.port()
                + " -U postgres -w -Fc " + source + " | cat > " + piped), null);
        assertThat(dump.exit()).as(dump.err()).isZero();
        ReferenceTools.Run reference = pgRestore("-f", "-", "-L", reversedList.toString(), piped.toString());
        assertThat(reference.exit()).as(reference.err()).isZero();
        Cli.Result ours = Cli.run("restore", "-f", "-", "-L", reversedList.toString(), piped.toString());
        assertThat(ours.exit()).as(ours.toString()).isZero();
        assertSameScript(ours.out(), reference.out());
    }

    static Stream<Arguments> restoredSets() {
        return Stream.of(
                Arguments.of("c", List.of("-n", "public", "-t", "actor", "-t", "film", "-t", "language", "-I", "idx_title")),
                Arguments.of("d", List.of("-L", "LIST")),
                Arguments.of("t", List.of("-N", "legacy", "-1", "-O", "-x")),
                Arguments.of("c", List.of("-e", "-1")));
    }

    @ParameterizedTest(name = "-F{0} {1}")
    @MethodSource("restoredSets")
    void restoredDatabaseIsPgRestores(String format, List<String> flags) throws Exception {
        List<String> resolved = flags.stream().map(f -> f.equals("LIST") ? reversedList.toString() : f).toList();
        String expected = server.createDatabase();
        ReferenceTools.Run reference = pgRestore(args("-h", "127.0.0.1", "-p", String.valueOf(server.port()), "-U", "postgres", "-w",
                "-d", expected, resolved.toArray(String[]::new), archive(format).toString()));
        String actual = server.createDatabase();
        Cli.Result ours = Cli.run(args("restore", conn(server), "-d", actual, resolved.toArray(String[]::new), archive(format).toString()));
        assertThat(ours.exit()).as(ours + "\npg_restore: " + reference.err()).isEqualTo(reference.exit() == 0 ? 0 : 8);
        RoundTripTest.assertIdentical(server, expected, actual);
    }

    @Test
    void noDataForFailedTablesSkipsTheDataOfATableThatExistedAlready() throws Exception {
        String[] flags = {"-t", "actor", "-t", "film_actor", "--no-data-for-failed-tables"};
        String expected = server.createDatabase();
        String actual = server.createDatabase();
        for (String db : List.of(expected, actual)) {
            // a conflicting table of the same name, with rows of its own
            server.execute(db, "CREATE TABLE public.actor (actor_id integer, first_name text, last_name text, last_update timestamp);"
                    + "INSERT INTO public.actor VALUES (1, 'already', 'here', '2020-01-01')");
        }
        ReferenceTools.Run reference = pgRestore(args("-h", "127.0.0.1", "-p", String.valueOf(server.port()), "-U", "postgres", "-w",
                "-d", expected, flags, archive("c").toString()));
        assertThat(reference.err()).contains("already exists");
        Cli.Result ours = Cli.run(args("restore", conn(server), "-d", actual, flags, archive("c").toString()));
        assertThat(ours.exit()).as(ours.toString()).isEqualTo(8);
        assertThat(server.queryColumn(actual, "SELECT count(*) FROM public.actor")).containsExactly("1");
        assertThat(server.queryColumn(actual, "SELECT count(*) = (SELECT count(*) FROM " + "public.film_actor) FROM public.film_actor"))
                .containsExactly("t");
        assertThat(server.queryColumn(actual, "SELECT count(*) > 1000 FROM public.film_actor")).containsExactly("t");
        RoundTripTest.assertIdentical(server, expected, actual);

        // without the flag the archive's rows go into the table that was there
        String loaded = server.createDatabase();
        server.execute(loaded, "CREATE TABLE public.actor (actor_id integer, first_name text, last_name text, last_update timestamp)");
        Cli.run(args("restore", conn(server), "-d", loaded, "-t", "actor", archive("c").toString()));
        assertThat(server.queryColumn(loaded, "SELECT count(*) > 1 FROM public.actor")).containsExactly("t");
    }

    @Test
    void selectionOfAPlainScriptIsAUsageErrorNamingTheFix() throws Exception {
        Path script = dir.resolve("plain.sql");
        Files.writeString(script, "--\n-- PostgreSQL database dump\n--\n\nSELECT 1;\n", StandardCharsets.UTF_8);
        Cli.Result table = Cli.run(args("restore", conn(server), "-d", server.createDatabase(), "-t", "actor", script.toString()));
        assertThat(table.exit()).isEqualTo(2);
        assertThat(table.err()).contains("plain SQL script").contains("-t").contains("-Fc");
        Cli.Result list = Cli.run("restore", "-l", script.toString());
        assertThat(list.exit()).isEqualTo(2);
        assertThat(list.err()).contains("plain SQL script").contains("-l/--list");
        Cli.Result useList = Cli.run(args("restore", conn(server), "-d", server.createDatabase(), "-L", reversedList.toString(),
                script.toString()));
        assertThat(useList.exit()).isEqualTo(2);
        assertThat(useList.err()).contains("-L/--use-list");
        Cli.Result file = Cli.run("restore", "-f", "-", script.toString());
        assertThat(file.exit()).isEqualTo(2);
        assertThat(file.err()).contains("plain SQL script").contains("-f/--file");
    }

    @Test
    void otherUsageErrors() {
        Cli.Result both = Cli.run(args("restore", conn(server), "-d", "x", "-l", archive("c").toString()));
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("-d/--dbname and -l/--list cannot be used together");
        Cli.Result missingList = Cli.run("restore", "-f", "-", "-L", dir.resolve("nope.list").toString(), archive("c").toString());
        assertThat(missingList.exit()).isEqualTo(2);
        assertThat(missingList.err()).contains("nope.list").contains("does not exist");
        Cli.Result neither = Cli.run("restore", archive("c").toString());
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.err()).contains("-d DBNAME").contains("-f FILE");
    }

    @Test
    void ignoredListLinesAreWarnedAsPgRestoreWarns() throws Exception {
        Path list = dir.resolve("odd.list");
        Files.writeString(list, "99999\nnot a number\n; comment\n" + firstDataLine() + "\n" + firstDataLine() + "\n");
        Cli.Result ours = Cli.run("restore", "-f", "-", "-L", list.toString(), archive("c").toString());
        assertThat(ours.exit()).as(ours.toString()).isZero();
        ReferenceTools.Run reference = pgRestore("-f", "-", "-L", list.toString(), archive("c").toString());
        assertSameScript(ours.out(), reference.out());
        assertThat(reference.err()).contains("line ignored: 99999");
        assertThat(ours.err()).contains("line ignored: 99999").contains("line ignored: not a number");
        assertThat(ours.err().lines().filter(l -> l.contains("line ignored")).count()).isEqualTo(3);
    }

    private static String firstDataLine() {
        return pgRestore("-l", archive("c").toString()).out().lines().filter(l -> l.contains("TABLE DATA public actor"))
                .findFirst().orElseThrow();
    }
}
