package io.stowage.postgres.dump;

import io.stowage.core.archive.ArchiveEntry;
import io.stowage.core.archive.Section;
import io.stowage.core.progress.ProgressListener;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlainScriptWriterTest {
    private static final String PREAMBLE = "SET statement_timeout = 0;\nSET lock_timeout = 0;\n"
            + "SET idle_in_transaction_session_timeout = 0;\nSET client_encoding = 'UTF8';\n"
            + "SET standard_conforming_strings = on;\nSELECT pg_catalog.set_config('search_path', '', false);\n"
            + "SET check_function_bodies = false;\nSET xmloption = content;\nSET client_min_messages = warning;\n"
            + "SET row_security = off;\n\n";

    @Test
    void laysEntriesOutLikePgDump() throws Exception {
        ArchiveEntry table = new ArchiveEntry(1, "actor", "TABLE", Section.PRE_DATA, "public", "postgres",
                "CREATE TABLE public.actor (\n    id integer\n);\n", "DROP TABLE public.actor;\n", "", List.of(), 0, 0);
        ArchiveEntry acl = new ArchiveEntry(2, "TABLE actor", "ACL", Section.NONE, "public", "postgres",
                "GRANT SELECT ON TABLE public.actor TO r;\n", "", "", List.of(1), 0, 0);
        ArchiveEntry data = new ArchiveEntry(3, "actor", "TABLE DATA", Section.DATA, "public", "postgres", "", "",
                "COPY public.actor (id) FROM stdin;\n", List.of(1), 0, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PlainScriptWriter w = new PlainScriptWriter(out,
                new PlainScriptWriter.Settings(false, true, true, false, "15.4", "Stowage 0.1.0"),
                Map.of(1, new PlainScriptWriter.Storage("", "heap")), ProgressListener.NONE);
        w.write(List.of(table, acl, data), (e, s) -> {
            s.write("1\n".getBytes(StandardCharsets.UTF_8));
            return 1;
        });
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "--\n-- PostgreSQL database dump\n--\n\n-- Dumped from database version 15.4\n-- Dumped by Stowage 0.1.0\n\n"
                + PREAMBLE
                + "DROP TABLE IF EXISTS public.actor;\n"
                + "SET default_tablespace = '';\n\nSET default_table_access_method = heap;\n\n"
                + "--\n-- Name: actor; Type: TABLE; Schema: public; Owner: postgres\n--\n\n"
                + "CREATE TABLE public.actor (\n    id integer\n);\n\n\n"
                + "ALTER TABLE public.actor OWNER TO postgres;\n\n"
                + "--\n-- Data for Name: actor; Type: TABLE DATA; Schema: public; Owner: postgres\n--\n\n"
                + "COPY public.actor (id) FROM stdin;\n1\n\\.\n\n\n"
                + "--\n-- Name: TABLE actor; Type: ACL; Schema: public; Owner: postgres\n--\n\n"
                + "GRANT SELECT ON TABLE public.actor TO r;\n\n\n"
                + "--\n-- PostgreSQL database dump complete\n--\n\n");
    }

    @Test
    void anEventTriggersCommentAndSecurityLabelComeAfterIt() {
        assertThat(PlainScriptWriter.restorePass(entry("sl_evt", "EVENT TRIGGER"))).isEqualTo(2);
        assertThat(PlainScriptWriter.restorePass(entry("EVENT TRIGGER sl_evt", "COMMENT"))).isEqualTo(2);
        assertThat(PlainScriptWriter.restorePass(entry("EVENT TRIGGER sl_evt", "SECURITY LABEL"))).isEqualTo(2);
        assertThat(PlainScriptWriter.restorePass(entry("SCHEMA s", "SECURITY LABEL"))).isZero();
        assertThat(PlainScriptWriter.restorePass(entry("SCHEMA s", "ACL"))).isEqualTo(1);
    }

    private static ArchiveEntry entry(String tag, String desc) {
        return new ArchiveEntry(1, tag, desc, Section.NONE, null, "postgres", "", "", "", List.of(), 0, 0);
    }

    @Test
    void quotesConnectTargetsAsPsqlNeeds() {
        assertThat(PlainScriptWriter.connect("pagila")).isEqualTo("\\connect pagila\n");
        assertThat(PlainScriptWriter.connect("My DB")).isEqualTo("\\connect -reuse-previous=on \"dbname='My DB'\"\n");
    }
}
