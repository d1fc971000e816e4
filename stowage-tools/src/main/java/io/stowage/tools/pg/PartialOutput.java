package io.stowage.tools.pg;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The temporary name a tool writes its output under, beside the target, renamed into place only on
 * {@link #commit()}: a failed, cancelled or timed-out run never leaves a partial dump under the name
 * the user asked for. {@link #close()} without a commit deletes what was written; a JVM shutdown
 * (Ctrl-C) deletes what is still pending.
 */
final class PartialOutput implements AutoCloseable {
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> PENDING.forEach(PartialOutput::deleteTree),
                "stowage-tools-partial-output-cleanup"));
    }

    private final Path target;
    private final Path temp;
    private final boolean directory;
    private boolean committed;

    private PartialOutput(Path target, Path temp, boolean directory) {
        this.target = target;
        this.temp = temp;
        this.directory = directory;
    }

    /**
     * A temporary name beside {@code target}, which the tool creates (a file, or for the directory
     * format a directory).
     *
     * @throws StowageException ({@link ErrorCode#OUTPUT}) when the target's directory is missing, or the
     *                          target cannot be replaced (a directory where a file goes, a non-empty directory)
     */
    static PartialOutput beside(Path target, boolean directory) {
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new StowageException(ErrorCode.OUTPUT, "cannot write \"" + target + "\": directory \"" + parent + "\" does not exist",
                    "create the directory first or choose another path");
        }
        if (!directory && Files.isDirectory(absolute)) {
            throw new StowageException(ErrorCode.OUTPUT, "output path \"" + target + "\" is a directory",
                    "give a file name with -f, for example -f " + target.resolve("dump.sql"));
        }
        if (directory && Files.exists(absolute) && !emptyDirectory(absolute)) {
            // pg_dump's own rule for -F d: an existing directory must be empty
            throw new StowageException(ErrorCode.OUTPUT, "cannot create directory \"" + target + "\": it exists and is not empty",
                    "choose a new directory name, or empty the directory first");
        }
        Path temp = parent.resolve("." + absolute.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8) + ".partial");
        PENDING.add(temp);
        return new PartialOutput(absolute, temp, directory);
    }

    /** Where the tool writes. */
    Path temp() {
        return temp;
    }

    /** Renames the finished output to the target. */
    void commit() {
        try {
            if (directory && Files.isDirectory(target)) {
                Files.delete(target);   // empty, checked before the run; a rename cannot replace a directory
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
            PENDING.remove(temp);
        } catch (IOException e) {
            throw new StowageException(ErrorCode.OUTPUT, "cannot move the finished dump to \"" + target + "\": " + e.getMessage(),
                    "check permissions of the output's directory", e);
        }
    }

    /** Deletes the temporary output unless it was committed. */
    @Override
    public void close() {
        if (!committed) {
            deleteTree(temp);
            PENDING.remove(temp);
        }
    }

    private static boolean emptyDirectory(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort; the shutdown hook tries again
        }
    }
}
