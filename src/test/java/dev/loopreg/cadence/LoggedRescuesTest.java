package dev.loopreg.cadence;

import dev.loopreg.health.Phase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loopreg.health.HealthRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The emergency path's rule input: rescues logged after the last health record count at once, and only once. */
class LoggedRescuesTest {

    static final Instant NOW = Instant.parse("2026-06-25T12:10:00Z");

    static List<HealthRecord> hourly(int n, long rescuesEach) {
        List<HealthRecord> out = new ArrayList<>();
        for (int i = n; i >= 1; i--) {
            Instant c = Instant.parse("2026-06-25T12:00:00Z").minus(Duration.ofHours(i - 1));
            out.add(HealthRecord.builder("x", c, Phase.BOOTSTRAP).manualRescues(rescuesEach).build());
        }
        return out;
    }

    @Test
    void withLoggedRescues_keepsOnlyThoseAfterTheLastRecordAndNotAfterNow() {
        PhaseWindow w = new PhaseWindow(hourly(3, 0), true).withLoggedRescues(List.of(
                Instant.parse("2026-06-25T11:30:00Z"),      // inside the last record's interval: recorded already
                Instant.parse("2026-06-25T12:00:00Z"),      // at the last cycle: recorded already
                Instant.parse("2026-06-25T12:05:00Z"),      // after: counts
                Instant.parse("2026-06-25T12:30:00Z")),     // after now: not known yet
                null, NOW);
        assertThat(w.unrecordedRescues()).containsExactly(Instant.parse("2026-06-25T12:05:00Z"));
    }

    @Test
    void withLoggedRescues_emptyWindow_usesTheFilesLastCycle() {
        PhaseWindow w = new PhaseWindow(List.of(), true).withLoggedRescues(List.of(Instant.parse("2026-06-25T11:00:00Z"),
                Instant.parse("2026-06-25T12:01:00Z")), Instant.parse("2026-06-25T12:00:00Z"), NOW);
        assertThat(w.unrecordedRescues()).containsExactly(Instant.parse("2026-06-25T12:01:00Z"));
    }

    @Test
    void rescues24h_firesOnRescuesLoggedSinceTheLastRecord() {
        Policy p = Policy.defaults();
        PhaseWindow recorded = new PhaseWindow(hourly(5, 0), true);
        RuleResult before = CadenceRules.rescues24h(recorded, p, NOW);
        assertThat(before.holds()).isFalse();
        PhaseWindow logged = recorded.withLoggedRescues(List.of(Instant.parse("2026-06-25T12:03:00Z"),
                Instant.parse("2026-06-25T12:04:00Z")), null, NOW);
        RuleResult after = CadenceRules.rescues24h(logged, p, NOW);
        assertThat(after.holds()).isTrue();
        assertThat(after.detail()).contains("2 manual rescues recorded", "2 of them logged after the last health record");
    }

    @Test
    void rescues24h_oneRecordedPlusOneLogged_fires_butNeverCountsARescueTwice() {
        Policy p = Policy.defaults();
        List<HealthRecord> recs = hourly(5, 0);
        recs.set(4, HealthRecord.builder("x", Instant.parse("2026-06-25T12:00:00Z"), Phase.BOOTSTRAP).manualRescues(1L).build());
        Instant recordedRescue = Instant.parse("2026-06-25T11:40:00Z");
        PhaseWindow same = new PhaseWindow(recs, true).withLoggedRescues(List.of(recordedRescue), null, NOW);
        assertThat(CadenceRules.rescues24h(same, p, NOW).holds()).isFalse();
        PhaseWindow more = new PhaseWindow(recs, true).withLoggedRescues(List.of(recordedRescue, Instant.parse("2026-06-25T12:06:00Z")), null, NOW);
        assertThat(CadenceRules.rescues24h(more, p, NOW).holds()).isTrue();
    }
}
