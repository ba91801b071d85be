package dev.loopreg.regulator;

import dev.loopreg.workspace.RegulatorException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.cadence.Approval;
import dev.loopreg.cadence.CadenceState;
import dev.loopreg.decision.DecisionIds;
import dev.loopreg.format.Instants;
import dev.loopreg.report.Json;
import dev.loopreg.report.LoopView;
import dev.loopreg.workspace.Workspace;
import dev.loopreg.store.Plan;
import dev.loopreg.workspace.WorkspaceLock;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The approval use cases: a person's yes or no to one loop's next transition, in its current phase epoch, recorded as
 * a decision ({@code kind: approval}) whichever way it was given — {@code loopreg approve|reject}, the API, a ticked
 * checkbox ({@link Actions}) or a session verdict ({@link Sessions}).
 */
public final class Approvals {

    private final Regulator reg;
    private final Workspace ws;

    public Approvals(Regulator reg) {
        this.reg = reg;
        this.ws = reg.workspace();
    }

    /** An approval as recorded: its decision ({@code kind: approval}) and the loop's state after. */
    public record Approved(String decision, CadenceState after) {
    }

    /**
     * {@code loopreg approve|reject LOOP} and {@code POST /api/loops/{id}/approve|reject}: sets {@code regulator_approval}
     * for the loop's next transition in its current phase epoch, and records the act in decisions.jsonl
     * ({@code kind: approval}, with who, from where, the transition and the note) — the same audit trail whichever way
     * a person approves.
     *
     * @param sawPhase the phase the approver saw, or null for "as it is now"
     * @param sawSince the {@code phase_since} the approver saw, or null
     * @throws RegulatorException REFUSED for a loop in operate (no promotion to approve) or an approval given for a
     *                            phase the loop has left since (stale)
     */
    public Approved set(String id, Approval approval, Instant now, String by, String note, String via,
                                dev.loopreg.health.Phase sawPhase, Instant sawSince) throws RegulatorException, IOException {
        PersonText.by(by);
        PersonText.note(note);
        try (WorkspaceLock ignored = reg.lock("loopreg " + (via.equals("cli") ? "" : via + " ")
                + (approval == Approval.APPROVED ? "approve " : "reject ") + id)) {
            Approved a = approveLocked(reg.evaluateAll(now), id, approval, now, by, note, via, sawPhase, sawSince);
            reg.afterChange(now);
            return a;
        }
    }

    /** {@link #set} for the loop as it is now. */
    public Approved set(String id, Approval approval, Instant now, String by, String note, String via)
            throws RegulatorException, IOException {
        return set(id, approval, now, by, note, via, null, null);
    }

    /**
     * Why an approval given while the loop was in {@code sawPhase} (since {@code sawSince}) does not stand for the
     * loop's current transition, or null when it does. Pure.
     */
    public static String staleApproval(String id, CadenceState now, dev.loopreg.health.Phase sawPhase, Instant sawSince) {
        boolean phaseMoved = sawPhase != null && sawPhase != now.phase();
        boolean epochMoved = sawSince != null && now.phaseSince() != null && !sawSince.equals(now.phaseSince());
        if (!phaseMoved && !epochMoved) return null;
        String saw = (sawPhase == null ? now.phase().id() : sawPhase.id()) + (sawSince == null ? "" : " (since " + Instants.format(sawSince) + ")");
        String is = now.phase().id() + (now.phaseSince() == null ? "" : " (since " + Instants.format(now.phaseSince()) + ")");
        String was = sawPhase == null ? null : CadenceState.transitionOf(sawPhase);
        return "loop '" + id + "': the approval was given while it was in " + saw + "; it is in " + is + " now"
                + (was == null ? "" : ": a review of " + was + " does not approve "
                + (now.transition() == null ? "anything in " + now.phase().id() : now.transition()));
    }

    /**
     * Under the caller's lock: only the cadence.yml half of {@link #approveLocked}, for a recording that stopped after the
     * approval's decision was written — the decision is not written twice.
     */
    void approveStateLocked(Evaluation e, String id, Approval approval, Instant now, String by, String note)
            throws RegulatorException, IOException {
        CadenceState s = reg.requireLoop(e, id).state();
        CadenceState after = s.withApproval(approval, by, now, note == null || note.isBlank() ? null : note.strip());
        reg.carryOut(reg.store().cadence(id).replaceApproval(new Plan("loopreg session record (approval of " + id + ")"), after));
    }

    /**
     * Under the caller's lock: sets {@code regulator_approval} of one loop in its cadence.yml, bound to its current
     * transition and phase epoch, and records the decision.
     */
    Approved approveLocked(Evaluation e, String id, Approval approval, Instant now, String by, String note, String via,
                           dev.loopreg.health.Phase sawPhase, Instant sawSince) throws RegulatorException, IOException {
        return approveLocked(e, id, approval, now, by, note, via, sawPhase, sawSince, java.util.function.UnaryOperator.identity());
    }

    /** {@link #approveLocked} with more effects in the same plan ({@code also}: a ticked box's line in approvals.jsonl). */
    Approved approveLocked(Evaluation e, String id, Approval approval, Instant now, String by, String note, String via,
                           dev.loopreg.health.Phase sawPhase, Instant sawSince, java.util.function.UnaryOperator<Plan> also)
            throws RegulatorException, IOException {
        LoopView v = reg.requireLoop(e, id);
        CadenceState s = v.state();
        String stale = staleApproval(id, s, sawPhase, sawSince);
        if (stale != null) {
            throw new RegulatorException(RegulatorException.REFUSED, stale + "; nothing was changed");
        }
        if (s.phase().next().isEmpty()) {
            throw new RegulatorException(RegulatorException.REFUSED, "loop '" + id + "' is in " + s.phase()
                    + ", the last phase: there is no promotion to " + (approval == Approval.APPROVED ? "approve" : "reject"));
        }
        String cleanNote = note == null || note.isBlank() ? null : note.strip();
        if (s.effectiveApproval() == approval && java.util.Objects.equals(s.approvalBy(), by)
                && java.util.Objects.equals(s.approvalNote(), cleanNote)) {
            // the same change again (a retry, a second click): one decision per change
            throw new RegulatorException(RegulatorException.REFUSED, "loop '" + id + "' is already " + approval.id() + " by " + by
                    + " for " + s.transition() + (s.approvalAt() == null ? "" : " (at " + Instants.format(s.approvalAt()) + ")")
                    + "; nothing was changed");
        }
        CadenceState after = s.withApproval(approval, by, now, cleanNote);
        String dec = DecisionIds.next(reg.usedDecisionIds());
        ObjectNode d = Json.object();
        d.put("id", dec);
        d.put("kind", "approval");
        d.put("loop", id);
        d.put("approval", approval.id());
        d.put("from", s.phase().id());
        d.put("to", s.phase().next().map(dev.loopreg.health.Phase::id).orElse(null));
        d.put("phase_since", s.phaseSince() == null ? null : Instants.format(s.phaseSince()));
        d.put("at", Instants.format(now));
        d.put("by", by);
        d.put("via", via);
        d.put("reason", cleanNote);
        d.put("approval_before", s.effectiveApproval().id());
        // one plan: the approval's decision and cadence.yml are changed together or not at all
        Plan plan = new Plan("loopreg " + (via.equals("cli") ? "" : via + " ") + (approval == Approval.APPROVED ? "approve " : "reject ")
                + id).then(p -> reg.store().decisions().append(p, dec, List.of(d)));
        reg.carryOut(reg.store().cadence(id).replaceApproval(plan, after).then(also));
        return new Approved(dec, after);
    }
}
