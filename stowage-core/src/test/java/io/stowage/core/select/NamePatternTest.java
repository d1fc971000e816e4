package io.stowage.core.select;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamePatternTest {

    @Test
    void starMatchesAnySequenceWithinTheNamePart() {
        NamePattern p = NamePattern.parse("public.act*");
        assertThat(p.hasSchemaPart()).isTrue();
        assertThat(p.matchesRelation("public", "actor", false)).isTrue();
        assertThat(p.matchesRelation("public", "act", false)).isTrue();
        assertThat(p.matchesRelation("public", "film_actor", false)).isFalse();
        assertThat(p.matchesRelation("other", "actor", true)).isFalse();
    }

    @Test
    void quotedPartsAreCaseSensitiveAndUnquotedLettersFold() {
        NamePattern quoted = NamePattern.parse("\"MixedCase\"");
        assertThat(quoted.matchesSchema("MixedCase")).isTrue();
        assertThat(quoted.matchesSchema("mixedcase")).isFalse();

        NamePattern folded = NamePattern.parse("Foo");
        assertThat(folded.matchesSchema("foo")).isTrue();
        assertThat(folded.matchesSchema("Foo")).isFalse();

        NamePattern mixed = NamePattern.parse("\"My\"Table");
        assertThat(mixed.matchesRelation("public", "Mytable", true)).isTrue();
        assertThat(mixed.matchesRelation("public", "MyTable", true)).isFalse();
    }

    @Test
    void wildcardSchemaPart() {
        NamePattern p = NamePattern.parse("*.film");
        assertThat(p.matchesRelation("public", "film", false)).isTrue();
        assertThat(p.matchesRelation("archive", "film", false)).isTrue();
        assertThat(p.matchesRelation("public", "films", true)).isFalse();
    }

    @Test
    void questionMarkIsExactlyOneCharacter() {
        NamePattern p = NamePattern.parse("a?c");
        assertThat(p.matchesSchema("abc")).isTrue();
        assertThat(p.matchesSchema("a.c")).isTrue();
        assertThat(p.matchesSchema("ac")).isFalse();
        assertThat(p.matchesSchema("abbc")).isFalse();
    }

    @Test
    void quotedDotIsPartOfTheName() {
        NamePattern p = NamePattern.parse("\"a.b\"");
        assertThat(p.hasSchemaPart()).isFalse();
        assertThat(p.matchesRelation("public", "a.b", true)).isTrue();
        assertThat(p.matchesRelation("public", "axb", true)).isFalse();
        assertThat(p.matchesSchema("a.b")).isTrue();
    }

    @Test
    void doubledQuoteInsideQuotesIsOneQuote() {
        NamePattern p = NamePattern.parse("\"say \"\"hi\"\"\"");
        assertThat(p.matchesSchema("say \"hi\"")).isTrue();
    }

    @Test
    void quotedWildcardsAreLiteral() {
        NamePattern p = NamePattern.parse("\"a*\"");
        assertThat(p.matchesSchema("a*")).isTrue();
        assertThat(p.matchesSchema("abc")).isFalse();
    }

    @Test
    void regexSpecialCharactersAreLiteral() {
        assertThat(NamePattern.parse("x$y").matchesSchema("x$y")).isTrue();
        assertThat(NamePattern.parse("x$").matchesSchema("x")).isFalse();
        assertThat(NamePattern.parse("a+b").matchesSchema("a+b")).isTrue();
        assertThat(NamePattern.parse("a+b").matchesSchema("aab")).isFalse();
        assertThat(NamePattern.parse("t[]").matchesSchema("t[]")).isTrue();
        assertThat(NamePattern.parse("a|b").matchesSchema("a")).isFalse();
    }

    @Test
    void matchIsAnchoredToTheWholeName() {
        NamePattern p = NamePattern.parse("film");
        assertThat(p.matchesRelation("public", "film", true)).isTrue();
        assertThat(p.matchesRelation("public", "film_actor", true)).isFalse();
        assertThat(p.matchesRelation("public", "my_film", true)).isFalse();
    }

    @Test
    void unqualifiedRelationPatternMatchesOnlyVisibleRelations() {
        NamePattern p = NamePattern.parse("film");
        assertThat(p.hasSchemaPart()).isFalse();
        assertThat(p.matchesRelation("public", "film", true)).isTrue();
        assertThat(p.matchesRelation("archive", "film", false)).isFalse();
    }

    @Test
    void nonAsciiLettersAreNotFolded() {
        NamePattern p = NamePattern.parse("Ärger");
        assertThat(p.matchesSchema("Ärger")).isTrue();
        assertThat(p.matchesSchema("ärger")).isFalse();
    }

    @Test
    void databasePartMustNameTheCurrentDatabase() {
        NamePattern p = NamePattern.parse("Shop.public.film");
        assertThat(p.databasePart()).isEqualTo("shop");
        assertThat(p.matchesRelation("public", "film", false)).isTrue();
        p.checkDatabase("shop");
        assertThatThrownBy(() -> p.checkDatabase("other"))
                .isInstanceOfSatisfying(StowageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                    assertThat(e.getMessage()).isEqualTo(
                            "cross-database references are not implemented: Shop.public.film");
                });
        assertThat(NamePattern.parse("public.film").databasePart()).isNull();
        NamePattern.parse("public.film").checkDatabase("anything");
    }

    @Test
    void schemaPatternWithADatabasePartIsRejectedLikePgDump() {
        NamePattern p = NamePattern.parse("shop.public");
        assertThat(p.schemaDatabasePart()).isEqualTo("shop");
        assertThatThrownBy(() -> p.checkSchemaDatabase("shop"))
                .isInstanceOf(StowageException.class)
                .hasMessage("cross-database references are not implemented: shop.public");
        NamePattern.parse("public").checkSchemaDatabase("shop");
    }

    @Test
    void tooManyDotsIsAUsageError() {
        assertThatThrownBy(() -> NamePattern.parse("a.b.c.d"))
                .isInstanceOfSatisfying(StowageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                    assertThat(e.getMessage())
                            .isEqualTo("improper qualified name (too many dotted names): a.b.c.d");
                    assertThat(e.fix()).isNotBlank();
                });
        NamePattern threeParts = NamePattern.parse("a.b.c");
        assertThatThrownBy(() -> threeParts.matchesSchema("c"))
                .isInstanceOf(StowageException.class)
                .hasMessage("improper qualified name (too many dotted names): a.b.c");
        assertThat(NamePattern.parse("a.\"b.c.d\"").matchesRelation("a", "b.c.d", false)).isTrue();
    }

    @Test
    void textIsTheOriginalPattern() {
        assertThat(NamePattern.parse("Public.\"X\"*").text()).isEqualTo("Public.\"X\"*");
    }
}
