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

    /**
     * The slot rule against an independent walk: every minute of two days around a daylight-saving transition, a minute
     * is a slot exactly when its wall-clock time matches the cron (by a matcher written here, not cron-utils) and it is
     * that wall-clock time's first occurrence. {@code next} from the start must visit exactly those minutes.
     */
    @Property(tries = 120)
    void slots_areTheFirstOccurrenceOfEveryMatchingWallClockTime(@ForAll("dstCrons") String cron, @ForAll("dstZones") ZoneId zone,
                                                                  @ForAll("instants") Instant somewhere,
                                                                  @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 36) int hoursBefore) {
        java.time.zone.ZoneOffsetTransition tr = zone.getRules().nextTransition(somewhere);
        Instant start = (tr == null ? somewhere : tr.getInstant()).minusSeconds(hoursBefore * 3600L).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Instant end = start.plusSeconds(2 * 24 * 3600L);
        List<Instant> expected = new java.util.ArrayList<>();
        for (Instant m = start.plusSeconds(60); !m.isAfter(end); m = m.plusSeconds(60)) {
            java.time.LocalDateTime wall = java.time.LocalDateTime.ofInstant(m, zone);
            int largest = zone.getRules().getValidOffsets(wall).stream().mapToInt(java.time.ZoneOffset::getTotalSeconds).max().orElseThrow();
            boolean first = wall.toEpochSecond(java.time.ZoneOffset.ofTotalSeconds(largest)) == m.getEpochSecond();
            if (first && matches(cron, wall)) expected.add(m);
        }
        List<Instant> walked = new java.util.ArrayList<>();
        Instant t = start;
        while (true) {
            Instant n = Crons.next(cron, zone, t).orElseThrow();
            if (n.isAfter(end)) break;
            walked.add(n);
            t = n;
        }
        assertThat(walked).as(cron + " in " + zone + " from " + start).isEqualTo(expected);
        // and backwards: the latest slot at or before each expected slot is that slot, and previous() steps back
        for (int k = 0; k < expected.size(); k++) {
            assertThat(Crons.latestAtOrBefore(cron, zone, expected.get(k).plusSeconds(59))).contains(expected.get(k));
            if (k > 0) assertThat(Crons.previous(cron, zone, expected.get(k))).contains(expected.get(k - 1));
        }
    }

    /** A five-field matcher for the expressions below: {@code *}, {@code * /n}, {@code a-b}, {@code a,b} (no names). */
    static boolean matches(String cron, java.time.LocalDateTime t) {
        String[] f = cron.trim().split("\\s+");
        return field(f[0], t.getMinute()) && field(f[1], t.getHour()) && field(f[2], t.getDayOfMonth())
                && field(f[3], t.getMonthValue()) && field(f[4], t.getDayOfWeek().getValue() % 7);
    }

    static boolean field(String spec, int v) {
        for (String part : spec.split(",")) {
            String range = part;
            int step = 1;
            if (part.contains("/")) {
                range = part.substring(0, part.indexOf('/'));
                step = Integer.parseInt(part.substring(part.indexOf('/') + 1));
            }
            int lo;
            int hi;
            if (range.equals("*")) {
                lo = 0;
                hi = 59;
            } else if (range.contains("-")) {
                lo = Integer.parseInt(range.substring(0, range.indexOf('-')));
                hi = Integer.parseInt(range.substring(range.indexOf('-') + 1));
            } else {
                lo = Integer.parseInt(range);
                hi = lo;
            }
            if (v >= lo && v <= hi && (v - lo) % step == 0) return true;
        }
        return false;
    }

    @Provide
    Arbitrary<String> dstCrons() {
        return Arbitraries.of("0 * * * *", "30 * * * *", "*/15 * * * *", "30 2 * * *", "30 1-3 * * *", "0,30 2 * * *", "45 2 * * *",
                "15 2 * * *", "0 0 * * *", "50 * * * *", "0 11 * * 1", "*/20 1-4 * * *");
    }

    @Provide
    Arbitrary<ZoneId> dstZones() {
        return Arbitraries.of(ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"), ZoneId.of("Australia/Lord_Howe"),
                ZoneId.of("Pacific/Chatham"), ZoneId.of("America/Santiago"), ZoneId.of("UTC"));
    }
}
