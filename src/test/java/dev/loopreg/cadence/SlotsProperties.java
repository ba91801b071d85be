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

    /**
     * A loop collected at random instants, changing phase (and cron) at random instants between collections: every
     * record's interval starts where the one before ended, across phase changes too, so every event (a rescue, a
     * task) lands in exactly one record; the closing record of a phase is at its transition and carries no new-phase
     * time.
     */
    @Property(tries = 200)
    void recordsTileTime_acrossPhaseChanges(@ForAll("zones") ZoneId zone, @ForAll("instants") Instant start,
                                           @ForAll("steps") List<Integer> steps, @ForAll boolean backfill) {
        List<String> crons = List.of("0 * * * *", "0 11 * * *", "0 11 * * 1");
        int phase = 0;
        Instant phaseSince = start;
        Instant now = start;
        List<Slots.Slot> records = new java.util.ArrayList<>();
        for (int step : steps) {
            now = now.plusSeconds(Math.abs(step) * 60L);
            if (step < 0) {
                // a transition at now: promote, or demote back to the first phase
                phase = phase == 2 ? 0 : step % 3 == 0 ? 0 : phase + 1;
                phaseSince = now;
                continue;
            }
            Instant last = records.isEmpty() ? null : records.get(records.size() - 1).cycle();
            Slots.Plan p = Slots.plan(crons.get(phase), zone, now, last, phaseSince, backfill, null, 100_000);
            for (Slots.Slot sl : p.slots()) {
                assertThat(sl.from()).isBefore(sl.cycle());
                assertThat(sl.cycle()).isBeforeOrEqualTo(now);
                if (last != null) assertThat(sl.from()).as("tiles: starts where the record before ended").isEqualTo(last);
                if (sl.closing()) assertThat(sl.cycle()).isEqualTo(phaseSince);
                else if (last != null) assertThat(sl.cycle()).as("a new-phase record is after the transition").isAfter(phaseSince);
                records.add(sl);
                last = sl.cycle();
            }
        }
        // any instant between the first record's start and the last record's cycle lies in exactly one interval
        if (records.size() >= 2) {
            Instant from = records.get(0).from();
            Instant to = records.get(records.size() - 1).cycle();
            for (long k = 1; k <= 20; k++) {
                Instant x = from.plusSeconds((to.getEpochSecond() - from.getEpochSecond()) * k / 20);
                if (!x.isAfter(from)) continue;
                long covering = records.stream().filter(r -> x.isAfter(r.from()) && !x.isAfter(r.cycle())).count();
                assertThat(covering).as("records covering " + x).isEqualTo(1);
            }
        }
    }

    @Provide
    Arbitrary<List<Integer>> steps() {
        // minutes between steps; a negative number is a transition at that instant
        return Arbitraries.integers().between(-3000, 3000).filter(i -> i != 0).list().ofMinSize(1).ofMaxSize(25);
    }
}
