package dev.loopreg.cadence;

import dev.loopreg.health.Phase;
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
 * @param approvalFor   the transition the approval was given for ({@code bootstrap → stabilize}), or null in a file
 *                      written before approvals named their transition (then it counts for the current one)
 * @param approvalSince the {@code phase_since} of the phase it was given in (its epoch), or null likewise
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
        String approvalNote,
        String approvalFor,
        Instant approvalSince) {

    public CadenceState {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(approval, "approval");
        if (demotionCount < 0) {
            throw new IllegalArgumentException("demotion_count must be >= 0, was " + demotionCount);
        }
    }

    /** A state whose approval (if any) is bound to the current transition. */
    public CadenceState(String name, Phase phase, String cron, Instant promotedAt, Instant phaseSince, int demotionCount,
                        Approval approval, String approvalBy, Instant approvalAt, String approvalNote) {
        this(name, phase, cron, promotedAt, phaseSince, demotionCount, approval, approvalBy, approvalAt, approvalNote,
                approval == Approval.PENDING ? null : transitionOf(phase), approval == Approval.PENDING ? null : phaseSince);
    }

    /** The transition out of {@code phase} ({@code "bootstrap → stabilize"}), or null for the last phase. */
    public static String transitionOf(Phase phase) {
        return phase.next().map(n -> phase.id() + " → " + n.id()).orElse(null);
    }

    /** The transition an approval in this state would be for, or null in the last phase. */
    public String transition() {
        return transitionOf(phase);
    }

    /**
     * Why the stored approval does not stand for the current transition, or null when it does (or is pending).
     * An approval is for one transition in one phase epoch: any phase change voids it.
     */
    public String approvalVoidReason() {
        if (approval == Approval.PENDING) {
            return null;
        }
        if (approvalFor != null && !approvalFor.equals(transition())) {
            return "the " + approval.id() + " approval was given for " + approvalFor + "; the loop is in " + phase.id()
                    + " now" + (transition() == null ? "" : " (" + transition() + ")");
        }
        if (approvalSince != null && phaseSince != null && !approvalSince.equals(phaseSince)) {
            return "the " + approval.id() + " approval was given in the " + phase.id() + " phase that began " + approvalSince
                    + "; the current one began " + phaseSince;
        }
        return null;
    }

    /** The approval as the rules see it: the stored one when it is for the current transition, else pending. */
    public Approval effectiveApproval() {
        return approvalVoidReason() == null ? approval : Approval.PENDING;
    }

    /**
     * The approval as people read it: {@code "approved by bernd"}, {@code "pending"}, {@code "pending (the approved
     * approval was given for …)"}, or, in the last phase, that there is no promotion to approve.
     */
    public String approvalSummary() {
        if (transition() == null) {
            return "—";   // the last phase has no promotion to approve; the recommendation says so, once
        }
        String voided = approvalVoidReason();
        if (voided != null) {
            return "pending (" + voided + ")";
        }
        return approval.id() + (approval != Approval.PENDING && approvalBy != null ? " by " + approvalBy : "");
    }

    /** The state right after {@code loopreg init} at {@code now}. */
    public static CadenceState initial(String name, String cron, Instant now) {
        return new CadenceState(name, Phase.BOOTSTRAP, cron, null, now, 0, Approval.PENDING, null, null, null);
    }

    public CadenceState withApproval(Approval value, String by, Instant at, String note) {
        return new CadenceState(name, phase, cron, promotedAt, phaseSince, demotionCount, value, by, at, note,
                value == Approval.PENDING ? null : transition(), value == Approval.PENDING ? null : phaseSince);
    }
}
