package io.stowage.core.select;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.DumpOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterFileTest {

    private static List<FilterRule> rules(String text) {
        return FilterFile.parse("f.txt", new StringReader(text)).rules();
    }

    private static String pattern(String patternText) {
        List<FilterRule> r = rules("include table " + patternText + "\n");
        assertThat(r).hasSize(1);
        return r.get(0).pattern();
    }

    private static StowageException failure(String text) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> rules(text));
        assertThat(t).isInstanceOf(StowageException.class);
        return (StowageException) t;
    }

    @ParameterizedTest
    @EnumSource(FilterObjectType.class)
    void everyObjectTypeKeywordIsRead(FilterObjectType type) {
        List<FilterRule> r = rules("include " + type.keyword() + " x\nexclude " + type.keyword() + " y\n");
        assertThat(r).containsExactly(new FilterRule(FilterCommand.INCLUDE, type, "x", 1),
                new FilterRule(FilterCommand.EXCLUDE, type, "y", 2));
    }

    @Test
    void keywordsIgnoreCaseAndSurroundingWhitespace() {
        assertThat(rules("  \tINCLUDE   Table_Data\tpublic.actor   \n"))
                .containsExactly(new FilterRule(FilterCommand.INCLUDE, FilterObjectType.TABLE_DATA, "public.actor", 1));
        assertThat(rules("Exclude SCHEMA s")).containsExactly(
                new FilterRule(FilterCommand.EXCLUDE, FilterObjectType.SCHEMA, "s", 1));
    }

    @Test
    void commentsAndBlankLinesAreSkippedButCounted() {
        List<FilterRule> r = rules("# a comment\n\n   \n  # indented comment\ninclude table a # trailing comment\n"
                + "\r\nexclude table b#no space\n");
        assertThat(r).containsExactly(new FilterRule(FilterCommand.INCLUDE, FilterObjectType.TABLE, "a", 5),
                new FilterRule(FilterCommand.EXCLUDE, FilterObjectType.TABLE, "b", 7));
    }

    @Test
    void emptyFileAndLastLineWithoutNewline() {
        assertThat(rules("")).isEmpty();
        assertThat(rules("# only a comment")).isEmpty();
        assertThat(rules("include schema s")).extracting(FilterRule::pattern).containsExactly("s");
    }

    @Test
    void crlfLineEndsAreWhitespace() {
        assertThat(rules("include table a\r\ninclude table b\r\n")).extracting(FilterRule::pattern).containsExactly("a", "b");
    }

    @Test
    void spacesAroundPunctuationAreDroppedAndCommasNormalised() {
        assertThat(pattern("public . actor")).isEqualTo("public.actor");
        assertThat(pattern("add_one( integer )")).isEqualTo("add_one(integer)");
        assertThat(pattern("f(integer ,text,  numeric)")).isEqualTo("f(integer, text, numeric)");
        assertThat(pattern("f(character   varying, double precision)")).isEqualTo("f(character varying, double precision)");
        assertThat(pattern("film_*")).isEqualTo("film_*");
    }

    @Test
    void quotedPartsKeepTheirQuotesSpacesAndDoubledQuotes() {
        assertThat(pattern("\"My Table\"")).isEqualTo("\"My Table\"");
        assertThat(pattern("public.\"My Table\"")).isEqualTo("public.\"My Table\"");
        assertThat(pattern("\"sch ema\".\"ta\"\"ble\"")).isEqualTo("\"sch ema\".\"ta\"\"ble\"");
        // filter.c keeps a space written before a quoted part even after a dot
        assertThat(pattern("\"sch ema\" . \"ta\"\"ble\"")).isEqualTo("\"sch ema\". \"ta\"\"ble\"");
        assertThat(pattern("\"a#b\"")).isEqualTo("\"a#b\"");
        // a space before a quoted part is kept, as filter.c does
        assertThat(pattern("x \"y\"")).isEqualTo("x \"y\"");
    }

    @Test
    void backslashEscapesInsideQuotes() {
        assertThat(pattern("\"a\\nb\"")).isEqualTo("\"a\nb\"");
        assertThat(pattern("\"a\\\\b\"")).isEqualTo("\"a\\b\"");
        // any other escaped character is dropped together with the backslash
        assertThat(pattern("\"a\\xb\"")).isEqualTo("\"ab\"");
    }

    @Test
    void quotedPatternSpanningLinesGetsNewlinesAndTheLastLineNumber() {
        List<FilterRule> r = rules("include table \"multi\nline\"\ninclude table after\n");
        assertThat(r).containsExactly(new FilterRule(FilterCommand.INCLUDE, FilterObjectType.TABLE, "\"multi\nline\"", 2),
                new FilterRule(FilterCommand.INCLUDE, FilterObjectType.TABLE, "after", 3));
        // an empty line inside quotes contributes its own line break as well (filter.c's reading)
        assertThat(rules("include table \"a\n\nb\"\n").get(0).pattern()).isEqualTo("\"a\n\n\nb\"");
    }

    @Test
    void patternMayBeNormalisedToNothingBeforeAComment() {
        assertThat(pattern("#only a comment")).isEmpty();
    }

    @Test
    void errorsNameTheFileAndLine() {
        assertThat(failure("include table a\nfrobnicate table b\n").getMessage()).isEqualTo(
                "invalid format in filter read from file \"f.txt\" on line 2: invalid filter command (expected \"include\" or \"exclude\")");
        assertThat(failure("\n\ninclude\n").getMessage()).isEqualTo(
                "invalid format in filter read from file \"f.txt\" on line 3: missing filter object type");
        assertThat(failure("include tables x\n").getMessage()).isEqualTo(
                "invalid format in filter read from file \"f.txt\" on line 1: unsupported filter object type: \"tables\"");
        assertThat(failure("# c\ninclude table   \n").getMessage()).isEqualTo(
                "invalid format in filter read from file \"f.txt\" on line 2: missing object name pattern");
        assertThat(failure("include table \"open\nstill open\n").getMessage()).isEqualTo(
                "invalid format in filter read from file \"f.txt\" on line 2: unexpected end of file");
        assertThat(failure("include table1 x").getMessage()).endsWith("unsupported filter object type: \"table1\"");
        assertThat(failure("include table1 x").code()).isEqualTo(ErrorCode.USAGE);
        assertThat(failure("include table1 x").oneLine()).doesNotContain("\n");
    }

    @Test
    void standardInputIsNamedAsSuch() {
        FilterFile f = FilterFile.read("-", new ByteArrayInputStream("include schema s\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(f.name()).isNull();
        assertThat(f.rules()).extracting(FilterRule::pattern).containsExactly("s");
        assertThatThrownBy(() -> FilterFile.read("-", new ByteArrayInputStream("oops\n".getBytes(StandardCharsets.UTF_8))))
                .hasMessage("invalid format in filter read from standard input on line 1: invalid filter command (expected \"include\" or \"exclude\")");
    }

    @Test
    void readsFilesAsUtf8AndReportsMissingOnes(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("filter"), "include table \"café\"\n", StandardCharsets.UTF_8);
        assertThat(FilterFile.read(file.toString(), InputStream.nullInputStream()).rules())
                .extracting(FilterRule::pattern).containsExactly("\"café\"");
        assertThatThrownBy(() -> FilterFile.read(dir.resolve("missing").toString(), InputStream.nullInputStream()))
                .isInstanceOf(StowageException.class).hasMessageContaining("could not open filter file")
                .hasMessageContaining("missing")
                .extracting(e -> ((StowageException) e).code()).isEqualTo(ErrorCode.INPUT);
    }

    // --- pg_dump's use of the items ---

    @Test
    void dumpFilterMapsItemsToTheirOptions() {
        FilterFile f = FilterFile.parse("f", new StringReader("include schema s1\nexclude schema s2\ninclude table t1\n"
                + "exclude table t2\nexclude table_data t3\n"));
        DumpOptions.Builder b = DumpOptions.builder();
        DumpFilter.apply(f, b);
        DumpOptions o = b.build();
        assertThat(o.includeSchemas()).containsExactly("s1");
        assertThat(o.excludeSchemas()).containsExactly("s2");
        assertThat(o.includeTables()).containsExactly("t1");
        assertThat(o.excludeTables()).containsExactly("t2");
        assertThat(o.excludeTableData()).containsExactly("t3");
    }

    @Test
    void dumpFilterRefusesWhatPgDumpRefuses() {
        for (String item : List.of("include table_data x", "include table_data_and_children x", "include database x",
                "include function f()", "include index i", "include trigger t", "exclude database x",
                "exclude function f()", "exclude index i", "exclude trigger t", "exclude foreign_data x")) {
            FilterFile f = FilterFile.parse("f", new StringReader("# first\n" + item + "\n"));
            String[] words = item.split(" ");
            String name = FilterObjectType.fromKeyword(words[1]).orElseThrow().displayName();
            assertThatThrownBy(() -> DumpFilter.apply(f, DumpOptions.builder()))
                    .as(item).isInstanceOf(StowageException.class)
                    .hasMessage("invalid format in filter read from file \"f\" on line 2: " + words[0]
                            + " filter for \"" + name + "\" is not allowed");
        }
    }

    @Test
    void dumpFilterNamesItemsStowageDoesNotSupportYet() {
        for (String item : List.of("include table_and_children p", "exclude table_and_children p",
                "exclude table_data_and_children p", "include extension e", "exclude extension e",
                "include foreign_data srv")) {
            FilterFile f = FilterFile.parse("flt", new StringReader("\n\n" + item + "\n"));
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> DumpFilter.apply(f, DumpOptions.builder()));
            assertThat(t).as(item).isInstanceOf(StowageException.class);
            StowageException e = (StowageException) t;
            assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
            assertThat(e.getMessage()).as(item).contains("\"" + item.substring(0, item.lastIndexOf(' ')) + "\"",
                    "file \"flt\" on line 3", "not supported by stowage dump yet", "pg_dump's --");
            assertThat(e.fix()).isNotBlank();
        }
    }

    // --- pg_restore's use of the items ---

    @Test
    void restoreFilterBuildsTheSelectionLists() {
        FilterFile f = FilterFile.parse("f", new StringReader("include schema s\ninclude table t\ninclude index i\n"
                + "include function add_one( integer )\ninclude trigger tr\nexclude schema x\ninclude table t2\n"));
        RestoreFilter r = RestoreFilter.from(f);
        assertThat(r.schemas()).containsExactly("s");
        assertThat(r.tables()).containsExactly("t", "t2");
        assertThat(r.indexes()).containsExactly("i");
        assertThat(r.functions()).containsExactly("add_one(integer)");
        assertThat(r.triggers()).containsExactly("tr");
        assertThat(r.excludedSchemas()).containsExactly("x");
        assertThat(r.isEmpty()).isFalse();
        assertThat(RestoreFilter.from(FilterFile.parse("f", new StringReader("# nothing\n"))).isEmpty()).isTrue();
    }

    @Test
    void restoreFilterRefusesWhatPgRestoreRefuses() {
        for (String item : List.of("include table_data x", "include table_data_and_children x", "include table_and_children x",
                "include database x", "include extension x", "include foreign_data x", "exclude table x",
                "exclude table_data x", "exclude function f()", "exclude index i", "exclude trigger t", "exclude extension e")) {
            FilterFile f = FilterFile.parse("r.flt", new StringReader(item + "\n"));
            String[] words = item.split(" ");
            String name = FilterObjectType.fromKeyword(words[1]).orElseThrow().displayName();
            assertThatThrownBy(() -> RestoreFilter.from(f)).as(item)
                    .hasMessage("invalid format in filter read from file \"r.flt\" on line 1: " + words[0]
                            + " filter for \"" + name + "\" is not allowed");
        }
    }
}
