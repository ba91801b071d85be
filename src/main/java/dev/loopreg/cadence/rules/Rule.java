package dev.loopreg.cadence.rules;

import dev.loopreg.cadence.CadenceState;
import dev.loopreg.cadence.ExitCriteria;
import dev.loopreg.cadence.PhaseWindow;
import dev.loopreg.cadence.Policy;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.health.Phase;
import java.time.Instant;
import java.util.Set;

/**
 * One rule of a loop's policy: what it guards and how it decides. A window rule is data ({@link RuleSpec}, evaluated
 * by {@link WindowRule}); what is not a window is a named built-in type ({@code exit_criteria},
 * {@code regulator_approval}, {@code operator_override}). {@link RuleTypes} makes each from its type's name. Pure.
 */
public interface Rule {

    /** What a rule sees at one evaluation. */
    record Context(String loop, CadenceState state, PhaseWindow window, ExitCriteria exit, Policy policy, Instant now) {
    }

    String id();

    RuleResult.Kind kind();

    /** The phases it guards: a promotion rule's phases to leave, a trigger's phases to demote from. */
    Set<Phase> from();

    /** Where it was defined ({@code policy.yml:12}), or {@code built-in}. */
    String source();

    RuleResult evaluate(Context c);

    /** Whether it applies to a loop in {@code phase}. */
    default boolean guards(Phase phase) {
        return from().contains(phase) && (kind() == RuleResult.Kind.DEMOTION || phase.next().isPresent());
    }
}
