package io.stowage.core.storage;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link Storage} in a local directory: key {@code a/b} is the file {@code ROOT/a/b}.
 *
 * <p>Objects are written to a hidden temporary file in their target directory ({@code .b.NNN.partial},
 * a name no key may have) and renamed over the target on close, after the file and then the directory
 * are synced, so a crash leaves either the old object or the whole new one. Symbolic links that lead
 * out of the root are refused rather than followed.
 */
public final class LocalStorage implements Storage {
    private static final String TEMP_SUFFIX = ".partial";

    private final Path root;

    private LocalStorage(Path root) {
        this.root = root;
    }

    /**
     * Opens (creating it if needed) the directory {@code root}.
     *
     * @throws StowageException OUTPUT when it cannot be created or is not a directory
     */
    public static LocalStorage open(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
            return new LocalStorage(absolute.toRealPath());
        } catch (IOException e) {
            throw new StowageException(ErrorCode.OUTPUT, "cannot use \"" + absolute + "\" as a storage directory: " + reason(e),
                    "give a writable directory", e);
        }
    }

    /** The root directory (its real path). */
    public Path root() {
        return root;
    }

    /** Whether a file name is one of the temporary names that objects are written under. */
    static boolean isTempName(String name) {
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
    }

    @Override
    public StorageOutput create(String key) {
        Path target = resolve(key);
        try {
            Path dir = target.getParent();
            Files.createDirectories(dir);
            inside(key, dir.toRealPath());
            Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", TEMP_SUFFIX);
            FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
            return new LocalOutput(key, target, temp, channel);
        } catch (IOException e) {
            throw new StowageException(ErrorCode.OUTPUT, "cannot write \"" + key + "\" in " + describe() + ": " + reason(e),
                    "check that the directory is writable and has free space", e);
        }
    }

    @Override
    public InputStream open(String key) {
        Path real = existing(key).orElseThrow(() -> notFound(key, null));
        try {
            return Files.newInputStream(real);
        } catch (NoSuchFileException e) {
            throw notFound(key, e);
        } catch (IOException e) {
            throw unreadable(key, e);
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        Optional<Path> real = existing(key);
        if (real.isEmpty()) {
            return Optional.empty();
        }
        try {
            BasicFileAttributes a = Files.readAttributes(real.get(), BasicFileAttributes.class);
            return Optional.of(new StoredObject(key, a.size(), a.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unreadable(key, e);
        }
    }

    /** The object's file itself (its real path, inside the root), which is never written in place. */
    @Override
    public Optional<Path> localFile(String key) {
        return existing(key);
    }

    /**
     * The real path of the object's file when it is a regular file inside the root; empty when
     * there is none. A link that leads out of the root is refused, whichever method asks.
     */
    private Optional<Path> existing(String key) {
        try {
            Path real = resolve(key).toRealPath();
            inside(key, real);
            return Files.isRegularFile(real) ? Optional.of(real) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unreadable(key, e);
        }
    }

    private StowageException unreadable(String key, IOException e) {
        return new StowageException(ErrorCode.INPUT, "cannot read \"" + key + "\" in " + describe() + ": " + reason(e),
                "check the file's permissions", e);
    }

    @Override
    public List<StoredObject> list(String prefix) {
        StorageKeys.checkPrefix(prefix);
        // walk only the deepest directory the prefix names, not the whole repository
        int lastSlash = prefix.lastIndexOf('/');
        Path start = lastSlash < 0 ? root : root.resolve(prefix.substring(0, lastSlash));
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<StoredObject> found = new ArrayList<>();
        // Files.walk does not follow symbolic links by default: a link is listed as itself and skipped
        try (Stream<Path> files = Files.walk(start)) {
            files.forEach(p -> {
                String key = keyOf(p);
                if (!key.startsWith(prefix) || isTempName(p.getFileName().toString())) {
                    return;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile()) {
                        found.add(new StoredObject(key, a.size(), a.lastModifiedTime().toInstant()));
                    }
                } catch (NoSuchFileException e) {
                    // deleted while we walked: it is simply not listed
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new StowageException(ErrorCode.INPUT, "cannot list " + describe() + ": " + reason(io),
                    "check the directory's permissions", io);
        }
        found.sort(Comparator.comparing(StoredObject::key));
        return found;
    }

    @Override
    public void delete(String key) {
        Path file = resolve(key);
        try {
            Path dir = file.getParent().toRealPath();
            inside(key, dir);
            Files.deleteIfExists(file);
            pruneEmptyDirectories(dir);
        } catch (NoSuchFileException e) {
            // nothing to delete
        } catch (IOException e) {
            throw new StowageException(ErrorCode.OUTPUT, "cannot delete \"" + key + "\" in " + describe() + ": " + reason(e),
                    "check the directory's permissions", e);
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public void close() {
        // nothing is held open between calls
    }

    @Override
    public String toString() {
        return "LocalStorage[" + root + "]";
    }

    /** Removes directories left empty by a delete, so deleted backups leave no skeleton behind. */
    private void pruneEmptyDirectories(Path dir) {
        Path d = dir;
        while (d != null && !d.equals(root) && d.startsWith(root)) {
            try {
                Files.delete(d);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            } catch (IOException e) {
                return; // best effort: an empty directory is harmless
            }
            d = d.getParent();
        }
    }

    private Path resolve(String key) {
        return root.resolve(StorageKeys.check(key));
    }

    private void inside(String key, Path real) {
        if (!real.startsWith(root)) {
            throw new StowageException(ErrorCode.INPUT, "storage key \"" + key + "\" leads outside " + describe()
                    + " through a symbolic link", "remove the link; keys must stay inside the storage directory");
        }
    }

    private String keyOf(Path file) {
        StringBuilder sb = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    private StowageException notFound(String key, Throwable cause) {
        return new StowageException(ErrorCode.INPUT, "no object \"" + key + "\" in " + describe(),
                "check the key (list the storage to see what is there)", cause);
    }

    static String reason(IOException e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase();
        return m == null ? kind : kind + " (" + m + ")";
    }

    /** Streams into the temporary file; publishes it by rename on close. */
    private final class LocalOutput extends StorageOutput {
        private final String key;
        private final Path target;
        private final Path temp;
        private final FileChannel channel;
        private final OutputStream out;
        private boolean done;

        LocalOutput(String key, Path target, Path temp, FileChannel channel) {
            this.key = key;
            this.target = target;
            this.temp = temp;
            this.channel = channel;
            this.out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (done) {
                throw new IOException("stream for \"" + key + "\" is closed");
            }
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (!done) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (done) {
                return;
            }
            done = true;
            try {
                out.flush();
                channel.force(true); // the data must be on disk before the name points at it
                channel.close();
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                syncDirectory(target.getParent());
            } catch (IOException e) {
                discard();
                throw new StowageException(ErrorCode.OUTPUT, "cannot write \"" + key + "\" in " + describe() + ": " + reason(e),
                        "check free space and permissions", e);
            }
        }

        @Override
        public void abort() {
            if (!done) {
                done = true;
                discard();
            }
        }

        private void discard() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the file is deleted next; its unflushed bytes do not matter
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a leftover .partial file is never listed and never read
            }
        }

        /** Makes the rename itself durable: on Linux a directory is synced through a read channel. */
        private void syncDirectory(Path dir) {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // some filesystems refuse to sync directories; the rename is still atomic
            }
        }
    }
}
