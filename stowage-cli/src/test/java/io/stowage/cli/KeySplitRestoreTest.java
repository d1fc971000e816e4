package io.stowage.cli;

import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code restore -j}: the primary keys and unique constraints of a big plain table with other
 * indexes are built as unique indexes beside those and attached with {@code ADD CONSTRAINT ...
 * USING INDEX}; the restored catalog is the source's, clause for clause. An event trigger in the
 * target records the DDL the restore ran, which shows the split was made where it should be, and
 * only there.
 */
class KeySplitRestoreTest {

    /** About 6 MB of rows, above RestoreSchedule.SPLIT_KEYS_FROM in an uncompressed archive. */
    private static final String FIXTURE = """
            CREATE SCHEMA ks;
            CREATE TABLE ks.wide (id int NOT NULL, a int, b text, c int NOT NULL, d int, e int, r int4range);
            INSERT INTO ks.wide SELECT i, i, md5(i::text) || md5((i * 7)::text), i, CASE WHEN i = 1 THEN NULL ELSE i END, i,
                int4range(i * 10, i * 10 + 5) FROM generate_series(1, 70000) i;
            ALTER TABLE ks.wide ADD CONSTRAINT wide_pkey PRIMARY KEY (id) DEFERRABLE INITIALLY DEFERRED;
            ALTER TABLE ks.wide ADD CONSTRAINT wide_a_key UNIQUE (a) INCLUDE (b);
            ALTER TABLE ks.wide ADD CONSTRAINT "Wide E" UNIQUE (e, id) DEFERRABLE;
            ALTER TABLE ks.wide ADD CONSTRAINT wide_c_key UNIQUE (c);
            ALTER TABLE ks.wide ADD CONSTRAINT wide_r_excl EXCLUDE USING gist (r WITH &&);
            CREATE INDEX wide_b_idx ON ks.wide (b);
            ALTER TABLE ks.wide CLUSTER ON wide_a_key;
            ALTER TABLE ks.wide REPLICA IDENTITY USING INDEX wide_c_key;
            COMMENT ON CONSTRAINT wide_pkey ON ks.wide IS 'the key';
            CREATE TABLE ks.child (id int PRIMARY KEY, wide_c int REFERENCES ks.wide (c));
            CREATE INDEX child_wide_c ON ks.child (wide_c);
            INSERT INTO ks.child SELECT i, i FROM generate_series(1, 1000) i;
            CREATE TABLE ks.parted (id int NOT NULL, v text, PRIMARY KEY (id)) PARTITION BY RANGE (id);
            CREATE TABLE ks.parted_1 PARTITION OF ks.parted FOR VALUES FROM (0) TO (1000000);
            CREATE INDEX parted_v_idx ON ks.parted (v);
            INSERT INTO ks.parted SELECT i, md5(i::text) || md5((i * 3)::text) FROM generate_series(1, 60000) i;
            """;

    /** PostgreSQL 15 on: UNIQUE NULLS NOT DISTINCT. */
    private static final String NULLS_NOT_DISTINCT = "ALTER TABLE ks.wide ADD CONSTRAINT wide_d_key UNIQUE NULLS NOT DISTINCT (d)";

    private static final String INDEX_FLAGS = """
            SELECT pg_catalog.concat_ws(' | ', ic.relname, x.indisunique, x.indisprimary, x.indimmediate, x.indisclustered,
                   x.indisreplident, x.indisvalid, pg_catalog.pg_get_indexdef(x.indexrelid), ic.reloptions::text)
            FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid
            WHERE ic.relnamespace = 'ks'::regnamespace ORDER BY 1""";

    @ParameterizedTest(name = "PostgreSQL {0}, {1}'s archive")
    @CsvSource({"15, stowage", "15, pg_dump", "18, stowage", "12, stowage"})
    void keysAreBuiltBesideTheTablesIndexesAndRestoredExactly(int major, String tool, @TempDir Path dir) throws Exception {
        if ("pg_dump".equals(tool)) {
            ReferenceTools.require("pg_dump", major);
        }
        PgServer server = Servers.get(major);
        String source = server.createDatabase();
        server.execute(source, FIXTURE);
        if (major >= 15) {
            server.execute(source, NULLS_NOT_DISTINCT);
        }
        Path archive = dir.resolve("ks.d");
        // a key's storage parameters (WITH (...)) travel in the constraint's definition, as pg_dump writes it
        server.execute(source, "ALTER INDEX ks.wide_a_key SET (fillfactor = 70)");
        Servers.dumpWith(tool, server, source, "-Fd", "-Z0", "-f", archive.toString());

        String target = server.createDatabase();
        server.execute(target, """
                CREATE TABLE public.ddl_log (tag text, identity text);
                CREATE FUNCTION public.log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO public.ddl_log SELECT command_tag, object_identity FROM pg_catalog.pg_event_trigger_ddl_commands();
                END $$;
                CREATE EVENT TRIGGER log_ddl ON ddl_command_end EXECUTE FUNCTION public.log_ddl();
                """.replace("EXECUTE FUNCTION", major >= 11 ? "EXECUTE FUNCTION" : "EXECUTE PROCEDURE"));
        Cli.Result restore = Cli.run(args("restore", conn(server), "-j", "2", "-e", "-d", target, archive.toString()));
        assertThat(restore.exit()).as(restore.toString()).isZero();

        List<String> indexes = server.queryColumn(target,
                "SELECT identity FROM public.ddl_log WHERE tag = 'CREATE INDEX' ORDER BY 1");
        // neither a partitioned table's key (its index cannot become a constraint) nor a big
        // partition's (its not-null constraints meet the parent's) is split
        List<String> split = new java.util.ArrayList<>(List.of("ks.\"Wide E\"", "ks.child_wide_c", "ks.wide_a_key",
                "ks.wide_b_idx", "ks.wide_c_key", "ks.wide_pkey", "ks.parted_v_idx", "ks.parted_1_v_idx"));
        if (major >= 15) {
            split.add("ks.wide_d_key");
        }
        assertThat(indexes).as("the keys of ks.wide built as indexes; the exclusion constraint and ks.child's key (a small table) not")
                .containsExactlyElementsOf(split.stream().sorted().toList())
                .doesNotContain("ks.wide_r_excl", "ks.child_pkey", "ks.parted_pkey", "ks.parted_1_pkey");
        server.execute(target, "DROP EVENT TRIGGER log_ddl", "DROP TABLE public.ddl_log", "DROP FUNCTION public.log_ddl()");

        assertThat(RoundTripTest.assertIdentical(server, source, target)).isPositive();
        assertThat(server.queryColumn(target, INDEX_FLAGS.replace("\n", " ")))
                .isEqualTo(server.queryColumn(source, INDEX_FLAGS.replace("\n", " ")));
        server.dropDatabase(target);
        server.dropDatabase(source);
    }
}
