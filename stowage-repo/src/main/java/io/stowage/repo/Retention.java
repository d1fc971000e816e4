package io.stowage.repo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Plans a prune: which backups a {@link RetentionPolicy} keeps and why. Backups of different databases
 * are planned separately (restic's {@code --group-by host}), so a repository that holds several
 * databases keeps the policy's backups of each. A backup's time is its key's timestamp (the second
 * the dump started, UTC); within one second the metadata's start time, then the key, decide.
 *
 * <p>Within a database the backups are walked newest first, as restic does: {@code last} keeps the
 * first {@code keepLast}; {@code daily} keeps a backup whenever its UTC day differs from the day of
 * the last backup that rule kept, until it has kept {@code keepDaily} (so the newest backup of each of
 * the most recent days that have backups); {@code weekly} (ISO weeks, as {@code 2026-W47}),
 * {@code monthly} and {@code yearly} alike. The kept set is the union of the rules.
 */
public final class Retention {

    /**
     * What a prune does to one backup.
     *
     * @param backup  the backup
     * @param reasons why it is kept, for example {@code [last 1, daily 2026-11-22]}; empty when it is removed
     */
    public record Decision(BackupInfo backup, List<String> reasons) {
        public Decision {
            Objects.requireNonNull(backup, "backup");
            reasons = List.copyOf(reasons);
        }

        /** Whether the backup is kept. */
        public boolean keep() {
            return !reasons.isEmpty();
        }
    }

    /** A rule that keeps one backup per period: its name, its count and how it names a backup's period. */
    private record PeriodRule(String name, int count, Function<LocalDate, String> period) {
    }

    private static final Comparator<BackupInfo> NEWEST_FIRST = Comparator
            .comparing((BackupInfo b) -> b.key().timestamp())
            .thenComparing(BackupInfo::started)
            .thenComparing(BackupInfo::key)
            .reversed();

    private Retention() {
    }

    /**
     * The decision for every backup: grouped by database (in name order), newest first within a database.
     *
     * @throws io.stowage.core.error.StowageException USAGE when the policy keeps nothing, which would remove every backup
     */
    public static List<Decision> plan(List<BackupInfo> backups, RetentionPolicy policy) {
        policy.requireSomethingKept();
        Map<String, List<BackupInfo>> byDatabase = new TreeMap<>();
        for (BackupInfo b : backups) {
            byDatabase.computeIfAbsent(b.database(), d -> new ArrayList<>()).add(b);
        }
        List<Decision> decisions = new ArrayList<>();
        for (List<BackupInfo> group : byDatabase.values()) {
            decisions.addAll(planGroup(group, policy));
        }
        return decisions;
    }

    /**
     * Deletes the backups a plan removes, in its order, each with {@link Repository#delete} (metadata
     * first), and returns their keys.
     */
    public static List<BackupKey> apply(Repository repository, List<Decision> plan) {
        List<BackupKey> deleted = new ArrayList<>();
        for (Decision d : plan) {
            if (!d.keep()) {
                deleted.add(repository.delete(d.backup().key().value()));
            }
        }
        return deleted;
    }

    private static List<Decision> planGroup(List<BackupInfo> group, RetentionPolicy policy) {
        List<BackupInfo> sorted = new ArrayList<>(group);
        sorted.sort(NEWEST_FIRST);
        List<PeriodRule> rules = List.of(
                new PeriodRule("daily", policy.keepDaily(), LocalDate::toString),
                new PeriodRule("weekly", policy.keepWeekly(), d -> String.format("%d-W%02d",
                        d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))),
                new PeriodRule("monthly", policy.keepMonthly(), d -> String.format("%d-%02d", d.getYear(), d.getMonthValue())),
                new PeriodRule("yearly", policy.keepYearly(), d -> String.valueOf(d.getYear())));
        int[] kept = new int[rules.size()];
        String[] lastPeriod = new String[rules.size()];
        List<Decision> decisions = new ArrayList<>();
        for (int n = 0; n < sorted.size(); n++) {
            BackupInfo b = sorted.get(n);
            List<String> reasons = new ArrayList<>();
            if (n < policy.keepLast()) {
                reasons.add("last " + (n + 1));
            }
            LocalDate day = day(b.key().timestamp());
            for (int r = 0; r < rules.size(); r++) {
                PeriodRule rule = rules.get(r);
                String period = rule.period().apply(day);
                // newest first, so a period differing from the last kept one is a new, older period
                if (kept[r] < rule.count() && !period.equals(lastPeriod[r])) {
                    kept[r]++;
                    lastPeriod[r] = period;
                    reasons.add(rule.name() + " " + period);
                }
            }
            decisions.add(new Decision(b, reasons));
        }
        return decisions;
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
