package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code stowage dump --filter FILE} against the same dump made with the equivalent flags, on pagila. */
class DumpFilterFileTest {
    private static PgServer server;
    private static String pagila;

    @BeforeAll
    static void setUp() throws Exception {
        server = Servers.get(15);
        pagila = Servers.freshPagila(server);
        server.execute(pagila, "CREATE TABLE public.\"Odd Name\" (id int)", "INSERT INTO public.\"Odd Name\" VALUES (1)");
    }

    private static String dump(String... flags) {
        Cli.Result r = Cli.run(args("dump", conn(server), flags, pagila));
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.out();
    }

    @Test
    void filterFileDumpsExactlyWhatTheEquivalentFlagsDump(@TempDir Path dir) throws Exception {
        Path filter = Files.writeString(dir.resolve("pagila.filter"), String.join("\n",
                "# tables of the film catalogue, without payments",
                "include table public.film*",
                "INCLUDE TABLE actor   # a trailing comment",
                "include table \"Odd Name\"",
                "",
                "exclude table film_text",
                "exclude table_data public . film_actor",
                "include table category"), StandardCharsets.UTF_8);
        String viaFilter = dump("--filter", filter.toString());
        String viaFlags = dump("-t", "public.film*", "-t", "actor", "-t", "\"Odd Name\"", "-T", "film_text",
                "--exclude-table-data", "public.film_actor", "-t", "category");
        // the same snapshot dumped twice: plain dumps carry no timestamp, so they are byte-equal
        assertThat(viaFilter).isEqualTo(viaFlags);
        assertThat(viaFilter).contains("CREATE TABLE public.film (", "CREATE TABLE public.actor (",
                "CREATE TABLE public.\"Odd Name\" (", "COPY public.\"Odd Name\" ", "CREATE TABLE public.film_actor (",
                "CREATE TABLE public.category (")
                .doesNotContain("CREATE TABLE public.film_text", "COPY public.film_actor ", "CREATE TABLE public.payment",
                        "CREATE TABLE public.customer");
    }

    @Test
    void schemaItemsAndStandardInput() {
        String filter = "exclude schema legacy\n# nothing else\nexclude table_data *\n";
        Cli.Result viaStdin = Cli.runWithInput(filter.getBytes(StandardCharsets.UTF_8),
                args("dump", conn(server), "--filter", "-", pagila));
        assertThat(viaStdin.exit()).as(viaStdin.toString()).isZero();
        String viaFlags = dump("-N", "legacy", "--exclude-table-data", "*");
        assertThat(viaStdin.out()).isEqualTo(viaFlags).contains("CREATE TABLE public.actor (")
                .doesNotContain("legacy.", "COPY public.");

        String onlyLegacy = dump("-n", "legacy");
        Cli.Result include = Cli.runWithInput("include schema legacy".getBytes(StandardCharsets.UTF_8),
                args("dump", conn(server), "--filter", "-", pagila));
        assertThat(include.exit()).as(include.toString()).isZero();
        assertThat(include.out()).isEqualTo(onlyLegacy).contains("CREATE SCHEMA legacy;");
    }

    @Test
    void filterItemsAddToCommandLineFlags(@TempDir Path dir) throws Exception {
        Path filter = Files.writeString(dir.resolve("f"), "include table actor\n");
        assertThat(dump("-t", "category", "--filter", filter.toString())).isEqualTo(dump("-t", "category", "-t", "actor"));
    }

    @Test
    void malformedFilterIsAUsageErrorNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path filter = Files.writeString(dir.resolve("bad.filter"), "include table actor\n# fine so far\ninclude tables film\n");
        Cli.Result r = Cli.run(args("dump", conn(server), "--filter", filter.toString(), pagila));
        ErrorCasesTest.assertOneLineError(r, 2, "invalid format in filter read from file \"" + filter + "\" on line 3: "
                + "unsupported filter object type: \"tables\"");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void itemsPgDumpRefusesAreRefused(@TempDir Path dir) throws Exception {
        Path filter = Files.writeString(dir.resolve("f"), "\ninclude function public.last_day(timestamp)\n");
        Cli.Result r = Cli.run(args("dump", conn(server), "--filter", filter.toString(), pagila));
        ErrorCasesTest.assertOneLineError(r, 2, "on line 2: include filter for \"function\" is not allowed");
    }

    @Test
    void unsupportedItemsSayWhichAndWhatToDoInstead(@TempDir Path dir) throws Exception {
        Path filter = Files.writeString(dir.resolve("f"), "include table_and_children payment\n");
        Cli.Result r = Cli.run(args("dump", conn(server), "--filter", filter.toString(), pagila));
        ErrorCasesTest.assertOneLineError(r, 2, "\"include table_and_children\" in file \"" + filter + "\" on line 1");
        assertThat(r.err()).contains("not supported", "--table-and-children", "partition");
    }

    @Test
    void missingFilterFileIsAnInputError(@TempDir Path dir) {
        Cli.Result r = Cli.run(args("dump", conn(server), "--filter", dir.resolve("nope").toString(), pagila));
        ErrorCasesTest.assertOneLineError(r, 6, "could not open filter file");
    }
}
