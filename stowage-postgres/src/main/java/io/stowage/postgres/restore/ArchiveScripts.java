package io.stowage.postgres.restore;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.options.RestoreOptions;
import io.stowage.core.progress.ProgressListener;
import io.stowage.postgres.archive.ArchiveScriptWriter;
import io.stowage.postgres.archive.TocListing;
import io.stowage.postgres.archive.TocSelection;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.ZoneId;

/**
 * What {@code stowage restore} does with an archive without connecting: {@code -l} (the listing
 * {@code pg_restore -l} prints) and {@code -f} (the script {@code pg_restore -f} writes), both for
 * the entries the options select.
 */
public final class ArchiveScripts {

    private ArchiveScripts() {
    }

    /**
     * Writes the listing of {@code options.input()} (or of {@code stdin} when that is null) to
     * {@code out}, with the creation time in {@code zone}.
     */
    public static void list(RestoreOptions options, InputStream stdin, OutputStream out, ZoneId zone, ProgressListener listener)
            throws IOException {
        try (Opened opened = open(options, stdin, "-l/--list")) {
            TocSelection selection = TocSelection.of(opened.source.archive().toc(), options,
                    options.useList() == null ? null : io.stowage.postgres.archive.UseList.read(options.useList(),
                            opened.source.archive().toc(), w -> listener.onEvent(new io.stowage.core.progress.ProgressEvent.Warning(w))));
            String listing = TocListing.format(opened.source.archive().toc(), opened.source.format(), zone,
                    selection.entries().stream().map(TocSelection.Selected::entry).toList());
            out.write(listing.getBytes(opened.source.archive().data().charset()));
            out.flush();
        }
    }

    /** Writes the SQL script of the selected entries of {@code options.input()} (or {@code stdin}) to {@code out}. */
    public static void script(RestoreOptions options, InputStream stdin, OutputStream out, ProgressListener listener)
            throws IOException {
        try (Opened opened = open(options, stdin, "-f/--file")) {
            TocSelection selection = opened.source.select(options, listener);
            new ArchiveScriptWriter(opened.source.archive(), selection, options, out).write();
        }
    }

    private record Opened(ArchiveSource source, InputStream stdin) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            source.close();
        }
    }

    private static Opened open(RestoreOptions options, InputStream stdin, String flag) throws IOException {
        ArchiveSource source;
        String name;
        if (options.input() != null) {
            name = "input file \"" + options.input() + "\"";
            source = ArchiveSource.open(options.input());
        } else {
            name = "standard input";
            source = ArchiveSource.open(new BufferedInputStream(stdin, 64 * 1024), name);
        }
        if (source == null) {
            throw new StowageException(ErrorCode.USAGE, name + " is a plain SQL script, and " + flag
                    + " works on pg_dump archives (custom, directory or tar) only",
                    flag.startsWith("-l") ? "its entries are its \"-- Name:\" comment lines; make the dump as an archive (-Fc) to list it"
                            : "the script is already SQL: use it as it is, or load it with stowage restore -d DBNAME");
        }
        return new Opened(source, stdin);
    }
}
