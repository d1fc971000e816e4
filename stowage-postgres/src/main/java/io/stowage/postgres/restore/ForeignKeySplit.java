package io.stowage.postgres.restore;

import java.util.Optional;

/**
 * A foreign key restored in two statements ({@code restore --fk-not-valid}): {@code ALTER TABLE ONLY
 * t ADD CONSTRAINT c FOREIGN KEY ... NOT VALID;}, which checks no row and holds its SHARE ROW
 * EXCLUSIVE locks for a moment, then {@code ALTER TABLE ONLY t VALIDATE CONSTRAINT c;}, which
 * checks the rows under a SHARE UPDATE EXCLUSIVE lock on the table (ROW SHARE on the referenced
 * one), so that reads and writes of both go on meanwhile. The constraint ends validated, as the one
 * statement would leave it.
 *
 * <p>Only the form pg_dump and Stowage write for a table's own foreign key is split: one statement,
 * {@code ALTER TABLE ONLY table ADD CONSTRAINT name FOREIGN KEY ...;}. A foreign key that is
 * {@code NOT VALID} in the archive stays as it is (it was never validated), and so does one on a
 * partitioned table, which pg_dump writes without {@code ONLY} and which PostgreSQL before 18
 * cannot add {@code NOT VALID}.
 *
 * @param addNotValid the first statement
 * @param validate    the second
 */
public record ForeignKeySplit(String addNotValid, String validate) {

    /** The two statements of an FK CONSTRAINT entry's {@code definition}, if it has the form above. */
    public static Optional<ForeignKeySplit> of(String definition, boolean standardStrings) {
        if (definition == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(parse(definition, standardStrings));
        } catch (RuntimeException e) {
            return Optional.empty(); // an unexpected shape: the entry keeps its statement
        }
    }

    private static ForeignKeySplit parse(String definition, boolean standardStrings) {
        SqlTokens t = SqlTokens.of(definition, standardStrings);
        if (!t.is(0, "ALTER") || !t.is(1, "TABLE") || !t.is(2, "ONLY")) {
            return null;
        }
        int tableEnd = t.nameEnd(3);
        if (tableEnd == 3 || !t.is(tableEnd, "ADD") || !t.is(tableEnd + 1, "CONSTRAINT")
                || t.get(tableEnd + 2) == null || !t.get(tableEnd + 2).isName()
                || !t.is(tableEnd + 3, "FOREIGN") || !t.is(tableEnd + 4, "KEY")) {
            return null;
        }
        int end = t.size() - 1;
        if (end < 0 || !t.get(end).isPunct(';')) {
            return null;
        }
        for (int i = tableEnd + 5; i < end; i++) {
            if (t.get(i).isPunct(';') || t.is(i, "NOT") && t.is(i + 1, "VALID")) {
                return null; // another statement follows, or the key is not valid in the archive
            }
        }
        String table = t.text(3, tableEnd);
        String name = t.get(tableEnd + 2).text();
        String add = definition.substring(0, t.get(end).start()).stripTrailing() + " NOT VALID;";
        return new ForeignKeySplit(add, "ALTER TABLE ONLY " + table + " VALIDATE CONSTRAINT " + name + ";");
    }
}
