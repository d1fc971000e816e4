package io.stowage.repo;

import io.stowage.core.error.ErrorCode;
import io.stowage.core.error.StowageException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TimeZone;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class RetentionTest {
    private static final Random RANDOM = new Random(7);

    private static BackupInfo backup(String database, String started) {
        Instant start = Instant.parse(started);
        return new BackupInfo(BackupKey.create(database, start, RANDOM), database, "15.19", "postgresql://u@h/" + database,
                "native", "custom", "gzip", List.of(), "0.1.0", start, start.plusSeconds(3), 100, "ab".repeat(32), 10, Map.of());
    }

    private static RetentionPolicy policy(int last, int daily, int weekly, int monthly, int yearly) {
        return new RetentionPolicy(last, daily, weekly, monthly, yearly);
    }

    /** The kept backups' start times (as given to {@link #backup}) with their reasons, newest first. */
    private static Map<String, String> kept(List<Retention.Decision> plan) {
        return plan.stream().filter(Retention.Decision::keep).collect(Collectors.toMap(d -> d.backup().started().toString(),
                d -> String.join(", ", d.reasons()), (a, b) -> a, java.util.LinkedHashMap::new));
    }

    /** The given backups in a shuffled order, so that the planner's own sorting is what is tested. */
    private static List<BackupInfo> shuffled(BackupInfo... backups) {
        List<BackupInfo> list = new ArrayList<>(List.of(backups));
        Collections.shuffle(list, new Random(42));
        return list;
    }

    @Test
    void keepLastKeepsTheNewestAndNumbersThem() {
        List<BackupInfo> all = shuffled(backup("db", "2026-11-20T10:00:00Z"), backup("db", "2026-11-21T10:00:00Z"),
                backup("db", "2026-11-22T10:00:00Z"), backup("db", "2026-11-19T10:00:00Z"), backup("db", "2026-11-18T10:00:00Z"));
        List<Retention.Decision> plan = Retention.plan(all, policy(3, 0, 0, 0, 0));
        assertThat(plan).extracting(d -> d.backup().started().toString()).containsExactly("2026-11-22T10:00:00Z",
                "2026-11-21T10:00:00Z", "2026-11-20T10:00:00Z", "2026-11-19T10:00:00Z", "2026-11-18T10:00:00Z");
        assertThat(kept(plan)).containsExactly(entry("2026-11-22T10:00:00Z", "last 1"), entry("2026-11-21T10:00:00Z", "last 2"),
                entry("2026-11-20T10:00:00Z", "last 3"));
        assertThat(plan.subList(3, 5)).allSatisfy(d -> assertThat(d.keep()).isFalse()).allSatisfy(d -> assertThat(d.reasons()).isEmpty());
    }

    @Test
    void dailyKeepsTheNewestOfEachDayThatHasBackups() {
        List<BackupInfo> all = shuffled(backup("db", "2026-11-22T08:00:00Z"), backup("db", "2026-11-22T20:00:00Z"),
                backup("db", "2026-11-22T14:00:00Z"), backup("db", "2026-11-20T23:00:00Z"), backup("db", "2026-11-20T01:00:00Z"),
                backup("db", "2026-11-15T12:00:00Z"));
        // the 21st has no backup: the two most recent days that have backups are the 22nd and the 20th
        assertThat(kept(Retention.plan(all, policy(0, 2, 0, 0, 0)))).containsExactly(
                entry("2026-11-22T20:00:00Z", "daily 2026-11-22"), entry("2026-11-20T23:00:00Z", "daily 2026-11-20"));
    }

    @Test
    void daysAreUtcDaysWhateverTheDefaultZone() {
        TimeZone before = TimeZone.getDefault();
        // in Auckland (UTC+13 in November) both backups fall on the 23rd
        TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Auckland"));
        try {
            List<BackupInfo> all = shuffled(backup("db", "2026-11-22T23:59:59Z"), backup("db", "2026-11-22T11:30:00Z"),
                    backup("db", "2026-11-23T00:00:00Z"));
            assertThat(kept(Retention.plan(all, policy(0, 5, 0, 0, 0)))).containsExactly(
                    entry("2026-11-23T00:00:00Z", "daily 2026-11-23"), entry("2026-11-22T23:59:59Z", "daily 2026-11-22"));
        } finally {
            TimeZone.setDefault(before);
        }
    }

    @Test
    void isoWeeksRunAcrossTheYearBoundary() {
        // 2020-12-28 is a Monday; 2020-W53 runs to Sunday 2021-01-03; 2021-W01 starts on Monday 2021-01-04
        List<BackupInfo> all = shuffled(backup("db", "2020-12-28T09:00:00Z"), backup("db", "2021-01-01T09:00:00Z"),
                backup("db", "2021-01-03T09:00:00Z"), backup("db", "2021-01-04T09:00:00Z"), backup("db", "2020-12-27T09:00:00Z"));
        assertThat(kept(Retention.plan(all, policy(0, 0, 3, 0, 0)))).containsExactly(
                entry("2021-01-04T09:00:00Z", "weekly 2021-W01"), entry("2021-01-03T09:00:00Z", "weekly 2020-W53"),
                entry("2020-12-27T09:00:00Z", "weekly 2020-W52"));
        // and the other way: Monday 2024-12-30 already belongs to 2025-W01
        List<BackupInfo> other = shuffled(backup("db", "2025-01-05T09:00:00Z"), backup("db", "2024-12-30T09:00:00Z"),
                backup("db", "2024-12-29T09:00:00Z"));
        assertThat(kept(Retention.plan(other, policy(0, 0, 5, 0, 0)))).containsExactly(
                entry("2025-01-05T09:00:00Z", "weekly 2025-W01"), entry("2024-12-29T09:00:00Z", "weekly 2024-W52"));
    }

    @Test
    void monthsAndYearsAreCalendarMonthsAndYears() {
        List<BackupInfo> all = shuffled(backup("db", "2021-01-01T00:00:00Z"), backup("db", "2020-12-31T23:59:59Z"),
                backup("db", "2020-12-01T00:00:00Z"), backup("db", "2020-11-30T23:00:00Z"), backup("db", "2019-06-15T12:00:00Z"));
        assertThat(kept(Retention.plan(all, policy(0, 0, 0, 3, 0)))).containsExactly(
                entry("2021-01-01T00:00:00Z", "monthly 2021-01"), entry("2020-12-31T23:59:59Z", "monthly 2020-12"),
                entry("2020-11-30T23:00:00Z", "monthly 2020-11"));
        assertThat(kept(Retention.plan(all, policy(0, 0, 0, 0, 2)))).containsExactly(
                entry("2021-01-01T00:00:00Z", "yearly 2021"), entry("2020-12-31T23:59:59Z", "yearly 2020"));
    }

    @Test
    void countsLargerThanTheBackupsKeepEverythingOnce() {
        List<BackupInfo> all = shuffled(backup("db", "2026-11-22T10:00:00Z"), backup("db", "2026-11-21T10:00:00Z"),
                backup("db", "2026-10-01T10:00:00Z"));
        List<Retention.Decision> plan = Retention.plan(all, policy(10, 100, 100, 100, 100));
        assertThat(plan).hasSize(3).allSatisfy(d -> assertThat(d.keep()).isTrue());
        assertThat(kept(plan)).containsExactly(
                entry("2026-11-22T10:00:00Z", "last 1, daily 2026-11-22, weekly 2026-W47, monthly 2026-11, yearly 2026"),
                entry("2026-11-21T10:00:00Z", "last 2, daily 2026-11-21"),
                entry("2026-10-01T10:00:00Z", "last 3, daily 2026-10-01, weekly 2026-W40, monthly 2026-10"));
    }

    @Test
    void aRuleAtZeroKeepsNothingAndNoRuleAtAllIsRefused() {
        List<BackupInfo> all = shuffled(backup("db", "2026-11-22T10:00:00Z"), backup("db", "2026-11-21T10:00:00Z"));
        assertThat(kept(Retention.plan(all, policy(1, 0, 0, 0, 0)))).containsOnlyKeys("2026-11-22T10:00:00Z");
        assertThatThrownBy(() -> Retention.plan(all, policy(0, 0, 0, 0, 0))).isInstanceOfSatisfying(StowageException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE)).hasMessageContaining("would remove every backup");
        assertThatThrownBy(() -> Retention.plan(List.of(), policy(0, 0, 0, 0, 0))).isInstanceOf(StowageException.class);
        assertThat(Retention.plan(List.of(), policy(1, 1, 1, 1, 1))).isEmpty();
    }

    @Test
    void negativeCountsAreUsageErrors() {
        assertThatThrownBy(() -> policy(0, -1, 0, 0, 0)).isInstanceOfSatisfying(StowageException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE)).hasMessageContaining("--keep-daily -1");
        assertThat(policy(2, 0, 4, 0, 1).describe()).isEqualTo("last 2, weekly 4, yearly 1");
        assertThat(policy(0, 0, 0, 0, 0).keepsNothing()).isTrue();
        assertThat(policy(0, 0, 0, 0, 1).keepsNothing()).isFalse();
    }

    @Test
    void withinOneSecondTheLaterStartIsNewer() {
        BackupInfo early = backup("db", "2026-11-22T10:00:00.100Z");
        BackupInfo late = backup("db", "2026-11-22T10:00:00.900Z");
        assertThat(early.key().timestamp()).isEqualTo(late.key().timestamp());
        for (List<BackupInfo> order : List.of(List.of(early, late), List.of(late, early))) {
            List<Retention.Decision> plan = Retention.plan(order, policy(1, 1, 0, 0, 0));
            assertThat(plan).extracting(Retention.Decision::backup).containsExactly(late, early);
            assertThat(plan.get(0).reasons()).containsExactly("last 1", "daily 2026-11-22");
            assertThat(plan.get(1).keep()).isFalse();
        }
    }

    @Test
    void eachDatabaseIsPlannedOnItsOwn() {
        List<BackupInfo> all = shuffled(backup("shop", "2026-11-22T10:00:00Z"), backup("shop", "2026-11-21T10:00:00Z"),
                backup("crm", "2026-11-10T10:00:00Z"), backup("crm", "2026-11-09T10:00:00Z"), backup("shop", "2026-11-20T10:00:00Z"));
        List<Retention.Decision> plan = Retention.plan(all, policy(1, 0, 0, 0, 0));
        // crm's newest is older than every shop backup, yet it is crm's last 1
        assertThat(plan).extracting(d -> d.backup().database() + " " + d.backup().started() + " " + d.keep()).containsExactly(
                "crm 2026-11-10T10:00:00Z true", "crm 2026-11-09T10:00:00Z false",
                "shop 2026-11-22T10:00:00Z true", "shop 2026-11-21T10:00:00Z false", "shop 2026-11-20T10:00:00Z false");
    }

    @Test
    void aQuarterOfTwiceDailyBackups() {
        List<BackupInfo> all = new ArrayList<>();
        for (Instant day = Instant.parse("2026-01-01T00:00:00Z"); day.isBefore(Instant.parse("2026-04-01T00:00:00Z"));
             day = day.plus(Duration.ofDays(1))) {
            all.add(backup("app", day.plus(Duration.ofHours(10)).toString()));
            all.add(backup("app", day.plus(Duration.ofHours(22)).toString()));
        }
        Collections.shuffle(all, new Random(3));
        List<Retention.Decision> plan = Retention.plan(all, policy(2, 7, 4, 3, 0));
        assertThat(plan).hasSize(180);
        // 2026-03-31 is a Tuesday: its week (W14) began on the 30th
        assertThat(kept(plan)).containsExactly(
                entry("2026-03-31T22:00:00Z", "last 1, daily 2026-03-31, weekly 2026-W14, monthly 2026-03"),
                entry("2026-03-31T10:00:00Z", "last 2"),
                entry("2026-03-30T22:00:00Z", "daily 2026-03-30"),
                entry("2026-03-29T22:00:00Z", "daily 2026-03-29, weekly 2026-W13"),
                entry("2026-03-28T22:00:00Z", "daily 2026-03-28"),
                entry("2026-03-27T22:00:00Z", "daily 2026-03-27"),
                entry("2026-03-26T22:00:00Z", "daily 2026-03-26"),
                entry("2026-03-25T22:00:00Z", "daily 2026-03-25"),
                entry("2026-03-22T22:00:00Z", "weekly 2026-W12"),
                entry("2026-03-15T22:00:00Z", "weekly 2026-W11"),
                entry("2026-02-28T22:00:00Z", "monthly 2026-02"),
                entry("2026-01-31T22:00:00Z", "monthly 2026-01"));
    }
}
