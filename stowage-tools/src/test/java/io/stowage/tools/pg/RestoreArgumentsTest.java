package io.stowage.tools.pg;

import io.stowage.core.archive.Section;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.NameSelection;
import io.stowage.core.options.RestoreOptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestoreArgumentsTest {
    private static final PgVersion V15 = new PgVersion(15, 10, "15.10");

    private static List<String> extra(UnaryOperator<RestoreOptions.Builder> options) {
        List<String> all = RestoreArguments.pgRestore(options.apply(RestoreOptions.builder()).build(), V15, Path.of("/d/x.dump"));
        assertThat(all.get(0)).isEqualTo("--verbose");
        assertThat(all.get(all.size() - 1)).isEqualTo("/d/x.dump");
        return all.subList(1, all.size() - 1);
    }

    @Test
    void eachOptionMapsToItsFlag() {
        assertThat(extra(b -> b)).isEmpty();
        assertThat(extra(b -> b.singleTransaction(true))).containsExactly("--single-transaction");
        assertThat(extra(b -> b.clean(true).ifExists(true))).containsExactly("--clean", "--if-exists");
        assertThat(extra(b -> b.create(true))).containsExactly("--create");
        assertThat(extra(b -> b.noOwner(true))).containsExactly("--no-owner");
        assertThat(extra(b -> b.noPrivileges(true))).containsExactly("--no-privileges");
        assertThat(extra(b -> b.noComments(true))).containsExactly("--no-comments");
        assertThat(extra(b -> b.exitOnError(true))).containsExactly("--exit-on-error");
        assertThat(extra(b -> b.dataOnly(true))).containsExactly("--data-only");
        assertThat(extra(b -> b.schemaOnly(true))).containsExactly("--schema-only");
        assertThat(extra(b -> b.section(Section.DATA))).containsExactly("--section=data");
        assertThat(extra(b -> b.noTablespaces(true))).containsExactly("--no-tablespaces");
        assertThat(extra(b -> b.noSecurityLabels(true))).containsExactly("--no-security-labels");
        assertThat(extra(b -> b.useList(Path.of("/d/list.txt")))).containsExactly("--use-list=/d/list.txt");
        assertThat(extra(b -> b.dataOnly(true).disableTriggers(true))).containsExactly("--data-only", "--disable-triggers");
        assertThat(extra(b -> b.noDataForFailedTables(true))).containsExactly("--no-data-for-failed-tables");
    }

    @Test
    void nameSelections() {
        NameSelection sel = new NameSelection(List.of("s"), List.of("x"), List.of("t1", "t2"), List.of("i"), List.of("f(integer)"), List.of("tr"));
        assertThat(extra(b -> b.selection(sel))).containsExactly("--schema=s", "--exclude-schema=x", "--table=t1", "--table=t2",
                "--index=i", "--function=f(integer)", "--trigger=tr");
    }

    @Test
    void standardInputWhenThereIsNoArchivePath() {
        assertThat(RestoreArguments.pgRestore(RestoreOptions.builder().build(), V15, null)).containsExactly("--verbose");
    }

    @Test
    void psqlForScriptsAppliesSingleTransactionAndExitOnError() {
        assertThat(RestoreArguments.psql(RestoreOptions.builder().build(), Path.of("/d/x.sql")))
                .containsExactly("--no-psqlrc", "--quiet", "--file=/d/x.sql");
        assertThat(RestoreArguments.psql(RestoreOptions.builder().exitOnError(true).singleTransaction(true).build(), null))
                .containsExactly("--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction", "--file=-");
    }

    @Test
    void psqlRejectsWhatOnlyPgRestoreCanDo() {
        assertThatThrownBy(() -> RestoreArguments.psql(RestoreOptions.builder().clean(true).build(), null))
                .isInstanceOf(StowageException.class)
                .hasMessage("option -c/--clean with a plain-text script is not supported by psql");
        assertThatThrownBy(() -> RestoreArguments.psql(RestoreOptions.builder().noOwner(true).build(), null))
                .isInstanceOf(StowageException.class).hasMessageContaining("-O/--no-owner");
    }

    @Test
    void everyOptionOfTheModelHasAFlag() {
        assertThat(RestoreOptions.class.getRecordComponents()).hasSize(20);
    }

    @Test
    void freezeIsTheNativeEnginesAndLeavesNoTraceInEitherToolsArguments() {
        RestoreOptions frozen = RestoreOptions.builder().freeze(true).build();
        RestoreOptions plain = RestoreOptions.builder().freeze(false).build();
        assertThat(RestoreArguments.pgRestore(frozen, V15, Path.of("/d/x.dump"), 1))
                .isEqualTo(RestoreArguments.pgRestore(plain, V15, Path.of("/d/x.dump"), 1));
        assertThat(RestoreArguments.psql(frozen, Path.of("/d/x.sql"), 1)).isEqualTo(RestoreArguments.psql(plain, Path.of("/d/x.sql"), 1));
    }

    @Test
    void foreignKeysNotValidAreTheNativeEnginesAndTheToolsRefuseThem() {
        RestoreOptions split = RestoreOptions.builder().freeze(false).fkNotValid(true).build();
        RestoreOptions plain = RestoreOptions.builder().freeze(false).build();
        assertThat(RestoreArguments.pgRestore(split, V15, Path.of("/d/x.dump"), 1))
                .isEqualTo(RestoreArguments.pgRestore(plain, V15, Path.of("/d/x.dump"), 1));
        assertThatThrownBy(() -> ToolsRestorer.check(split, ToolsSettings.defaults(null), 1))
                .isInstanceOf(StowageException.class).hasMessageContaining("--fk-not-valid");
    }

    @Test
    void jobsMapToPgRestoreJobsAndAreRejectedForAScript() {
        RestoreOptions options = RestoreOptions.builder().build();
        assertThat(RestoreArguments.pgRestore(options, V15, Path.of("/d/x.dump"), 4)).contains("--jobs=4");
        assertThat(RestoreArguments.pgRestore(options, V15, Path.of("/d/x.dump"), 1)).noneMatch(a -> a.startsWith("--jobs"));
        assertThatThrownBy(() -> RestoreArguments.psql(options, Path.of("/d/x.sql"), 2))
                .isInstanceOf(StowageException.class).hasMessageContaining("-j/--jobs");
    }
}
