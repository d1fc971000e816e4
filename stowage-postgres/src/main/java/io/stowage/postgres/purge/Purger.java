package io.stowage.postgres.purge;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.select.NamePattern;
import io.stowage.postgres.catalog.CatalogSession;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Empties tables with one {@code TRUNCATE ... RESTART IDENTITY} in one transaction.
 *
 * <p>The set is resolved from the catalog: tables (relkind {@code r}) and partitioned tables ({@code p})
 * in user schemas that no extension owns, chosen by pg_dump-style {@code -t} patterns ({@link NamePattern};
 * a pattern without a schema matches tables visible through the session's search_path) or all of them.
 * A selected partitioned table brings its partitions (TRUNCATE always empties them). Ordinary tables
 * are truncated with {@code ONLY}: a table that inherits from a selected one (legacy inheritance, not
 * partitioning) is emptied only when it is selected itself, so a purge never empties a table it did
 * not list.
 *
 * <p>Foreign keys from tables outside the set into it would make TRUNCATE fail (or, with CASCADE,
 * silently empty those tables), so the plan finds them first: without cascading they are an error
 * listing them; with cascading they are listed in {@link PurgePlan#cascaded()}.
 */
public final class Purger {
    private static final Comparator<PurgeTable> BY_NAME =
            Comparator.comparing(PurgeTable::schema).thenComparing(PurgeTable::name);

    private static final String TABLES = """
            SELECT c.oid, n.nspname, c.relname, c.relkind = 'p', pg_catalog.pg_table_is_visible(c.oid)
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                              AND d.objid = c.oid AND d.deptype = 'e')""";
    private static final String PARTITIONS = """
            SELECT i.inhparent, i.inhrelid FROM pg_catalog.pg_inherits i
            JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid WHERE c.relispartition""";
    private static final String FOREIGN_KEYS = """
            SELECT k.oid, k.conparentid, k.conname, k.conrelid, k.confrelid, n.nspname, c.relname, c.relkind = 'p'
            FROM pg_catalog.pg_constraint k
            JOIN pg_catalog.pg_class c ON c.oid = k.conrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE k.contype = 'f'""";

    private Purger() {
    }

    /**
     * Resolves what a purge would empty, changing nothing.
     *
     * @param patterns {@code -t} patterns; empty means every user table of the database
     * @param cascade  whether tables outside the set that reference it are emptied too
     * @throws StowageException {@link ErrorCode#USAGE} when a pattern matches no table, or when tables
     *                          outside the set reference it and {@code cascade} is false;
     *                          {@link ErrorCode#SERVER} when the catalog cannot be read
     */
    public static PurgePlan plan(Connection connection, List<String> patterns, boolean cascade) {
        try {
            return resolve(connection, patterns, cascade);
        } catch (SQLException e) {
            throw CatalogSession.serverError("reading the tables to purge", e);
        }
    }

    /**
     * Resolves the plan and runs its TRUNCATE in one transaction, committed only when it succeeded:
     * on any failure nothing is emptied. Leaves the connection in autocommit mode.
     *
     * @return the plan that was carried out
     * @throws StowageException as {@link #plan}, or {@link ErrorCode#SERVER} (with the SQLSTATE) when
     *                          the TRUNCATE fails
     */
    public static PurgePlan purge(Connection connection, List<String> patterns, boolean cascade) {
        try {
            connection.setAutoCommit(false);
            try {
                // planned inside the transaction that truncates, so both see one catalog state as far
                // as TRUNCATE's locks allow
                PurgePlan plan = resolve(connection, patterns, cascade);
                if (!plan.statement().isEmpty()) {
                    try (Statement s = connection.createStatement()) {
                        s.execute(plan.statement());
                    }
                }
                connection.commit();
                return plan;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw CatalogSession.serverError("emptying the tables", e);
        }
    }

    private static PurgePlan resolve(Connection connection, List<String> patterns, boolean cascade) throws SQLException {
        Map<Long, PurgeTable> all = new HashMap<>();
        Map<Long, Boolean> visible = new HashMap<>();
        Map<Long, List<Long>> partitions = new HashMap<>();
        Map<Long, Long> partitionOf = new HashMap<>();
        List<ForeignKey> keys = new ArrayList<>();
        String database;
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT pg_catalog.current_database()")) {
                rs.next();
                database = rs.getString(1);
            }
            try (ResultSet rs = s.executeQuery(TABLES)) {
                while (rs.next()) {
                    PurgeTable t = new PurgeTable(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4));
                    all.put(t.oid(), t);
                    visible.put(t.oid(), rs.getBoolean(5));
                }
            }
            try (ResultSet rs = s.executeQuery(PARTITIONS)) {
                while (rs.next()) {
                    partitions.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
                    partitionOf.put(rs.getLong(2), rs.getLong(1));
                }
            }
            try (ResultSet rs = s.executeQuery(FOREIGN_KEYS)) {
                while (rs.next()) {
                    keys.add(new ForeignKey(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(5),
                            new PurgeTable(rs.getLong(4), rs.getString(6), rs.getString(7), rs.getBoolean(8))));
                }
            }
        }

        Set<Long> selected = new LinkedHashSet<>();
        if (patterns.isEmpty()) {
            selected.addAll(all.keySet());
        } else {
            for (String text : patterns) {
                NamePattern p = NamePattern.parse(text);
                p.checkDatabase(database);
                List<Long> hits = all.values().stream()
                        .filter(t -> p.matchesRelation(t.schema(), t.name(), visible.get(t.oid())))
                        .map(PurgeTable::oid).toList();
                if (hits.isEmpty()) {
                    throw new StowageException(ErrorCode.USAGE, "no matching tables were found for pattern \"" + text + "\"",
                            "check the -t pattern (qualify it with the schema if the table is not on the search path)");
                }
                selected.addAll(hits);
            }
        }
        Set<Long> set = withPartitions(selected, partitions);

        Map<Long, PurgeTable> known = new HashMap<>(all);
        keys.forEach(k -> known.putIfAbsent(k.from().oid(), k.from()));
        List<PurgeTable> cascaded = new ArrayList<>();
        if (cascade) {
            // TRUNCATE CASCADE's closure (heap_truncate_find_FKs, repeated until nothing new)
            Set<Long> closure = new LinkedHashSet<>(set);
            boolean grew = true;
            while (grew) {
                grew = false;
                for (ForeignKey k : keys) {
                    if (closure.contains(k.to()) && !closure.contains(k.from().oid())) {
                        closure.addAll(withPartitions(Set.of(k.from().oid()), partitions));
                        grew = true;
                    }
                }
            }
            closure.stream().filter(o -> !set.contains(o)).map(known::get).forEach(cascaded::add);
            cascaded.sort(BY_NAME);
        } else {
            rejectOutsideReferences(keys, set, known);
        }

        List<PurgeTable> tables = set.stream().map(all::get).sorted(BY_NAME).toList();
        List<String> targets = new ArrayList<>();
        for (PurgeTable t : tables) {
            Long parent = partitionOf.get(t.oid());
            if (parent != null && set.contains(parent)) {
                continue; // truncated through its partitioned parent
            }
            targets.add(t.partitioned() ? t.qualified() : "ONLY " + t.qualified());
        }
        String statement = targets.isEmpty() ? ""
                : "TRUNCATE TABLE " + String.join(", ", targets) + " RESTART IDENTITY" + (cascade ? " CASCADE" : "");
        return new PurgePlan(tables, cascaded, statement);
    }

    private static void rejectOutsideReferences(List<ForeignKey> keys, Set<Long> set, Map<Long, PurgeTable> known) {
        Set<Long> crossing = new java.util.HashSet<>();
        for (ForeignKey k : keys) {
            if (set.contains(k.to()) && !set.contains(k.from().oid())) {
                crossing.add(k.oid());
            }
        }
        // a partitioned key has one row per partition on each side; name only the topmost crossing row
        Set<String> lines = new TreeSet<>();
        for (ForeignKey k : keys) {
            if (crossing.contains(k.oid()) && !crossing.contains(k.parent())) {
                lines.add(k.from().qualified() + " (" + k.name() + " → " + known.get(k.to()).qualified() + ")");
            }
        }
        if (!lines.isEmpty()) {
            throw new StowageException(ErrorCode.USAGE,
                    "cannot purge: tables outside the set reference it through foreign keys: " + String.join(", ", lines),
                    "add them with -t, or pass --cascade to empty them too");
        }
    }

    private static Set<Long> withPartitions(Set<Long> roots, Map<Long, List<Long>> partitions) {
        Set<Long> out = new LinkedHashSet<>();
        List<Long> todo = new ArrayList<>(roots);
        while (!todo.isEmpty()) {
            Long oid = todo.remove(todo.size() - 1);
            if (out.add(oid)) {
                todo.addAll(partitions.getOrDefault(oid, List.of()));
            }
        }
        return out;
    }

    /** One pg_constraint foreign key row: {@code from} references the table {@code to}. */
    private record ForeignKey(long oid, long parent, String name, long to, PurgeTable from) {
    }
}
