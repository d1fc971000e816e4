package io.stowage.postgres.restore;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which foreign keys {@code --fk-not-valid} adds NOT VALID and then validates, and the two statements. */
class ForeignKeySplitTest {

    @Test
    void aTablesOwnForeignKeyIsAddedNotValidThenValidated() {
        ForeignKeySplit s = ForeignKeySplit.of("ALTER TABLE ONLY public.s002\n"
                + "    ADD CONSTRAINT s002_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.s001(id);", true).orElseThrow();
        assertThat(s.addNotValid()).isEqualTo("ALTER TABLE ONLY public.s002\n"
                + "    ADD CONSTRAINT s002_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.s001(id) NOT VALID;");
        assertThat(s.validate()).isEqualTo("ALTER TABLE ONLY public.s002 VALIDATE CONSTRAINT s002_parent_id_fkey;");
    }

    @Test
    void quotedNamesAndActionsAndDeferralKeepTheirText() {
        ForeignKeySplit s = ForeignKeySplit.of("ALTER TABLE ONLY \"My Schema\".\"Child\"\n"
                + "    ADD CONSTRAINT \"Child_fk\" FOREIGN KEY (a, \"B\") REFERENCES \"My Schema\".\"Parent\"(a, b)"
                + " MATCH FULL ON UPDATE CASCADE ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED;", true).orElseThrow();
        assertThat(s.addNotValid()).endsWith("ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED NOT VALID;");
        assertThat(s.validate()).isEqualTo("ALTER TABLE ONLY \"My Schema\".\"Child\" VALIDATE CONSTRAINT \"Child_fk\";");
    }

    @Test
    void keysNotValidInTheArchiveOnPartitionedTablesOrOfAnotherShapeStayAsTheyAre() {
        assertThat(ForeignKeySplit.of("ALTER TABLE ONLY public.c\n    ADD CONSTRAINT c_fk FOREIGN KEY (p) REFERENCES public.p(id) NOT VALID;", true))
                .isEmpty();
        assertThat(ForeignKeySplit.of("ALTER TABLE public.parted\n    ADD CONSTRAINT parted_fk FOREIGN KEY (p) REFERENCES public.p(id);", true))
                .isEmpty();
        assertThat(ForeignKeySplit.of("ALTER TABLE ONLY public.c\n    ADD CONSTRAINT c_check CHECK (p > 0);", true)).isEmpty();
        assertThat(ForeignKeySplit.of("ALTER TABLE ONLY public.c\n    ADD CONSTRAINT c_fk FOREIGN KEY (p) REFERENCES public.p(id);\n"
                + "ALTER TABLE public.c CLUSTER ON c_idx;", true)).isEmpty();
        assertThat(ForeignKeySplit.of(null, true)).isEmpty();
        assertThat(ForeignKeySplit.of("ALTER TABLE ONLY public.c ADD CONSTRAINT c_fk FOREIGN KEY (p) REFERENCES public.p(id)", true)).isEmpty();
    }
}
