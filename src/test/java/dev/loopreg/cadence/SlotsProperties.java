package dev.loopreg.cadence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SlotsProperties {

    static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    @Provide
    Arbitrary<String> crons() {
        return Arbitraries.of("0 * * * *", "50 * * * *", "0 11 * * *", "30 2 * * *", "0 11 * * 1", "*/15 * * * *", "0 0 1 * *");
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"), ZoneId.of("Australia/Lord_Howe"));
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(0, 366L * 24 * 3600).map(BASE::plusSeconds);
    }

    @Property(tries = 300)
    void latestSlot_isWhatAForwardWalkReaches(@ForAll("crons") String cron, @ForAll("zones") ZoneId zone, @ForAll("instants") Instant now) {
        Instant latest = Crons.latestAtOrBefore(cron, zone, now).orElseThrow();
        assertThat(latest).isBeforeOrEqualTo(now);
        Instant prev = Crons.previous(cron, zone, latest).orElseThrow();
        Instant forward = Crons.next(cron, zone, prev).orElseThrow();
        assertThat(forward).as("forward from the previous slot").isEqualTo(latest);
        Instant after = Crons.next(cron, zone, latest).orElseThrow();
        assertThat(after).as("no slot between the latest and now").isAfter(now);
    }

    @Property(tries = 300)
    void plan_everySlotMeasuresANonEmptyIntervalAfterThePhaseStart(@ForAll("crons") String cron, @ForAll("zones") ZoneId zone,
                                                                   @ForAll("instants") Instant now, @ForAll boolean backfill,
                                                                   @ForAll("instants") Instant phaseSince) {
        Slots.Plan p = Slots.plan(cron, zone, now, null, phaseSince, backfill, now.minusSeconds(2 * 24 * 3600), 10_000);
        for (Slots.Slot s : p.slots()) {
            assertThat(s.from()).isBefore(s.cycle());
            if (!phaseSince.isAfter(s.cycle())) {
                assertThat(s.from()).isAfterOrEqualTo(phaseSince);
            }
        }
    }

    @Property(tries = 200)
    void backfill_thenCollectAgain_appendsNothingAndIntervalsTile(@ForAll("crons") String cron, @ForAll("zones") ZoneId zone,
                                                                   @ForAll("instants") Instant now) {
        Instant since = now.minusSeconds(3 * 24 * 3600);
        Slots.Plan p = Slots.plan(cron, zone, now, null, null, true, since, 10_000);
        List<Slots.Slot> s = p.slots();
        for (int i = 0; i < s.size(); i++) {
            assertThat(s.get(i).from()).isBefore(s.get(i).cycle());
            assertThat(s.get(i).from()).isEqualTo(i == 0 ? since : s.get(i - 1).cycle());
        }
        if (!s.isEmpty()) {
            Instant last = s.get(s.size() - 1).cycle();
            assertThat(Slots.plan(cron, zone, now, last, null, true, null, 10_000).upToDate()).isTrue();
            assertThat(Slots.plan(cron, zone, now, last, null, false, null, 10_000).upToDate()).isTrue();
        }
    }

    @Property(tries = 100)
    void hourlySlots_neverRepeatAnInstant(@ForAll("zones") ZoneId zone, @ForAll("instants") Instant now) {
        Slots.Plan p = Slots.plan("0 * * * *", zone, now, null, null, true, now.minusSeconds(48 * 3600), 10_000);
        assertThat(p.slots().stream().map(Slots.Slot::cycle).distinct().count()).isEqualTo(p.slots().size());
        ZonedDateTime.ofInstant(now, zone); // zone is valid
    }
}
