package io.stowage.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A database using extensions the way pg_dump has to care about: {@link #EXTENSION}, a tiny
 * pure-SQL extension of the test kit's own installed into the server's SHAREDIR (no contrib
 * extension registers configuration tables), created in a non-public schema, with
 * <ul>
 *   <li>a configuration table registered with a condition ({@code WHERE NOT builtin}), holding
 *       rows the script inserts and rows added afterwards, and its serial sequence registered;</li>
 *   <li>a configuration table registered without condition and one referring to it by a foreign key;</li>
 *   <li>a stand-alone registered sequence advanced after install;</li>
 *   <li>a member table whose privileges were changed after install (pg_init_privs);</li>
 *   <li>objects in the extension's schema that are not members, one using a member function;</li>
 *   <li>a comment on the extension, and plpgsql as always.</li>
 * </ul>
 */
public final class ExtensionFixture {
    /** The test kit's own extension. */
    public static final String EXTENSION = "stowage_fx_cfg";
    /** The role granted privileges on a member after install. */
    public static final String READER = "stowage_fx_reader";

    private static final String CONTROL = """
            comment = 'stowage test kit extension with configuration tables'
            default_version = '1.0'
            relocatable = false
            """;

    private static final String SCRIPT = """
            \\echo Use "CREATE EXTENSION stowage_fx_cfg" to load this file. \\quit
            CREATE TABLE fx_cfg (id serial PRIMARY KEY, name text NOT NULL, builtin boolean NOT NULL DEFAULT false);
            INSERT INTO fx_cfg (name, builtin) VALUES ('shipped one', true), ('shipped two', true);
            SELECT pg_catalog.pg_extension_config_dump('fx_cfg', 'WHERE NOT builtin');
            SELECT pg_catalog.pg_extension_config_dump('fx_cfg_id_seq', '');
            CREATE TABLE fx_kind (k text PRIMARY KEY, label text);
            SELECT pg_catalog.pg_extension_config_dump('fx_kind', '');
            CREATE TABLE fx_item (id integer PRIMARY KEY, k text REFERENCES fx_kind, note text);
            SELECT pg_catalog.pg_extension_config_dump('fx_item', '');
            CREATE SEQUENCE fx_counter;
            SELECT pg_catalog.pg_extension_config_dump('fx_counter', '');
            CREATE TABLE fx_private (x integer);
            CREATE FUNCTION fx_hello(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'hello ' || $1 $$;
            CREATE VIEW fx_names AS SELECT name FROM fx_cfg;
            """;

    private ExtensionFixture() {
    }

    /**
     * Installs the extension's control and script files into the server's SHAREDIR/extension
     * (idempotent; written through a temporary file so concurrent installs never see half a file).
     */
    public static synchronized void install(PgServer server) {
        List<String> share = server.queryColumn(PgServer.MAINTENANCE_DB, "SELECT setting FROM pg_config WHERE name = 'SHAREDIR'");
        Path dir = Path.of(share.get(0), "extension");
        write(dir.resolve(EXTENSION + ".control"), CONTROL);
        write(dir.resolve(EXTENSION + "--1.0.sql"), SCRIPT);
    }

    private static void write(Path file, String text) {
        try {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
                return;
            }
            Path tmp = Files.createTempFile(file.getParent(), ".stowage", ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the test extension into " + file.getParent(), e);
        }
    }

    /** Creates a fresh database holding the fixture; returns its name. */
    public static String create(PgServer server) {
        install(server);
        String db = server.createDatabase();
        server.execute(db,
                "DO $$ BEGIN CREATE ROLE " + READER + "; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
                "CREATE SCHEMA fx_ext",
                "CREATE EXTENSION " + EXTENSION + " WITH SCHEMA fx_ext",
                "COMMENT ON EXTENSION " + EXTENSION + " IS 'configuration lives here'",
                "INSERT INTO fx_ext.fx_cfg (name) VALUES ('mine'), ('also \"mine\"')",
                "INSERT INTO fx_ext.fx_kind VALUES ('a', 'kind a'), ('b', NULL)",
                "INSERT INTO fx_ext.fx_item VALUES (1, 'a', 'first'), (2, 'b', E'tab\\there')",
                "SELECT nextval('fx_ext.fx_counter') FROM generate_series(1, 5)",
                "GRANT SELECT ON fx_ext.fx_private TO " + READER,
                // not members: they live in the extension's schema but belong to the database
                "CREATE TABLE fx_ext.mine (id integer PRIMARY KEY, greeting text DEFAULT fx_ext.fx_hello('you'))",
                "INSERT INTO fx_ext.mine (id) VALUES (1)",
                "CREATE VIEW fx_ext.my_names AS SELECT name, fx_ext.fx_hello(name) AS hi FROM fx_ext.fx_cfg");
        return db;
    }
}
