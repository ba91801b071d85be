package dev.loopreg.report;

import dev.loopreg.cadence.Approval;
import dev.loopreg.cadence.CadenceRules;
import dev.loopreg.health.Phase;
import dev.loopreg.cadence.Recommendation;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.cadence.SelfCadence;
import dev.loopreg.decision.PendingAction;
import dev.loopreg.rotation.RotationStatus;
import dev.loopreg.rotation.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which actions wait for a person (the dashboard's checkboxes), from one evaluation. Pure.
 *
 * <ul>
 *   <li>every loop that can still be promoted: approve its promotion (ticked once {@code regulator_approval} says
 *       approved);</li>
 *   <li>every recommended demotion: approve carrying it out;</li>
 *   <li>every recommended rotation;</li>
 *   <li>every open noise source: mark it resolved;</li>
 *   <li>the regulator's own cadence change, when it recommends one.</li>
 * </ul>
 */
public final class PendingActions {

    private PendingActions() {
    }

    /** A noise source listed by a session and not resolved. */
    public record OpenNoise(String id, String loop, String source, String action, String reason, String session) {
    }

    /**
     * @param approved the action ids approved in approvals.jsonl (demotions, rotations, the regulator's change)
     * @param self     the regulator's own state and verdict, or null when it has no cadence.yml
     */
    public static List<PendingAction> of(List<LoopView> loops, RotationStatus rotation, Set<String> approved,
                                         List<OpenNoise> noise, SelfCadence.State selfState, SelfCadence.Verdict self) {
        List<PendingAction> out = new ArrayList<>();
        for (LoopView v : loops) {
            if (v.state() == null) continue;
            Phase phase = v.state().phase();
            if (v.rec() instanceof Recommendation.Demote d) {
                PendingAction.Demote a = new PendingAction.Demote(v.id(), d.to(), v.state().phaseSince(), false, fired(d));
                out.add(new PendingAction.Demote(v.id(), d.to(), v.state().phaseSince(), approved.contains(a.id()), fired(d)));
                continue;
            }
            if (phase.next().isEmpty()) continue;
            boolean ok = v.state().effectiveApproval() == Approval.APPROVED;
            String detail = readiness(v, ok);
            if (v.state().effectiveApproval() == Approval.REJECTED) {
                detail += " (rejected" + (v.state().approvalBy() == null ? "" : " by " + v.state().approvalBy())
                        + (v.state().approvalNote() == null ? "" : ": " + v.state().approvalNote()) + ")";
            }
            out.add(new PendingAction.Promote(v.id(), phase.next().get(), v.state().phaseSince(), ok, detail));
        }
        if (rotation != null) {
            for (Verdict r : rotation.recommended()) {
                String detail = r.fired() + " of 4 saturation signals";
                PendingAction.Rotate a = new PendingAction.Rotate(r.repo(), r.activeSince(), false, detail);
                out.add(new PendingAction.Rotate(r.repo(), r.activeSince(), approved.contains(a.id()), detail));
            }
        }
        for (OpenNoise n : noise) {
            out.add(new PendingAction.ResolveNoise(n.id(), n.loop(), n.source(), n.action()));
        }
        if (self != null && self.isChange()) {
            String detail = self.summary();
            PendingAction.Regulator a = new PendingAction.Regulator(self.word(), self.to().id(), selfState.phaseSince(), false, detail);
            out.add(new PendingAction.Regulator(self.word(), self.to().id(), selfState.phaseSince(), approved.contains(a.id()), detail));
        }
        return out;
    }

    private static String fired(Recommendation.Demote d) {
        return String.join(", ", d.rules().stream().filter(RuleResult::fired).map(RuleResult::id).toList()) + " fired";
    }

    private static String readiness(LoopView v, boolean approved) {
        if (v.rec() == null) return "not evaluated";
        if (v.rec() instanceof Recommendation.Promote) return "approved; `loopreg apply --approved` promotes it";
        if (v.rec() instanceof Recommendation.Hold h) {
            List<String> blocking = h.blocking().stream().map(RuleResult::id)
                    .filter(id -> !id.equals(CadenceRules.REGULATOR_APPROVAL)).toList();
            if (blocking.isEmpty()) return approved ? "approved" : "ready: every other rule holds";
            return "not ready yet: " + String.join(", ", blocking) + (approved ? " (approved in advance)" : "");
        }
        return "";
    }
}
