package io.stowage.postgres.restore;

import io.stowage.postgres.restore.binary.PgType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The pieces of {@link BinaryLoad} that need no server: pg_dump's COPY statement, names, and where the server is. */
class BinaryLoadTest {

    @Test
    void readsPgDumpsCopyStatement() {
        BinaryLoad.Statement s = BinaryLoad.parse("COPY public.events (id, account_id, created_at) FROM stdin;\n");
        assertThat(s.table()).isEqualTo("public.events");
        assertThat(s.columns()).containsExactly("id", "account_id", "created_at");

        BinaryLoad.Statement quoted = BinaryLoad.parse("COPY \"My (Schema)\".\"T, 1\" (\"a, b\", \"say \"\"hi\"\"\", c) FROM stdin;");
        assertThat(quoted.table()).isEqualTo("\"My (Schema)\".\"T, 1\"");
        assertThat(quoted.columns()).containsExactly("\"a, b\"", "\"say \"\"hi\"\"\"", "c");
        assertThat(SqlTokens.unquoteIdent("\"say \"\"hi\"\"\"")).isEqualTo("say \"hi\"");
        assertThat(SqlTokens.unquoteIdent("plain")).isEqualTo("plain");

        // no column list (a table without columns), another form, or a broken one: text
        assertThat(BinaryLoad.parse("COPY public.empty  FROM stdin;")).isNull();
        assertThat(BinaryLoad.parse("COPY public.t (a, b) FROM stdin WITH (FORMAT csv);")).isNull();
        assertThat(BinaryLoad.parse("COPY public.t (a, , b) FROM stdin;")).isNull();
        assertThat(BinaryLoad.parse("COPY public.t (\"a) FROM stdin;")).isNull();
    }

    @Test
    void binaryStatementKeepsFreezeWhenAsked() {
        assertThat(BinaryLoad.copyWith("COPY public.t (a) FROM stdin;\n", "FORMAT binary")).isEqualTo("COPY public.t (a) FROM stdin WITH (FORMAT binary);");
        assertThat(BinaryLoad.copyWith("COPY public.t (a) FROM stdin;", "FORMAT binary, FREEZE"))
                .isEqualTo("COPY public.t (a) FROM stdin WITH (FORMAT binary, FREEZE);");
    }

    @Test
    void serversOnThisMachine() {
        for (String host : List.of("", "localhost", "127.0.0.1", "127.9.9.9", "::1", "/var/run/postgresql", "@abstract", "localhost,127.0.0.1")) {
            assertThat(io.stowage.postgres.jdbc.LocalServer.onThisMachine(host)).as(host).isTrue();
        }
        assertThat(io.stowage.postgres.jdbc.LocalServer.onThisMachine(null)).isTrue();
        // TEST-NET-1 and documentation IPv6 addresses belong to no machine
        assertThat(io.stowage.postgres.jdbc.LocalServer.onThisMachine("192.0.2.10")).isFalse();
        assertThat(io.stowage.postgres.jdbc.LocalServer.onThisMachine("2001:db8::1")).isFalse();
        assertThat(io.stowage.postgres.jdbc.LocalServer.onThisMachine("localhost,192.0.2.10")).isFalse();
    }

    private static PgType scalar(int oid, String name, char category) {
        return new PgType(oid, name, category, 0, null);
    }

    private static final PgType INT8 = scalar(20, "int8", 'N');
    private static final PgType INT4 = scalar(23, "int4", 'N');
    private static final PgType INT2 = scalar(21, "int2", 'N');
    private static final PgType TEXT = scalar(25, "text", 'S');
    private static final PgType TIMESTAMPTZ = scalar(1184, "timestamptz", 'D');
    private static final PgType NUMERIC = scalar(1700, "numeric", 'N');
    private static final PgType INET = scalar(869, "inet", 'I');
    private static final PgType BYTEA = scalar(17, "bytea", 'U');
    private static final PgType JSONB = scalar(3802, "jsonb", 'U');
    private static final PgType FLOAT8 = scalar(701, "float8", 'N');
    private static final PgType TEXT_ARRAY = new PgType(1009, "_text", 'A', 25, TEXT);

    @Test
    void onThisMachineOnlyTablesWhoseCheapColumnsOutweighTheirCostlyOnesLoadInBinary() {
        // the benchmark's events: timestamps and numerics pay for the rest
        List<PgType> events = List.of(INT8, INT4, TIMESTAMPTZ, INT2, NUMERIC, INET, TEXT);
        assertThat(BinaryLoad.pays(BinaryLoad.Policy.LOCAL, events)).isTrue();
        // the benchmark's documents: bytea, arrays and a timestamp pay for text and jsonb
        List<PgType> documents = List.of(INT4, INT8, TEXT, TEXT, JSONB, BYTEA, TEXT_ARRAY,
                new PgType(1007, "_int4", 'A', 23, INT4), TIMESTAMPTZ);
        assertThat(BinaryLoad.pays(BinaryLoad.Policy.LOCAL, documents)).isTrue();
        // floats cost the client more than the server saves; a numeric does not make up for one
        assertThat(BinaryLoad.pays(BinaryLoad.Policy.LOCAL, List.of(INT4, NUMERIC, FLOAT8))).isFalse();
        assertThat(BinaryLoad.pays(BinaryLoad.Policy.LOCAL, List.of(INT4, FLOAT8, TEXT, TIMESTAMPTZ))).isFalse();
        assertThat(BinaryLoad.pays(BinaryLoad.Policy.LOCAL, List.of(INT4, TEXT))).isFalse();
        // an array of an element without a fast path counts nothing
        assertThat(BinaryLoad.pays(BinaryLoad.Policy.LOCAL, List.of(INT4, new PgType(1022, "_float8", 'A', 701, FLOAT8)))).isFalse();

        // with the server elsewhere any column the server reads for less decides; off is off
        assertThat(BinaryLoad.pays(BinaryLoad.Policy.REMOTE, List.of(INT4, FLOAT8, TEXT))).isTrue();
        assertThat(BinaryLoad.pays(BinaryLoad.Policy.REMOTE, List.of(INT4, NUMERIC, FLOAT8))).isTrue();
        assertThat(BinaryLoad.pays(BinaryLoad.Policy.REMOTE, List.of(INT4, TEXT, JSONB))).isFalse();
        assertThat(BinaryLoad.pays(BinaryLoad.Policy.OFF, events)).isFalse();
    }
}
