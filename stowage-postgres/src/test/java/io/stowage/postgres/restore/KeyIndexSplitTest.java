package io.stowage.postgres.restore;

import io.stowage.core.archive.Section;
import io.stowage.postgres.archive.DataOffset;
import io.stowage.postgres.archive.TocEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class KeyIndexSplitTest {
    private static final TocEntry PLAIN = table("CREATE TABLE public.t (\n    id integer NOT NULL,\n    a text\n);\n", 0);

    private static TocEntry table(String definition, int relkind) {
        return new TocEntry(1, false, 0, 0, "t", "TABLE", Section.PRE_DATA, definition, null, null, "public", "", "heap",
                relkind, "postgres", "false", List.of(), DataOffset.NO_DATA);
    }

    private static Optional<KeyIndexSplit> split(String definition, TocEntry table) {
        TocEntry key = new TocEntry(2, false, 0, 0, "t k", "CONSTRAINT", Section.POST_DATA, definition, null, null, "public", "",
                null, 0, "postgres", "false", List.of(1), DataOffset.NO_DATA);
        return KeyIndexSplit.of(key, table, false, true);
    }

    @Test
    void aPrimaryKeyBecomesAUniqueIndexAndAnAttach() {
        KeyIndexSplit s = split("ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_pkey PRIMARY KEY (id);\n", PLAIN).orElseThrow();
        assertThat(s.createIndex()).isEqualTo("CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id);\n");
        assertThat(s.attach()).isEqualTo("ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_pkey;\n");
    }

    @Test
    void everyClauseGoesWhereCreateIndexAndUsingIndexTakeIt() {
        KeyIndexSplit s = split("ALTER TABLE ONLY \"S\".\"T x\"\n    ADD CONSTRAINT \"K\" UNIQUE NULLS NOT DISTINCT (a, \"B\") "
                + "INCLUDE (c) WITH (fillfactor='70', deduplicate_items=off) USING INDEX TABLESPACE ts DEFERRABLE INITIALLY DEFERRED;\n"
                + "\nALTER TABLE \"S\".\"T x\" CLUSTER ON \"K\";\n", PLAIN).orElseThrow();
        assertThat(s.createIndex()).isEqualTo("CREATE UNIQUE INDEX \"K\" ON \"S\".\"T x\" USING btree (a, \"B\") INCLUDE (c)"
                + " NULLS NOT DISTINCT WITH (fillfactor='70', deduplicate_items=off) TABLESPACE ts;\n");
        assertThat(s.attach()).isEqualTo("ALTER TABLE ONLY \"S\".\"T x\"\n    ADD CONSTRAINT \"K\" UNIQUE USING INDEX \"K\""
                + " DEFERRABLE INITIALLY DEFERRED;\n\nALTER TABLE \"S\".\"T x\" CLUSTER ON \"K\";\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_excl EXCLUDE USING gist (r WITH &&);\n",
            "ALTER TABLE public.t\n    ADD CONSTRAINT t_pkey PRIMARY KEY (id);\n",
            "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_pkey PRIMARY KEY (id, valid WITHOUT OVERLAPS);\n",
            "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_pkey PRIMARY KEY (id) NOT VALID;\n",
            "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_pkey PRIMARY KEY (lower(a));\n",
            "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_pkey PRIMARY KEY (id)",
            "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_check CHECK (id > 0);\n"})
    void otherShapesKeepTheirStatement(String definition) {
        assertThat(split(definition, PLAIN)).isEmpty();
    }

    @Test
    void keysOfPartitionedTablesAreNotSplit() {
        String key = "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_pkey PRIMARY KEY (id);\n";
        assertThat(split(key, table("CREATE TABLE public.t (\n    id integer NOT NULL\n)\nPARTITION BY RANGE (id);\n", 0))).isEmpty();
        assertThat(split(key, table("CREATE TABLE public.t (\n    id integer NOT NULL\n);\n", 'p'))).isEmpty();
        assertThat(split(key, table("CREATE TABLE public.t (\n    id integer NOT NULL\n);\n", 'r'))).isPresent();
        assertThat(split(key, table("CREATE TABLE public.t2 PARTITION OF public.t FOR VALUES FROM (1) TO (2);\n", 0)))
                .as("a partition").isEmpty();
        assertThat(split(key, table("CREATE TABLE public.t2 (\n    id integer NOT NULL\n)\nINHERITS (public.t);\n", 0)))
                .as("an inheritance child").isEmpty();
        TocEntry attachedLater = table("CREATE TABLE public.t2 (\n    id integer NOT NULL\n);\n", 'r');
        TocEntry key2 = new TocEntry(2, false, 0, 0, "t2 k", "CONSTRAINT", Section.POST_DATA, key, null, null, "public", "",
                null, 0, "postgres", "false", List.of(1), DataOffset.NO_DATA);
        assertThat(KeyIndexSplit.of(key2, attachedLater, true, true)).as("a partition attached by a TABLE ATTACH entry").isEmpty();
        assertThat(KeyIndexSplit.of(key2, attachedLater, false, true)).isPresent();
        assertThat(split(key, null)).as("no table entry: cannot tell").isEmpty();
    }
}
