package dev.loopreg.cadence;

import dev.loopreg.health.Phase;
import static dev.loopreg.cadence.Records.hourly;
import static dev.loopreg.cadence.Records.met;
import static dev.loopreg.cadence.Records.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class StalenessTest {

    static final ZoneId UTC = ZoneOffset.UTC;
    static final Instant NOW = Instant.parse("2026-06-25T12:50:00Z");

    @Test
    void hourly_threeMissedSlotsIsStale_twoIsNot() {
        Staleness two = Staleness.of("0 * * * *", UTC, Instant.parse("2026-06-25T10:00:00Z"), null, NOW, 3);
        assertThat(two.periods()).isEqualTo(2);
        assertThat(two.stale()).isFalse();
        Staleness three = Staleness.of("0 * * * *", UTC, Instant.parse("2026-06-25T09:00:00Z"), null, NOW, 3);
        assertThat(three.stale()).isTrue();
        assertThat(three.detail()).isEqualTo("the latest health record (cycle 2026-06-25T09:00:00Z) is 3 periods of `0 * * * *` old "
                + "(stale after 3, evaluation.stale_after_periods)");
        assertThat(three.alarm().fired()).isTrue();
        assertThat(two.alarm().holds()).isFalse();
    }

    @Test
    void weekly_aRecordSixDaysOldIsFresh() {
        Staleness s = Staleness.of("0 11 * * 1", UTC, Instant.parse("2026-06-22T11:00:00Z"), null, Instant.parse("2026-06-28T23:00:00Z"), 3);
        assertThat(s.periods()).isZero();
        assertThat(s.stale()).isFalse();
    }

    @Test
    void noRecordYet_countsFromThePhaseStart() {
        Staleness s = Staleness.of("0 * * * *", UTC, null, Instant.parse("2026-06-25T08:30:00Z"), NOW, 3);
        assertThat(s.stale()).isTrue();
        assertThat(s.detail()).startsWith("no health record since the phase began at 2026-06-25T08:30:00Z, 4 periods of `0 * * * *` ago");
        assertThat(Staleness.of("0 * * * *", UTC, null, null, NOW, 3)).isNull();
    }

    @Test
    void staleData_isNeverPromoted_butATriggerStillDemotes() {
        Staleness stale = Staleness.of("0 * * * *", UTC, Instant.parse("2026-06-25T06:00:00Z"), null, NOW, 3);
        Policy p = Policy.defaults();
        // every promotion rule holds on the window: without the freshness it would promote
        CadenceState s = state(Phase.BOOTSTRAP, Approval.APPROVED);
        PhaseWindow w = new PhaseWindow(hourly(10, Instant.parse("2026-06-25T06:00:00Z"), Phase.BOOTSTRAP, 10, 0, 0), true);
        assertThat(CadenceRules.evaluate("x", s, w, met(), p, Instant.parse("2026-06-25T06:10:00Z"))).isInstanceOf(Recommendation.Promote.class);
        Recommendation r = CadenceRules.evaluate("x", s, w, met(), p, NOW, stale);
        assertThat(r).isInstanceOf(Recommendation.Hold.class);
        assertThat(r.summary()).startsWith("hold in bootstrap: stale data — the latest health record (cycle 2026-06-25T06:00:00Z) is 6 periods");
    }

    /** Stale exactly when the cron's slots after the latest record reach the bound; never with a record at the latest slot. */
    @Property(tries = 300)
    void stale_iffMissedSlotsReachTheBound(@ForAll @IntRange(min = 0, max = 400) int hoursAgo, @ForAll @IntRange(min = 1, max = 10) int limit,
                                           @ForAll @IntRange(min = 0, max = 59) int minute) {
        Instant now = Instant.parse("2026-03-29T00:00:00Z").plus(Duration.ofDays(3)).plusSeconds(minute * 60L);
        Instant latestSlot = now.minusSeconds(minute * 60L);
        Instant last = latestSlot.minus(Duration.ofHours(hoursAgo));
        Staleness s = Staleness.of("0 * * * *", ZoneId.of("Europe/Berlin"), last, null, now, limit);
        assertThat(s.periods()).isEqualTo(hoursAgo);
        assertThat(s.stale()).isEqualTo(hoursAgo >= limit);
    }
}
