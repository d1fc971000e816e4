package io.stowage.postgres.restore;

import io.stowage.postgres.sql.PgEncoding;
import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.RestoreOptions;
import io.stowage.core.progress.CopyProgress;
import io.stowage.core.progress.ProgressEvent;
import io.stowage.core.progress.ProgressListener;
import io.stowage.postgres.archive.TocSelection;
import io.stowage.postgres.jdbc.PgConnector;
import io.stowage.postgres.sql.SqlText;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The native restore engine: executes a plain SQL dump over JDBC, streaming COPY data.
 *
 * <p>The script is split the way psql splits it ({@link ScriptReader}) and grouped into entries by
 * pg_dump's header comments, so that pg_restore's options apply per entry. Errors are reported as
 * {@link ProgressEvent.Warning}s and counted in {@link RestoreResult#errorsIgnored()}, unless
 * {@code -e} or {@code -1} asks to stop at the first one.
 */
public final class NativeRestorer {
    private static final int CHUNK = 64 * 1024;

    private final ConnectionSettings target;
    private final RestoreOptions options;
    private final ProgressListener listener;
    private final int jobs;
    /** A data entry stored in fewer bytes is loaded without TRUNCATE and FREEZE (see {@link #freezeTables}). */
    static final long FREEZE_MIN_BYTES = 2L << 20;
    /** See {@link #freezeTables(TocSelection, java.util.function.ToLongFunction)}; set before the restore starts. */
    private volatile Set<String> freezeTables = Set.of();

    public NativeRestorer(ConnectionSettings target, RestoreOptions options, ProgressListener listener) {
        this(target, options, listener, 1);
    }

    /**
     * A restorer that runs the entries after the pre-data section on {@code jobs} connections at
     * once, as {@code pg_restore -j} does (see {@link ParallelRestore}); 1 restores on one
     * connection, in order.
     */
    public NativeRestorer(ConnectionSettings target, RestoreOptions options, ProgressListener listener, int jobs) {
        if (jobs < 1) {
            throw new StowageException(ErrorCode.USAGE, "invalid number of parallel jobs: " + jobs, "give -j a number of 1 or more");
        }
        this.target = target;
        this.options = options;
        ProgressListener given = listener == null ? ProgressListener.NONE : listener;
        // the workers of a parallel restore report from their own threads
        this.listener = jobs == 1 ? given : event -> {
            synchronized (given) {
                given.onEvent(event);
            }
        };
        this.jobs = jobs;
    }

    /** Restores {@code options.input()}, or standard input when that is null. */
    public RestoreResult run() {
        Path input = options.input();
        if (jobs > 1 && options.singleTransaction()) {
            throw new StowageException(ErrorCode.USAGE, "cannot specify both --single-transaction and multiple jobs",
                    "drop -1 to restore in parallel, or -j to restore in one transaction");
        }
        if (input == null) {
            return run(System.in);
        }
        String name = "input file \"" + input + "\"";
        try (ArchiveSource archive = ArchiveSource.open(input)) {
            if (jobs > 1 && (archive == null || archive.format().equals("TAR"))) {
                throw new StowageException(ErrorCode.USAGE, "parallel restore is not supported with this archive file format",
                        "restore a custom (-Fc) or directory (-Fd) archive with -j, or restore this one without -j");
            }
            if (archive != null && jobs > 1) {
                return new ParallelRestore(this, archive, input).run();
            }
            if (archive != null) {
                return restoreArchive(archive, input.toString());
            }
        } catch (IOException e) {
            throw new StowageException(ErrorCode.INPUT, "cannot read " + name + ": " + e.getMessage(), "check the file's permissions", e);
        }
        requirePlainOptions(options, name);
        listener.onEvent(RestoreEstimate.ofScript(input));
        try (InputStream in = Files.newInputStream(input)) {
            return restore(in, name, input, null);
        } catch (IOException e) {
            throw new StowageException(ErrorCode.INPUT, "cannot read " + name + ": " + e.getMessage(), "check the file's permissions", e);
        }
    }

    /** Restores the script or archive read from {@code script}, which the caller closes. */
    public RestoreResult run(InputStream script) {
        if (jobs > 1 && options.singleTransaction()) {
            throw new StowageException(ErrorCode.USAGE, "cannot specify both --single-transaction and multiple jobs",
                    "drop -1 to restore in parallel, or -j to restore in one transaction");
        }
        if (jobs > 1) {
            throw new StowageException(ErrorCode.USAGE, "parallel restore from standard input is not supported",
                    "give the archive as a file or directory (-f or the input argument) to restore with -j");
        }
        BufferedInputStream in = new BufferedInputStream(script, CHUNK);
        try {
            ArchiveSource archive = ArchiveSource.open(in, "standard input");
            if (archive != null) {
                return restoreArchive(archive, "standard input");
            }
        } catch (IOException e) {
            throw new StowageException(ErrorCode.INPUT, "cannot read standard input: " + e.getMessage(), "check the input", e);
        }
        requirePlainOptions(options, "standard input");
        return restore(in, "the script", null, null);
    }

    /**
     * The options that need an archive's TOC are refused for a plain script, as pg_restore refuses
     * plain scripts altogether.
     */
    static void requirePlainOptions(RestoreOptions options, String name) {
        if (!options.selection().isEmpty() || options.useList() != null) {
            throw new StowageException(ErrorCode.USAGE, name + " is a plain SQL script; -n/-N/-t/-I/-P/-T and -L/--use-list select"
                    + " entries of a pg_dump archive's table of contents, which a script does not have",
                    "make the dump as an archive (stowage dump -Fc or pg_dump -Fc) to restore parts of it, or load the script whole");
        }
    }

    /** Restores the selected entries of an archive through the plain path: its script, written as pg_restore -f would. */
    private RestoreResult restoreArchive(ArchiveSource source, String name) throws IOException {
        TocSelection selection = source.select(options, listener);
        freezeTables = freezeTables(selection, ParallelRestore.dataSizes(source, options.input()));
        listener.onEvent(RestoreEstimate.ofArchive(selection, source.format(), options.input()));
        ArchiveScriptStream script = ArchiveScriptStream.start(source.archive(), selection, options);
        return restore(script, (source.format().equals("DIRECTORY") ? "directory archive \"" : "archive \"") + name + "\"", null, script);
    }

    /**
     * Restores the script read from {@code raw}; with {@code archive} set, {@code raw} is that
     * archive's script, already selected, with pg_restore's drops for -c in it.
     */
    private RestoreResult restore(InputStream raw, String name, Path file, ArchiveScriptStream archive) {
        long started = System.nanoTime();
        Path spool = null;
        try {
            BufferedInputStream in = new BufferedInputStream(raw, CHUNK);
            ScriptProbe probe = probe(in, name);
            Execution execution;
            if (options.clean() && !options.create() && archive == null) {
                // Dropping must happen before anything is created, in reverse order, so the whole
                // script is planned first: a file is read twice, a stream is spooled to disk.
                Path source = file;
                if (source == null) {
                    spool = Files.createTempFile("stowage-restore-", ".sql");
                    Files.copy(in, spool, StandardCopyOption.REPLACE_EXISTING);
                    source = spool;
                }
                CleanPlan plan;
                try (InputStream again = Files.newInputStream(source)) {
                    plan = plan(reader(again, probe.encoding()));
                }
                if (plan.scriptHasDrops()) {
                    listener.onEvent(new ProgressEvent.Info("the script drops its objects itself (pg_dump -c); -c adds no drops"));
                }
                try (InputStream again = Files.newInputStream(source)) {
                    execution = new Execution(probe, plan.scriptHasDrops() ? List.of() : plan.drops(), false);
                    execution.run(reader(again, probe.encoding()));
                }
            } else {
                execution = new Execution(probe, List.of(), archive != null);
                execution.run(reader(in, probe.encoding()));
            }
            return new RestoreResult(execution.entries, execution.statements, execution.tables, execution.rows,
                    execution.errors, Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            throw new StowageException(ErrorCode.INPUT, "cannot read " + name + ": " + e.getMessage(), "check the input", e);
        } finally {
            if (archive != null) {
                archive.close();
            }
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException ignored) {
                    // a leftover temp file is not worth failing the restore for
                }
            }
        }
    }

    /** The script's header; -C needs the CREATE DATABASE entry. */
    ScriptProbe probe(BufferedInputStream in, String name) throws IOException {
        ScriptProbe probe = ScriptProbe.of(in, name);
        if (options.create() && probe.databaseName() == null) {
            throw new StowageException(ErrorCode.INPUT, name + " has no CREATE DATABASE entry, so -C/--create has nothing to create",
                    "make the dump with pg_dump -C (or stowage dump -C), or restore without -C into an existing database given with -d");
        }
        return probe;
    }

    /**
     * The tables (schema.name) created by this restore (their TABLE entry is restored) and loaded by
     * exactly one data entry, so that a TRUNCATE before the load can only empty the table it has
     * just created: {@code --freeze} loads them with {@code BEGIN; TRUNCATE; COPY ... WITH (FREEZE);
     * COMMIT}; on a server with {@code wal_level = minimal} they are loaded with {@code BEGIN;
     * TRUNCATE; COPY; COMMIT} anyway, as pg_restore loads them, because there the COPY into a table
     * truncated in its own transaction writes no WAL. At other WAL levels the TRUNCATE gains nothing
     * and costs a round trip per table, so it is left out.
     *
     * <p>A table whose data is stored in fewer than {@link #FREEZE_MIN_BYTES} is loaded plainly: the
     * TRUNCATE and the heavier commit cost about 3 ms a table (measured on PostgreSQL 15, 200 tables
     * of 200 kB: 0.6 s of session time), more than freezing a few thousand rows saves the index
     * builds that read them. An unknown size (standard input) counts as big.
     *
     * @param dataSize the stored size of a data entry, 0 when unknown
     */
    Set<String> freezeTables(TocSelection selection, java.util.function.ToLongFunction<io.stowage.postgres.archive.TocEntry> dataSize) {
        java.util.Map<Integer, String> created = new java.util.HashMap<>();
        for (TocSelection.Selected s : selection.entries()) {
            if ("TABLE".equals(s.entry().desc()) && s.schema()) {
                created.put(s.entry().dumpId(), s.entry().namespace() + "." + s.entry().tag());
            }
        }
        java.util.Map<String, Integer> loads = new java.util.HashMap<>();
        Set<String> small = new java.util.HashSet<>();
        for (TocSelection.Selected s : selection.entries()) {
            if ("TABLE DATA".equals(s.entry().desc()) && s.data()) {
                for (int dep : s.entry().dependencies()) {
                    String table = created.get(dep);
                    if (table != null && table.equals(s.entry().namespace() + "." + s.entry().tag())) {
                        loads.merge(table, 1, Integer::sum);
                        long size = dataSize.applyAsLong(s.entry());
                        if (size > 0 && size < FREEZE_MIN_BYTES) {
                            small.add(table);
                        }
                    }
                }
            }
        }
        Set<String> tables = new java.util.HashSet<>();
        loads.forEach((table, n) -> {
            if (n == 1 && !small.contains(table)) {
                tables.add(table);
            }
        });
        return Set.copyOf(tables);
    }

    void freezeTables(Set<String> tables) {
        freezeTables = tables;
    }

    ConnectionSettings target() {
        return target;
    }

    RestoreOptions options() {
        return options;
    }

    ProgressListener listener() {
        return listener;
    }

    int jobs() {
        return jobs;
    }

    /** A reader for a script in {@code encoding}; ASCII-unsafe encodings are transcoded to UTF-8 first. */
    static ScriptReader reader(InputStream in, PgEncoding encoding) {
        if (encoding.asciiUnsafe()) {
            return new ScriptReader(new TranscodingInputStream(in, encoding.charset()), StandardCharsets.UTF_8);
        }
        return new ScriptReader(in, encoding.charset());
    }

    /** A drop statement for -c and the entry it belongs to. */
    record PlannedDrop(ScriptItem.EntryHeader entry, String sql) {}

    /** What the first pass over a script found for -c. */
    record CleanPlan(List<PlannedDrop> drops, boolean scriptHasDrops) {}

    /** First pass for -c: the drops of every wanted entry, last entry first. */
    CleanPlan plan(ScriptReader reader) throws IOException {
        EntryFilter filter = new EntryFilter(options);
        List<PlannedDrop> drops = new ArrayList<>();
        boolean scriptHasDrops = false;
        boolean inPreamble = true;
        DropDeriver deriver = null;
        ScriptItem.EntryHeader header = null;
        java.util.Map<String, String> views = new java.util.HashMap<>();
        java.util.Set<String> attachedIndexes = new java.util.HashSet<>();
        for (ScriptItem item = reader.next(); item != null; item = reader.next()) {
            if (item instanceof ScriptItem.EntryHeader h) {
                addDrop(drops, header, deriver);
                inPreamble = false;
                header = h;
                deriver = filter.wanted(h) ? new DropDeriver(h, options.ifExists(), views) : null;
            } else if (item instanceof ScriptItem.Statement s) {
                String command = firstWord(s.sql());
                if (!command.equals("ALTER") && !command.equals("CREATE") && !command.equals("DROP")) {
                    continue; // keeps a script of INSERTs from being tokenized for nothing
                }
                SqlTokens t = SqlTokens.of(s.sql(), reader.standardConformingStrings());
                if (inPreamble && (command.equals("DROP") && !t.is(1, "DATABASE") || command.equals("ALTER") && hasTopLevel(t, "DROP"))) {
                    scriptHasDrops = true;
                }
                if (command.equals("ALTER") && t.is(1, "INDEX")) {
                    attachedIndex(t).ifPresent(attachedIndexes::add);
                }
                if (deriver != null && filter.skipReason(t) == null || deriver != null && EntryFilter.isOwnerTo(t)) {
                    deriver.statement(t);
                }
            }
        }
        addDrop(drops, header, deriver);
        // An index attached to a partitioned index cannot be dropped on its own; it goes with its
        // table or its parent index. pg_dump gives such indexes no drop statement (dumpIndex).
        // The same holds for a partition's unique or primary key constraint whose index is attached:
        // it goes away with the parent's constraint or with its table.
        drops.removeIf(d -> d.entry().desc().equals("INDEX") && attachedIndexes.contains(droppedIndex(d.sql()))
                || d.entry().desc().equals("CONSTRAINT") && attachedIndexes.contains(constraintIndex(d)));
        Collections.reverse(drops);
        return new CleanPlan(List.copyOf(drops), scriptHasDrops);
    }

    private static void addDrop(List<PlannedDrop> drops, ScriptItem.EntryHeader header, DropDeriver deriver) {
        if (deriver != null) {
            String drop = deriver.drop();
            if (drop != null) {
                drops.add(new PlannedDrop(header, drop));
            }
        }
    }

    private static boolean hasTopLevel(SqlTokens t, String keyword) {
        for (SqlTokens.Token token : t.list()) {
            if (token.depth() == 0 && token.is(keyword)) {
                return true;
            }
        }
        return false;
    }

    /** The child of {@code ALTER INDEX parent ATTACH PARTITION child}, as written there. */
    private static java.util.Optional<String> attachedIndex(SqlTokens t) {
        for (int i = 2; i + 2 < t.size(); i++) {
            if (t.is(i, "ATTACH") && t.is(i + 1, "PARTITION")) {
                int end = t.nameEnd(i + 2);
                return end > i + 2 ? java.util.Optional.of(t.text(i + 2, end)) : java.util.Optional.empty();
            }
        }
        return java.util.Optional.empty();
    }

    /** The index named by {@code DROP INDEX [IF EXISTS] name;}. */
    private static String droppedIndex(String drop) {
        if (!drop.startsWith("DROP INDEX ")) {
            return "";
        }
        String rest = drop.substring("DROP INDEX ".length());
        if (rest.startsWith("IF EXISTS ")) {
            rest = rest.substring("IF EXISTS ".length());
        }
        return rest.endsWith(";") ? rest.substring(0, rest.length() - 1) : rest;
    }

    /** The index of a constraint drop ({@code ... DROP CONSTRAINT [IF EXISTS] c;}), schema-qualified as ATTACH names it. */
    private static String constraintIndex(PlannedDrop d) {
        String sql = d.sql();
        int at = sql.lastIndexOf("DROP CONSTRAINT ");
        if (at < 0 || d.entry().namespace() == null) {
            return "";
        }
        String name = sql.substring(at + "DROP CONSTRAINT ".length());
        if (name.startsWith("IF EXISTS ")) {
            name = name.substring("IF EXISTS ".length());
        }
        name = name.endsWith(";") ? name.substring(0, name.length() - 1) : name;
        return SqlText.ident(d.entry().namespace()) + "." + name;
    }

    /** BEGIN, START TRANSACTION, COMMIT, END: statements that open or close a transaction. */
    private static boolean isTransactionControl(SqlTokens t) {
        String c = t.command();
        return c.equals("BEGIN") || c.equals("COMMIT") || c.equals("END")
                || c.equals("START") && t.is(1, "TRANSACTION");
    }

    private static String firstWord(String sql) {
        int i = 0;
        while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(0, i).toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * The second pass: executes the script. A parallel restore runs one on the leader connection for
     * the pre-data entries ({@link #run}), then one per worker connection for the entries it is
     * given, one entry script at a time ({@link #runEntry}).
     */
    final class Execution {
        private final ScriptProbe probe;
        private final List<PlannedDrop> drops;
        private final EntryFilter filter;
        /** Tables (schema.name) whose TABLE entry failed, for --no-data-for-failed-tables; shared by a parallel restore's connections. */
        private final java.util.Set<String> failedTables;
        private final boolean stopOnError = options.exitOnError() || options.singleTransaction();
        /** A worker of a parallel restore: the scheduler announces the phases, and the connection is the worker's. */
        private final boolean worker;
        private Connection connection;
        String database;
        private ScriptItem.EntryHeader entry;
        private boolean entryWanted = true;
        private boolean entryExecuted;
        private boolean dropsDone;
        private boolean scriptDroppedDatabase;
        private boolean committed;
        private TargetCompatibility compatibility;
        private List<String> sessionSettings = List.of();
        /** Told of each entry the script has finished, run or skipped: the parallel restore's leader. */
        private java.util.function.Consumer<ScriptItem.EntryHeader> entryDone;
        private boolean uncounted;
        private Boolean walMinimal;
        private Connection walMinimalOf;
        /** The section the script is in, for the progress phases. */
        private final EntrySections sections = new EntrySections();
        private io.stowage.core.archive.Section phase;
        int entries;
        int statements;
        int tables;
        long rows;
        int errors;

        /** @param preselected the script is an archive's, written for the selected entries only */
        Execution(ScriptProbe probe, List<PlannedDrop> drops, boolean preselected) {
            this(probe, drops, preselected, new java.util.HashSet<>());
        }

        /** The leader of a parallel restore: {@code failedTables} is shared with the workers. */
        Execution(ScriptProbe probe, List<PlannedDrop> drops, boolean preselected, java.util.Set<String> failedTables) {
            this.probe = probe;
            this.drops = drops;
            this.filter = new EntryFilter(options, preselected);
            this.failedTables = failedTables;
            this.worker = false;
        }

        /** A worker of a parallel restore, on its own connection to {@code database}, which it closes. */
        Execution(ScriptProbe probe, java.util.Set<String> failedTables, Connection connection, String database) throws SQLException {
            this.probe = probe;
            this.drops = List.of();
            this.filter = new EntryFilter(options, true);
            this.failedTables = failedTables;
            this.worker = true;
            this.connection = connection;
            this.database = database;
            this.dropsDone = true;
            this.compatibility = new TargetCompatibility(probe.sourceMajor(), connection.getMetaData().getDatabaseMajorVersion());
        }

        void run(ScriptReader reader) throws IOException {
            connect(target.database());
            try {
                compatibility = new TargetCompatibility(probe.sourceMajor(), connection.getMetaData().getDatabaseMajorVersion());
                if (compatibility.downgrade()) {
                    listener.onEvent(new ProgressEvent.Warning("restoring a dump of PostgreSQL " + probe.sourceMajor()
                            + " into PostgreSQL " + connection.getMetaData().getDatabaseMajorVersion()
                            + ": statements are adapted to the older server, and whatever it cannot hold is named here"));
                }
                process(reader);
                runDrops();
                if (options.singleTransaction()) {
                    connection.commit();
                    committed = true;
                }
            } catch (SQLException e) {
                throw serverError(e, "while finishing the restore");
            } finally {
                disconnect();
            }
        }

        private void process(ScriptReader reader) throws IOException {
            for (ScriptItem item = reader.next(); item != null; item = reader.next()) {
                if (item instanceof ScriptItem.EntryHeader h) {
                    startEntry(h);
                } else if (item instanceof ScriptItem.Statement s) {
                    statement(s, reader.standardConformingStrings());
                } else if (item instanceof ScriptItem.CopyData c) {
                    if (entryWanted) {
                        copy(c);
                    }
                } else if (item instanceof ScriptItem.MetaCommand m) {
                    meta(m);
                }
            }
            finishEntry();
        }

        /**
         * A worker: executes one script on its connection, which stays open (the session SETs, then
         * one entry after another).
         */
        void runEntry(ScriptReader reader) throws IOException {
            process(reader);
        }

        /**
         * A worker: executes the script of the first step of an entry restored in two
         * ({@link KeyIndexSplit}), which is neither counted nor announced as an entry: the second
         * step is. Returns false when it failed (the error is counted and reported).
         */
        boolean runFirstStep(ScriptReader reader) throws IOException {
            int before = errors;
            uncounted = true;
            try {
                process(reader);
            } finally {
                uncounted = false;
            }
            return errors == before;
        }

        /**
         * A worker: runs the script of several entries as one query, in one round trip and one
         * transaction, and records each entry as run. For entries of statements that may run in a
         * transaction block (indexes, constraints); their statements go as the one-by-one path
         * would send them. Returns false, having run and recorded nothing, when an entry holds
         * anything else (COPY data, a meta-command, transaction control, a statement adapted to an
         * older server) or the query fails, which rolls it back whole: the caller then runs each
         * entry on its own, and the failing statement is reported where it belongs.
         */
        boolean runBatch(ScriptReader reader) throws IOException {
            if (options.singleTransaction() || compatibility.downgrade() || uncounted) {
                return false;
            }
            StringBuilder sql = new StringBuilder();
            List<ScriptItem.EntryHeader> headers = new ArrayList<>();
            List<Integer> counts = new ArrayList<>();
            for (ScriptItem item = reader.next(); item != null; item = reader.next()) {
                if (item instanceof ScriptItem.EntryHeader h && filter.wanted(h)) {
                    headers.add(h);
                    counts.add(0);
                } else if (item instanceof ScriptItem.Statement st) {
                    SqlTokens t = SqlTokens.of(st.sql(), reader.standardConformingStrings());
                    if (t.size() == 0 || filter.skipReason(t) != null) {
                        continue;
                    }
                    if (isTransactionControl(t) || t.command().equals("DROP") && t.is(1, "DATABASE")) {
                        return false;
                    }
                    String text = st.sql().strip();
                    ScriptItem.EntryHeader h = headers.isEmpty() ? null : headers.get(headers.size() - 1);
                    String adapted = compatibility.adapt(st.sql(), h).sql();
                    if (adapted == null || !adapted.strip().equals(text)) {
                        return false;
                    }
                    sql.append(text).append(text.endsWith(";") ? "\n" : "\n;\n");
                    if (h != null) {
                        counts.set(counts.size() - 1, counts.get(counts.size() - 1) + 1);
                    }
                } else {
                    return false;
                }
            }
            if (headers.isEmpty()) {
                return false;
            }
            try (Statement st = connection.createStatement()) {
                st.setEscapeProcessing(false);
                st.execute(sql.toString());
            } catch (SQLException e) {
                return false;
            }
            for (int i = 0; i < headers.size(); i++) {
                startEntry(headers.get(i));
                statements += counts.get(i);
                entryExecuted = counts.get(i) > 0;
            }
            finishEntry();
            return true;
        }

        /** True when the target server is older than the dump's, and statements are adapted to it. */
        boolean downgrade() {
            return compatibility.downgrade();
        }

        /**
         * A worker: loads a TABLE DATA entry straight from the archive, without writing its script,
         * as the script would load it ({@link ParallelRestore}'s fast path); {@code data} holds the
         * rows only.
         */
        void copyEntry(ScriptItem.EntryHeader header, String copySql, InputStream data, BinaryLoad binary) throws IOException {
            startEntry(header);
            if (entryWanted) {
                copy(new ScriptItem.CopyData(copySql, 0, data), binary);
            }
            finishEntry();
        }

        /** {@code hook} is told of each entry this execution has finished, run or skipped; it may throw to stop it. */
        void onEntryDone(java.util.function.Consumer<ScriptItem.EntryHeader> hook) {
            this.entryDone = hook;
        }

        /**
         * Settings a parallel restore adds to each of its sessions (see {@link ParallelRestore}): run
         * now when connected, and again after each reconnection ({@code -C}'s {@code \connect}). One
         * the server refuses is reported as a warning and left out; it only costs speed.
         */
        void sessionSettings(List<String> settings) {
            this.sessionSettings = List.copyOf(settings);
            if (connection != null) {
                applySessionSettings();
            }
        }

        private void applySessionSettings() {
            for (String sql : sessionSettings) {
                setting(sql);
            }
        }

        /**
         * Runs one statement that tunes the session; one the server refuses is reported as a
         * warning and the restore goes on without it.
         */
        void setting(String sql) {
            try (Statement st = connection.createStatement()) {
                st.execute(sql);
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                    throw new StowageException(ErrorCode.CONNECTION, "lost the connection to " + target.withDatabase(database).display()
                            + ": " + message(e), "check the server and restore again", e.getSQLState(), e);
                }
                listener.onEvent(new ProgressEvent.Warning("the restore runs without \"" + sql + "\": " + message(e)));
            }
        }

        /**
         * The last worker of a parallel restore, whose sessions committed with
         * {@code synchronous_commit = off}: one more transaction, with an xid so that its commit
         * record is written and with the setting back at the server's default, whose commit waits
         * (as every commit does by default) until the WAL up to it, and so every earlier commit of the
         * restore, is flushed.
         */
        void durableCommit() {
            try (Statement st = connection.createStatement()) {
                st.execute("SET synchronous_commit TO DEFAULT");
                connection.setAutoCommit(false);
                st.execute("SELECT pg_catalog.txid_current()");
                connection.commit();
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                throw new StowageException(ErrorCode.SERVER, "the restore's final commit, which makes it durable, failed: " + message(e),
                        "check the server; the restored objects are there but may not be on disk yet", e.getSQLState(), e);
            }
        }

        /** A worker: closes its connection. */
        void close() {
            disconnect();
        }

        private void connect(String name) {
            connection = PgConnector.open(target.withDatabase(name));
            database = name;
            applySessionSettings();
            if (options.singleTransaction()) {
                try {
                    connection.setAutoCommit(false);
                } catch (SQLException e) {
                    throw serverError(e, "while starting the transaction");
                }
            }
        }

        private void disconnect() {
            if (connection == null) {
                return;
            }
            try {
                if (options.singleTransaction() && !committed && !connection.isClosed()) {
                    connection.rollback();
                }
                connection.close();
            } catch (SQLException ignored) {
                // the connection is going away either way
            }
            connection = null;
        }

        private void startEntry(ScriptItem.EntryHeader h) {
            finishEntry();
            runDrops();
            entry = h;
            entryWanted = filter.wanted(h);
            entryExecuted = false;
            announcePhase(sections.next(h));
            if (entryWanted && options.noDataForFailedTables() && h.desc().equals("TABLE DATA")
                    && failedTables.contains(h.namespace() + "." + h.tag())) {
                // pg_restore's inhibit_data_for_failed_table: the data would land in whatever table was there
                entryWanted = false;
                listener.onEvent(new ProgressEvent.Info("table \"" + h.tag() + "\" could not be created, will not restore its data"));
                return;
            }
            if (!entryWanted) {
                listener.onEvent(new ProgressEvent.Info("skipping " + h.label()));
            }
            if (entryWanted && options.create() && options.clean() && h.desc().equals("DATABASE") && !scriptDroppedDatabase) {
                execute("DROP DATABASE" + (options.ifExists() ? " IF EXISTS " : " ") + SqlText.ident(h.tag()) + ";", h.line());
            }
        }

        private void announcePhase(io.stowage.core.archive.Section section) {
            if (!worker && entryWanted && section != phase && section != io.stowage.core.archive.Section.NONE) {
                phase = section;
                listener.onEvent(new ProgressEvent.Phase(switch (section) {
                    case DATA -> "data";
                    case POST_DATA -> "post-data";
                    default -> "pre-data";
                }));
            }
        }

        private void finishEntry() {
            if (entry != null && entryWanted && entryExecuted && !uncounted) {
                entries++;
                listener.onEvent(new ProgressEvent.Entry(entry.desc(), entry.namespace(), entry.tag()));
            }
            if (entry != null && entryDone != null) {
                entryDone.accept(entry);
            }
            entry = null;
            entryWanted = true;
        }

        /** The -c drops, once, right after the script's preamble has set up the session. */
        private void runDrops() {
            if (dropsDone) {
                return;
            }
            dropsDone = true;
            ScriptItem.EntryHeader current = entry;
            for (PlannedDrop drop : drops) {
                entry = drop.entry();
                execute(drop.sql(), drop.entry().line());
            }
            entry = current;
        }

        private void statement(ScriptItem.Statement s, boolean standardStrings) {
            if (!entryWanted) {
                return;
            }
            SqlTokens t = SqlTokens.of(s.sql(), standardStrings);
            if (t.size() == 0) {
                return;
            }
            String reason = filter.skipReason(t);
            if (reason != null) {
                return;
            }
            if (options.singleTransaction() && isTransactionControl(t)) {
                // pg_dump wraps large object data in BEGIN/COMMIT; under -1 that COMMIT would end
                // the one transaction early and make the restore no longer all-or-nothing
                listener.onEvent(new ProgressEvent.Info("ignoring " + t.command() + " at line " + s.line()
                        + ": -1 runs the whole restore as one transaction"));
                return;
            }
            if (t.command().equals("DROP") && t.is(1, "DATABASE")) {
                scriptDroppedDatabase = true;
            }
            TargetCompatibility.Adapted adapted = compatibility.adapt(s.sql(), entry);
            adapted.losses().forEach(loss -> listener.onEvent(new ProgressEvent.Warning("not carried: " + loss)));
            if (adapted.sql() != null) {
                execute(adapted.sql(), s.line());
            }
        }

        private void execute(String sql, int line) {
            try (Statement st = connection.createStatement()) {
                st.setEscapeProcessing(false);
                st.execute(sql);
                statements++;
                entryExecuted = true;
            } catch (SQLException e) {
                failed(e, line);
            }
        }

        private void copy(ScriptItem.CopyData c) throws IOException {
            copy(c, null);
        }

        /**
         * Loads one COPY's rows.
         *
         * @param binary how to load them in binary format, converted on the way, when the table's
         *               types allow it; null to load the text as it is
         */
        private void copy(ScriptItem.CopyData c, BinaryLoad binary) throws IOException {
            String[] table = copyTarget(c);
            // rows are not counted while streaming: that would scan every byte of the data once more
            CopyProgress progress = new CopyProgress(listener, table[0], table[1], false);
            String sql = c.sql();
            boolean created = entry != null && entry.data() && freezeTables.contains(entry.namespace() + "." + entry.tag())
                    && targetsEntryTable(sql);
            boolean freeze = created && options.freeze();
            boolean transaction = created && !options.singleTransaction() && (freeze || walMinimal());
            InputStream text = c.data();
            List<io.stowage.postgres.restore.binary.FieldConverter> converters = null;
            if (binary != null && probe.encoding().isUtf8()) {
                try {
                    converters = binary.converters(connection, sql);
                } catch (SQLException e) {
                    converters = null; // the text COPY that follows reports a broken connection itself
                }
            }
            if (converters != null) {
                BinaryLoad.Counting counted = new BinaryLoad.Counting(text, progress);
                io.stowage.postgres.restore.binary.TextCopyToBinary converter =
                        new io.stowage.postgres.restore.binary.TextCopyToBinary(converters);
                listener.onEvent(new ProgressEvent.Info("loading " + label(table) + " in binary COPY format"));
                if (load(BinaryLoad.copyWith(sql, freeze ? "FORMAT binary, FREEZE" : "FORMAT binary"), transaction, c.line(), table, out -> {
                    converter.convert(counted, out);
                    return counted.count();
                })) {
                    return;
                }
                // the binary COPY was cancelled and loaded nothing: the text, from its start
                listener.onEvent(new ProgressEvent.Info(label(table) + " holds a value the binary conversion does not read;"
                        + " loading it in text format"));
                text.close();
                text = binary.reopen();
            }
            InputStream data = probe.encoding().isUtf8() || probe.encoding().asciiUnsafe()
                    ? text : new TranscodingInputStream(text, probe.encoding().charset());
            load(freeze ? BinaryLoad.copyWith(sql, "FREEZE") : sql, transaction, c.line(), table, out -> {
                byte[] chunk = new byte[CHUNK];
                long bytes = 0;
                int n;
                while ((n = data.readNBytes(chunk, 0, chunk.length)) > 0) {
                    out.write(chunk, 0, n);
                    bytes += n;
                    progress.add(n, 0);
                }
                return bytes;
            });
        }

        private static String label(String[] table) {
            return table[0] == null ? "table \"" + table[1] + "\"" : "table \"" + table[0] + "." + table[1] + "\"";
        }

        /** Writes a COPY's data; returns the bytes read from the archive. */
        @FunctionalInterface
        private interface CopyWriter {
            long write(java.io.OutputStream out) throws IOException, io.stowage.postgres.restore.binary.Unconvertible;
        }

        /**
         * Runs one {@code COPY ... FROM stdin} (after a TRUNCATE in its own transaction when
         * {@code transaction}), its data written by {@code writer}.
         *
         * @return true when loaded (or failed and reported); false when the writer found data it
         *         does not convert: the COPY was cancelled, loading nothing, and its transaction
         *         rolled back
         */
        private boolean load(String sql, boolean transaction, int line, String[] table, CopyWriter writer) throws IOException {
            CopyIn copyIn = null;
            try {
                // COPY FREEZE, and skipping WAL, need a table created or truncated in the same
                // transaction; under -1 the table was created in it
                if (transaction) {
                    connection.setAutoCommit(false);
                    try (Statement st = connection.createStatement()) {
                        st.execute("TRUNCATE TABLE ONLY " + SqlText.ident(entry.namespace()) + "." + SqlText.ident(entry.tag()));
                    }
                }
                copyIn = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
                long bytes;
                try {
                    bytes = writer.write(new BinaryLoad.CopyInStream(copyIn));
                } catch (io.stowage.postgres.restore.binary.Unconvertible e) {
                    cancel(copyIn);
                    endTransaction(transaction);
                    return false;
                } catch (BinaryLoad.CopyInStream.Failure e) {
                    throw e.getCause();
                }
                long loaded = copyIn.endCopy();
                if (transaction) {
                    connection.commit();
                    connection.setAutoCommit(true);
                }
                statements++;
                tables++;
                rows += loaded;
                entryExecuted = true;
                listener.onEvent(new ProgressEvent.TableData(table[0], table[1], loaded, bytes));
            } catch (SQLException e) {
                cancel(copyIn);
                endTransaction(transaction);
                failed(e, line);
            } catch (CharacterCodingException e) {
                cancel(copyIn);
                endTransaction(transaction);
                throw new StowageException(ErrorCode.INPUT, "invalid byte sequence for encoding " + probe.encoding().pgName()
                        + " in the COPY data that starts at line " + line,
                        "make the script's SET client_encoding line name the encoding the file is really in", e);
            }
            return true;
        }

        /** Whether the server runs with {@code wal_level = minimal}; asked once per connection. */
        private boolean walMinimal() {
            if (walMinimal == null || walMinimalOf != connection) {
                try (Statement st = connection.createStatement();
                     java.sql.ResultSet rs = st.executeQuery("SELECT pg_catalog.current_setting('wal_level')")) {
                    walMinimal = rs.next() && "minimal".equals(rs.getString(1));
                } catch (SQLException e) {
                    walMinimal = false; // the COPY that follows reports a lost connection
                }
                walMinimalOf = connection;
            }
            return walMinimal;
        }

        /** Rolls back the transaction of a failed COPY FREEZE, back to autocommit. */
        private void endTransaction(boolean transaction) {
            if (!transaction) {
                return;
            }
            try {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is lost; the caller reports the COPY's own error
            }
        }

        /** Whether the COPY loads the data entry's own table (not a partition root, as --load-via-partition-root writes). */
        private boolean targetsEntryTable(String sql) {
            return sql.startsWith("COPY " + SqlText.ident(entry.namespace()) + "." + SqlText.ident(entry.tag()) + " ");
        }

        private void cancel(CopyIn copyIn) {
            if (copyIn != null && copyIn.isActive()) {
                try {
                    copyIn.cancelCopy();
                } catch (SQLException ignored) {
                    // the server already ended the copy
                }
            }
        }

        /** {namespace, table} for progress: from the data entry's header, else from the COPY statement. */
        private String[] copyTarget(ScriptItem.CopyData c) {
            if (entry != null && entry.data()) {
                return new String[] {entry.namespace(), entry.tag()};
            }
            SqlTokens t = SqlTokens.of(c.sql(), true);
            int end = t.nameEnd(1);
            if (end == 1) {
                return new String[] {null, c.sql()};
            }
            if (end - 1 >= 3) {
                return new String[] {SqlTokens.unquoteIdent(t.get(end - 3).text()), SqlTokens.unquoteIdent(t.get(end - 1).text())};
            }
            return new String[] {null, SqlTokens.unquoteIdent(t.get(1).text())};
        }

        private void meta(ScriptItem.MetaCommand m) {
            if (!m.command().equals("connect") && !m.command().equals("c")) {
                return; // restrict/unrestrict (pg_dump 17.6+) guard psql against malicious dumps; nothing to do here
            }
            String to = ConnectCommand.database(m.args(), database, m.line());
            if (!options.create()) {
                if (to.equals(database) || to.equals(probe.databaseName())) {
                    listener.onEvent(new ProgressEvent.Info("restoring into " + database + " instead of " + to
                            + " (the script's \\connect at line " + m.line() + "; use -C to create and restore into it)"));
                    return;
                }
                throw new StowageException(ErrorCode.INPUT, "the script switches to database \"" + to + "\" at line " + m.line()
                        + ", but it is restored into \"" + database + "\"",
                        "restore one database per script (pg_dump, not pg_dumpall output), or use -C with a pg_dump -C script");
            }
            disconnect();
            listener.onEvent(new ProgressEvent.Info("connecting to database " + to));
            connect(to);
        }

        private void failed(SQLException e, int line) {
            String state = e.getSQLState();
            if (state != null && state.startsWith("08")) {
                throw new StowageException(ErrorCode.CONNECTION, "lost the connection to " + target.withDatabase(database).display()
                        + " in " + where(line) + ": " + message(e), "check the server and restore again", state, e);
            }
            errors++;
            if (entry != null && entry.desc().equals("TABLE")) {
                failedTables.add(entry.namespace() + "." + entry.tag());
            }
            if (stopOnError) {
                throw serverError(e, "in " + where(line));
            }
            listener.onEvent(new ProgressEvent.Warning("error in " + where(line) + ": " + message(e)));
        }

        private String where(int line) {
            if (worker) {
                // a worker runs each entry as a script of its own: its line numbers mean nothing to the user
                return entry == null ? "the session setup of a parallel restore connection" : "entry " + entry.label();
            }
            return (entry == null ? "the script's preamble" : "entry " + entry.label()) + " at line " + line;
        }

        private StowageException serverError(SQLException e, String where) {
            String fix = options.singleTransaction()
                    ? "the transaction was rolled back, nothing was restored; fix the cause and restore again"
                    : "fix the cause and restore again; without -e/--exit-on-error errors are reported and skipped";
            return new StowageException(ErrorCode.SERVER, "restore failed " + where + ": " + message(e), fix, e.getSQLState(), e);
        }
    }

    /** The server's message as psql shows it ({@code ERROR:  relation "x" already exists}), on one line. */
    static String message(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            String severity = m.getSeverity() == null ? "ERROR" : m.getSeverity();
            String text = severity + ":  " + m.getMessage();
            if (m.getDetail() != null) {
                text += " DETAIL:  " + m.getDetail();
            }
            return text.replace('\n', ' ');
        }
        return String.valueOf(e.getMessage()).replace('\n', ' ');
    }
}
