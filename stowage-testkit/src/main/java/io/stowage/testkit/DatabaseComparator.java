package io.stowage.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The test oracle: compares two databases, possibly on different servers of majors 12 to 18, and
 * reports every difference by object name.
 *
 * <p>Compared: with {@link #withDatabase()}, the database itself (encoding, locale provider and locales, tablespace, connection
 * limit, template flag, owner, ACL, comment, security labels, its settings and its roles' settings
 * in it, under the name {@code current database} since the two usually differ in name), schemas, enum, composite and range types, domains, sequences (definition and
 * current value), tables and partitions, columns, constraints, indexes, views, materialized views,
 * functions, procedures, aggregates, triggers, rules, policies, extensions, default privileges and
 * large objects, each with owner, ACL and comment where it has them, the security labels of every
 * object (one entry per object and label provider), and the tablespace of tables,
 * indexes and materialized views; and the contents of every
 * ordinary table, leaf partition and populated materialized view (row count and an
 * order-independent checksum). Extension members and the system schemas are skipped. Objects are
 * identified by name, never by OID (large objects excepted, whose OID is their name).
 *
 * <p>NOT NULL constraints, catalogued in pg_constraint from PostgreSQL 18, are compared only when
 * both servers are 18 or newer; otherwise the columns' not-null flags stand for them. The clones
 * of a partitioned table's triggers on its partitions, with their own enable states, are compared
 * only when both servers are 13 or newer (on 12 they are internal and have no state of their own).
 *
 * <p>Each comparison reads both databases inside a read-only repeatable-read transaction with its
 * own session settings (empty search_path, UTC, ISO dates), which it rolls back, so the
 * connections are left as they were; hand it connections that are not inside a transaction.
 * Instances are immutable and thread-safe.
 */
public final class DatabaseComparator {
    /**
     * Differences that two majors show for the same objects, to pass to
     * {@link ComparisonReport#excluding} when comparing across majors: the owner and ACL of schema
     * {@code public} (owned by pg_database_owner from 15) and any definition text (views print
     * unqualified columns from 16, procedures print {@code IN} from 14, and so on). Other version
     * differences are normalized already: MAINTAIN (17) is dropped from ACLs when only one server
     * has it, NOT NULL constraints (18) are compared only when both servers have them, and ACLs
     * equal to the built-in default read {@code default}.
     */
    public static final Predicate<Difference> CROSS_MAJOR_RENDERING = d ->
            d.kind() == ObjectKind.SCHEMA && d.objectName().equals("public")
                    && (d.detail().startsWith("owner ") || d.detail().startsWith("acl "))
                    || d.detail().startsWith("definition ");

    private final boolean contents;
    private final boolean database;

    private DatabaseComparator(boolean contents, boolean database) {
        this.contents = contents;
        this.database = database;
    }

    /** A comparator of structure and contents (without the database's own properties: see {@link #withDatabase()}). */
    public static DatabaseComparator create() {
        return new DatabaseComparator(true, false);
    }

    /** This comparator, but skipping table contents (row counts and checksums); structure and sequences only. */
    public DatabaseComparator withoutContents() {
        return new DatabaseComparator(false, database);
    }

    /**
     * This comparator, also comparing the database itself (kind {@link ObjectKind#DATABASE}):
     * what a {@code -C} dump carries. Off by default, since a restore without {@code -C} goes into
     * a database made by someone else and rightly leaves its properties alone.
     */
    public DatabaseComparator withDatabase() {
        return new DatabaseComparator(contents, true);
    }

    /** Shorthand for {@code create().compare(first, second)}. */
    public static ComparisonReport compareDatabases(Connection first, Connection second) throws SQLException {
        return create().compare(first, second);
    }

    /** Compares the database {@code first} is connected to with the one {@code second} is connected to. */
    public ComparisonReport compare(Connection first, Connection second) throws SQLException {
        int firstVersion = serverVersion(first);
        int secondVersion = serverVersion(second);
        boolean notNullConstraints = Math.min(firstVersion, secondVersion) >= 180000;
        boolean ignoreMaintain = Math.min(firstVersion, secondVersion) < 170000 && Math.max(firstVersion, secondVersion) >= 170000;
        boolean triggerClones = Math.min(firstVersion, secondVersion) >= 130000;
        CatalogReader.Snapshot a = snapshot(first, new CatalogReader(firstVersion, notNullConstraints, ignoreMaintain, triggerClones));
        CatalogReader.Snapshot b = snapshot(second, new CatalogReader(secondVersion, notNullConstraints, ignoreMaintain, triggerClones));
        return diff(a, b);
    }

    /** Compares database {@code firstDb} on {@code firstServer} with {@code secondDb} on {@code secondServer}. */
    public ComparisonReport compare(PgServer firstServer, String firstDb, PgServer secondServer, String secondDb) throws SQLException {
        try (Connection first = firstServer.connect(firstDb); Connection second = secondServer.connect(secondDb)) {
            return compare(first, second);
        }
    }

    private static int serverVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private CatalogReader.Snapshot snapshot(Connection c, CatalogReader reader) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            // Settings that change how names and values print; SET LOCAL ends with the rollback.
            s.execute("SET LOCAL search_path = ''");
            s.execute("SET LOCAL TimeZone = 'UTC'");
            s.execute("SET LOCAL DateStyle = 'ISO, MDY'");
            s.execute("SET LOCAL IntervalStyle = 'postgres'");
            s.execute("SET LOCAL extra_float_digits = 1");
            s.execute("SET LOCAL bytea_output = 'hex'");
            s.execute("SET LOCAL lc_monetary = 'C'");
            s.execute("SET LOCAL row_security = off");
            return reader.read(c, contents, database);
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    private static ComparisonReport diff(CatalogReader.Snapshot a, CatalogReader.Snapshot b) {
        Set<CatalogReader.Key> keys = new TreeSet<>(a.objects.keySet());
        keys.addAll(b.objects.keySet());
        List<Difference> differences = new ArrayList<>();
        for (CatalogReader.Key key : keys) {
            Map<String, String> pa = a.objects.get(key);
            Map<String, String> pb = b.objects.get(key);
            if (pa == null || pb == null) {
                differences.add(new Difference(key.kind(), key.name(), pa == null ? "only in second database" : "only in first database"));
                continue;
            }
            Set<String> properties = new LinkedHashSet<>(pa.keySet());
            properties.addAll(pb.keySet());
            for (String property : properties) {
                String va = pa.get(property);
                String vb = pb.get(property);
                if (!Objects.equals(va, vb)) {
                    differences.add(new Difference(key.kind(), key.name(), describe(key.kind(), property, va, vb)));
                }
            }
        }
        return new ComparisonReport(differences, keys.size());
    }

    static String describe(ObjectKind kind, String property, String a, String b) {
        if (property.equals("content checksum") && a != null && b != null) {
            return (kind == ObjectKind.LARGE_OBJECT ? "content" : "row content") + " differs (checksum " + a + " vs " + b + ")";
        }
        boolean multiline = a != null && a.contains("\n") || b != null && b.contains("\n");
        if (multiline || length(a) + length(b) > 160) {
            return property + " differs: " + firstDifference(a == null ? "" : a, b == null ? "" : b);
        }
        return property + " " + show(a) + " vs " + show(b);
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    private static String show(String value) {
        if (value == null) {
            return "(none)";
        }
        return value.isEmpty() ? "''" : value;
    }

    /** The first differing line of two long texts, for example two function definitions. */
    private static String firstDifference(String a, String b) {
        String[] la = a.split("\n", -1);
        String[] lb = b.split("\n", -1);
        for (int i = 0; i < Math.max(la.length, lb.length); i++) {
            String x = i < la.length ? la[i] : null;
            String y = i < lb.length ? lb[i] : null;
            if (!Objects.equals(x, y)) {
                return "line " + (i + 1) + ": " + quoteLine(x) + " vs " + quoteLine(y);
            }
        }
        return "(only in line endings)";
    }

    private static String quoteLine(String line) {
        if (line == null) {
            return "(no line)";
        }
        String t = line.strip();
        return "\"" + (t.length() > 120 ? t.substring(0, 117) + "..." : t) + "\"";
    }
}
