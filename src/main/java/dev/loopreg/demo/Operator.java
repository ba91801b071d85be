package dev.loopreg.demo;

import dev.loopreg.cadence.Approval;
import dev.loopreg.cadence.CadenceRules;
import dev.loopreg.cadence.Recommendation;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.report.LoopView;
import dev.loopreg.rotation.RotationStatus;
import dev.loopreg.rotation.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The person in the demo, as a pure policy: given what {@code loopreg evaluate} just said, what they do.
 * <ul>
 *   <li>A recommended promotion or demotion is applied at once ({@code loopreg apply}): a promotion is only
 *       recommended after they approved it, and a demotion comes with an urgent task.</li>
 *   <li>At the daily review (the 10:50 cycle) they approve every loop whose only blocking rule is the missing
 *       approval, unless the loop was demoted less than {@link #CAUTION} ago (they want to see it clean first),
 *       and they rotate the first repo the regulator recommends for rotation ({@code loopreg rotate}).</li>
 * </ul>
 * The approval and the application are one evaluation apart, as they are for a person who approves in the morning
 * and lets the next cycle carry it out; so every applied change follows a recorded recommendation, which is what
 * {@code loopreg simulate} replays.
 */
final class Operator {

    static final String NAME = "demo-operator";
    static final int REVIEW_HOUR = 10;
    static final Duration CAUTION = Duration.ofHours(72);

    private Operator() {
    }

    /** What the operator does. */
    sealed interface Action permits Apply, Approve, Rotate {
    }

    /** {@code loopreg apply LOOP}. */
    record Apply(String loop, Recommendation rec) implements Action {
    }

    /** {@code loopreg approve LOOP --note NOTE}. */
    record Approve(String loop, String note) implements Action {
    }

    /** {@code loopreg rotate REPO}. */
    record Rotate(String repo, Verdict verdict) implements Action {
    }

    static boolean reviewTime(Instant now) {
        return now.atZone(ZoneOffset.UTC).getHour() == REVIEW_HOUR;
    }

    /**
     * @param loops         the evaluation's loops
     * @param rotation      the rotation status, or null when it could not be read
     * @param lastDemotion  when each loop was last demoted
     */
    static List<Action> decide(List<LoopView> loops, RotationStatus rotation, Map<String, Instant> lastDemotion, Instant now) {
        List<Action> out = new ArrayList<>();
        boolean review = reviewTime(now);
        for (LoopView v : loops) {
            Recommendation rec = v.rec();
            if (rec == null) continue;
            if (rec instanceof Recommendation.Promote || rec instanceof Recommendation.Demote) {
                out.add(new Apply(v.id(), rec));
            } else if (review && rec instanceof Recommendation.Hold h && onlyApprovalMissing(h)
                    && v.state().effectiveApproval() == Approval.PENDING) {
                Instant demoted = lastDemotion.get(v.id());
                if (demoted == null || !demoted.plus(CAUTION).isAfter(now)) {
                    out.add(new Approve(v.id(), "every other promotion rule holds at the daily review"));
                }
            }
        }
        if (review && rotation != null && !rotation.recommended().isEmpty()) {
            Verdict v = rotation.recommended().get(0);
            out.add(new Rotate(v.repo(), v));
        }
        return out;
    }

    private static boolean onlyApprovalMissing(Recommendation.Hold h) {
        List<RuleResult> blocking = h.blocking();
        return blocking.size() == 1 && blocking.get(0).id().equals(CadenceRules.REGULATOR_APPROVAL)
                && h.rules().stream().noneMatch(RuleResult::fired);
    }
}
