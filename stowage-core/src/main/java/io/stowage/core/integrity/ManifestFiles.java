package io.stowage.core.integrity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a manifest is kept for an archive outside a repository: {@code manifest.json} inside a
 * directory archive, {@code <file>.manifest.json} beside an archive file. Entry paths are relative
 * to the directory archive, or to the file's directory.
 */
public final class ManifestFiles {
    /** The manifest's name inside a directory archive. */
    public static final String IN_DIRECTORY = "manifest.json";
    /** What is appended to an archive file's name for its manifest. */
    public static final String BESIDE_FILE = ".manifest.json";

    private ManifestFiles() {
    }

    /**
     * The manifest file and the root its paths are relative to.
     *
     * @param file the manifest
     * @param root the directory its entry paths are relative to
     */
    public record Located(Path file, Path root) {
    }

    /** Where {@code archive}'s manifest belongs, whether or not it exists. */
    public static Located of(Path archive) {
        Path absolute = archive.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return new Located(absolute.resolve(IN_DIRECTORY), absolute);
        }
        return new Located(absolute.resolveSibling(absolute.getFileName() + BESIDE_FILE), absolute.getParent());
    }

    /** {@code archive}'s manifest, if there is one. */
    public static Optional<Located> find(Path archive) {
        Located located = of(archive);
        return Files.isRegularFile(located.file()) ? Optional.of(located) : Optional.empty();
    }

    /** The manifest path of the archive file itself, or of a directory archive's TOC: what a manifest must list. */
    public static String anchor(Path archive) {
        return Files.isDirectory(archive) ? "toc.dat" : archive.toAbsolutePath().getFileName().toString();
    }
}
