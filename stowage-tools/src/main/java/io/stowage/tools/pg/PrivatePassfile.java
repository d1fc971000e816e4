package io.stowage.tools.pg;

import io.stowage.core.connect.Secret;
import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A libpq password file holding one password, in a directory of its own that only the current user
 * can enter ({@code 0700}), itself readable only by the current user ({@code 0600}, which libpq
 * insists on). The child finds it through {@code PGPASSFILE}, so the password is never on a command
 * line nor in any environment. {@link #close()} deletes file and directory; a JVM shutdown (Ctrl-C)
 * deletes those still open.
 */
public final class PrivatePassfile implements AutoCloseable {
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(PrivatePassfile::deleteQuietly),
                "stowage-passfile-cleanup"));
    }

    private final Path directory;
    private final Path file;

    private PrivatePassfile(Path directory, Path file) {
        this.directory = directory;
        this.file = file;
    }

    /**
     * Writes {@code password} as the one line {@code *:*:*:*:password}, which matches every host, port,
     * database and user the child may connect to (pg_dump's and pg_restore's later connections too).
     */
    public static PrivatePassfile create(Secret password) {
        String value = password.reveal();
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new StowageException(ErrorCode.USAGE, "a password containing a line break cannot be passed to the PostgreSQL tools",
                    "use the native engine, or change the password");
        }
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path dir = null;
        try {
            // created with the restrictive mode, not chmod-ed afterwards: there is no moment at which others could read it
            dir = posix ? Files.createTempDirectory("stowage-pgpass-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                    : Files.createTempDirectory("stowage-pgpass-");
            OPEN.add(dir);
            Path file = dir.resolve("pgpass");
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("*:*:*:*:");
                w.write(escape(value));
                w.write('\n');
            }
            return new PrivatePassfile(dir, file);
        } catch (IOException e) {
            if (dir != null) {
                deleteQuietly(dir);
                OPEN.remove(dir);
            }
            throw new StowageException(ErrorCode.OUTPUT, "cannot create a private password file for the PostgreSQL tools: "
                    + e.getMessage(), "check that the temporary directory (java.io.tmpdir) is writable", e);
        }
    }

    /** The file to name in {@code PGPASSFILE}. */
    public Path file() {
        return file;
    }

    /** Deletes the file and its directory. */
    @Override
    public void close() {
        deleteQuietly(directory);
        OPEN.remove(directory);
    }

    /** libpq's password file escapes {@code \} and {@code :} with a backslash. */
    static String escape(String password) {
        return password.replace("\\", "\\\\").replace(":", "\\:");
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve("pgpass"));
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // best effort: the directory is private to this user and lives in the temporary directory
        }
    }
}
