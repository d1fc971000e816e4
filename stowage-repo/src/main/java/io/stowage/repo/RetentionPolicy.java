package io.stowage.repo;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;

import java.util.ArrayList;
import java.util.List;

/**
 * Which backups a prune keeps, as restic's {@code forget} and borg's {@code prune} take it: the
 * {@code keepLast} newest backups, and the newest backup of each of the {@code keepDaily} most recent
 * days that have backups (likewise ISO weeks, calendar months and years), all in UTC. A backup is kept
 * when any rule keeps it. Each count is zero (the rule is off) or more; a policy whose every count is
 * zero would remove everything and is refused by {@link #requireSomethingKept()} and {@link Retention#plan}.
 *
 * @param keepLast    how many of the newest backups to keep
 * @param keepDaily   for how many days (the most recent that have backups) to keep the day's newest
 * @param keepWeekly  likewise for ISO weeks (Monday to Sunday; the week-based year)
 * @param keepMonthly likewise for calendar months
 * @param keepYearly  likewise for calendar years
 */
public record RetentionPolicy(int keepLast, int keepDaily, int keepWeekly, int keepMonthly, int keepYearly) {

    /** @throws StowageException USAGE naming the rule when a count is negative */
    public RetentionPolicy {
        check("--keep-last", keepLast);
        check("--keep-daily", keepDaily);
        check("--keep-weekly", keepWeekly);
        check("--keep-monthly", keepMonthly);
        check("--keep-yearly", keepYearly);
    }

    /** Whether no rule keeps anything, so that applying the policy would remove every backup. */
    public boolean keepsNothing() {
        return keepLast == 0 && keepDaily == 0 && keepWeekly == 0 && keepMonthly == 0 && keepYearly == 0;
    }

    /**
     * This policy, when it keeps something.
     *
     * @throws StowageException USAGE when every count is zero, which would remove every backup
     */
    public RetentionPolicy requireSomethingKept() {
        if (keepsNothing()) {
            throw new StowageException(ErrorCode.USAGE, "no keep rule given, so the prune would remove every backup",
                    "give at least one of --keep-last, --keep-daily, --keep-weekly, --keep-monthly, --keep-yearly with a count above 0");
        }
        return this;
    }

    /** The rules in effect, for example {@code last 3, daily 7, monthly 12}, or {@code nothing}. */
    public String describe() {
        List<String> rules = new ArrayList<>();
        String[] names = {"last", "daily", "weekly", "monthly", "yearly"};
        int[] counts = {keepLast, keepDaily, keepWeekly, keepMonthly, keepYearly};
        for (int i = 0; i < names.length; i++) {
            if (counts[i] > 0) {
                rules.add(names[i] + " " + counts[i]);
            }
        }
        return rules.isEmpty() ? "nothing" : String.join(", ", rules);
    }

    private static void check(String option, int count) {
        if (count < 0) {
            throw new StowageException(ErrorCode.USAGE, option + " " + count + " is negative",
                    "give a count of 0 or more");
        }
    }
}
