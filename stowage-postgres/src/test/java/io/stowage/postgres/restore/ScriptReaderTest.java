package io.stowage.postgres.restore;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptReaderTest {

    /** Items with COPY data materialized as "COPY-DATA:" + the data text. */
    static List<Object> read(byte[] script, Charset charset) {
        List<Object> out = new ArrayList<>();
        try (ScriptReader reader = new ScriptReader(new ByteArrayInputStream(script), charset)) {
            for (ScriptItem item = reader.next(); item != null; item = reader.next()) {
                out.add(item);
                if (item instanceof ScriptItem.CopyData c) {
                    out.add("COPY-DATA:" + new String(c.data().readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static List<Object> read(String script) {
        return read(script.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    static List<String> sql(String script) {
        List<String> out = new ArrayList<>();
        for (Object o : read(script)) {
            if (o instanceof ScriptItem.Statement s) {
                out.add(s.sql());
            }
        }
        return out;
    }

    @Test
    void dollarSignsInsideStringsAreNotQuotes() {
        assertThat(sql("SELECT 'it''s $$ not; a quote';\nSELECT 2;"))
                .containsExactly("SELECT 'it''s $$ not; a quote';", "SELECT 2;");
    }

    @Test
    void stringsAndSemicolonsInsideDollarQuotesDoNotEndTheStatement() {
        String f = "CREATE FUNCTION f() RETURNS text AS $$ SELECT 'a;b'; SELECT ' ; $$ LANGUAGE sql;";
        assertThat(sql(f + "\nSELECT 1;")).containsExactly(f, "SELECT 1;");
    }

    @Test
    void anotherTagInsideATaggedDollarQuoteDoesNotCloseIt() {
        String s = "SELECT $a$ x $b$ y; $b$ z; $ab$ ; $$ ; $a$;";
        assertThat(sql(s + "\nSELECT 2;")).containsExactly(s, "SELECT 2;");
        String nested = "DO $outer$ BEGIN EXECUTE $inner$ SELECT ';' $inner$; END $outer$;";
        assertThat(sql(nested + "SELECT 3;")).containsExactly(nested, "SELECT 3;");
    }

    @Test
    void parametersAreNotDollarQuotes() {
        assertThat(sql("PREPARE p(int) AS SELECT $1;\nPREPARE q(int, int) AS SELECT $1+$2;\nSELECT 3;"))
                .containsExactly("PREPARE p(int) AS SELECT $1;", "PREPARE q(int, int) AS SELECT $1+$2;", "SELECT 3;");
    }

    @Test
    void dollarInsideAnIdentifierIsNotAQuote() {
        assertThat(sql("SELECT a$b$c FROM t;\nSELECT 2;")).containsExactly("SELECT a$b$c FROM t;", "SELECT 2;");
    }

    @Test
    void semicolonsInCommentsAndQuotedIdentifiersDoNotEndTheStatement() {
        String s = "SELECT 1 -- ; not the end\n, 2 /* ; /* nested ; */ still a comment ; */ AS \"a;b\"\"c\";";
        assertThat(sql(s + "\nSELECT 2;")).containsExactly(s, "SELECT 2;");
    }

    @Test
    void leadingLineCommentsAreDroppedBlockCommentsKept() {
        assertThat(sql("-- intro; with semicolon\n  /* kept; */ SELECT 1;"))
                .containsExactly("/* kept; */ SELECT 1;");
    }

    @Test
    void escapeStringsHonourBackslashes() {
        assertThat(sql("SELECT E'\\';still a string';\nSELECT e'\\\\';\nSELECT 3;"))
                .containsExactly("SELECT E'\\';still a string';", "SELECT e'\\\\';", "SELECT 3;");
    }

    @Test
    void backslashIsLiteralInPlainStringsWhenStandardConformingStringsIsOn() {
        // '\' is a complete string with standard_conforming_strings on (the default).
        assertThat(sql("SELECT '\\'; SELECT 2;")).containsExactly("SELECT '\\';", "SELECT 2;");
    }

    @Test
    void backslashEscapesInPlainStringsWhenStandardConformingStringsIsOff() {
        String script = "SET standard_conforming_strings = off;\nSELECT '\\'; SELECT 2;';\n"
                + "SET standard_conforming_strings = on;\nSELECT '\\'; SELECT 4;";
        assertThat(sql(script)).containsExactly("SET standard_conforming_strings = off;", "SELECT '\\'; SELECT 2;';",
                "SET standard_conforming_strings = on;", "SELECT '\\';", "SELECT 4;");
    }

    @Test
    void quoteContinuationAcrossANewlineKeepsTheEscapeStringState() {
        // E'a' <newline> '\';b' is one E'' literal, so \' is an escaped quote, as psql lexes it.
        String s = "SELECT E'a'\n'\\';b';";
        assertThat(sql(s + "\nSELECT 2;")).containsExactly(s, "SELECT 2;");
    }

    @Test
    void copyDataIsPassedThroughUpToTheTerminator() {
        String script = "COPY public.t (a) FROM stdin;\nx;y\nit's\n$$\n-- not a comment\n\\\\.\na\\.b\n\\.\nSELECT 1;\n";
        List<Object> items = read(script);
        assertThat(items).hasSize(3);
        assertThat(((ScriptItem.CopyData) items.get(0)).sql()).isEqualTo("COPY public.t (a) FROM stdin;");
        assertThat(items.get(1)).isEqualTo("COPY-DATA:x;y\nit's\n$$\n-- not a comment\n\\\\.\na\\.b\n");
        assertThat(items.get(2)).isEqualTo(new ScriptItem.Statement("SELECT 1;", 9));
    }

    @Test
    void unreadCopyDataIsSkippedByNext() throws IOException {
        String script = "COPY t FROM stdin;\n1\n2\n\\.\nSELECT 1;\n";
        try (ScriptReader reader = new ScriptReader(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)) {
            assertThat(reader.next()).isInstanceOf(ScriptItem.CopyData.class);
            assertThat(reader.next()).isEqualTo(new ScriptItem.Statement("SELECT 1;", 5));
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void copyToStdoutAndCopyFromFileHaveNoInlineData() {
        assertThat(read("COPY t TO stdout;\nCOPY t FROM '/tmp/stdin';\nSELECT 1;"))
                .allMatch(o -> o instanceof ScriptItem.Statement).hasSize(3);
    }

    @Test
    void beginAtomicBodiesKeepTheirSemicolons() {
        String f = "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n SELECT 1;\n SELECT CASE WHEN true THEN 2 END;\nEND;";
        String p = "create or replace procedure p() language sql begin atomic insert into t values (1); end;";
        assertThat(sql(f + "\n" + p + "\nSELECT 2;")).containsExactly(f, p, "SELECT 2;");
    }

    @Test
    void beginOutsideRoutinesIsATransaction() {
        assertThat(sql("BEGIN; SELECT 1; END;")).containsExactly("BEGIN;", "SELECT 1;", "END;");
    }

    @Test
    void parenthesesKeepSemicolonsInside() {
        assertThat(sql("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));\nSELECT 1;"))
                .containsExactly("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));",
                        "SELECT 1;");
    }

    @Test
    void crlfLineEndings() {
        String script = "SET a = 1;\r\n--\r\n-- Data for Name: t; Type: TABLE DATA; Schema: public; Owner: me\r\n--\r\n"
                + "COPY public.t (a) FROM stdin;\r\n1\r\n2\r\n\\.\r\nSELECT 1;\r\n";
        List<Object> items = read(script);
        assertThat(items.get(0)).isEqualTo(new ScriptItem.Statement("SET a = 1;", 1));
        assertThat(items.get(1)).isEqualTo(new ScriptItem.EntryHeader("t", "TABLE DATA", "public", "me", true, 3));
        assertThat(items.get(3)).isEqualTo("COPY-DATA:1\r\n2\r\n");
        assertThat(items.get(4)).isEqualTo(new ScriptItem.Statement("SELECT 1;", 9));
    }

    @Test
    void missingFinalNewlineAndMissingFinalSemicolon() {
        assertThat(sql("SELECT 1;\nSELECT 2;")).containsExactly("SELECT 1;", "SELECT 2;");
        assertThat(sql("SELECT 1;\nSELECT 2\n  ")).containsExactly("SELECT 1;", "SELECT 2");
        List<Object> items = read("COPY t FROM stdin;\n1\n\\.");
        assertThat(items).containsExactly(items.get(0), "COPY-DATA:1\n");
    }

    @Test
    void utf8MultibyteText() {
        assertThat(sql("SELECT 'héllo ☃ 𝄞' AS \"naïve\";")).containsExactly("SELECT 'héllo ☃ 𝄞' AS \"naïve\";");
    }

    @Test
    void latin1StatementsAreDecodedAndCopyDataStaysRaw() {
        Charset latin1 = StandardCharsets.ISO_8859_1;
        byte[] script = "SELECT 'café';\nCOPY t FROM stdin;\nbœuf\n\\.\n".getBytes(Charset.forName("windows-1252"));
        List<Object> items = read(script, latin1);
        assertThat(((ScriptItem.Statement) items.get(0)).sql()).isEqualTo("SELECT 'café';");
        // The raw byte 0x9c (œ in WIN1252) is handed over untouched; decoding is the consumer's job.
        assertThat(((String) items.get(2)).getBytes(StandardCharsets.UTF_8)).contains((byte) 0xef);
    }

    @Test
    void invalidUtf8IsAnInputError() {
        byte[] bad = {'S', 'E', 'L', 'E', 'C', 'T', ' ', '\'', (byte) 0xff, '\'', ';'};
        assertThatThrownBy(() -> read(bad, StandardCharsets.UTF_8))
                .isInstanceOf(StowageException.class).hasMessageContaining("line 1")
                .extracting(e -> ((StowageException) e).code()).isEqualTo(ErrorCode.INPUT);
    }

    @Test
    void entryHeadersAreParsed() {
        List<Object> items = read("--\n-- Name: legacy; Type: SCHEMA; Schema: -; Owner: postgres\n--\n\nCREATE SCHEMA legacy;\n"
                + "--\n-- Name: film film_pkey; Type: CONSTRAINT; Schema: public; Owner: -\n--\n"
                + "-- Name: t; Type: TABLE; Schema: s; Owner: o; Tablespace: fast\n"
                + "-- just a comment: Name: x\n");
        assertThat(items).containsExactly(
                new ScriptItem.EntryHeader("legacy", "SCHEMA", null, "postgres", false, 2),
                new ScriptItem.Statement("CREATE SCHEMA legacy;", 5),
                new ScriptItem.EntryHeader("film film_pkey", "CONSTRAINT", "public", null, false, 7),
                new ScriptItem.EntryHeader("t", "TABLE", "s", "o", false, 9));
    }

    @Test
    void headerInsideAStatementIsJustAComment() {
        assertThat(read("SELECT 1\n-- Name: t; Type: TABLE; Schema: s; Owner: o\n;"))
                .containsExactly(new ScriptItem.Statement("SELECT 1\n-- Name: t; Type: TABLE; Schema: s; Owner: o\n;", 1));
    }

    @Test
    void metaCommandsPgDumpWrites() {
        List<Object> items = read("\\restrict abcDEF123\n\\connect mydb\n\\connect -reuse-previous=on \"dbname='my db'\"\n"
                + "SELECT 1;\n\\unrestrict abcDEF123\n");
        assertThat(items).containsExactly(
                new ScriptItem.MetaCommand("restrict", List.of("abcDEF123"), 1),
                new ScriptItem.MetaCommand("connect", List.of("mydb"), 2),
                new ScriptItem.MetaCommand("connect", List.of("-reuse-previous=on", "dbname='my db'"), 3),
                new ScriptItem.Statement("SELECT 1;", 4),
                new ScriptItem.MetaCommand("unrestrict", List.of("abcDEF123"), 5));
    }

    @Test
    void otherMetaCommandsAreRejectedWithTheirNameAndLine() {
        assertThatThrownBy(() -> read("SELECT 1;\n\\i other.sql\n"))
                .isInstanceOf(StowageException.class)
                .hasMessageContaining("\\i").hasMessageContaining("line 2");
    }

    @Test
    void backslashSemicolonIsALiteralSemicolon() {
        assertThat(sql("SELECT 1 \\; SELECT 2;")).containsExactly("SELECT 1 ; SELECT 2;");
    }

    @Test
    void nulByteIsRejected() {
        assertThatThrownBy(() -> read(new byte[] {'S', 'E', 'L', 0, ';'}, StandardCharsets.UTF_8))
                .isInstanceOf(StowageException.class).hasMessageContaining("NUL");
    }

    @Test
    void connectArgumentForms() {
        assertThat(ConnectCommand.database(List.of("mydb"), "postgres", 1)).isEqualTo("mydb");
        assertThat(ConnectCommand.database(List.of("-reuse-previous=on", "dbname='it\\'s db'"), "postgres", 1)).isEqualTo("it's db");
        assertThat(ConnectCommand.database(List.of("-"), "postgres", 1)).isEqualTo("postgres");
        assertThat(ConnectCommand.database(List.of("Mixed Case"), "postgres", 1)).isEqualTo("Mixed Case");
        assertThatThrownBy(() -> ConnectCommand.database(List.of("db", "otheruser"), "postgres", 7))
                .isInstanceOf(StowageException.class).hasMessageContaining("line 7");
        assertThatThrownBy(() -> ConnectCommand.database(List.of("host=x dbname=y"), "postgres", 7))
                .isInstanceOf(StowageException.class).hasMessageContaining("host");
    }

    @Test
    void metaArgumentsUnquoteLikePsql() {
        assertThat(ScriptReader.metaArguments(" \"My \"\"DB\"\"\" 'it''s' plain")).containsExactly("My \"DB\"", "it's", "plain");
    }
}
