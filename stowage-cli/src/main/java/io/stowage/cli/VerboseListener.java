package io.stowage.cli;

import io.stowage.core.progress.ProgressEvent;
import io.stowage.core.progress.ProgressListener;

/** Prints engine events on standard error: warnings always, the rest with {@code --verbose}. */
final class VerboseListener implements ProgressListener {
    private final Terminal terminal;

    VerboseListener(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public void onEvent(ProgressEvent event) {
        if (event instanceof ProgressEvent.Warning w) {
            terminal.say("warning: " + w.message());
        } else if (event instanceof ProgressEvent.Phase p) {
            verbose("phase: " + p.name());
        } else if (event instanceof ProgressEvent.Entry e) {
            verbose("processing " + e.desc() + " " + (e.namespace() == null ? "" : e.namespace() + ".") + e.tag());
        } else if (event instanceof ProgressEvent.TableData t) {
            verbose("table " + t.namespace() + "." + t.table() + ": " + t.rows() + " rows, " + t.bytes() + " bytes");
        } else if (event instanceof ProgressEvent.Info i) {
            verbose(i.message());
        }
    }

    private void verbose(String message) {
        if (terminal.verbose()) {
            terminal.say(message);
        }
    }
}
