package io.stowage.postgres.restore;

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
            assertThat(BinaryLoad.onThisMachine(host)).as(host).isTrue();
        }
        assertThat(BinaryLoad.onThisMachine(null)).isTrue();
        // TEST-NET-1 and documentation IPv6 addresses belong to no machine
        assertThat(BinaryLoad.onThisMachine("192.0.2.10")).isFalse();
        assertThat(BinaryLoad.onThisMachine("2001:db8::1")).isFalse();
        assertThat(BinaryLoad.onThisMachine("localhost,192.0.2.10")).isFalse();
    }
}
