package io.stowage.postgres.dump;

import io.stowage.core.archive.ArchiveEntry;
import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.io.AtomicFileOutput;
import io.stowage.core.options.ArchiveFormat;
import io.stowage.core.options.DumpOptions;
import io.stowage.core.progress.ProgressEvent;
import io.stowage.core.progress.ProgressListener;
import io.stowage.postgres.catalog.Catalog;
import io.stowage.postgres.catalog.CatalogReader;
import io.stowage.postgres.catalog.CatalogSession;
import io.stowage.postgres.catalog.DumpObject;
import io.stowage.postgres.catalog.ObjectKind;
import io.stowage.postgres.jdbc.PgConnector;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.stowage.postgres.sql.SqlText.qualified;

/**
 * The native dump engine: reads one database inside a single REPEATABLE READ, READ ONLY snapshot
 * and writes it in pg_dump's plain format, with no pg_dump binary involved.
 */
public final class NativeDumper {
    private final ConnectionSettings source;
    private final DumpOptions options;
    private final ProgressListener listener;

    public NativeDumper(ConnectionSettings source, DumpOptions options, ProgressListener listener) {
        this.source = source;
        this.options = options;
        this.listener = listener == null ? ProgressListener.NONE : listener;
    }

    /** Dumps to {@code options.output()} (written atomically) or, when that is null, to standard output. */
    public DumpResult run() {
        if (options.output() == null) {
            BufferedOutputStream out = new BufferedOutputStream(System.out, 1 << 16);
            DumpResult result = run(out);
            try {
                out.flush();
            } catch (IOException e) {
                throw new StowageException(ErrorCode.OUTPUT, "cannot write to standard output: " + e.getMessage(),
                        "check where the output goes", e);
            }
            return result;
        }
        AtomicFileOutput out = AtomicFileOutput.open(options.output());
        try {
            DumpResult result = run(out);
            out.commit();
            return result;
        } finally {
            out.close();
        }
    }

    /** Dumps to the given stream, which the caller closes. */
    public DumpResult run(OutputStream target) {
        if (options.format() != ArchiveFormat.PLAIN) {
            throw new StowageException(ErrorCode.USAGE, "output format " + options.format() + " is not supported yet",
                    "use the plain format");
        }
        long start = System.nanoTime();
        CountingOutputStream out = new CountingOutputStream(target);
        try (CatalogSession session = CatalogSession.begin(PgConnector.open(source))) {
            listener.onEvent(new ProgressEvent.Phase("catalog"));
            ObjectFilter filter = new ObjectFilter(options, visibility(session), session.database());
            lockTables(session, filter);
            CatalogReader reader = new CatalogReader(session);
            Catalog catalog = reader.read();
            if (!options.noSecurityLabels()) {
                io.stowage.postgres.catalog.SecurityLabels.read(session, catalog);
            }
            DumpPlanner planner = new DumpPlanner(catalog, options, filter,
                    message -> listener.onEvent(new ProgressEvent.Warning(message)));
            planner.prepare(reader.attrDefaults(), reader.pendingChecks(), reader.viewRules());
            if (options.dumpStatistics()) {
                if (session.atLeast(18)) {
                    io.stowage.postgres.catalog.RelationStatistics.read(session, catalog);
                } else {
                    listener.onEvent(new ProgressEvent.Warning("optimizer statistics are not dumped: --statistics needs a "
                            + "PostgreSQL 18 or later source (pg_restore_relation_stats), and this one is "
                            + session.serverVersion()));
                }
            }
            planner.select();
            planner.orderDataByForeignKeys(reader.foreignKeyTables());
            reader.readSequenceValues(DumpObject::selected);
            List<ArchiveEntry> leading = options.create()
                    ? DatabaseEntries.read(session, options)
                    : List.of();
            if (!options.covers(io.stowage.core.archive.Section.PRE_DATA)) {
                // pg_restore's _tocEntryRequired: with -C the database itself is created whatever
                // the sections; its comment and ACL belong to pre-data
                List<ArchiveEntry> kept = new ArrayList<>();
                for (ArchiveEntry e : leading) {
                    if (e.section() == io.stowage.core.archive.Section.PRE_DATA) {
                        kept.add(new ArchiveEntry(kept.size() + 1, e.tag(), e.desc(), e.section(), e.namespace(), e.owner(),
                                e.definition(), e.dropStatement(), e.copyStatement(), e.dependencies(), 0, e.objectOid()));
                    }
                }
                leading = kept;
            }
            DumpPlanner.Plan plan = planner.plan(leading);

            PlainScriptWriter.Settings settings = new PlainScriptWriter.Settings(options.noOwner(), options.clean(),
                    options.ifExists(), options.create(), session.serverVersion(), "Stowage " + version());
            long[] rows = {0};
            int[] tables = {0};
            CopyManager copy = session.connection().unwrap(PGConnection.class).getCopyAPI();
            Map<Integer, PlainScriptWriter.Storage> storage = plan.storage();
            if (options.noTablespaces()) {
                // --no-tablespaces: pg_dump's outputNoTablespaces, no SET default_tablespace and no header mention
                storage = new HashMap<>();
                for (Map.Entry<Integer, PlainScriptWriter.Storage> e : plan.storage().entrySet()) {
                    storage.put(e.getKey(), new PlainScriptWriter.Storage(null, e.getValue().tableAccessMethod()));
                }
            }
            PlainScriptWriter writer = new PlainScriptWriter(out, settings, storage, listener);
            listener.onEvent(new ProgressEvent.Phase("pre-data"));
            for (String warning : reader.warnings()) {
                listener.onEvent(new ProgressEvent.Warning(warning));
            }
            writer.write(plan.entries(), (entry, stream) -> {
                if ("BLOBS".equals(entry.desc())) {
                    return LargeObjectStreamer.write(session, stream);
                }
                DumpObject.TableData data = plan.tableData().get(entry.dumpId());
                long before = out.count();
                long n;
                try {
                    n = copy.copyOut(data.copyToStdout(), stream);
                } catch (SQLException e) {
                    throw new IOException(CatalogSession.serverError("copying the data of table " + data.qualifiedName(), e));
                }
                rows[0] += n;
                tables[0]++;
                listener.onEvent(new ProgressEvent.TableData(entry.namespace(), entry.tag(), n, out.count() - before));
                return n;
            });
            out.flush();
            return new DumpResult(session.serverVersion(), plan.entries().size(), tables[0], rows[0], out.count(),
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            if (e.getCause() instanceof StowageException se) {
                throw se;
            }
            throw new StowageException(ErrorCode.OUTPUT, "cannot write the dump: " + e.getMessage(),
                    "check free space and permissions of the output", e);
        } catch (SQLException e) {
            throw CatalogSession.serverError("starting COPY", e);
        }
    }

    /** pg_table_is_visible of every relation under the server's default search_path, for -t patterns. */
    private Map<Long, Boolean> visibility(CatalogSession session) {
        Map<Long, Boolean> visible = new HashMap<>();
        if (options.includeTables().isEmpty() && options.excludeTables().isEmpty() && options.excludeTableData().isEmpty()) {
            return visible;
        }
        session.execute("resetting search_path", "RESET search_path");
        session.query("relation visibility",
                "SELECT c.oid, pg_catalog.pg_table_is_visible(c.oid) FROM pg_catalog.pg_class c "
                        + "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')",
                rs -> visible.put(rs.getLong(1), rs.getBoolean(2)));
        session.execute("restoring search_path", "SELECT pg_catalog.set_config('search_path', '', false)");
        return visible;
    }

    /** Takes ACCESS SHARE locks on the tables to dump before reading the rest of the catalog, as pg_dump does. */
    private void lockTables(CatalogSession session, ObjectFilter filter) {
        List<String> names = new ArrayList<>();
        session.query("the tables to lock",
                "SELECT c.oid, n.nspname, c.relname FROM pg_catalog.pg_class c "
                        + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE c.relkind IN ('r', 'p') AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' "
                        + "ORDER BY c.oid",
                rs -> {
                    DumpObject o = new DumpObject(ObjectKind.TABLE,
                            io.stowage.postgres.catalog.CatalogId.of("pg_class", rs.getLong(1)), rs.getString(2), rs.getString(3), null);
                    if (filter.relationIncluded(o)) {
                        names.add(qualified(rs.getString(2), rs.getString(3)));
                    }
                    return null;
                });
        session.lockTables(names);
    }

    private static String version() {
        String v = NativeDumper.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }

    /** Counts bytes written, for the result and progress events. */
    private static final class CountingOutputStream extends FilterOutputStream {
        private long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        long count() {
            return count;
        }
    }
}
