package io.stowage.postgres.restore;

import io.stowage.core.connect.ConnectionSettings;
import io.stowage.core.options.RestoreOptions;
import io.stowage.core.progress.ProgressListener;

import java.io.InputStream;

/** The native restore engine: executes a plain SQL dump over JDBC, streaming COPY data. */
public final class NativeRestorer {
    private final ConnectionSettings target;
    private final RestoreOptions options;
    private final ProgressListener listener;

    public NativeRestorer(ConnectionSettings target, RestoreOptions options, ProgressListener listener) {
        this.target = target;
        this.options = options;
        this.listener = listener;
    }

    /** Restores {@code options.input()}, or standard input when that is null. */
    public RestoreResult run() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Restores the script read from {@code script}, which the caller closes. */
    public RestoreResult run(InputStream script) {
        throw new UnsupportedOperationException("not yet");
    }
}
