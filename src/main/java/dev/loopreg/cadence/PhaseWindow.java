package dev.loopreg.cadence;

import dev.loopreg.health.HealthRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The health records of a loop's current phase, oldest first: the most recent consecutive records
 * whose {@code phase} is the loop's phase and whose cycle lies after the loop entered that phase
 * ({@code phase_since}) and not after the evaluation instant.
 *
 * @param records  the newest records of the phase, read in full, oldest first: every record when {@code older} is 0,
 *                 else at least the {@link Policy#largestWindow()} newest and those the rules' time spans reach
 * @param complete true when the phase's first record is included (the run of records ended at a
 *                 phase boundary or at the start of the file); false when the read bound cut it
 * @param unrecordedRescues {@code [rescue]} entries of the bootstrap log after the last health record's
 *                 cycle and not after the evaluation instant: logged, not yet in any record (the emergency
 *                 path counts them before the next collection records them)
 * @param older    records of the phase older than {@code records}, counted from their cycle and phase only (an
 *                 evaluation reads in full only what its rules look at; the cost of a long phase is a count)
 * @param olderFirst the cycle of the oldest of those, or null when {@code older} is 0
 */
public record PhaseWindow(List<HealthRecord> records, boolean complete, List<Instant> unrecordedRescues, int older,
                          Instant olderFirst) {

    public PhaseWindow {
        records = List.copyOf(records);
        unrecordedRescues = List.copyOf(unrecordedRescues);
        if (older < 0 || (older == 0) != (olderFirst == null)) {
            throw new IllegalArgumentException("older records need the first one's cycle, and only they do");
        }
    }

    public PhaseWindow(List<HealthRecord> records, boolean complete, List<Instant> unrecordedRescues) {
        this(records, complete, unrecordedRescues, 0, null);
    }

    public PhaseWindow(List<HealthRecord> records, boolean complete) {
        this(records, complete, List.of());
    }

    /**
     * This window with the rescues logged after its last record (or after {@code lastCycle}, the last record of
     * the file, when the window is empty) and not after {@code now}.
     */
    public PhaseWindow withLoggedRescues(List<Instant> logged, Instant lastCycle, Instant now) {
        Instant after = !records.isEmpty() ? records.get(records.size() - 1).cycle() : lastCycle;
        List<Instant> pending = logged.stream()
                .filter(t -> (after == null || t.isAfter(after)) && !t.isAfter(now))
                .sorted().toList();
        return new PhaseWindow(records, complete, pending, older, olderFirst);
    }

    /**
     * Picks the current phase's records out of the tail of a health file.
     *
     * @param tail         the last records of the file read in full, oldest first
     * @param tailComplete true when {@code tail} (with the counted records before it) starts at the beginning of the file
     *                     or at a record outside the phase
     * @param older        records before {@code tail}, all in the phase, counted only (0 when none)
     * @param olderFirst   the oldest one's cycle (null when none)
     */
    public static PhaseWindow of(List<HealthRecord> tail, boolean tailComplete, CadenceState state, Instant now, int older,
                                 Instant olderFirst) {
        List<HealthRecord> picked = new ArrayList<>();
        boolean boundary = false;
        for (int i = tail.size() - 1; i >= 0; i--) {
            HealthRecord r = tail.get(i);
            if (r.cycle().isAfter(now)) {
                continue; // recorded after the instant we evaluate at: not known yet at 'now'
            }
            if (r.phase() != state.phase()
                    || (state.phaseSince() != null && !r.cycle().isAfter(state.phaseSince()))) {
                boundary = true;
                break;
            }
            picked.add(r);
        }
        Collections.reverse(picked);
        if (boundary) return new PhaseWindow(picked, true);
        return new PhaseWindow(picked, tailComplete, List.of(), older, olderFirst);
    }

    public static PhaseWindow of(List<HealthRecord> tail, boolean tailComplete, CadenceState state, Instant now) {
        return of(tail, tailComplete, state, now, 0, null);
    }

    /**
     * This window keeping only the newest {@code n} records in full (the others counted): what a view of the loop holds
     * after the rules ran, so that an evaluation of many loops does not keep every loop's records.
     */
    public PhaseWindow keepingLast(int n) {
        if (records.size() <= n) return this;
        int dropped = records.size() - n;
        return new PhaseWindow(last(n), complete, unrecordedRescues, older + dropped, first());
    }

    /** How many records the phase has (those read in full and those counted). */
    public int size() {
        return older + records.size();
    }

    /** The cycle of the phase's oldest record read, or null when there is none. */
    public Instant first() {
        return older > 0 ? olderFirst : records.isEmpty() ? null : records.get(0).cycle();
    }

    /** The last {@code n} records (all of those read in full if fewer). */
    public List<HealthRecord> last(int n) {
        return records.subList(Math.max(0, records.size() - n), records.size());
    }
}
