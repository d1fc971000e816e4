package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text safety through the CLI: names that need quoting everywhere a name appears, literals with
 * quotes, backslashes and newlines, dollar-quoted bodies that contain dollar quotes, data that
 * looks like COPY syntax, standard_conforming_strings off on either side, LATIN1 databases and
 * scripts, and objects in public that shadow pg_catalog's. Every case must come back with the
 * comparator finding no difference.
 */
class TextSafetyTest {

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {12, 15, 18})
    void trickyTextRoundTrips(int major, @TempDir Path dir) throws Exception {
        PgServer server = Servers.get(major);
        String source = fixture(server);
        Path file = dir.resolve("tricky.sql");
        ok(Cli.run(args("dump", conn(server), "-f", file.toString(), source)));
        String script = Files.readString(file, StandardCharsets.UTF_8);
        // pg_dump's dollar-quote choice: the shortest of $, $_, $_X ... absent from the body
        assertThat(script).contains("AS $_XXXXXXX_$ SELECT '$ $_ $_X", "AS $_X$\nBEGIN\n  RETURN $$inner $$",
                "AS $_X$ SELECT 'x' AS \"$_\"$_X$;",
                "CREATE TABLE \"group\".\"select\" (", "COPY public.\"Ünïcödé Tåble\" (id, \"quo\"\"te\", \"select\") FROM stdin;",
                "SELECT pg_catalog.setval('public.\"it''s_id_seq\"', 2, true);");

        // a target whose own settings would change the meaning of unqualified or escaped text
        String target = server.createDatabase();
        server.execute("postgres", "ALTER DATABASE " + target + " SET search_path = public, pg_catalog",
                "ALTER DATABASE " + target + " SET standard_conforming_strings = off");
        ok(Cli.run(args("restore", conn(server), "-e", "-d", target, file.toString())));
        resetStandardStrings(server, target);
        RoundTripTest.assertIdentical(server, source, target);
        // the view still calls each lower it called, whatever the target's search_path says
        assertThat(server.queryColumn(target, "SELECT good || evil || resolved FROM public.uses_both"))
                .containsExactly("abcpwneddef");
    }

    /** A source read with standard_conforming_strings off must not double the backslashes of its literals. */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {12, 18})
    void sourceWithStandardConformingStringsOff(int major, @TempDir Path dir) throws Exception {
        PgServer server = Servers.get(major);
        String source = fixture(server);
        server.execute("postgres", "ALTER DATABASE " + source + " SET standard_conforming_strings = off");
        Path file = dir.resolve("off.sql");
        ok(Cli.run(args("dump", conn(server), "-f", file.toString(), source)));
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("DEFAULT 'dé''faut\\'::text");
        resetStandardStrings(server, source);
        String target = server.createDatabase();
        ok(Cli.run(args("restore", conn(server), "-e", "-d", target, file.toString())));
        RoundTripTest.assertIdentical(server, source, target);
    }

    /** pg_dump of a database with standard_conforming_strings off writes a script that sets it off. */
    @Test
    void pgDumpScriptWithStandardConformingStringsOff(@TempDir Path dir) throws Exception {
        ReferenceTools.require("pg_dump", 15);
        PgServer server = Servers.get(15);
        String source = fixture(server);
        server.execute("postgres", "ALTER DATABASE " + source + " SET standard_conforming_strings = off");
        ReferenceTools.Run ref = ReferenceTools.pgDump(server, source);
        assertThat(ref.exit()).as(ref.err()).isZero();
        assertThat(ref.out()).contains("SET standard_conforming_strings = off;", "'dé''faut\\\\'::text");
        resetStandardStrings(server, source);
        Path file = dir.resolve("pg_dump_off.sql");
        Files.writeString(file, ref.out(), StandardCharsets.UTF_8);
        String target = server.createDatabase();
        ok(Cli.run(args("restore", conn(server), "-e", "-d", target, file.toString())));
        RoundTripTest.assertIdentical(server, source, target);
        // the restored database, dumped again by pg_dump, reads the same as its source
        assertThat(schema(server, target)).isEqualTo(schema(server, source)).contains("CREATE TABLE \"group\".\"select\"");
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {12, 15, 18})
    void latin1DatabaseIntoLatin1AndUtf8(int major, @TempDir Path dir) throws Exception {
        PgServer server = Servers.get(major);
        String source = latin1(server);
        Path file = dir.resolve("latin1.sql");
        ok(Cli.run(args("dump", conn(server), "-f", file.toString(), source)));
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("CREATE TABLE public.\"tåble ü\"", "Ünïcödé Tåble ÿ ß");
        for (String target : List.of(latin1Database(server), server.createDatabase())) {
            ok(Cli.run(args("restore", conn(server), "-e", "-d", target, file.toString())));
            RoundTripTest.assertIdentical(server, source, target);
        }
    }

    /** A pg_dump 15 script written in LATIN1 ({@code -E LATIN1}), restored into LATIN1 and UTF8 databases. */
    @Test
    void pgDumpLatin1Script(@TempDir Path dir) throws Exception {
        ReferenceTools.require("pg_dump", 15);
        PgServer server = Servers.get(15);
        String source = latin1(server);
        Path file = dir.resolve("pg_dump_latin1.sql");
        ReferenceTools.Run ref = ReferenceTools.pgDump(server, source, "-E", "LATIN1", "-f", file.toString());
        assertThat(ref.exit()).as(ref.err()).isZero();
        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains("SET client_encoding = 'LATIN1';", "Ünïcödé Tåble ÿ ß");
        for (String target : List.of(latin1Database(server), server.createDatabase())) {
            ok(Cli.run(args("restore", conn(server), "-e", "-d", target, file.toString())));
            RoundTripTest.assertIdentical(server, source, target);
        }
    }

    /**
     * The comparator reads expressions as the server prints them for the session, which depends on
     * the database's standard_conforming_strings; compare both sides with it on.
     */
    private static void resetStandardStrings(PgServer server, String database) {
        server.execute("postgres", "ALTER DATABASE " + database + " RESET standard_conforming_strings");
    }

    /** pg_dump -s without its per-run \\restrict keys. */
    private static String schema(PgServer server, String database) {
        ReferenceTools.Run run = ReferenceTools.pgDump(server, database, "-s");
        assertThat(run.exit()).as(run.err()).isZero();
        return ReferenceTools.withoutRestrictKeys(run.out());
    }

    private static String fixture(PgServer server) throws IOException {
        String db = server.createDatabase();
        try (InputStream in = TextSafetyTest.class.getResourceAsStream("text-safety.sql")) {
            server.execute(db, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        return db;
    }

    private static String latin1Database(PgServer server) {
        String name = "latin1_" + Long.toString(System.nanoTime(), 36);
        server.execute("postgres", "CREATE DATABASE " + name + " ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
        return name;
    }

    /** A LATIN1 database holding non-ASCII names, literals, comments, bodies and data. */
    private static String latin1(PgServer server) {
        String db = latin1Database(server);
        server.execute(db,
                "CREATE TABLE public.\"tåble ü\" (\"çol\" text, n text DEFAULT 'défaut\\', id serial PRIMARY KEY)",
                "COMMENT ON TABLE public.\"tåble ü\" IS 'commentaire ÿ ''q'' \\'",
                "INSERT INTO public.\"tåble ü\" (\"çol\") VALUES ('Ünïcödé Tåble ÿ ß'), (E'\\\\ ¤ \\t «»'), (NULL), (''), ('\\N')",
                "CREATE VIEW public.\"vüe\" AS SELECT \"çol\" FROM public.\"tåble ü\" WHERE \"çol\" <> 'é'",
                "CREATE FUNCTION public.\"fé\"(\"ärg\" text) RETURNS text LANGUAGE sql AS $$ SELECT 'àé' || $1 $$",
                "CREATE TYPE public.\"hümör\" AS ENUM ('gäi', 'trïste')");
        return db;
    }

    private static void ok(Cli.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
    }
}
