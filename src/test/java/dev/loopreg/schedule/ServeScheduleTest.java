package dev.loopreg.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopreg.schedule.ServeSchedule.Definition;
import dev.loopreg.schedule.ServeSchedule.Job;
import dev.loopreg.schedule.ServeSchedule.Kind;
import dev.loopreg.schedule.ServeSchedule.Missed;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ServeScheduleTest {

    static final ZoneId UTC = ZoneId.of("UTC");
    static final Instant NOW = Instant.parse("2026-06-25T12:10:00Z");

    @Test
    void jobs_takeTheCronOfTheRoleDefinitions() {
        Map<Kind, Job> j = ServeSchedule.jobs(List.of(
                new Definition("activity-definitions/collector.md", "collector", "50 * * * *", true),
                new Definition("activity-definitions/session.md", "session", "0 11 * * 1", null),
                new Definition("activity-definitions/other.md", null, "0 3 * * *", true)), Map.of(), "cadence.yml");
        assertThat(j.get(Kind.CYCLE)).isEqualTo(new Job(Kind.CYCLE, "50 * * * *", true, "activity-definitions/collector.md", null));
        assertThat(j.get(Kind.SESSION).cron()).isEqualTo("0 11 * * 1");
        assertThat(j.get(Kind.SESSION).runs()).isTrue();
    }

    @Test
    void jobs_disabledDefinition_isNotRun_andSaysHowToEnableIt() {
        Job j = ServeSchedule.jobs(List.of(new Definition("d/c.md", "collector", "50 * * * *", false)), Map.of(), "x").get(Kind.CYCLE);
        assertThat(j.runs()).isFalse();
        assertThat(j.cron()).isEqualTo("50 * * * *");
        assertThat(j.note()).isEqualTo("d/c.md: enabled: false (set enabled: true to let serve run it)");
    }

    @Test
    void jobs_badOrMissingCron_isNotRun_withThePlaceAndTheProblem() {
        Map<Kind, Job> j = ServeSchedule.jobs(List.of(new Definition("d/c.md", "collector", "every hour", true),
                new Definition("d/s.md", "session", null, true)), Map.of(), "x");
        assertThat(j.get(Kind.CYCLE).runs()).isFalse();
        assertThat(j.get(Kind.CYCLE).note()).startsWith("d/c.md: cron: 'every hour' ");
        assertThat(j.get(Kind.SESSION).note()).isEqualTo("d/s.md: cron: is missing; expected a five-field cron");
    }

    @Test
    void jobs_severalWithOneRole_theFirstByPathWins_withANote() {
        Job j = ServeSchedule.jobs(List.of(new Definition("d/b.md", "collector", "10 * * * *", true),
                new Definition("d/a.md", "collector", "20 * * * *", true)), Map.of(), "x").get(Kind.CYCLE);
        assertThat(j.cron()).isEqualTo("20 * * * *");
        assertThat(j.note()).isEqualTo("2 definitions have role: collector; d/a.md is used (the first by path)");
    }

    @Test
    void jobs_withoutDefinitions_fallBackToTheRegulatorsCadence_thenToTheDefaults() {
        Map<Kind, Job> j = ServeSchedule.jobs(List.of(), Map.of(Kind.CYCLE, "0 11 * * *"), "loops/regulator/cadence.yml");
        assertThat(j.get(Kind.CYCLE).cron()).isEqualTo("0 11 * * *");
        assertThat(j.get(Kind.CYCLE).source()).isEqualTo("loops/regulator/cadence.yml");
        assertThat(j.get(Kind.SESSION).cron()).isEqualTo(ServeSchedule.DEFAULT_SESSION_CRON);
        assertThat(j.get(Kind.SESSION).source()).isEqualTo("default");
    }

    @Test
    void changed_comparesCronAndWhetherItRuns() {
        Map<Kind, Job> a = ServeSchedule.jobs(List.of(new Definition("c", "collector", "50 * * * *", true)), Map.of(), "x");
        Map<Kind, Job> same = ServeSchedule.jobs(List.of(new Definition("c", "collector", "50 * * * *", true)), Map.of(), "x");
        Map<Kind, Job> cron = ServeSchedule.jobs(List.of(new Definition("c", "collector", "0 11 * * *", true)), Map.of(), "x");
        Map<Kind, Job> off = ServeSchedule.jobs(List.of(new Definition("c", "collector", "50 * * * *", false)), Map.of(), "x");
        assertThat(ServeSchedule.changed(a, same)).isEmpty();
        assertThat(ServeSchedule.changed(a, cron)).containsExactly(Kind.CYCLE);
        assertThat(ServeSchedule.changed(a, off)).containsExactly(Kind.CYCLE);
        assertThat(ServeSchedule.changed(Map.of(), a)).containsExactly(Kind.CYCLE, Kind.SESSION);
    }

    @Test
    void missed_theSlotsSinceTheLastRun_oldestFirst() {
        Missed m = ServeSchedule.missed("50 * * * *", UTC, Instant.parse("2026-06-25T08:50:00Z"), NOW, 24);
        assertThat(m.slots()).containsExactly(Instant.parse("2026-06-25T09:50:00Z"), Instant.parse("2026-06-25T10:50:00Z"),
                Instant.parse("2026-06-25T11:50:00Z"));
        assertThat(m.skipped()).isZero();
    }

    @Test
    void missed_boundKeepsTheMostRecent_andCountsTheRest() {
        Missed m = ServeSchedule.missed("50 * * * *", UTC, Instant.parse("2026-06-24T12:00:00Z"), NOW, 2);
        assertThat(m.slots()).containsExactly(Instant.parse("2026-06-25T10:50:00Z"), Instant.parse("2026-06-25T11:50:00Z"));
        assertThat(m.skipped()).isEqualTo(22);
    }

    @Test
    void missed_lastRunAtTheLatestSlot_isNone() {
        assertThat(ServeSchedule.missed("50 * * * *", UTC, Instant.parse("2026-06-25T11:50:00Z"), NOW, 24).none()).isTrue();
        assertThat(ServeSchedule.missed("50 * * * *", UTC, Instant.parse("2026-06-25T12:00:00Z"), NOW, 24).none()).isTrue();
    }

    @Test
    void missed_aSlotExactlyAtNow_counts() {
        Missed m = ServeSchedule.missed("10 * * * *", UTC, Instant.parse("2026-06-25T11:10:00Z"), NOW, 24);
        assertThat(m.slots()).containsExactly(NOW);
    }

    @Test
    void missed_noRunOnRecord_catchesUpTheLatestSlotOnly() {
        assertThat(ServeSchedule.missed("50 * * * *", UTC, null, NOW, 24).slots()).containsExactly(Instant.parse("2026-06-25T11:50:00Z"));
        Missed none = ServeSchedule.missed("50 * * * *", UTC, null, NOW, 0);
        assertThat(none.slots()).isEmpty();
        assertThat(none.skipped()).isEqualTo(1);
        assertThatThrownBy(() -> ServeSchedule.missed("50 * * * *", UTC, null, NOW, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missed_inTheWorkspaceTimeZone_acrossADaylightSavingChange() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // 2026-10-25: clocks go back at 03:00 CEST; the daily 11:00 local slot moves from 09:00Z to 10:00Z
        Missed m = ServeSchedule.missed("0 11 * * *", berlin, Instant.parse("2026-10-23T09:00:00Z"), Instant.parse("2026-10-26T12:00:00Z"), 24);
        assertThat(m.slots()).containsExactly(Instant.parse("2026-10-24T09:00:00Z"), Instant.parse("2026-10-25T10:00:00Z"),
                Instant.parse("2026-10-26T10:00:00Z"));
    }

    @Property(tries = 200)
    void missed_hourlySlots_areAllInTheGap_increasing_andAddUp(@ForAll @IntRange(min = 0, max = 500) int hoursBack,
                                                                @ForAll @IntRange(min = 0, max = 59) int minute,
                                                                @ForAll @IntRange(min = 0, max = 50) int max) {
        Instant last = NOW.minus(Duration.ofHours(hoursBack)).minus(Duration.ofMinutes(minute));
        Missed m = ServeSchedule.missed("50 * * * *", UTC, last, NOW, max);
        long expected = 0;
        for (Instant t = Instant.parse("2026-06-25T11:50:00Z"); t.isAfter(last); t = t.minus(Duration.ofHours(1))) expected++;
        assertThat(m.slots().size() + m.skipped()).isEqualTo(expected);
        assertThat(m.slots().size()).isLessThanOrEqualTo(max);
        for (int i = 0; i < m.slots().size(); i++) {
            assertThat(m.slots().get(i)).isAfter(last).isBeforeOrEqualTo(NOW);
            if (i > 0) assertThat(m.slots().get(i)).isEqualTo(m.slots().get(i - 1).plus(Duration.ofHours(1)));
        }
        if (!m.slots().isEmpty()) assertThat(m.slots().get(m.slots().size() - 1)).isEqualTo(Instant.parse("2026-06-25T11:50:00Z"));
    }
}
