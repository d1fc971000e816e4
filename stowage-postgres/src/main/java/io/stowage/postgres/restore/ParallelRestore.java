package io.stowage.postgres.restore;

import io.stowage.core.archive.Section;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.RestoreOptions;
import io.stowage.core.progress.ProgressEvent;
import io.stowage.core.progress.ProgressListener;
import io.stowage.postgres.archive.ArchiveScriptWriter;
import io.stowage.postgres.archive.DataOffset;
import io.stowage.postgres.archive.OffsetState;
import io.stowage.postgres.archive.TocEntry;
import io.stowage.postgres.archive.TocSelection;
import io.stowage.postgres.jdbc.LocalServer;
import io.stowage.postgres.jdbc.PgConnector;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * {@code restore -j N} of a custom archive file or a directory archive, as pg_restore -j runs it
 * (pg_backup_archiver.c's restore_toc_entries_prefork, _parallel and _postfork).
 *
 * <ol>
 *   <li>The leader connection runs the script of the pre-data entries ({@link RestoreSchedule#prefork}),
 *       with everything the sequential path does there: the session SETs, the drops of {@code -c},
 *       {@code -C}'s CREATE DATABASE and reconnection.</li>
 *   <li>Then {@code N} worker threads, each with its own connection to the database restored into and
 *       its own reader on the archive (a custom archive is read at each entry's offset through its
 *       own file channel; nothing is held in memory), take the remaining entries from the
 *       {@link RestoreSchedule} as their dependencies allow: table data, then indexes (biggest
 *       table first), constraints, foreign keys, triggers; the later passes (ACLs, materialized
 *       view data, event triggers) once every earlier entry is done.</li>
 * </ol>
 *
 * <p>Primary keys and unique constraints of big plain tables that have other indexes too are
 * restored in two steps ({@link KeyIndexSplit}): the unique index is built beside the table's
 * other indexes, then attached as the constraint under a short exclusive lock; pg_restore holds
 * that lock for the whole build, so the table's other index builds wait for it.
 *
 * <p>Each entry is written by {@link ArchiveScriptWriter#writeSingleEntry} and executed by the same
 * {@link NativeRestorer.Execution} code as the sequential path, so every restore option applies the
 * same way. Each worker connection first runs the session SETs of the script's preamble
 * ({@link ArchiveScriptWriter#writeSessionSetup}): {@code statement_timeout = 0},
 * {@code lock_timeout = 0}, {@code idle_in_transaction_session_timeout = 0}, {@code client_encoding}
 * (the archive's), {@code standard_conforming_strings} (the archive's), {@code search_path} (the
 * archive's SEARCHPATH entry), {@code check_function_bodies = false}, {@code xmloption = content},
 * {@code client_min_messages = warning}, {@code row_security = off}; and then, per entry, what the
 * script sets for it: {@code default_tablespace}, {@code default_table_access_method}, and
 * {@code SET SESSION AUTHORIZATION DEFAULT} for {@code --disable-triggers}.
 *
 * <p>On top of those, which pg_restore sets too, every connection of a parallel restore (the
 * leader's and the workers') sets {@link #SESSION_SETTINGS}, which pg_restore does not:
 * <ul>
 *   <li>{@code synchronous_commit = off}: a restore commits once per entry, hundreds of times, and
 *       each commit would otherwise wait for its own WAL flush. Durability is restored at the end:
 *       the last worker runs one more transaction that gets an xid ({@code SELECT
 *       pg_catalog.txid_current()}) with the setting back at the server's default, and its commit
 *       waits until the WAL up to it, which holds every earlier commit of the restore, is flushed.
 *       A restore that crashes midway may lose its last commits, which a crashed restore must be
 *       run again for anyway.</li>
 *   <li>{@code jit = off} (PostgreSQL 11 on): the queries of a restore run once each; a foreign
 *       key's validation scan would otherwise pay for compiling its expressions.</li>
 *   <li>{@code max_parallel_maintenance_workers = 0}, only when the server runs on this machine and
 *       the jobs are at least as many as its cores ({@link #NO_PARALLEL_BUILD_WORKERS}).</li>
 * </ul>
 * and, around each GIN index build on a table stored in up to 512 MB, {@code maintenance_work_mem}
 * at most 16 MB ({@link #GIN_BUILD_MEMORY}, reset after the build). Other index builds keep the session's
 * {@code maintenance_work_mem}: a B-tree sorts in it.
 *
 * <p>Indexes and constraints of small tables ({@link #batchable}) that are ready together run up to
 * {@link #BATCH} to a query, in one transaction: their statements take a millisecond or two, as
 * long as the round trip and commit between two of them. When such a query fails it is rolled
 * back whole, and its entries run again one by one, so that the error is the failing entry's.
 *
 * <p>Errors: with {@code -e} the first one stops the restore (no new entry starts, the running ones
 * finish) and is thrown; without it every error is reported and counted, and the restore goes on.
 */
final class ParallelRestore {
    /**
     * What a parallel restore sets on each of its connections, the leader's and the workers', on top
     * of what the script sets: see the class comment.
     */
    static final List<String> SESSION_SETTINGS = List.of(
            "SET synchronous_commit = off",
            // jit exists from PostgreSQL 11 on; this form is a no-op on older servers
            "SELECT pg_catalog.set_config(name, 'off', false) FROM pg_catalog.pg_settings WHERE name = 'jit'");

    /**
     * What a parallel restore adds to {@link #SESSION_SETTINGS} when its jobs alone can keep every
     * core of the server busy: {@code max_parallel_maintenance_workers = 0}, so that an index build
     * runs in its own backend only. Extra build workers would compete for the cores the restore's
     * other jobs are using, and cost the start of their processes and the merge of their sorts on
     * top (measured on the 2-core benchmark machine, {@code restore -j2} of 1.2 GB: 12.9 against
     * 13.2 CPU-seconds, 7.03 against 7.19 s, medians of 5).
     */
    static final String NO_PARALLEL_BUILD_WORKERS = "SELECT pg_catalog.set_config(name, '0', false) FROM pg_catalog.pg_settings"
            + " WHERE name = 'max_parallel_maintenance_workers'";

    /**
     * The session settings of a parallel restore of {@code jobs} jobs: {@link #SESSION_SETTINGS},
     * and {@link #NO_PARALLEL_BUILD_WORKERS} too when the server runs on this machine
     * ({@code local}), whose {@code cores} the jobs are at least as many as. A server elsewhere
     * may have more cores than jobs, which parallel builds then use.
     */
    static List<String> sessionSettings(boolean local, int jobs, int cores) {
        if (!local || jobs < cores) {
            return SESSION_SETTINGS;
        }
        List<String> settings = new ArrayList<>(SESSION_SETTINGS);
        settings.add(NO_PARALLEL_BUILD_WORKERS);
        return List.copyOf(settings);
    }

    /**
     * What a worker sets before it builds a GIN index, and resets after: {@code maintenance_work_mem}
     * at most 16 MB. A GIN build collects its keys in memory up to that limit before it writes them
     * to the index, in a search tree whose every insertion misses the CPU's caches once the tree
     * outgrows them; a smaller tree flushed more often builds faster. Measured on PostgreSQL 15
     * (2-core benchmark machine, one build at a time): jsonb_path_ops over 286,000 documents 1.57 s
     * at 16 MB, 1.94 s at 64 MB, 2.33 s at 256 MB; a tsvector index of 1.1 million rows 12.9 s at
     * 16 MB, 16.1 s at 64 MB, 16.4 s at 256 MB; 4.6 million rows (a 1.2 GB table, its index 200 MB)
     * 50.7 s at 16 MB, 61.5 s at 256 MB; an array index with few distinct keys 2.17 s at both. A
     * session whose setting is smaller keeps it. So does the build on a table stored in more than
     * {@link #GIN_SMALL_MEMORY_MAX_TABLE}: its index may not fit in memory, and each flush of the
     * keys reads the index's key tree again, so many small flushes might cost more than they save,
     * which was not measured.
     */
    static final String GIN_BUILD_MEMORY = "SELECT pg_catalog.set_config(name, '16MB', false) FROM pg_catalog.pg_settings"
            + " WHERE name = 'maintenance_work_mem' AND setting::bigint > 16384";

    /** The largest stored table data whose GIN indexes are built with {@link #GIN_BUILD_MEMORY}: 512 MB. */
    static final long GIN_SMALL_MEMORY_MAX_TABLE = 512L << 20;

    private final NativeRestorer restorer;
    private final ArchiveSource source;
    private final Path input;
    private final RestoreOptions options;
    private final ProgressListener listener;
    private final Set<String> failedTables = ConcurrentHashMap.newKeySet();
    /** The keys whose index step failed: their attach step is skipped. */
    private final Set<Integer> failedKeyIndexes = ConcurrentHashMap.newKeySet();
    /** Workers that have not yet run out of entries: the last one makes the restore durable. */
    private final java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();

    /** Guards the schedule, the failure and the phase. */
    private final Object lock = new Object();
    private RestoreSchedule schedule;
    private RuntimeException failure;
    private Section phase = Section.PRE_DATA;
    /** When big tables are loaded in binary (see {@link BinaryLoad#policy}). */
    private final BinaryLoad.Policy binaryLoads;
    /** What each connection sets: see {@link #sessionSettings(boolean, int, int)}. */
    private final List<String> sessionSettings;
    /** Each data entry's stored size, 0 when unknown. */
    private final ToLongFunction<TocEntry> storedSizes;
    private boolean searchPathEntry;

    ParallelRestore(NativeRestorer restorer, ArchiveSource source, Path input) {
        this.restorer = restorer;
        this.source = source;
        this.input = input;
        this.options = restorer.options();
        this.listener = restorer.listener();
        this.binaryLoads = BinaryLoad.policy(restorer.target());
        this.sessionSettings = sessionSettings(LocalServer.onThisMachine(restorer.target().host()), restorer.jobs(),
                Runtime.getRuntime().availableProcessors());
        this.storedSizes = dataSizes(source, input);
    }

    RestoreResult run() throws IOException {
        long started = System.nanoTime();
        String name = (source.format().equals("DIRECTORY") ? "directory archive \"" : "archive \"") + input + "\"";
        TocSelection selection = source.select(options, listener);
        listener.onEvent(RestoreEstimate.ofArchive(selection, source.format(), input));
        restorer.freezeTables(restorer.freezeTables(selection, storedSizes));
        schedule = RestoreSchedule.plan(selection, storedSizes, standardStrings());
        searchPathEntry = source.archive().toc().entries().stream().anyMatch(e -> "SEARCHPATH".equals(e.desc()));

        ArchiveScriptStream script = ArchiveScriptStream.start(
                out -> new ArchiveScriptWriter(source.archive(), selection, options, out).write(schedule::isPrefork));
        NativeRestorer.Execution leader;
        List<Worker> workers = new ArrayList<>();
        // the workers connect and set up their sessions while the leader restores the pre-data
        // section, unless the leader creates the database they connect to (-C)
        CountDownLatch preData = new CountDownLatch(1);
        try {
            BufferedInputStream in = new BufferedInputStream(script, 64 * 1024);
            ScriptProbe probe = restorer.probe(in, name);
            leader = restorer.new Execution(probe, List.of(), true, failedTables);
            leader.sessionSettings(sessionSettings);
            active.set(restorer.jobs());
            NativeRestorer.Execution l = leader;
            boolean early = !options.create();
            Supplier<String> database = early ? () -> restorer.target().database() : () -> l.database;
            if (early) {
                // a table's data starts as soon as the table and what the section still does to it are restored
                schedule.preDataStarts();
                leader.onEntryDone(h -> {
                    synchronized (lock) {
                        if (failure != null) {
                            throw failure; // -e: a worker's first error ends the restore, the leader's part too
                        }
                        schedule.preDataEntryDone(h.desc(), h.namespace(), h.tag());
                        lock.notifyAll();
                    }
                });
            }
            for (int i = 0; i < restorer.jobs(); i++) {
                workers.add(new Worker(i + 1, probe, database, selection, preData, early));
            }
            workers.forEach(Thread::start);
            leader.run(NativeRestorer.reader(in, probe.encoding()));
        } catch (IOException | RuntimeException e) {
            // the workers started early must not outlive the restore, with their connections open
            fail(e instanceof RuntimeException r ? r
                    : new StowageException(ErrorCode.INPUT, "cannot read archive \"" + input + "\": " + e.getMessage(), "check the input", e));
            preData.countDown();
            joinAll(workers);
            throw e;
        } finally {
            script.close();
        }
        synchronized (lock) {
            schedule.preDataDone();
            lock.notifyAll();
        }
        preData.countDown();
        joinAll(workers);
        if (failure != null) {
            throw failure;
        }
        int entries = leader.entries;
        int statements = leader.statements;
        int tables = leader.tables;
        long rows = leader.rows;
        int errors = leader.errors;
        for (Worker w : workers) {
            NativeRestorer.Execution x = w.execution;
            if (x != null) {
                entries += x.entries;
                statements += x.statements;
                tables += x.tables;
                rows += x.rows;
                errors += x.errors;
            }
        }
        return new RestoreResult(entries, statements, tables, rows, errors, Duration.ofNanos(System.nanoTime() - started));
    }

    private static void joinAll(List<Worker> workers) {
        for (Worker w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StowageException(ErrorCode.INTERNAL, "interrupted while waiting for the restore's workers", "restore again");
            }
        }
    }

    /** Takes the next entry, waiting while none can start; null when there is nothing more to do. */
    private RestoreSchedule.Item take() throws InterruptedException {
        synchronized (lock) {
            while (true) {
                if (failure != null || schedule.finished() || !schedule.hasPending()) {
                    return null;
                }
                RestoreSchedule.Item item = schedule.next();
                if (item != null) {
                    Section section = item.selected().entry().section();
                    if ((section == Section.DATA || section == Section.POST_DATA) && section.compareTo(phase) > 0) {
                        phase = section;
                        listener.onEvent(new ProgressEvent.Phase(section == Section.DATA ? "data" : "post-data"));
                    }
                    return item;
                }
                lock.wait();
            }
        }
    }

    /** Another ready entry to run in the same query as the one a worker took, or null. */
    private RestoreSchedule.Item takeBatchable() {
        synchronized (lock) {
            return failure != null ? null : schedule.nextOf(ParallelRestore::batchable);
        }
    }

    /**
     * Whether an entry may share one query with others ({@link NativeRestorer.Execution#runBatch}):
     * an index or a constraint, restored in one step, on a table stored in less than
     * {@link #BATCH_MAX_TABLE}. Such statements take a millisecond or two, about as long as the
     * round trip and commit between two of them; several in one query spare those. A GIN build,
     * which runs with its own setting, and the two steps of a split key run alone.
     */
    static boolean batchable(RestoreSchedule.Item item) {
        TocSelection.Selected s = item.selected();
        return !s.data() && item.step() == RestoreSchedule.Step.WHOLE && BATCHED.contains(s.entry().desc())
                && item.size() > 0 && item.size() < BATCH_MAX_TABLE && !buildsGinInSmallMemory(s, item.size());
    }

    /** The entries a query of {@link #batchable} entries holds at most. */
    static final int BATCH = 16;

    /** The stored data of a table whose index and constraint entries may share a query: less than this, 1 MB. */
    static final long BATCH_MAX_TABLE = 1L << 20;

    private static final Set<String> BATCHED = Set.of("INDEX", "CONSTRAINT", "FK CONSTRAINT", "CHECK CONSTRAINT");

    private void finished(RestoreSchedule.Item item, RuntimeException error) {
        synchronized (lock) {
            schedule.done(item);
            if (error != null && failure == null) {
                failure = error;
                schedule.abandon();
            }
            lock.notifyAll();
        }
    }

    private boolean failed() {
        synchronized (lock) {
            return failure != null;
        }
    }

    private void fail(RuntimeException error) {
        synchronized (lock) {
            if (failure == null) {
                failure = error;
            }
            schedule.abandon();
            lock.notifyAll();
        }
    }

    /** One worker: its connection, its reader on the archive, one entry at a time. */
    private final class Worker extends Thread {
        private final ScriptProbe probe;
        private final Supplier<String> database;
        private final TocSelection selection;
        private final CountDownLatch preData;
        private final boolean early;
        private NativeRestorer.Execution execution;

        /**
         * @param database the database to connect to, known once the pre-data section is restored
         * @param preData  counted down when the leader has restored the pre-data section (or failed)
         * @param early    connect before that: the database exists already
         */
        Worker(int number, ScriptProbe probe, Supplier<String> database, TocSelection selection, CountDownLatch preData,
               boolean early) {
            super("stowage-restore-" + number);
            setDaemon(true);
            this.probe = probe;
            this.database = database;
            this.selection = selection;
            this.preData = preData;
            this.early = early;
        }

        @Override
        public void run() {
            try (ArchiveSource archive = source.forWorker(input)) {
                if (!early) {
                    preData.await();
                }
                if (failed()) {
                    return;
                }
                Connection connection = PgConnector.open(restorer.target().withDatabase(database.get()));
                try {
                    execution = restorer.new Execution(probe, failedTables, connection, database.get());
                } catch (SQLException e) {
                    closeQuietly(connection);
                    throw new StowageException(ErrorCode.SERVER, "cannot start a restore worker: " + NativeRestorer.message(e),
                            "check the server and restore again", e.getSQLState(), e);
                }
                try {
                    EntryScripts scripts = new EntryScripts(archive);
                    scripts.run(w -> w.writeSessionSetup());
                    execution.sessionSettings(sessionSettings);
                    while (true) {
                        RestoreSchedule.Item item = take();
                        if (item == null) {
                            break;
                        }
                        if (batchable(item)) {
                            List<RestoreSchedule.Item> batch = new ArrayList<>(List.of(item));
                            for (RestoreSchedule.Item more = takeBatchable(); more != null; more = takeBatchable()) {
                                batch.add(more);
                                if (batch.size() == BATCH) {
                                    break;
                                }
                            }
                            if (batch.size() > 1 && runBatch(scripts, batch)) {
                                continue;
                            }
                            // alone, one after another: each reports its own error
                            for (RestoreSchedule.Item alone : batch.subList(0, batch.size() - 1)) {
                                if (!runAlone(archive, scripts, alone)) {
                                    return;
                                }
                            }
                            item = batch.get(batch.size() - 1);
                        }
                        if (!runAlone(archive, scripts, item)) {
                            return;
                        }
                    }
                    if (active.decrementAndGet() == 0) {
                        execution.durableCommit();
                    }
                } finally {
                    execution.close();
                }
            } catch (IOException e) {
                fail(new StowageException(ErrorCode.INPUT, "cannot read archive \"" + input + "\": " + e.getMessage(), "check the input", e));
            } catch (InterruptedException e) {
                fail(new StowageException(ErrorCode.INTERNAL, "a restore worker was interrupted", "restore again"));
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        /**
         * Runs the entries of {@code batch} as one query ({@link NativeRestorer.Execution#runBatch})
         * and marks them done; false, with none run, when they must run alone.
         */
        private boolean runBatch(EntryScripts scripts, List<RestoreSchedule.Item> batch) throws IOException {
            if (!scripts.runBatch(batch)) {
                return false;
            }
            for (RestoreSchedule.Item i : batch) {
                finished(i, null);
            }
            return true;
        }

        /** Runs one entry and marks it done; false when its error stops this worker (-e). */
        private boolean runAlone(ArchiveSource archive, EntryScripts scripts, RestoreSchedule.Item item) throws IOException {
            RuntimeException error = null;
            TocSelection.Selected s = item.selected();
            boolean gin = buildsGinInSmallMemory(s, item.size());
            try {
                if (gin) {
                    execution.setting(GIN_BUILD_MEMORY);
                }
                if (directCopy(s)) {
                    copy(archive, s.entry());
                } else if (s.data() && s.entry().hadDumper()) {
                    // rows through the script: streamed, never held in memory
                    scripts.stream(w -> w.writeSingleEntry(s));
                } else if (item.step() == RestoreSchedule.Step.WHOLE || execution.downgrade()) {
                    // a server older than the dump's adapts the key's own statement
                    if (item.step() != RestoreSchedule.Step.KEY_INDEX) {
                        scripts.run(w -> w.writeSingleEntry(s));
                    }
                } else if (item.step() == RestoreSchedule.Step.KEY_INDEX) {
                    if (!scripts.runFirstStep(w -> w.writeSingleEntry(withDefinition(s, item.split().createIndex())))) {
                        failedKeyIndexes.add(item.dumpId());
                    }
                } else if (!failedKeyIndexes.contains(item.dumpId())) {
                    // when the build failed, its error is the key's: the attach would only fail again
                    scripts.run(w -> w.writeSingleEntry(withDefinition(s, item.split().attach())));
                }
                if (gin) {
                    execution.setting("RESET maintenance_work_mem");
                }
            } catch (RuntimeException e) {
                error = e;
            }
            finished(item, error);
            return error == null;
        }

        /**
         * The fast path: the rows of a TABLE DATA entry go from the archive straight into COPY, with
         * no script written and parsed in between. The script would set nothing that matters to a
         * COPY into an existing, schema-qualified table, except in archives without a SEARCHPATH
         * entry (before 1.13: unqualified names), with --disable-triggers, and in encodings such as
         * SJIS whose scripts are transcoded whole: those take the script.
         */
        private boolean directCopy(TocSelection.Selected s) {
            TocEntry e = s.entry();
            return "TABLE DATA".equals(e.desc()) && e.hadDumper() && s.data() && e.copyStatement() != null
                    && !options.disableTriggers() && searchPathEntry && !probe.encoding().asciiUnsafe();
        }

        private void copy(ArchiveSource archive, TocEntry e) throws IOException {
            ScriptItem.EntryHeader header = new ScriptItem.EntryHeader(oneLine(e.tag()), e.desc(),
                    e.namespace() == null || e.namespace().isEmpty() ? null : oneLine(e.namespace()),
                    options.noOwner() || e.owner() == null || e.owner().isEmpty() ? null : oneLine(e.owner()), true, 0);
            BinaryLoad binary = binaryLoads != BinaryLoad.Policy.OFF && storedSizes.applyAsLong(e) >= BinaryLoad.MIN_BYTES
                    ? new BinaryLoad(binaryLoads, () -> new CopyTrailerStrip(archive.archive().data().openData(e)))
                    : null;
            try (InputStream data = new CopyTrailerStrip(archive.archive().data().openData(e))) {
                execution.copyEntry(header, e.copyStatement().strip(), data, binary);
            }
        }

        /**
         * The scripts of one worker's entries. An entry without rows is small (its definition, owner,
         * comment), so its script is written into a buffer on the worker's own thread and read back
         * from there: no thread, no pipe, and one {@link ArchiveScriptWriter} for the whole session,
         * which remembers the default_tablespace and default_table_access_method it has set and so
         * sets them again only when an entry needs another one. Entries with rows in the script
         * (large objects, and table data that cannot take the direct COPY) are streamed through an
         * {@link ArchiveScriptStream} by a writer of their own; the session's settings are unknown
         * after one, so the buffered writer starts afresh.
         */
        private final class EntryScripts {
            private final ArchiveSource archive;
            private final Buffer buffer = new Buffer();
            private ArchiveScriptWriter writer;

            EntryScripts(ArchiveSource archive) {
                this.archive = archive;
                this.writer = newWriter(buffer);
            }

            private ArchiveScriptWriter newWriter(java.io.OutputStream out) {
                return new ArchiveScriptWriter(archive.archive(), selection, options, out);
            }

            void run(ScriptPart part) throws IOException {
                buffer.reset();
                part.write(writer);
                execution.runEntry(NativeRestorer.reader(buffer.input(), probe.encoding()));
            }

            /**
             * The entries' scripts one after another, run as one query; false when they must run
             * alone. The writer then forgets the session state it assumed (search_path, tablespace,
             * role): the query's SETs were rolled back with it, and the next script sets what it needs.
             */
            boolean runBatch(List<RestoreSchedule.Item> batch) throws IOException {
                buffer.reset();
                for (RestoreSchedule.Item i : batch) {
                    writer.writeSingleEntry(i.selected());
                }
                if (execution.runBatch(NativeRestorer.reader(buffer.input(), probe.encoding()))) {
                    return true;
                }
                writer = newWriter(buffer);
                return false;
            }

            boolean runFirstStep(ScriptPart part) throws IOException {
                buffer.reset();
                part.write(writer);
                return execution.runFirstStep(NativeRestorer.reader(buffer.input(), probe.encoding()));
            }

            void stream(ScriptPart part) throws IOException {
                try (ArchiveScriptStream script = ArchiveScriptStream.start(out -> part.write(newWriter(out)))) {
                    execution.runEntry(NativeRestorer.reader(new BufferedInputStream(script, 64 * 1024), probe.encoding()));
                } finally {
                    writer = newWriter(buffer);
                }
            }
        }
    }

    /** What an {@link ArchiveScriptWriter} writes of one entry (or of the session setup). */
    @FunctionalInterface
    private interface ScriptPart {
        void write(ArchiveScriptWriter writer) throws IOException;
    }

    /** A reusable byte buffer that is read back without a copy. */
    private static final class Buffer extends java.io.ByteArrayOutputStream {
        Buffer() {
            super(8 * 1024);
        }

        InputStream input() {
            return new java.io.ByteArrayInputStream(buf, 0, count);
        }
    }

    /**
     * Whether the entry creates a GIN index (also on a partitioned table, where it is catalog only)
     * on a table whose data is stored in at most {@link #GIN_SMALL_MEMORY_MAX_TABLE} bytes (0 when
     * unknown), to be built with {@link #GIN_BUILD_MEMORY}.
     */
    static boolean buildsGinInSmallMemory(TocSelection.Selected s, long tableBytes) {
        TocEntry e = s.entry();
        return !s.data() && "INDEX".equals(e.desc()) && e.definition() != null && GIN.matcher(e.definition()).find()
                && tableBytes <= GIN_SMALL_MEMORY_MAX_TABLE;
    }

    /** An SQL identifier as pg_get_indexdef writes it: quoted (with doubled quotes inside) or plain. */
    private static final String IDENT = "(?:\"(?:[^\"]|\"\")*\"|[^\\s\".]+)";
    /** pg_get_indexdef's {@code CREATE INDEX name ON [ONLY] table USING gin (}, whatever the names hold. */
    private static final java.util.regex.Pattern GIN = java.util.regex.Pattern.compile(
            "^CREATE INDEX " + IDENT + " ON (?:ONLY )?" + IDENT + "(?:\\." + IDENT + ")? USING gin \\(");

    /** A schema entry with one step of a split key as its definition. */
    private static TocSelection.Selected withDefinition(TocSelection.Selected s, String definition) {
        TocEntry e = s.entry();
        return new TocSelection.Selected(new TocEntry(e.dumpId(), e.hadDumper(), e.tableOid(), e.oid(), e.tag(), e.desc(),
                e.section(), definition, e.dropStatement(), e.copyStatement(), e.namespace(), e.tablespace(),
                e.tableAccessMethod(), e.relkind(), e.owner(), e.withOids(), e.dependencies(), e.dataOffset()), true, false);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // going away either way
        }
    }

    /** Keys are split only in archives whose SQL was written with standard_conforming_strings on (all of today's). */
    private boolean standardStrings() {
        return source.archive().toc().entries().stream()
                .noneMatch(e -> "STDSTRINGS".equals(e.desc()) && e.definition() != null && e.definition().contains("'off'"));
    }

    /**
     * The stored size of each data entry, to start the biggest first: a directory archive's file,
     * or the distance to the next data block in a custom archive file; 0 when unknown (no file, or
     * standard input).
     */
    static ToLongFunction<TocEntry> dataSizes(ArchiveSource source, Path input) {
        if (input == null) {
            return e -> 0;
        }
        if (Files.isDirectory(input)) {
            return e -> {
                for (String suffix : new String[] {".dat", ".dat.gz", ".dat.lz4", ".dat.zst"}) {
                    Path file = input.resolve(e.dumpId() + suffix);
                    try {
                        if (Files.isRegularFile(file)) {
                            return Files.size(file);
                        }
                    } catch (IOException ignored) {
                        return 0;
                    }
                }
                return 0;
            };
        }
        TreeMap<Long, Integer> starts = new TreeMap<>();
        for (TocEntry e : source.archive().toc().entries()) {
            DataOffset offset = e.dataOffset();
            if (offset != null && offset.state() == OffsetState.POSITION_SET) {
                starts.put(offset.position(), e.dumpId());
            }
        }
        long fileSize;
        try {
            fileSize = Files.size(input);
        } catch (IOException e) {
            fileSize = 0;
        }
        Map<Integer, Long> sizes = new HashMap<>();
        Long previous = null;
        for (Long start : starts.keySet()) {
            if (previous != null) {
                sizes.put(starts.get(previous), start - previous);
            }
            previous = start;
        }
        if (previous != null) {
            sizes.put(starts.get(previous), Math.max(0, fileSize - previous));
        }
        return e -> sizes.getOrDefault(e.dumpId(), 0L);
    }
}
