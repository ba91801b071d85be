package dev.loopreg.store;

import dev.loopreg.workspace.*;
import dev.loopreg.cadence.CadenceState;
import dev.loopreg.cadence.ExitCriteria;
import dev.loopreg.cadence.PhaseWindow;
import dev.loopreg.format.Problem;
import dev.loopreg.health.HealthRecord;
import java.time.Instant;
import java.util.List;

/**
 * Everything the regulator read about one loop.
 *
 * @param id           the loop id
 * @param state        its cadence.yml, or null when unreadable (then the loop cannot be evaluated)
 * @param cadenceText  the text of cadence.yml (for in-place edits), or null
 * @param config       its loop.yml (defaults when absent)
 * @param exit         its exit criteria
 * @param tail         the health records read from the end of health.jsonl, oldest first
 * @param tailComplete true when the tail (with the counted records before it) starts at the beginning of the file or
 *                     at a record outside the phase
 * @param older        records of the phase before the tail, counted from their cycle and phase, not read in full
 * @param olderFirst   the cycle of the oldest of those (null when none)
 * @param healthError  why health.jsonl could not be used, or null
 * @param problems     every problem found (errors and warnings)
 * @param rescues      the times of the {@code [rescue]} entries of its bootstrap log (empty when the log is
 *                     missing or unreadable: collect reports those)
 */
public record LoopSnapshot(String id, CadenceState state, String cadenceText, LoopConfig config, ExitCriteria exit,
                           List<HealthRecord> tail, boolean tailComplete, int older, Instant olderFirst, String healthError,
                           List<Problem> problems,
                           List<Instant> rescues) {

    public LoopSnapshot {
        tail = List.copyOf(tail);
        problems = List.copyOf(problems);
        rescues = List.copyOf(rescues);
    }

    /**
     * The current phase's window at {@code now}, with the rescues logged after the last health record (so a
     * {@code [rescue]} entry counts at once, not at the next collection); null when the loop cannot be evaluated.
     */
    public PhaseWindow window(Instant now) {
        if (!evaluable()) return null;
        dev.loopreg.health.HealthRecord latest = latest(now);
        Instant lastCycle = latest == null ? null : latest.cycle();
        // rescues logged before the phase began belong to the phase before (its closing record), not to this window
        Instant after = state.phaseSince() != null && (lastCycle == null || state.phaseSince().isAfter(lastCycle))
                && !state.phaseSince().isAfter(now) ? state.phaseSince() : lastCycle;
        return PhaseWindow.of(tail, tailComplete, state, now, older, olderFirst).withLoggedRescues(rescues, after, now);
    }

    /** The latest health record at or before {@code now}, in any phase, or null. */
    public dev.loopreg.health.HealthRecord latest(Instant now) {
        for (int i = tail.size() - 1; i >= 0; i--) {
            if (!tail.get(i).cycle().isAfter(now)) return tail.get(i);
        }
        return null;
    }

    /** How fresh the loop's data is at {@code now} (see {@link dev.loopreg.cadence.Staleness}), or null when unknown. */
    public dev.loopreg.cadence.Staleness freshness(dev.loopreg.cadence.Policy policy, Instant now) {
        if (!evaluable()) return null;
        dev.loopreg.health.HealthRecord l = latest(now);
        return dev.loopreg.cadence.Staleness.of(state.cron(), policy.timeZone(), l == null ? null : l.cycle(), state.phaseSince(), now,
                policy.staleAfterPeriods());
    }

    /** Whether the rules can be evaluated: a readable state and readable health records. */
    public boolean evaluable() {
        return state != null && healthError == null;
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    /** The loop's own rules: the policy's {@code rules:} with its loop.yml's, and what its loop.yml disables. */
    public dev.loopreg.cadence.rules.LoopRules rules(dev.loopreg.cadence.Policy policy) {
        return config == null ? dev.loopreg.cadence.rules.LoopRules.of(policy.rules(), java.util.List.of(), java.util.Set.of())
                : dev.loopreg.cadence.rules.LoopRules.of(policy.rules(), config.rules(), config.disable());
    }
}
