package io.stowage.postgres.catalog;

import io.stowage.postgres.dump.DumpSorter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BaseTypeReaderTest {

    private static DumpObject function(Catalog c, String name, long oid) {
        return c.add(new DumpObject(ObjectKind.FUNC, CatalogId.of("pg_proc", oid), "public", name + "(cstring)", null)
                .desc("FUNCTION").owner("postgres").definition("CREATE FUNCTION public." + name + "...;\n"));
    }

    @Test
    void aBaseTypeAndItsInputFunctionAreOrderedThroughAShellType() {
        Catalog c = new Catalog();
        DumpObject schema = c.add(new DumpObject(ObjectKind.NAMESPACE, CatalogId.of("pg_namespace", 1), null, "public", null)
                .desc("SCHEMA"));
        DumpObject type = c.add(new DumpObject(ObjectKind.TYPE, CatalogId.of("pg_type", 2), "public", "int42", null)
                .desc("TYPE").owner("alice").definition("CREATE TYPE public.int42 (...);\n"));
        DumpObject in = function(c, "int42_in", 3);
        DumpObject out = function(c, "int42_out", 4);
        DumpObject typmodIn = function(c, "int42_typmod_in", 5);
        // pg_depend: the type needs its functions; input and output need the type; typmod_in does not
        for (DumpObject o : List.of(type, in, out, typmodIn)) {
            o.dependOn(schema);
        }
        type.dependOn(in);
        type.dependOn(out);
        type.dependOn(typmodIn);
        in.dependOn(type);
        out.dependOn(type);
        Map<DumpObject, Void> shellable = BaseTypeReader.newShellable();
        shellable.put(type, null);

        BaseTypeReader.repairTypeFunctionLoops(c, shellable);

        DumpObject shell = c.objects().stream().filter(o -> "SHELL TYPE".equals(o.desc())).findFirst().orElseThrow();
        assertThat(shell.definition()).isEqualTo("CREATE TYPE public.int42;\n");
        assertThat(shell.owner()).isEqualTo("alice");
        assertThat(shell.drop()).isEmpty();
        assertThat(c.objects().stream().filter(o -> "SHELL TYPE".equals(o.desc()))).hasSize(1);
        assertThat(in.dependencies()).contains(shell).doesNotContain(type);
        assertThat(typmodIn.dependencies()).doesNotContain(shell);

        List<String> order = new ArrayList<>();
        DumpSorter.sort(new ArrayList<>(c.objects()), loop -> order.add("LOOP " + loop)).forEach(o -> order.add(o.desc()
                + " " + o.name()));
        assertThat(order).doesNotContain("LOOP").containsSubsequence("SHELL TYPE int42", "FUNCTION int42_in(cstring)",
                "TYPE int42");
        assertThat(order.indexOf("FUNCTION int42_out(cstring)")).isLessThan(order.indexOf("TYPE int42"));
    }

    @Test
    void noShellWithoutALoop() {
        Catalog c = new Catalog();
        DumpObject range = c.add(new DumpObject(ObjectKind.TYPE, CatalogId.of("pg_type", 2), "public", "span", null)
                .desc("TYPE").owner("postgres"));
        DumpObject diff = function(c, "span_diff", 3);
        range.dependOn(diff);
        Map<DumpObject, Void> shellable = BaseTypeReader.newShellable();
        shellable.put(range, null);

        BaseTypeReader.repairTypeFunctionLoops(c, shellable);

        assertThat(c.objects()).noneMatch(o -> "SHELL TYPE".equals(o.desc()));
        assertThat(range.dependencies()).containsExactly(diff);
    }
}
