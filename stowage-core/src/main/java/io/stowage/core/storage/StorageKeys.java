package io.stowage.core.storage;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

/**
 * The rules for keys, shared by every backend so that a key valid on one is valid on all: a key must
 * map to the same file under a local root as to the same S3 object name, and must never escape the
 * root through {@code ..}, an absolute path or a backslash that a filesystem might read as a
 * separator.
 */
public final class StorageKeys {
    private StorageKeys() {
    }

    /**
     * Returns {@code key} when it is a valid key.
     *
     * @throws StowageException USAGE naming the key and the rule it breaks
     */
    public static String check(String key) {
        String problem = problem(key);
        if (problem != null) {
            throw new StowageException(ErrorCode.USAGE, "invalid storage key \"" + key + "\": " + problem,
                    "use a relative name of '/'-separated parts such as \"backup-1/archive.dump\"");
        }
        return key;
    }

    /**
     * Returns {@code prefix} when it can start a valid key ({@code ""} included): the rules of
     * {@link #check} apply to its complete segments, and a trailing '/' is allowed.
     */
    public static String checkPrefix(String prefix) {
        if (prefix == null) {
            throw new StowageException(ErrorCode.USAGE, "invalid storage prefix: null", "use \"\" to list everything");
        }
        if (prefix.isEmpty()) {
            return prefix;
        }
        check(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        return prefix;
    }

    private static String problem(String key) {
        if (key == null || key.isEmpty()) {
            return "it is empty";
        }
        if (key.startsWith("/")) {
            return "it is absolute (starts with '/')";
        }
        if (key.indexOf('\\') >= 0) {
            return "it contains a backslash";
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < 0x20 || key.charAt(i) == 0x7f) {
                return "it contains a control character";
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                return "it has an empty part ('//' or a trailing '/')";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "it has a '" + segment + "' part";
            }
            if (LocalStorage.isTempName(segment)) {
                return "'" + segment + "' is reserved for objects being written";
            }
        }
        return null;
    }
}
