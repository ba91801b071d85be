package dev.loopreg.cadence;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Which cycles a collection at {@code now} records (pure): the slots of the loop's own cron that have no
 * health record yet, each with the interval it is measured over. Consecutive records' intervals tile time with no
 * gap: a transition after the last record first gets a closing record of the phase before (see {@link Slot#closing}).
 */
public final class Slots {

    /**
     * One cycle to record: measured over {@code (from, cycle]}.
     *
     * @param closing the record that closes the phase before a transition: its cycle is the transition instant
     *                ({@code phase_since}, not a slot of any cron), it measures the time since the last record up to the
     *                transition, and it carries the phase before — so records tile time with no gap across phase changes
     */
    public record Slot(Instant cycle, Instant from, boolean closing) {
        public Slot(Instant cycle, Instant from) {
            this(cycle, from, false);
        }
    }

    /**
     * What to record.
     *
     * @param slots   the cycles to append, oldest first (empty when the loop is up to date)
     * @param latest  the latest slot at or before now, or null when the cron has none
     * @param skipped missed slots left out because of the backfill bound
     */
    public record Plan(List<Slot> slots, Instant latest, int skipped) {
        public Plan {
            slots = List.copyOf(slots);
        }

        public boolean upToDate() {
            return slots.isEmpty();
        }
    }

    /** Skipped slots are counted up to this many (a year of a per-minute cron would be half a million). */
    public static final int MAX_SKIPPED_COUNTED = 100_000;

    private Slots() {
    }

    /**
     * Plans a collection at {@code now}.
     *
     * @param cron        the loop's cron (its {@code cadence.yml})
     * @param zone        the workspace's time zone
     * @param lastCycle   the cycle of the loop's last health record, or null when it has none
     * @param phaseSince  when the loop entered its phase, or null: nothing before it is measured for this phase
     * @param backfill    fill every missed slot, not only the latest
     * @param since       with no record yet, where a backfill starts (null: one slot only)
     * @param maxSlots    the backfill bound: at most this many slots, the most recent ones
     */
    public static Plan plan(String cron, ZoneId zone, Instant now, Instant lastCycle, Instant phaseSince,
                            boolean backfill, Instant since, int maxSlots) {
        Optional<Instant> latestOpt = Crons.latestAtOrBefore(cron, zone, now);
        // a transition after the last record: the closing record measures (last record, transition]
        Slot closing = lastCycle != null && phaseSince != null && phaseSince.isAfter(lastCycle) && !phaseSince.isAfter(now)
                ? new Slot(phaseSince, lastCycle, true) : null;
        if (closing != null) {
            Plan rest = plan(cron, zone, now, phaseSince, phaseSince, backfill, since, maxSlots);
            List<Slot> all = new ArrayList<>();
            all.add(closing);
            all.addAll(rest.slots());
            return new Plan(all, rest.latest(), rest.skipped());
        }
        if (latestOpt.isEmpty()) {
            return new Plan(List.of(), null, 0);
        }
        Instant latest = latestOpt.get();
        if (lastCycle != null && !latest.isAfter(lastCycle)) {
            return new Plan(List.of(), latest, 0);
        }
        // records tile time: after the last record the next one starts where it ended; only the very first record of a
        // loop is bounded by phase_since
        Instant floor = lastCycle != null ? lastCycle
                : phaseSince != null && !phaseSince.isAfter(latest) ? phaseSince : null;
        if (floor != null && !latest.isAfter(floor)) {
            // the loop entered its phase exactly at the latest slot: (phase_since, slot] is empty, nothing to measure yet
            return new Plan(List.of(), latest, 0);
        }
        if (!backfill || (lastCycle == null && since == null)) {
            Instant from = floor;
            if (lastCycle == null) {
                Instant previous = Crons.previous(cron, zone, latest).orElse(latest);
                from = max(previous, floor);
            }
            return new Plan(List.of(new Slot(latest, from)), latest, 0);
        }
        Instant start = max(lastCycle != null ? lastCycle : since, floor);
        // walk back from the latest slot: the cost is bounded by maxSlots, not by how long the gap is
        List<Instant> cycles = new ArrayList<>();
        Instant s = latest;
        int skipped = 0;
        while (s != null && s.isAfter(start)) {
            if (cycles.size() < maxSlots) {
                cycles.add(s);
            } else {
                skipped++;
                if (skipped >= MAX_SKIPPED_COUNTED) {
                    break;
                }
            }
            s = Crons.previous(cron, zone, s).orElse(null);
        }
        Collections.reverse(cycles);
        List<Slot> out = new ArrayList<>();
        for (int i = 0; i < cycles.size(); i++) {
            Instant from;
            if (i > 0) {
                from = cycles.get(i - 1);
            } else if (skipped > 0) {
                from = Crons.previous(cron, zone, cycles.get(0)).orElse(start);
            } else {
                from = start;
            }
            out.add(new Slot(cycles.get(i), from));
        }
        return new Plan(out, latest, skipped);
    }

    private static Instant max(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isAfter(b) ? a : b;
    }
}
