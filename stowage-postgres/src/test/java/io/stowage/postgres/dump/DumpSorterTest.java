package io.stowage.postgres.dump;

import io.stowage.postgres.catalog.CatalogId;
import io.stowage.postgres.catalog.DumpObject;
import io.stowage.postgres.catalog.ObjectKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DumpSorterTest {
    private static long oid = 100;

    private static DumpObject obj(ObjectKind kind, String ns, String name) {
        return new DumpObject(kind, CatalogId.of("pg_class", oid++), ns, name, null);
    }

    private static List<String> names(List<DumpObject> sorted) {
        return sorted.stream().map(o -> o.kind() + ":" + o.name()).toList();
    }

    @Test
    void presortsByPriorityThenSchemaThenName() {
        DumpObject fk = obj(ObjectKind.FK_CONSTRAINT, "public", "a_fk");
        DumpObject table = obj(ObjectKind.TABLE, "public", "b");
        DumpObject func = obj(ObjectKind.FUNC, "public", "z");
        DumpObject legacy = obj(ObjectKind.TABLE, "legacy", "z");
        DumpObject schema = obj(ObjectKind.NAMESPACE, null, "legacy");
        List<DumpObject> sorted = DumpSorter.sort(List.of(fk, table, func, legacy, schema), m -> { });
        assertThat(names(sorted)).containsExactly("NAMESPACE:legacy", "FUNC:z", "TABLE:z", "TABLE:b", "FK_CONSTRAINT:a_fk");
    }

    @Test
    void movesAnObjectOnlyAsFarAsItsDependenciesRequire() {
        // pagila: legacy.rental (a view) pulls public.rental and its sequence in front of it
        DumpObject seqA = obj(ObjectKind.TABLE, "public", "actor_seq");
        DumpObject seqR = obj(ObjectKind.TABLE, "public", "rental_seq");
        DumpObject rental = obj(ObjectKind.TABLE, "public", "rental");
        DumpObject view = obj(ObjectKind.TABLE, "legacy", "rental");
        rental.dependOn(seqR);
        view.dependOn(rental);
        List<DumpObject> sorted = DumpSorter.sort(new ArrayList<>(List.of(seqA, seqR, rental, view)), m -> { });
        assertThat(names(sorted)).containsExactly("TABLE:rental_seq", "TABLE:rental", "TABLE:rental", "TABLE:actor_seq");
        assertThat(sorted.get(2)).isSameAs(view);
    }

    @Test
    void keepsSectionsInOrderEvenAgainstNames() {
        DumpObject table = obj(ObjectKind.TABLE, "public", "zz");
        DumpObject data = obj(ObjectKind.TABLE_DATA, "public", "a");
        DumpObject index = obj(ObjectKind.INDEX, "public", "a_idx");
        List<DumpObject> sorted = DumpSorter.sort(List.of(index, data, table), m -> { });
        assertThat(sorted).containsExactly(table, data, index);
    }

    @Test
    void breaksALoopAtTheFirstObjectAndReportsIt() {
        DumpObject staff = obj(ObjectKind.TABLE_DATA, "public", "staff");
        DumpObject store = obj(ObjectKind.TABLE_DATA, "public", "store");
        staff.dependOn(store);
        store.dependOn(staff);
        List<String> reports = new ArrayList<>();
        List<DumpObject> sorted = DumpSorter.sort(List.of(store, staff), reports::add);
        assertThat(sorted).containsExactly(staff, store);
        assertThat(reports).singleElement().asString().contains("public.staff").contains("public.store");
    }
}
