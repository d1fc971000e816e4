package io.stowage.postgres.archive;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A file or directory written under a temporary name beside its target and renamed into place by
 * {@link #commit()}, so that a failed or interrupted dump leaves nothing under the name the user
 * asked for (the same pattern as core's AtomicFileOutput, extended to directories and to writers
 * that need to seek). Closing without committing deletes the temporary path, and so does JVM
 * shutdown (Ctrl-C).
 */
final class AtomicTarget implements AutoCloseable {
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : PENDING) {
                deleteTree(p);
            }
        }, "stowage-partial-archive-cleanup"));
    }

    private final Path target;
    private final Path temp;
    private final boolean directory;
    private boolean committed;

    private AtomicTarget(Path target, Path temp, boolean directory) {
        this.target = target;
        this.temp = temp;
        this.directory = directory;
        PENDING.add(temp);
    }

    /** A temporary file beside {@code target}, which must not be a directory. */
    static AtomicTarget file(Path target) {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new StowageException(ErrorCode.OUTPUT, "output path \"" + target + "\" is a directory",
                    "give a file name with -f, for example -f " + target.resolve("dump.custom"));
        }
        Path dir = parentOf(absolute, target);
        try {
            return new AtomicTarget(absolute, Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".partial"), false);
        } catch (IOException e) {
            throw failure(target, e, "check that the directory exists and is writable");
        }
    }

    /**
     * A temporary directory beside {@code target}, which must not exist or be an empty directory
     * (pg_dump's rule: "could not create directory" otherwise).
     */
    static AtomicTarget directory(Path target) {
        Path absolute = target.toAbsolutePath();
        if (Files.exists(absolute) && !isEmptyDirectory(absolute)) {
            throw new StowageException(ErrorCode.OUTPUT, "could not create directory \"" + target + "\": "
                    + (Files.isDirectory(absolute) ? "it exists and is not empty" : "a file of that name exists"),
                    "give a new directory name with -f, or empty or remove that one");
        }
        Path dir = parentOf(absolute, target);
        try {
            return new AtomicTarget(absolute, Files.createTempDirectory(dir, "." + absolute.getFileName() + "."), true);
        } catch (IOException e) {
            throw failure(target, e, "check that the directory exists and is writable");
        }
    }

    /**
     * A scratch file in {@code dir}, deleted on close (and at JVM shutdown); never committed.
     */
    static AtomicTarget scratch(Path dir, String label) {
        try {
            return new AtomicTarget(null, Files.createTempFile(dir, ".stowage-" + label + ".", ".spool"), false);
        } catch (IOException e) {
            throw failure(dir, e, "check that the directory is writable and has free space, or set java.io.tmpdir");
        }
    }

    /** The temporary file or directory to write. */
    Path temp() {
        return temp;
    }

    Path target() {
        return target;
    }

    /** Renames the temporary path to the target, then syncs the directory holding it with {@code sync}. */
    void commit(io.stowage.core.io.FileSync sync) {
        try {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                // an existing empty target directory, where rename(2) could not replace it
                if (!directory || !isEmptyDirectory(target)) {
                    throw e;
                }
                Files.delete(target);
                Files.move(temp, target);
            }
            committed = true;
            PENDING.remove(temp);
            sync.directory(target.getParent());
        } catch (IOException e) {
            throw failure(target, e, "check free space and permissions");
        }
    }

    /** Deletes the temporary path unless committed. */
    @Override
    public void close() {
        if (!committed) {
            deleteTree(temp);
            PENDING.remove(temp);
        }
    }

    private static Path parentOf(Path absolute, Path target) {
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new StowageException(ErrorCode.OUTPUT, "cannot write \"" + target + "\": directory \"" + dir + "\" does not exist",
                    "create the directory first or choose another path");
        }
        return dir;
    }

    private static boolean isEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    static StowageException failure(Path target, IOException e, String fix) {
        String m = e.getMessage();
        return new StowageException(ErrorCode.OUTPUT, "cannot write \"" + target + "\": "
                + e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase()
                + (m == null ? "" : " (" + m + ")"), fix, e);
    }

    static void deleteTree(Path root) {
        try {
            if (!Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(root);
                return;
            }
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // best effort: the shutdown hook tries once more
        }
    }
}
