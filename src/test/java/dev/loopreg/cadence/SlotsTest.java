package dev.loopreg.cadence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotsTest {

    static final ZoneId UTC = ZoneOffset.UTC;
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static Instant t(String s) {
        return Instant.parse(s);
    }

    @Test
    void plan_noRecordYet_oneSlotOverOneCronPeriod() {
        Slots.Plan p = Slots.plan("0 * * * *", UTC, t("2026-06-25T12:50:00Z"), null, null, false, null, 168);
        assertThat(p.slots()).containsExactly(new Slots.Slot(t("2026-06-25T12:00:00Z"), t("2026-06-25T11:00:00Z")));
    }

    @Test
    void plan_slotAlreadyRecorded_isUpToDate() {
        Slots.Plan p = Slots.plan("0 * * * *", UTC, t("2026-06-25T12:50:00Z"), t("2026-06-25T12:00:00Z"), null, false, null, 168);
        assertThat(p.upToDate()).isTrue();
        assertThat(p.latest()).isEqualTo(t("2026-06-25T12:00:00Z"));
    }

    @Test
    void plan_nowExactlyOnSlot_recordsThatSlot() {
        Slots.Plan p = Slots.plan("0 * * * *", UTC, t("2026-06-25T12:00:00Z"), t("2026-06-25T11:00:00Z"), null, false, null, 168);
        assertThat(p.slots()).containsExactly(new Slots.Slot(t("2026-06-25T12:00:00Z"), t("2026-06-25T11:00:00Z")));
    }

    @Test
    void plan_phaseEnteredExactlyAtTheLatestSlot_recordsNothingYet() {
        // init (or apply) at 00:00 sharp, collected at 00:50: (00:00, 00:00] is empty; a record for it would be invalid
        Slots.Plan p = Slots.plan("0 * * * *", UTC, t("2026-06-01T00:50:00Z"), null, t("2026-06-01T00:00:00Z"), false, null, 168);
        assertThat(p.upToDate()).isTrue();
        assertThat(p.latest()).isEqualTo(t("2026-06-01T00:00:00Z"));
        Slots.Plan next = Slots.plan("0 * * * *", UTC, t("2026-06-01T01:50:00Z"), null, t("2026-06-01T00:00:00Z"), false, null, 168);
        assertThat(next.slots()).containsExactly(new Slots.Slot(t("2026-06-01T01:00:00Z"), t("2026-06-01T00:00:00Z")));
    }

    @Test
    void plan_phaseEnteredAtTheLatestSlotAfterEarlierRecords_recordsOnlyTheClosingRecord() {
        // the new phase's interval (11:00, 11:00] is empty; the time since the last record closes the phase before
        Slots.Plan p = Slots.plan("0 11 * * *", UTC, t("2026-06-02T11:50:00Z"), t("2026-06-02T10:00:00Z"),
                t("2026-06-02T11:00:00Z"), false, null, 168);
        assertThat(p.slots()).containsExactly(new Slots.Slot(t("2026-06-02T11:00:00Z"), t("2026-06-02T10:00:00Z"), true));
        // and once it is written, nothing is left to record
        assertThat(Slots.plan("0 11 * * *", UTC, t("2026-06-02T11:50:00Z"), t("2026-06-02T11:00:00Z"),
                t("2026-06-02T11:00:00Z"), false, null, 168).upToDate()).isTrue();
    }

    @Test
    void plan_withoutBackfill_measuresSinceThePreviousRecord() {
        Slots.Plan p = Slots.plan("0 * * * *", UTC, t("2026-06-25T12:50:00Z"), t("2026-06-25T07:00:00Z"), null, false, null, 168);
        assertThat(p.slots()).containsExactly(new Slots.Slot(t("2026-06-25T12:00:00Z"), t("2026-06-25T07:00:00Z")));
    }

    @Test
    void plan_dailyCronCollectedHourly_givesOneRecordADay() {
        Instant last = t("2026-06-25T11:00:00Z");
        int appended = 0;
        Instant lastCycle = last;
        for (Instant now = t("2026-06-25T11:50:00Z"); now.isBefore(t("2026-06-28T11:00:00Z")); now = now.plus(Duration.ofHours(1))) {
            Slots.Plan p = Slots.plan("0 11 * * *", UTC, now, lastCycle, null, false, null, 168);
            if (!p.upToDate()) {
                appended += p.slots().size();
                lastCycle = p.slots().get(p.slots().size() - 1).cycle();
            }
        }
        // slots 26th, 27th at 11:00; the 28th's is after the last run
        assertThat(appended).isEqualTo(2);
        assertThat(lastCycle).isEqualTo(t("2026-06-27T11:00:00Z"));
    }

    @Test
    void plan_afterPromotionToDaily_firstDailyIntervalStartsAtTheLastHourlyRecord() {
        // hourly records up to 12:00, promoted at 12:30 to daily 11:00: the next slot is tomorrow 11:00
        Instant last = t("2026-06-25T12:00:00Z");
        Instant since = t("2026-06-25T12:30:00Z");
        // first the closing record of the hourly phase, (12:00, 12:30]
        Slots.Plan closing = Slots.plan("0 11 * * *", UTC, t("2026-06-25T20:00:00Z"), last, since, false, null, 168);
        assertThat(closing.slots()).containsExactly(new Slots.Slot(since, last, true));
        assertThat(Slots.plan("0 11 * * *", UTC, t("2026-06-25T20:00:00Z"), since, since, false, null, 168).upToDate()).isTrue();
        Slots.Plan p = Slots.plan("0 11 * * *", UTC, t("2026-06-26T11:50:00Z"), since, since, false, null, 168);
        assertThat(p.slots()).containsExactly(new Slots.Slot(t("2026-06-26T11:00:00Z"), since));
    }

    @Test
    void plan_afterDemotionToHourly_resumesHourlySlotsAfterTheLastDailyRecord() {
        Instant last = t("2026-06-25T11:00:00Z");
        Slots.Plan p = Slots.plan("0 * * * *", UTC, t("2026-06-25T15:10:00Z"), last, t("2026-06-25T14:20:00Z"), true, null, 168);
        // the rescues between the last daily record and the demotion land in the closing record of stabilize
        assertThat(p.slots()).containsExactly(new Slots.Slot(t("2026-06-25T14:20:00Z"), last, true),
                new Slots.Slot(t("2026-06-25T15:00:00Z"), t("2026-06-25T14:20:00Z")));
    }

    @Test
    void plan_backfill_fillsEveryMissedSlotOverItsOwnInterval() {
        Slots.Plan p = Slots.plan("0 * * * *", UTC, t("2026-06-25T12:50:00Z"), t("2026-06-25T09:00:00Z"), null, true, null, 168);
        assertThat(p.slots()).containsExactly(
                new Slots.Slot(t("2026-06-25T10:00:00Z"), t("2026-06-25T09:00:00Z")),
                new Slots.Slot(t("2026-06-25T11:00:00Z"), t("2026-06-25T10:00:00Z")),
                new Slots.Slot(t("2026-06-25T12:00:00Z"), t("2026-06-25T11:00:00Z")));
        assertThat(p.skipped()).isZero();
    }

    @Test
    void plan_backfillBeyondTheBound_keepsTheMostRecentSlotsAndCountsTheRest() {
        Slots.Plan p = Slots.plan("0 * * * *", UTC, t("2026-06-25T12:50:00Z"), t("2026-06-24T12:00:00Z"), null, true, null, 5);
        assertThat(p.slots()).hasSize(5);
        assertThat(p.slots().get(0)).isEqualTo(new Slots.Slot(t("2026-06-25T08:00:00Z"), t("2026-06-25T07:00:00Z")));
        assertThat(p.slots().get(4).cycle()).isEqualTo(t("2026-06-25T12:00:00Z"));
        assertThat(p.skipped()).isEqualTo(19);
    }

    @Test
    void plan_backfillWithoutRecords_startsAtSince() {
        Slots.Plan p = Slots.plan("0 11 * * *", UTC, t("2026-06-25T12:00:00Z"), null, null, true, t("2026-06-22T12:00:00Z"), 168);
        assertThat(p.slots()).extracting(Slots.Slot::cycle)
                .containsExactly(t("2026-06-23T11:00:00Z"), t("2026-06-24T11:00:00Z"), t("2026-06-25T11:00:00Z"));
        assertThat(p.slots().get(0).from()).isEqualTo(t("2026-06-22T12:00:00Z"));
    }

    @Test
    void plan_backfill_neverReachesBeforeThePhaseStart_theTimeBeforeIsOneClosingRecord() {
        Slots.Plan p = Slots.plan("0 * * * *", UTC, t("2026-06-25T12:50:00Z"), t("2026-06-25T06:00:00Z"), t("2026-06-25T10:30:00Z"), true, null, 168);
        assertThat(p.slots()).containsExactly(
                new Slots.Slot(t("2026-06-25T10:30:00Z"), t("2026-06-25T06:00:00Z"), true),
                new Slots.Slot(t("2026-06-25T11:00:00Z"), t("2026-06-25T10:30:00Z")),
                new Slots.Slot(t("2026-06-25T12:00:00Z"), t("2026-06-25T11:00:00Z")));
    }

    @Test
    void plan_recordAfterTheLatestSlot_isUpToDate() {
        // last hourly record 12:00, now daily: the 11:00 slot is older than the last record and is not recorded
        Slots.Plan p = Slots.plan("0 11 * * *", UTC, t("2026-06-25T12:30:00Z"), t("2026-06-25T12:00:00Z"), null, true, null, 168);
        assertThat(p.upToDate()).isTrue();
    }

    @Test
    void hourlySlots_springForwardDay_has23AndFallBackDay24_oneSlotPerWallClockTime() {
        assertThat(slotsOfDay("0 * * * *", LocalDate.of(2026, 3, 29))).hasSize(23);
        assertThat(slotsOfDay("0 * * * *", LocalDate.of(2026, 10, 25))).hasSize(24);
        assertThat(slotsOfDay("0 * * * *", LocalDate.of(2026, 6, 25))).hasSize(24);
    }

    @Test
    void dailySlot_inTheRepeatedFallBackHour_isCollectedOnce() {
        List<Instant> s = slotsOfDay("30 2 * * *", LocalDate.of(2026, 10, 25));
        assertThat(s).containsExactly(t("2026-10-25T00:30:00Z")); // 02:30 CEST, the first of the two 02:30s
        // collecting during the second 02:30 (CET) finds the same, already recorded slot
        Slots.Plan p = Slots.plan("30 2 * * *", BERLIN, t("2026-10-25T01:45:00Z"), t("2026-10-25T00:30:00Z"), null, false, null, 168);
        assertThat(p.upToDate()).isTrue();
        assertThat(p.latest()).isEqualTo(t("2026-10-25T00:30:00Z"));
    }

    @Test
    void dailySlot_inTheSkippedSpringForwardHour_doesNotExistThatDay() {
        assertThat(slotsOfDay("30 2 * * *", LocalDate.of(2026, 3, 29))).isEmpty();
        Slots.Plan p = Slots.plan("30 2 * * *", BERLIN, t("2026-03-29T12:00:00Z"), t("2026-03-28T01:30:00Z"), null, true, null, 168);
        assertThat(p.upToDate()).isTrue();
    }

    @Test
    void hourlyBackfill_acrossFallBack_theRepeatedHourIsOneSlot_andTheRecordsTile() {
        Slots.Plan p = Slots.plan("0 * * * *", BERLIN, t("2026-10-25T03:10:00Z"), t("2026-10-24T23:00:00Z"), null, true, null, 168);
        // 02:00 CEST (00:00Z) is a slot; the second 02:00 (CET, 01:00Z) is the same wall-clock time and is not
        assertThat(p.slots()).extracting(Slots.Slot::cycle).containsExactly(
                t("2026-10-25T00:00:00Z"), t("2026-10-25T02:00:00Z"), t("2026-10-25T03:00:00Z"));
        assertThat(p.slots()).extracting(Slots.Slot::from).containsExactly(
                t("2026-10-24T23:00:00Z"), t("2026-10-25T00:00:00Z"), t("2026-10-25T02:00:00Z"));
    }

    @Test
    void aListOrRangeOfHours_followsTheSameRuleAsOneHour() {
        // 01:30, 02:30, 03:30 on the fall-back night: three wall-clock times, three slots (02:30 once)
        assertThat(slotsOfDay("30 1-3 * * *", LocalDate.of(2026, 10, 25))).containsExactly(
                t("2026-10-24T23:30:00Z"), t("2026-10-25T00:30:00Z"), t("2026-10-25T02:30:00Z"));
        assertThat(slotsOfDay("30 1,2,3 * * *", LocalDate.of(2026, 10, 25))).isEqualTo(slotsOfDay("30 1-3 * * *", LocalDate.of(2026, 10, 25)));
        assertThat(slotsOfDay("30 2 * * *", LocalDate.of(2026, 10, 25))).containsExactly(t("2026-10-25T00:30:00Z"));
        // spring forward: 02:30 does not exist, 01:30 and 03:30 do
        assertThat(slotsOfDay("30 1-3 * * *", LocalDate.of(2026, 3, 29))).containsExactly(
                t("2026-03-29T00:30:00Z"), t("2026-03-29T01:30:00Z"));
    }

    @Test
    void lordHowe_aTimeThatExistsAfterTheHalfHourShift_hasItsSlot() {
        ZoneId lh = ZoneId.of("Australia/Lord_Howe");
        // 2026-10-04 02:00 → 02:30 (+10:30 → +11:00): 02:15 does not exist, 02:45 does
        assertThat(Crons.latestAtOrBefore("45 2 * * *", lh, Instant.parse("2026-10-03T16:00:00Z")))
                .contains(java.time.LocalDateTime.of(2026, 10, 4, 2, 45).atZone(lh).toInstant());
        assertThat(Crons.next("15 2 * * *", lh, Instant.parse("2026-10-03T12:00:00Z")))
                .contains(java.time.LocalDateTime.of(2026, 10, 5, 2, 15).atZone(lh).toInstant());
    }

    /** The slots whose local date in Berlin is {@code day}, walked forwards as cron runs them. */
    static List<Instant> slotsOfDay(String cron, LocalDate day) {
        Instant start = day.atStartOfDay(BERLIN).toInstant().minusSeconds(1);
        Instant end = day.plusDays(1).atStartOfDay(BERLIN).toInstant().minusSeconds(1);
        Slots.Plan p = Slots.plan(cron, BERLIN, end, null, null, true, start, 1000);
        return p.slots().stream().map(Slots.Slot::cycle).toList();
    }
}
