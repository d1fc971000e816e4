package io.stowage.core.io;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a file under a temporary name beside the target and renames it into place only on
 * {@link #commit()}, so that a failed or interrupted run never leaves a half-written file under
 * the name the user asked for. Closing without committing deletes the temporary file, and so does
 * JVM shutdown (Ctrl-C), which skips the {@code finally} blocks that would otherwise clean up.
 */
public final class AtomicFileOutput extends FilterOutputStream {
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : PENDING) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // shutting down: nothing else can be done
                }
            }
        }, "stowage-partial-output-cleanup"));
    }

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private boolean committed;
    private boolean closed;

    private AtomicFileOutput(Path target, Path temp, FileChannel channel) {
        super(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
        this.target = target;
        this.temp = temp;
        this.channel = channel;
    }

    /**
     * Opens a temporary file next to {@code target}.
     *
     * @throws StowageException with {@link ErrorCode#OUTPUT} when the target is a directory or its
     *                          directory is missing or not writable
     */
    public static AtomicFileOutput open(Path target) {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new StowageException(ErrorCode.OUTPUT, "output path \"" + target + "\" is a directory",
                    "give a file name with -f, for example -f " + target.resolve("dump.sql"));
        }
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new StowageException(ErrorCode.OUTPUT, "cannot write \"" + target + "\": directory \"" + dir + "\" does not exist",
                    "create the directory first or choose another path");
        }
        try {
            Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".partial");
            PENDING.add(temp);
            return new AtomicFileOutput(absolute, temp, FileChannel.open(temp, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new StowageException(ErrorCode.OUTPUT, "cannot write \"" + target + "\": " + describe(e),
                    "check that the directory exists and is writable", e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    /** Flushes, closes and renames the temporary file to the target, syncing nothing. */
    public void commit() {
        commit(FileSync.NONE);
    }

    /**
     * Flushes, syncs the file with {@code sync}, closes it and renames it to the target, then syncs
     * the directory holding it: with {@link FileSync#DURABLE} the target is on disk under its name
     * when this returns.
     */
    public void commit(FileSync sync) {
        try {
            out.flush();
            sync.file(temp, channel);
            out.close();
            closed = true;
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
            PENDING.remove(temp);
            sync.directory(target.getParent());
        } catch (IOException e) {
            discard();
            throw new StowageException(ErrorCode.OUTPUT, "cannot write \"" + target + "\": " + describe(e),
                    "check free space and permissions", e);
        }
    }

    /** Closes the stream; without a prior {@link #commit()} the temporary file is deleted. */
    @Override
    public void close() {
        if (!committed) {
            discard();
        }
    }

    private void discard() {
        try {
            if (!closed) {
                closed = true;
                out.close();
            }
        } catch (IOException ignored) {
            // the temporary file is deleted below; a failing close changes nothing for the user
        }
        try {
            Files.deleteIfExists(temp);
            PENDING.remove(temp);
        } catch (IOException ignored) {
            // best effort: the shutdown hook tries once more
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase()
                + (m == null ? "" : " (" + m + ")");
    }
}
