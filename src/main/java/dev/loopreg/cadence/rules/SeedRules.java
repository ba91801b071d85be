package dev.loopreg.cadence.rules;

import dev.loopreg.cadence.CadenceRules;
import dev.loopreg.cadence.Policy;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.health.Phase;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The seed's four window rules written as rule entries, with the numbers of a {@link Policy}: {@code fpr_window} and
 * {@code rescues_window} guard leaving bootstrap and stabilize, {@code fpr_demotion} and {@code rescues_24h} watch every
 * phase (they demote from stabilize and operate, and raise urgent tasks in bootstrap). {@code SeedRulesTest} checks that the engine decides them as {@link CadenceRules} does. Pure.
 */
public final class SeedRules {

    private SeedRules() {
    }

    /** The source of the seed's entries: their numbers are policy.yml's sections, their evidence cites no line. */
    public static final String SOURCE = "built-in";

    /** The entries of the last policy asked about: an evaluation asks once per loop, with one policy. */
    private static volatile Map.Entry<Policy, List<RuleSpec>> last;

    public static List<RuleSpec> of(Policy p) {
        Map.Entry<Policy, List<RuleSpec>> l = last;
        if (l != null && l.getKey() == p) return l.getValue();
        List<RuleSpec> made = make(p);
        last = Map.entry(p, made);
        return made;
    }

    private static List<RuleSpec> make(Policy p) {
        RuleSpec.Aggregate pooled = new RuleSpec.Aggregate.Pooled("duplicate_tasks", "tasks_created");
        RuleSpec.Aggregate sum = new RuleSpec.Aggregate.Simple("sum");
        EnumSet<Phase> leaving = EnumSet.of(Phase.BOOTSTRAP, Phase.STABILIZE);
        EnumSet<Phase> demoting = EnumSet.allOf(Phase.class);   // evaluated in every phase: in bootstrap they raise urgent tasks
        return List.of(
                new RuleSpec(CadenceRules.FPR_WINDOW, RuleResult.Kind.PROMOTION, leaving, null, pooled, new RuleSpec.Window(p.fprWindowCycles(), null),
                        RuleSpec.Comparison.BELOW, p.fprWindowBelow(), RuleSpec.Missing.HOLD, null, SOURCE),
                new RuleSpec(CadenceRules.RESCUES_WINDOW, RuleResult.Kind.PROMOTION, leaving, "manual_rescues", sum,
                        new RuleSpec.Window(p.rescuesWindowCycles(), null), RuleSpec.Comparison.AT_MOST, BigDecimal.valueOf(p.rescuesWindowAtMost()),
                        RuleSpec.Missing.HOLD, null, SOURCE),
                new RuleSpec(CadenceRules.FPR_DEMOTION, RuleResult.Kind.DEMOTION, demoting, null, pooled, new RuleSpec.Window(p.fprDemotionCycles(), null),
                        RuleSpec.Comparison.ABOVE, p.fprDemotionAbove(), RuleSpec.Missing.HOLD, null, SOURCE),
                new RuleSpec(CadenceRules.RESCUES_24H, RuleResult.Kind.DEMOTION, demoting, "manual_rescues", sum,
                        new RuleSpec.Window(null, p.rescuesSpan()), RuleSpec.Comparison.AT_LEAST, BigDecimal.valueOf(p.rescuesAtLeast()),
                        RuleSpec.Missing.HOLD, null, SOURCE));
    }
}
