package io.stowage.postgres.restore;

import io.stowage.core.progress.ProgressEvent;
import io.stowage.postgres.archive.TocSelection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a restore's data phase is expected to load, for progress: the selected data entries of an
 * archive and, where the archive stores them uncompressed in files of their own (a directory
 * archive's {@code <id>.dat}), their bytes; for a plain script file, its size, an upper bound of
 * its COPY data. Compressed data has no size to tell in advance, so its bytes are unknown.
 */
final class RestoreEstimate {
    private RestoreEstimate() {
    }

    static ProgressEvent.Totals ofArchive(TocSelection selection, String format, Path input) {
        long entries = 0;
        long bytes = 0;
        for (TocSelection.Selected s : selection.entries()) {
            if (!s.data() || !s.entry().desc().equals("TABLE DATA")) {
                continue;
            }
            entries++;
            long size = "DIRECTORY".equals(format) && input != null ? size(input.resolve(s.entry().dumpId() + ".dat")) : -1;
            bytes = size < 0 || bytes < 0 ? ProgressEvent.UNKNOWN : bytes + size;
        }
        return new ProgressEvent.Totals(entries, bytes);
    }

    static ProgressEvent.Totals ofScript(Path file) {
        return new ProgressEvent.Totals(ProgressEvent.UNKNOWN, size(file));
    }

    private static long size(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : ProgressEvent.UNKNOWN;
        } catch (IOException e) {
            return ProgressEvent.UNKNOWN;
        }
    }
}
