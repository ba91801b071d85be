package dev.loopreg.report;

import dev.loopreg.cadence.CadenceState;
import dev.loopreg.cadence.PhaseWindow;
import dev.loopreg.cadence.Recommendation;
import dev.loopreg.health.HealthRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One loop as the dashboard and status show it.
 *
 * @param id          the loop id
 * @param state       its cadence state, or null when unreadable
 * @param window      its current phase's records (null when unreadable)
 * @param latest      its latest health record at or before now, in any phase, or null
 * @param rec         the recommendation, or null when the loop could not be evaluated
 * @param nextCycle   the next slot of its cron after now, or null
 * @param timeInPhase how long it has been in its phase, or null when unknown
 * @param errors      why it could not be evaluated (empty when it was)
 * @param freshness   how old its latest record is in periods of its cron, or null when unknown
 */
public record LoopView(String id, CadenceState state, PhaseWindow window, HealthRecord latest, Recommendation rec,
                       Instant nextCycle, Duration timeInPhase, List<String> errors, dev.loopreg.cadence.Staleness freshness) {

    public LoopView {
        errors = List.copyOf(errors);
    }

    /** True when its data is stale (see {@link dev.loopreg.cadence.Staleness}). */
    public boolean stale() {
        return freshness != null && freshness.stale();
    }

    /** "7", or "1000+" when the read bound cut the phase's records. */
    public String cyclesInPhase() {
        if (window == null) return "—";
        return window.size() + (window.complete() ? "" : "+");
    }
}
