package io.stowage.cli;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import io.stowage.core.integrity.Manifest;
import io.stowage.core.integrity.ManifestFiles;
import io.stowage.postgres.archive.ArchiveVerifier;
import io.stowage.postgres.archive.VerifySummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code stowage verify PATH}: reads a whole archive (custom, directory, tar or plain script) and,
 * when it has a manifest, checks every listed file's size and SHA-256 first. Exit 0 with a
 * one-line summary when intact; exit 9 (VERIFICATION) with one line naming the damage otherwise.
 */
@Command(name = "verify", sortOptions = false,
        description = "Check that an archive is complete and undamaged: its manifest's checksums, its TOC and every data block.",
        synopsisHeading = "%nUsage: ", descriptionHeading = "%n", optionListHeading = "%nOptions:%n")
final class VerifyCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Mixin
    HelpOptions help;

    @Parameters(index = "0", paramLabel = "PATH", description = "Archive file or directory (or a plain SQL dump).")
    Path path;

    @Option(names = "--manifest", paramLabel = "FILE",
            description = "Manifest to check (default: PATH/manifest.json for a directory, PATH.manifest.json for a file, if present).")
    Path manifest;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    VerifyCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        int manifestFiles = checkManifest();
        VerifySummary s = ArchiveVerifier.verify(path);
        if (json) {
            terminal.out().println(new JsonLine().string("path", path.toString()).string("format", s.format())
                    .string("version", s.version()).count("entries", s.entries()).count("data_entries", s.dataEntries())
                    .count("rows", s.totalRows()).count("large_objects", s.largeObjects())
                    .count("archive_bytes", s.archiveBytes()).count("data_bytes", s.dataBytes())
                    .count("manifest_files", manifestFiles));
        } else {
            terminal.out().println("verified " + path + ": " + s.format() + (s.version() == null ? "" : " archive " + s.version())
                    + ", " + s.entries() + " entries, " + s.dataEntries() + " with data, " + s.totalRows() + " rows, "
                    + s.largeObjects() + " large objects, " + s.archiveBytes() + " bytes"
                    + (manifestFiles < 0 ? "; no manifest" : "; manifest: " + manifestFiles + " files match"));
        }
        return 0;
    }

    /** Checks the manifest, if any; returns how many files it listed, or -1 when there is none. */
    private int checkManifest() {
        Optional<ManifestFiles.Located> located = manifest != null
                ? Optional.of(new ManifestFiles.Located(manifest.toAbsolutePath(), ManifestFiles.of(path).root()))
                : ManifestFiles.find(path);
        if (located.isEmpty()) {
            return -1;
        }
        Manifest m = Manifest.read(located.get().file());
        String anchor = ManifestFiles.anchor(path);
        // a manifest that does not list the archive would let any damage pass as "manifest OK"
        if (m.entries().stream().noneMatch(e -> e.path().equals(anchor))) {
            throw new StowageException(ErrorCode.VERIFICATION, "manifest \"" + located.get().file() + "\" does not list \"" + anchor
                    + "\", so it does not belong to " + path, "give the manifest written with this archive (--manifest FILE)");
        }
        m.verify(located.get().root());
        return m.entries().size();
    }
}
