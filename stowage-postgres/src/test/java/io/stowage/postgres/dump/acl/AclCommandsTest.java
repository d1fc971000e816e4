package io.stowage.postgres.dump.acl;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Expected outputs were produced by pg_dump 15 against a PostgreSQL 15 server: the objects were
 * created and granted on, the ACLs read from the catalogs (relacl, acldefault(...),
 * pg_init_privs.initprivs) and the ACL lines copied from {@code pg_dump -s [-C]}.
 */
class AclCommandsTest {

    @Test
    void ownerChangedTableWithPublicGrantAndGrantOption() {
        // CREATE TABLE t1; GRANT ALL TO bob; GRANT SELECT TO PUBLIC;
        // GRANT SELECT, INSERT TO alice WITH GRANT OPTION; ALTER TABLE t1 OWNER TO bob
        String sql = AclCommands.build("TABLE", "public.t1", null, "bob",
                "{bob=arwdDxt/bob,=r/bob,alice=a*r*/bob}", "{bob=arwdDxt/bob}");
        assertThat(sql).isEqualTo(""
                + "GRANT SELECT ON TABLE public.t1 TO PUBLIC;\n"
                + "GRANT SELECT,INSERT ON TABLE public.t1 TO alice WITH GRANT OPTION;\n");
    }

    @Test
    void defaultPrivilegesInSchemaAreGrantsOnly() {
        // ALTER DEFAULT PRIVILEGES FOR ROLE bob IN SCHEMA "My App" GRANT SELECT, INSERT ON TABLES TO carol
        assertThat(AclCommands.buildDefault("TABLES", "My App", "bob", "{carol=ar/bob}", "{}", 150000))
                .isEqualTo("ALTER DEFAULT PRIVILEGES FOR ROLE bob IN SCHEMA \"My App\" GRANT SELECT,INSERT ON TABLES  TO carol;\n");
    }

    @Test
    void globalDefaultPrivilegesAreRelativeToTheBuiltInDefault() {
        // ALTER DEFAULT PRIVILEGES FOR ROLE bob REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
        // ... GRANT USAGE ON SEQUENCES TO carol WITH GRANT OPTION
        assertThat(AclCommands.buildDefault("FUNCTIONS", null, "bob", "{bob=X/bob}", "{=X/bob,bob=X/bob}", 150000))
                .isEqualTo("ALTER DEFAULT PRIVILEGES FOR ROLE bob REVOKE ALL ON FUNCTIONS  FROM PUBLIC;\n");
        assertThat(AclCommands.buildDefault("SEQUENCES", null, "bob", "{bob=rwU/bob,carol=U*/bob}", "{bob=rwU/bob}", 150000))
                .isEqualTo("ALTER DEFAULT PRIVILEGES FOR ROLE bob GRANT USAGE ON SEQUENCES  TO carol WITH GRANT OPTION;\n");
        // 17+: ALL on tables includes MAINTAIN
        assertThat(AclCommands.buildDefault("TABLES", null, "bob", "{bob=arwdDxtm/bob,carol=arwdDxtm/bob}",
                "{bob=arwdDxtm/bob}", 170000))
                .isEqualTo("ALTER DEFAULT PRIVILEGES FOR ROLE bob GRANT ALL ON TABLES  TO carol;\n");
    }

    @Test
    void columnGrants() {
        assertThat(AclCommands.build("TABLE", "public.t1", "id", "bob", "{carol=r/bob}", "{}"))
                .isEqualTo("GRANT SELECT(id) ON TABLE public.t1 TO carol;\n");
        assertThat(AclCommands.build("TABLE", "public.t1", "\"Mixed Col\"", "bob", "{carol=w/bob}", "{}"))
                .isEqualTo("GRANT UPDATE(\"Mixed Col\") ON TABLE public.t1 TO carol;\n");
        assertThat(AclCommands.build("TABLE", "public.t1", "secret", "bob", "{alice=r*/bob}", "{}"))
                .isEqualTo("GRANT SELECT(secret) ON TABLE public.t1 TO alice WITH GRANT OPTION;\n");
    }

    @Test
    void ownersOwnPrivilegesReducedAndQuotedRoles() {
        // REVOKE INSERT, DELETE ON t2 FROM postgres; GRANT SELECT TO "weird ""role""";
        // GRANT SELECT TO "gr ant" WITH GRANT OPTION; SET ROLE "gr ant"; GRANT SELECT TO bob
        String acl = "{postgres=rwDxt/postgres,\"\\\"weird \\\"\\\"role\\\"\\\"\\\"=r/postgres\","
                + "\"\\\"gr ant\\\"=r*/postgres\",\"bob=r/\\\"gr ant\\\"\"}";
        String sql = AclCommands.build("TABLE", "public.t2", null, "postgres", acl, "{postgres=arwdDxt/postgres}");
        assertThat(sql).isEqualTo(""
                + "REVOKE ALL ON TABLE public.t2 FROM postgres;\n"
                + "GRANT SELECT,REFERENCES,TRIGGER,TRUNCATE,UPDATE ON TABLE public.t2 TO postgres;\n"
                + "GRANT SELECT ON TABLE public.t2 TO \"weird \"\"role\"\"\";\n"
                + "GRANT SELECT ON TABLE public.t2 TO \"gr ant\" WITH GRANT OPTION;\n"
                + "SET SESSION AUTHORIZATION \"gr ant\";\n"
                + "GRANT SELECT ON TABLE public.t2 TO bob;\n"
                + "RESET SESSION AUTHORIZATION;\n");
    }

    @Test
    void grantByNonOwnerIsWrappedInSessionAuthorization() {
        // GRANT ALL ON t3 TO alice WITH GRANT OPTION; SET ROLE alice; GRANT SELECT, UPDATE TO carol
        String sql = AclCommands.build("TABLE", "public.t3", null, "postgres",
                "{postgres=arwdDxt/postgres,alice=a*r*w*d*D*x*t*/postgres,carol=rw/alice}",
                "{postgres=arwdDxt/postgres}");
        assertThat(sql).isEqualTo(""
                + "GRANT ALL ON TABLE public.t3 TO alice WITH GRANT OPTION;\n"
                + "SET SESSION AUTHORIZATION alice;\n"
                + "GRANT SELECT,UPDATE ON TABLE public.t3 TO carol;\n"
                + "RESET SESSION AUTHORIZATION;\n");
    }

    @Test
    void everythingRevokedFromTheOwner() {
        assertThat(AclCommands.build("TABLE", "public.t4", null, "postgres", "{}", "{postgres=arwdDxt/postgres}"))
                .isEqualTo("REVOKE ALL ON TABLE public.t4 FROM postgres;\n");
    }

    @Test
    void sequence() {
        assertThat(AclCommands.build("SEQUENCE", "public.s1", null, "postgres",
                "{postgres=rwU/postgres,bob=U/postgres,carol=rwU/postgres}", "{postgres=rwU/postgres}"))
                .isEqualTo(""
                        + "GRANT USAGE ON SEQUENCE public.s1 TO bob;\n"
                        + "GRANT ALL ON SEQUENCE public.s1 TO carol;\n");
    }

    @Test
    void functionAndProcedure() {
        assertThat(AclCommands.build("FUNCTION", "public.f(a integer, b text)", null, "postgres",
                "{postgres=X/postgres,bob=X/postgres}", "{=X/postgres,postgres=X/postgres}"))
                .isEqualTo(""
                        + "REVOKE ALL ON FUNCTION public.f(a integer, b text) FROM PUBLIC;\n"
                        + "GRANT ALL ON FUNCTION public.f(a integer, b text) TO bob;\n");
        assertThat(AclCommands.build("PROCEDURE", "public.p()", null, "postgres",
                "{=X/postgres,postgres=X/postgres,alice=X*/postgres}", "{=X/postgres,postgres=X/postgres}"))
                .isEqualTo("GRANT ALL ON PROCEDURE public.p() TO alice WITH GRANT OPTION;\n");
    }

    @Test
    void schemas() {
        assertThat(AclCommands.build("SCHEMA", "s", null, "bob",
                "{bob=UC/bob,alice=U/bob,carol=UC/bob}", "{bob=UC/bob}"))
                .isEqualTo(""
                        + "GRANT USAGE ON SCHEMA s TO alice;\n"
                        + "GRANT ALL ON SCHEMA s TO carol;\n");
        // public has pg_init_privs, which is the baseline instead of acldefault.
        assertThat(AclCommands.build("SCHEMA", "public", null, "pg_database_owner",
                "{pg_database_owner=UC/pg_database_owner,=U/pg_database_owner,alice=C/pg_database_owner}",
                "{pg_database_owner=UC/pg_database_owner,=U/pg_database_owner}"))
                .isEqualTo("GRANT CREATE ON SCHEMA public TO alice;\n");
    }

    @Test
    void typesAndDomainsAreGrantedOnType() {
        assertThat(AclCommands.build("TYPE", "public.mood", null, "postgres",
                "{postgres=U/postgres,bob=U/postgres}", "{=U/postgres,postgres=U/postgres}"))
                .isEqualTo(""
                        + "REVOKE ALL ON TYPE public.mood FROM PUBLIC;\n"
                        + "GRANT ALL ON TYPE public.mood TO bob;\n");
        assertThat(AclCommands.build("DOMAIN", "public.posint", null, "postgres",
                "{=U/postgres,postgres=U/postgres,alice=U*/postgres}", "{=U/postgres,postgres=U/postgres}"))
                .isEqualTo("GRANT ALL ON TYPE public.posint TO alice WITH GRANT OPTION;\n");
    }

    @Test
    void foreignDataWrapperServerAndLargeObject() {
        assertThat(AclCommands.build("FOREIGN DATA WRAPPER", "w", null, "postgres",
                "{postgres=U/postgres,bob=U/postgres}", "{postgres=U/postgres}"))
                .isEqualTo("GRANT ALL ON FOREIGN DATA WRAPPER w TO bob;\n");
        assertThat(AclCommands.build("FOREIGN SERVER", "srv", null, "postgres",
                "{postgres=U/postgres,=U/postgres}", "{postgres=U/postgres}"))
                .isEqualTo("GRANT ALL ON FOREIGN SERVER srv TO PUBLIC;\n");
        assertThat(AclCommands.build("LARGE OBJECT", "4242", null, "postgres",
                "{postgres=rw/postgres,bob=r/postgres}", "{postgres=rw/postgres}"))
                .isEqualTo("GRANT SELECT ON LARGE OBJECT 4242 TO bob;\n");
    }

    @Test
    void databaseDefaultPublicPrivilegesPartlyRevoked() {
        // REVOKE TEMPORARY FROM PUBLIC; GRANT CREATE TO bob WITH GRANT OPTION; GRANT ALL TO carol
        assertThat(AclCommands.build("DATABASE", "acltest", null, "postgres",
                "{=c/postgres,postgres=CTc/postgres,bob=C*/postgres,carol=CTc/postgres}",
                "{=Tc/postgres,postgres=CTc/postgres}"))
                .isEqualTo(""
                        + "REVOKE CONNECT,TEMPORARY ON DATABASE acltest FROM PUBLIC;\n"
                        + "GRANT CONNECT ON DATABASE acltest TO PUBLIC;\n"
                        + "GRANT CREATE ON DATABASE acltest TO bob WITH GRANT OPTION;\n"
                        + "GRANT ALL ON DATABASE acltest TO carol;\n");
    }

    @Test
    void defaultOrUnchangedAclWritesNothing() {
        assertThat(AclCommands.build("TABLE", "public.t", null, "postgres", null, "{postgres=arwdDxt/postgres}"))
                .isEmpty();
        assertThat(AclCommands.build("TABLE", "public.t", null, "postgres", "", "{postgres=arwdDxt/postgres}"))
                .isEmpty();
        assertThat(AclCommands.build("TABLE", "public.t", null, "postgres",
                "{postgres=arwdDxt/postgres}", "{postgres=arwdDxt/postgres}")).isEmpty();
    }

    @Test
    void ownersGrantsComeBeforeOthersWhateverTheAclOrder() {
        // Derived from the source (old servers listed PUBLIC before the owner): the owner's regrant
        // must follow the REVOKEs and precede every other grant.
        String sql = AclCommands.build("TABLE", "public.t", null, "postgres",
                "{=r/postgres,postgres=r/postgres}", "{postgres=arwdDxt/postgres}");
        assertThat(sql).isEqualTo(""
                + "REVOKE ALL ON TABLE public.t FROM postgres;\n"
                + "GRANT SELECT ON TABLE public.t TO postgres;\n"
                + "GRANT SELECT ON TABLE public.t TO PUBLIC;\n");
    }

    @Test
    void mixedGrantOptionsSplitIntoTwoStatements() {
        assertThat(AclCommands.build("TABLE", "public.t", null, "postgres",
                "{postgres=arwdDxt/postgres,bob=r*a/postgres}", "{postgres=arwdDxt/postgres}"))
                .isEqualTo(""
                        + "GRANT INSERT ON TABLE public.t TO bob;\n"
                        + "GRANT SELECT ON TABLE public.t TO bob WITH GRANT OPTION;\n");
    }

    @Test
    void maintainCountsTowardsAllOnlyOnSeventeenAndLater() {
        // PostgreSQL 17 tables: acldefault includes m (MAINTAIN), so arwdDxtm is ALL.
        assertThat(AclCommands.build("TABLE", "public.t", null, "postgres",
                "{postgres=arwdDxtm/postgres,bob=arwdDxtm/postgres,carol=arwdDxt/postgres}",
                "{postgres=arwdDxtm/postgres}"))
                .isEqualTo(""
                        + "GRANT ALL ON TABLE public.t TO bob;\n"
                        + "GRANT SELECT,INSERT,REFERENCES,DELETE,TRIGGER,TRUNCATE,UPDATE ON TABLE public.t TO carol;\n");
        assertThat(AclCommands.build("TABLE", "public.t", null, "postgres",
                "{postgres=arwdDxt/postgres,bob=arwdDxt/postgres}", "{postgres=arwdDxt/postgres}", 170000))
                .isEqualTo("GRANT SELECT,INSERT,REFERENCES,DELETE,TRIGGER,TRUNCATE,UPDATE ON TABLE public.t TO bob;\n");
        assertThat(AclCommands.build("TABLE", "public.t", null, "postgres",
                "{postgres=arwdDxt/postgres,bob=arwdDxt/postgres}", "{postgres=arwdDxt/postgres}", 160000))
                .isEqualTo("GRANT ALL ON TABLE public.t TO bob;\n");
    }

    @Test
    void unparsableAclIsAnInternalError() {
        assertThatThrownBy(() -> AclCommands.build("TABLE", "public.t", null, "postgres",
                "{bob}", "{}"))
                .isInstanceOfSatisfying(StowageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                    assertThat(e.getMessage()).contains("could not parse ACL list ({bob})");
                });
        assertThatThrownBy(() -> AclCommands.build("TABLE", "public.t", null, "postgres", "bob=r/x", "{}"))
                .isInstanceOf(StowageException.class);
        assertThatThrownBy(() -> AclCommands.build("VIEW", "public.v", null, "postgres", "{bob=r/x}", "{}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quotedElementsAndRoleNamesAreDequoted() {
        // Element quoting without backslashes, as in hand-written ACL text, is undone too.
        assertThat(AclCommands.build("TABLE", "public.t", null, "postgres",
                "{postgres=arwdDxt/postgres,\"weird role\"=r/postgres}", "{postgres=arwdDxt/postgres}"))
                .isEqualTo("GRANT SELECT ON TABLE public.t TO \"weird role\";\n");
        assertThat(AclItem.parse("\"a\"\"b\"=r*w/\"x=y\""))
                .isEqualTo(new AclItem("a\"b", "r*w", "x=y"));
        assertThat(AclArray.parse("{a,\"b,\\\"c\\\"\",d}")).containsExactly("a", "b,\"c\"", "d");
        assertThat(AclArray.parse("{}")).isEmpty();
        assertThat(AclArray.parse("{a,}")).isNull();
    }

    @Test
    void nullAclOfAnObjectWithInitialPrivilegesIsWrittenAsItsDefault() {
        // UPDATE pg_namespace SET nspacl = NULL WHERE nspname = 'public'; pg_dump 15 then writes the
        // difference between acldefault and pg_init_privs.
        assertThat(AclCommands.build("SCHEMA", "public", null, "pg_database_owner",
                "{pg_database_owner=UC/pg_database_owner}",
                "{pg_database_owner=UC/pg_database_owner,=U/pg_database_owner}"))
                .isEqualTo("REVOKE USAGE ON SCHEMA public FROM PUBLIC;\n");
    }
}
