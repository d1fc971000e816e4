package io.stowage.cli;

import io.stowage.core.error.ErrorCode;
import io.stowage.testkit.PgServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.stowage.cli.Servers.args;
import static io.stowage.cli.Servers.conn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stowage purge} on a fresh pagila per test: the selected tables are emptied in one
 * transaction with their identity restarted, foreign keys from outside the set stop it unless
 * {@code --cascade}, {@code --dry-run} and failures change nothing.
 */
class PurgeCommandTest {
    /** Every user table, as the catalog sees it, independently of the code under test. */
    private static final String USER_TABLES = "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) "
            + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') "
            + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' "
            + "ORDER BY n.nspname, c.relname";

    private static PgServer server;
    private String db;

    @BeforeAll
    static void server() {
        server = Servers.get(15);
    }

    @BeforeEach
    void freshPagila() throws Exception {
        db = Servers.freshPagila(server);
    }

    @AfterEach
    void drop() {
        if (db != null) {
            server.dropDatabase(db);
        }
    }

    private Cli.Result purge(String... more) {
        return Cli.run(args("purge", conn(server), "-d", db, more));
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : server.queryColumn(db, USER_TABLES)) {
            // ONLY: a partitioned parent holds no rows itself, so each row is counted once, in its partition
            counts.put(table, Long.parseLong(server.queryColumn(db, "SELECT count(*) FROM ONLY " + table).get(0)));
        }
        return counts;
    }

    private long count(String table) {
        return Long.parseLong(server.queryColumn(db, "SELECT count(*) FROM " + table).get(0));
    }

    private List<String> partitions(String table) {
        return server.queryColumn(db, "SELECT relid::regclass::text FROM pg_partition_tree('" + table + "') ORDER BY 1");
    }

    @Test
    void emptiesAPartitionedTableAndRestartsItsOwnedSequence() {
        // pagila's sequences are not OWNED BY their columns, and RESTART IDENTITY restarts owned ones only
        server.execute(db, "ALTER SEQUENCE public.payment_payment_id_seq OWNED BY public.payment.payment_id");
        Map<String, Long> before = counts();
        assertThat(count("public.payment")).isPositive();
        assertThat(Long.parseLong(server.queryColumn(db, "SELECT last_value FROM public.payment_payment_id_seq").get(0))).isGreaterThan(1);

        Cli.Result r = purge("-t", "public.payment");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines().toList()).containsExactlyElementsOf(
                partitions("public.payment").stream().map(t -> "emptied " + (t.contains(".") ? t : "public." + t)).sorted().toList());
        Map<String, Long> after = counts();
        for (Map.Entry<String, Long> e : before.entrySet()) {
            boolean purged = partitions("public.payment").stream().anyMatch(p -> e.getKey().endsWith(p));
            assertThat(after.get(e.getKey())).as(e.getKey()).isEqualTo(purged ? 0 : e.getValue());
        }
        assertThat(server.queryColumn(db, "SELECT nextval('public.payment_payment_id_seq')")).containsExactly("1");
    }

    @Test
    void referencesFromOutsideTheSetFailAndChangeNothing() {
        Map<String, Long> before = counts();

        Cli.Result r = purge("-t", "public.customer");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ErrorCode.USAGE.exitCode());
        assertThat(r.errLines()).hasSize(1);
        String line = r.errLines().get(0);
        assertThat(line).contains("cannot purge: tables outside the set reference it through foreign keys: ")
                .contains("public.rental (rental_customer_id_fkey → public.customer)")
                .contains("public.payment_p2007_01 (payment_p2007_01_customer_id_fkey → public.customer)")
                .contains("add them with -t, or pass --cascade");
        // every referencing constraint is named, sorted by table
        List<String> referencing = server.queryColumn(db, "SELECT DISTINCT conrelid::regclass::text FROM pg_constraint "
                + "WHERE contype = 'f' AND confrelid = 'public.customer'::regclass AND conrelid <> confrelid ORDER BY 1");
        assertThat(referencing).contains("rental");
        int last = -1;
        for (String t : referencing) {
            int at = line.indexOf("public." + t + " (");
            assertThat(at).as(t).isGreaterThan(last);
            last = at;
        }
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void cascadeEmptiesTheReferencingTablesAndSaysSo() {
        Map<String, Long> before = counts();

        Cli.Result r = purge("-t", "public.customer", "--cascade");

        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).first().isEqualTo("emptied public.customer");
        assertThat(lines).contains("emptied public.rental (cascade: it references an emptied table)",
                "emptied public.payment_p2007_01 (cascade: it references an emptied table)");
        Map<String, Long> after = counts();
        for (Map.Entry<String, Long> e : before.entrySet()) {
            boolean listed = lines.stream().anyMatch(l -> l.equals("emptied " + e.getKey())
                    || l.startsWith("emptied " + e.getKey() + " ("));
            assertThat(after.get(e.getKey())).as(e.getKey()).isEqualTo(listed ? 0 : e.getValue());
        }
        assertThat(after.get("public.film")).isPositive();
        assertThat(count("public.payment")).isLessThan(before.entrySet().stream()
                .filter(e -> e.getKey().startsWith("public.payment")).mapToLong(Map.Entry::getValue).sum());
    }

    @Test
    void withoutTablesEveryUserTableIsEmptied() {
        Map<String, Long> before = counts();
        assertThat(before.values().stream().mapToLong(Long::longValue).sum()).isPositive();

        Cli.Result r = purge();

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines().toList()).containsExactlyElementsOf(before.keySet().stream().map(t -> "emptied " + t).toList());
        assertThat(counts().values()).allMatch(c -> c == 0);
    }

    @Test
    void dryRunListsAndChangesNothing() {
        Map<String, Long> before = counts();

        Cli.Result all = purge("--dry-run");
        Cli.Result one = purge("--dry-run", "-t", "customer", "--cascade");

        assertThat(all.exit()).as(all.toString()).isZero();
        assertThat(all.out().lines().toList()).containsExactlyElementsOf(before.keySet().stream().map(t -> "would empty " + t).toList());
        assertThat(one.exit()).as(one.toString()).isZero();
        assertThat(one.out().lines().toList()).contains("would empty public.customer",
                "would empty public.rental (cascade: it references an emptied table)");
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void aMissingTableIsAClearErrorAndNothingIsEmptied() {
        Map<String, Long> before = counts();

        Cli.Result r = purge("-t", "public.payment", "-t", "public.no_such_table");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ErrorCode.USAGE.exitCode());
        assertThat(r.err()).contains("no matching tables were found for pattern \"public.no_such_table\"");
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void patternsSelectLikeDumpsAndQuotedNamesAreQuoted() {
        server.execute(db, "CREATE SCHEMA \"Odd Schema\"",
                "CREATE TABLE \"Odd Schema\".\"Mixed Case\" (id int GENERATED ALWAYS AS IDENTITY, v text)",
                "INSERT INTO \"Odd Schema\".\"Mixed Case\" (v) VALUES ('a'), ('b')");
        Map<String, Long> before = counts();

        Cli.Result r = purge("-t", "\"Odd Schema\".*", "-t", "film_c*");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines().toList()).containsExactly("emptied \"Odd Schema\".\"Mixed Case\"", "emptied public.film_category");
        assertThat(count("\"Odd Schema\".\"Mixed Case\"")).isZero();
        assertThat(count("public.film_category")).isZero();
        assertThat(count("public.film")).isEqualTo(before.get("public.film"));
        server.execute(db, "INSERT INTO \"Odd Schema\".\"Mixed Case\" (v) VALUES ('c')");
        assertThat(server.queryColumn(db, "SELECT id FROM \"Odd Schema\".\"Mixed Case\"")).containsExactly("1");
    }

    @Test
    void aFailingTruncateEmptiesNothing() throws Exception {
        Map<String, Long> before = counts();
        try (Connection holder = server.connect(db); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE public.film_category IN ACCESS SHARE MODE");

            Cli.Result r = Cli.run(args("purge", conn(server), "-d", "dbname=" + db + " options='-c lock_timeout=300'",
                    "-t", "public.film_actor", "-t", "public.film_category"));

            assertThat(r.exit()).as(r.toString()).isEqualTo(ErrorCode.SERVER.exitCode());
            assertThat(r.err()).contains("55P03");
            holder.rollback();
        }
        assertThat(counts()).isEqualTo(before);
    }
}
