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
 * @param records  the records, oldest first
 * @param complete true when the phase's first record is included (the run of records ended at a
 *                 phase boundary or at the start of the file); false when the read bound cut it
 * @param unrecordedRescues {@code [rescue]} entries of the bootstrap log after the last health record's
 *                 cycle and not after the evaluation instant: logged, not yet in any record (the emergency
 *                 path counts them before the next collection records them)
 */
public record PhaseWindow(List<HealthRecord> records, boolean complete, List<Instant> unrecordedRescues) {

    public PhaseWindow {
        records = List.copyOf(records);
        unrecordedRescues = List.copyOf(unrecordedRescues);
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
        return new PhaseWindow(records, complete, pending);
    }

    /**
     * Picks the current phase's records out of the tail of a health file.
     *
     * @param tail         the last records of the file, oldest first
     * @param tailComplete true when {@code tail} starts at the beginning of the file
     */
    public static PhaseWindow of(List<HealthRecord> tail, boolean tailComplete, CadenceState state, Instant now) {
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
        return new PhaseWindow(picked, boundary || tailComplete);
    }

    public int size() {
        return records.size();
    }

    /** The last {@code n} records (all of them if fewer). */
    public List<HealthRecord> last(int n) {
        return records.subList(Math.max(0, records.size() - n), records.size());
    }
}
