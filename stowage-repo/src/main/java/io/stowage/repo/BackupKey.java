package io.stowage.repo;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The name of one backup: {@code yyyyMMdd'T'HHmmss'Z'-<database>-<4 hex>}, for example
 * {@code 20261122T101500Z-pagila-3f9a}. Keys sort by time as plain strings (the timestamp comes first
 * and has a fixed width); the random suffix keeps two backups of one database in one second apart
 * (in one process, {@link #create} never hands out a key twice; across processes a clash is a
 * one-in-65536 chance per pair).
 *
 * @param value the key as text
 */
public record BackupKey(String value) implements Comparable<BackupKey> {
    /** The word that stands for the newest backup wherever a key is taken. */
    public static final String LATEST = "latest";

    /** The longest database part a key carries. */
    public static final int MAX_DATABASE_LENGTH = 40;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Pattern FORM = Pattern.compile("\\d{8}T\\d{6}Z-[a-z0-9_-]{1,40}-[0-9a-f]{4}");
    private static final Random RANDOM = new SecureRandom();
    /** How many recent (second, database) prefixes {@link #ISSUED} remembers. */
    private static final int REMEMBERED = 64;
    /**
     * The suffixes handed out per key prefix ({@code stamp-database-}), for the most recent prefixes
     * only: a key of a second long past is not asked for again (clocks aside, which the random suffix covers).
     */
    private static final Map<String, Set<String>> ISSUED = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
            return size() > REMEMBERED;
        }
    };

    public BackupKey {
        if (value == null || !FORM.matcher(value).matches()) {
            throw invalid(value);
        }
    }

    /** A new key for a backup of {@code database} started at {@code start}. */
    public static BackupKey create(String database, Instant start) {
        return create(database, start, RANDOM);
    }

    static BackupKey create(String database, Instant start, Random random) {
        String prefix = STAMP.format(start.truncatedTo(ChronoUnit.SECONDS)) + "-" + sanitise(database) + "-";
        synchronized (ISSUED) {
            Set<String> suffixes = ISSUED.computeIfAbsent(prefix, p -> new HashSet<>());
            if (suffixes.size() >= 0x10000) {
                throw new StowageException(ErrorCode.OUTPUT, "all 65536 keys for " + prefix + "* were taken",
                        "start the backup again a second later");
            }
            // two backups of one database started in one second in this process never share a key
            String suffix;
            do {
                suffix = String.format("%04x", random.nextInt(0x10000));
            } while (!suffixes.add(suffix));
            return new BackupKey(prefix + suffix);
        }
    }

    /**
     * Parses a key as a user gives it (not {@code latest}, which only a repository can resolve).
     *
     * @throws StowageException USAGE naming the text when it is not a key
     */
    public static BackupKey parse(String text) {
        return new BackupKey(text == null ? null : text.strip());
    }

    /** Whether {@code text} is a key. */
    public static boolean isValid(String text) {
        return text != null && FORM.matcher(text).matches();
    }

    /** When the backup started, to the second. */
    public Instant timestamp() {
        return STAMP.parse(value.substring(0, 16), Instant::from);
    }

    /**
     * The database name as a key carries it: lower case, characters outside {@code [a-z0-9_-]} as
     * {@code _}, at most {@link #MAX_DATABASE_LENGTH} characters, never empty.
     */
    static String sanitise(String database) {
        String lower = database == null ? "" : database.toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lower.length() && sb.length() < MAX_DATABASE_LENGTH; i++) {
            char c = lower.charAt(i);
            sb.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ? c : '_');
        }
        return sb.isEmpty() ? "db" : sb.toString();
    }

    @Override
    public int compareTo(BackupKey other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    private static StowageException invalid(String text) {
        return new StowageException(ErrorCode.USAGE, "\"" + text + "\" is not a backup key",
                "give a key as stowage backups list prints it (like 20261122T101500Z-pagila-3f9a), or latest");
    }
}
