package dev.loopreg.decision;

import dev.loopreg.cadence.CadenceState;
import dev.loopreg.health.Phase;
import dev.loopreg.cadence.Recommendation;
import java.time.Instant;
import java.util.Objects;

/**
 * An applied change.
 *
 * @param id       {@code DEC-NNN}
 * @param kind     {@code promotion} or {@code demotion}
 * @param loop     the loop id
 * @param from     the phase before
 * @param to       the phase after
 * @param at       when it was applied ({@code --now})
 * @param by       who applied it
 * @param reason   why (the recommendation's summary, or the operator's reason)
 * @param evidence the recommendation it carried out, with every rule's evidence
 * @param before   the cadence state before (for the approval's who/when/why)
 * @param cron     the cron after
 */
public record Decision(String id, String kind, String loop, Phase from, Phase to, Instant at, String by, String reason,
                       Recommendation evidence, CadenceState before, String cron) {

    public Decision {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * The evidence that belongs to this decision: for a promotion every rule (the promotion rules held, the
     * triggers were quiet); for a demotion only the triggers that fired — promotion rules pending an approval say
     * nothing about why a loop was demoted.
     */
    public java.util.List<dev.loopreg.cadence.RuleResult> rules() {
        if (kind.equals("demotion")) {
            return evidence.rules().stream().filter(dev.loopreg.cadence.RuleResult::fired).toList();
        }
        return evidence.rules();
    }

    /** A short file-name part: {@code promote-kaizen-stack-to-stabilize}. */
    public String slug() {
        String verb = kind.equals("promotion") ? "promote" : "demote";
        String s = verb + "-" + loop + "-to-" + to.id();
        return s.replaceAll("[^a-z0-9-]", "-");
    }
}
