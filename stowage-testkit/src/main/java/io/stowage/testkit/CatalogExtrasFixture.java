package io.stowage.testkit;

/**
 * A database exercising the object kinds that live beside the schema proper: row-level security
 * (ENABLE and FORCE, permissive and restrictive policies with roles, USING and WITH CHECK),
 * default privileges (global and IN SCHEMA, for another role), large objects (empty, every byte
 * value, one of about 3 MB to exercise chunking; with owners, comments and ACLs), event triggers
 * (tags, disabled and replica states, a comment), publications (FOR ALL TABLES, member tables,
 * publish options; partition-root publishing on 13+; column lists, row filters and TABLES IN
 * SCHEMA on 15+; generated columns on 18+) and subscriptions created with {@code connect = false}
 * (slot name, options of each major, a password in the connection string).
 *
 * <p>Uses two roles, {@link #OWNER} and {@link #READER}, created if missing (roles are shared by
 * every database of the server).
 */
public final class CatalogExtrasFixture {
    /** A role that owns some objects and whose default privileges are set. */
    public static final String OWNER = "stowage_fx_owner";
    /** A role that is granted privileges. */
    public static final String READER = "stowage_fx_reader";
    /** The fake password in the subscription's connection string, which must never be logged. */
    public static final String SUBSCRIPTION_PASSWORD = "fx-not-a-real-secret";
    /** Bytes of the largest large object. */
    public static final int BIG_OBJECT_BYTES = 100_000 * 32;

    private CatalogExtrasFixture() {
    }

    /** Creates the two roles if they are missing; safe when several tests do so at once. */
    public static String rolesSql() {
        return role(OWNER) + role(READER);
    }

    private static String role(String name) {
        return "DO $$ BEGIN CREATE ROLE " + name + "; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;\n";
    }

    /** The fixture's SQL for a server of the given major. */
    public static String sql(int major) {
        StringBuilder sql = new StringBuilder("""
                CREATE SCHEMA sec;
                CREATE SCHEMA sec_pub;
                CREATE TABLE sec.account (id integer PRIMARY KEY, owner_name text NOT NULL, balance numeric NOT NULL DEFAULT 0, note text);
                INSERT INTO sec.account VALUES (1, 'alice', 10, 'a'), (2, 'bob', 20, NULL);
                CREATE TABLE sec.ledger (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
                CREATE TABLE sec.ledger_2024 PARTITION OF sec.ledger FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                CREATE TABLE sec_pub.item (id integer PRIMARY KEY, label text);
                ALTER TABLE sec.account ENABLE ROW LEVEL SECURITY;
                ALTER TABLE sec.account FORCE ROW LEVEL SECURITY;
                ALTER TABLE sec.ledger ENABLE ROW LEVEL SECURITY;
                ALTER TABLE sec_pub.item FORCE ROW LEVEL SECURITY;
                CREATE POLICY account_read ON sec.account FOR SELECT TO stowage_fx_reader USING (owner_name = current_user);
                CREATE POLICY account_limit ON sec.account AS RESTRICTIVE FOR UPDATE USING (balance >= 0) WITH CHECK (balance >= 0);
                CREATE POLICY \"Insert \"\"checked\"\"\" ON sec.account FOR INSERT TO stowage_fx_owner, stowage_fx_reader WITH CHECK (id > 0);
                CREATE POLICY account_all ON sec.account USING (true);
                CREATE POLICY ledger_delete ON sec.ledger AS RESTRICTIVE FOR DELETE TO PUBLIC USING (at > '2000-01-01');
                COMMENT ON POLICY account_read ON sec.account IS 'readers see their own rows';
                ALTER DEFAULT PRIVILEGES FOR ROLE stowage_fx_owner IN SCHEMA sec GRANT SELECT, INSERT ON TABLES TO stowage_fx_reader;
                ALTER DEFAULT PRIVILEGES FOR ROLE stowage_fx_owner IN SCHEMA sec GRANT EXECUTE ON FUNCTIONS TO stowage_fx_reader;
                ALTER DEFAULT PRIVILEGES FOR ROLE stowage_fx_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
                ALTER DEFAULT PRIVILEGES FOR ROLE stowage_fx_owner GRANT USAGE ON SEQUENCES TO stowage_fx_reader WITH GRANT OPTION;
                ALTER DEFAULT PRIVILEGES FOR ROLE stowage_fx_owner GRANT CREATE ON SCHEMAS TO stowage_fx_reader;
                ALTER DEFAULT PRIVILEGES GRANT USAGE ON TYPES TO stowage_fx_reader;
                ALTER DEFAULT PRIVILEGES GRANT ALL ON TABLES TO stowage_fx_owner;
                SELECT lo_from_bytea(771001, 'a small large object');
                SELECT lo_from_bytea(771002, ''::bytea);
                SELECT lo_from_bytea(77100, (SELECT string_agg(set_byte('\\x00'::bytea, 0, i), ''::bytea ORDER BY i)
                    FROM generate_series(0, 255) i));
                SELECT lo_from_bytea(771003, (SELECT string_agg(sha256(i::text::bytea), ''::bytea ORDER BY i)
                    FROM generate_series(1, 100000) i));
                ALTER LARGE OBJECT 771003 OWNER TO stowage_fx_owner;
                COMMENT ON LARGE OBJECT 771003 IS 'about three megabytes';
                GRANT SELECT ON LARGE OBJECT 771003 TO stowage_fx_reader;
                GRANT SELECT, UPDATE ON LARGE OBJECT 771001 TO PUBLIC;
                COMMENT ON LARGE OBJECT 77100 IS 'every byte value';
                CREATE FUNCTION sec.log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE DEBUG 'ddl %', tg_tag;
                END
                $$;
                CREATE EVENT TRIGGER fx_ddl_start ON ddl_command_start WHEN TAG IN ('CREATE TABLE', 'DROP TABLE')
                    EXECUTE FUNCTION sec.log_ddl();
                CREATE EVENT TRIGGER fx_ddl_end ON ddl_command_end EXECUTE FUNCTION sec.log_ddl();
                ALTER EVENT TRIGGER fx_ddl_end DISABLE;
                CREATE EVENT TRIGGER "Fx Drop" ON sql_drop EXECUTE FUNCTION sec.log_ddl();
                ALTER EVENT TRIGGER "Fx Drop" ENABLE REPLICA;
                COMMENT ON EVENT TRIGGER fx_ddl_start IS 'watches table DDL';
                SET client_min_messages = error;
                CREATE PUBLICATION fx_all FOR ALL TABLES WITH (publish = 'insert, update');
                CREATE PUBLICATION fx_some FOR TABLE sec.account, sec_pub.item WITH (publish = 'insert, delete, truncate');
                CREATE PUBLICATION "Fx Empty";
                COMMENT ON PUBLICATION fx_some IS 'account changes';
                ALTER PUBLICATION fx_some OWNER TO stowage_fx_owner;
                """);
        if (major >= 13) {
            sql.append("CREATE PUBLICATION fx_root FOR TABLE sec.ledger WITH (publish_via_partition_root = true);\n");
        }
        if (major >= 15) {
            sql.append("""
                    CREATE PUBLICATION fx_cols FOR TABLE sec.account (id, balance) WHERE (balance > 0), sec_pub.item WHERE (true)
                        WITH (publish = 'insert');
                    CREATE PUBLICATION fx_schema FOR TABLES IN SCHEMA sec_pub, sec;
                    """);
        }
        if (major >= 18) {
            sql.append("CREATE PUBLICATION fx_gen FOR TABLE sec_pub.item WITH (publish_generated_columns = stored);\n");
        }
        StringBuilder options = new StringBuilder("connect = false, synchronous_commit = 'local'");
        if (major >= 14) {
            options.append(", binary = true, streaming = on");
        }
        if (major >= 15) {
            options.append(", two_phase = true, disable_on_error = true");
        }
        if (major >= 16) {
            options.append(", origin = none, password_required = false, run_as_owner = true");
        }
        if (major >= 17) {
            options.append(", failover = true");
        }
        sql.append("CREATE SUBSCRIPTION fx_sub CONNECTION 'host=127.0.0.1 port=1 dbname=nowhere user=fx password=")
                .append(SUBSCRIPTION_PASSWORD).append("' PUBLICATION fx_remote, \"Other Pub\" WITH (")
                .append(options).append(");\n");
        sql.append("CREATE SUBSCRIPTION \"Fx Plain\" CONNECTION 'dbname=nowhere' PUBLICATION fx_remote "
                + "WITH (connect = false, slot_name = NONE");
        sql.append(major >= 14 ? ", streaming = off);\n" : ");\n");
        sql.append("COMMENT ON SUBSCRIPTION fx_sub IS 'never connects';\n");
        sql.append("RESET client_min_messages;\n");
        return sql.toString();
    }

    /** Creates a fresh database on {@code server} holding the fixture and returns its name. */
    public static String create(PgServer server) {
        server.execute("postgres", rolesSql());
        String db = server.createDatabase();
        server.execute(db, sql(server.major()));
        return db;
    }
}
