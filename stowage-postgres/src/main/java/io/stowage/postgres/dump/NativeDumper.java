package io.stowage.postgres.dump;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.options.DumpOptions;
import io.stowage.core.progress.ProgressListener;

import java.io.OutputStream;

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
        this.listener = listener;
    }

    /** Dumps to {@code options.output()} (written atomically) or, when that is null, to standard output. */
    public DumpResult run() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Dumps to the given stream, which the caller closes. */
    public DumpResult run(OutputStream out) {
        throw new UnsupportedOperationException("not yet");
    }
}
