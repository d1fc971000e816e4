package io.stowage.core.options;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.nio.file.Path;

/**
 * How to restore, mirroring pg_restore's options.
 *
 * @param input             the dump to read, or {@code null} for standard input
 * @param singleTransaction {@code -1}: everything in one transaction, all or nothing
 * @param clean             {@code -c}: drop each object before creating it
 * @param ifExists          {@code --if-exists}: use {@code IF EXISTS} in those drops
 * @param create            {@code -C}: create the dumped database and restore into it
 * @param noOwner           {@code -O}: skip ownership changes
 * @param noPrivileges      {@code -x}: skip GRANT and REVOKE
 * @param noComments        {@code --no-comments}: skip comments
 * @param exitOnError       {@code -e}: stop at the first error instead of counting and going on
 */
public record RestoreOptions(
        Path input,
        boolean singleTransaction,
        boolean clean,
        boolean ifExists,
        boolean create,
        boolean noOwner,
        boolean noPrivileges,
        boolean noComments,
        boolean exitOnError) {

    public RestoreOptions {
        if (ifExists && !clean) {
            throw new StowageException(ErrorCode.USAGE, "option --if-exists requires option -c/--clean",
                    "add -c, or drop --if-exists");
        }
        if (create && singleTransaction) {
            throw new StowageException(ErrorCode.USAGE, "options -C/--create and -1/--single-transaction cannot be used together",
                    "CREATE DATABASE cannot run inside a transaction; choose one of them");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder; {@link #build()} validates the combination. */
    public static final class Builder {
        private Path input;
        private boolean singleTransaction, clean, ifExists, create, noOwner, noPrivileges, noComments, exitOnError;

        public Builder input(Path v) { input = v; return this; }
        public Builder singleTransaction(boolean v) { singleTransaction = v; return this; }
        public Builder clean(boolean v) { clean = v; return this; }
        public Builder ifExists(boolean v) { ifExists = v; return this; }
        public Builder create(boolean v) { create = v; return this; }
        public Builder noOwner(boolean v) { noOwner = v; return this; }
        public Builder noPrivileges(boolean v) { noPrivileges = v; return this; }
        public Builder noComments(boolean v) { noComments = v; return this; }
        public Builder exitOnError(boolean v) { exitOnError = v; return this; }

        public RestoreOptions build() {
            return new RestoreOptions(input, singleTransaction, clean, ifExists, create, noOwner, noPrivileges, noComments, exitOnError);
        }
    }
}
