package dev.loopreg.cadence;

import java.time.Instant;
import java.util.Objects;

/**
 * A loop's state as stored in {@code loops/<id>/cadence.yml}.
 *
 * @param name          the seed's {@code loop} field: a display name (may differ from the directory id)
 * @param phase         current phase
 * @param cron          the loop's current cron (5 fields)
 * @param promotedAt    when the loop was last promoted, or null
 * @param phaseSince    when the loop entered its current phase (set by init and every transition), or null
 * @param demotionCount how many times the loop was demoted
 * @param approval      the regulator's approval of the next promotion
 * @param approvalBy    who set the approval, or null
 * @param approvalAt    when the approval was set, or null
 * @param approvalNote  the note given with the approval, or null
 */
public record CadenceState(
        String name,
        Phase phase,
        String cron,
        Instant promotedAt,
        Instant phaseSince,
        int demotionCount,
        Approval approval,
        String approvalBy,
        Instant approvalAt,
        String approvalNote) {

    public CadenceState {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(approval, "approval");
        if (demotionCount < 0) {
            throw new IllegalArgumentException("demotion_count must be >= 0, was " + demotionCount);
        }
    }

    /** The state right after {@code loopreg init} at {@code now}. */
    public static CadenceState initial(String name, String cron, Instant now) {
        return new CadenceState(name, Phase.BOOTSTRAP, cron, null, now, 0, Approval.PENDING, null, null, null);
    }

    public CadenceState withApproval(Approval value, String by, Instant at, String note) {
        return new CadenceState(name, phase, cron, promotedAt, phaseSince, demotionCount, value, by, at, note);
    }
}
