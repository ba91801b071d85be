package dev.loopreg.cadence.rules;

import dev.loopreg.cadence.CadenceRules;
import dev.loopreg.cadence.Policy;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.format.Fmt;
import dev.loopreg.health.Phase;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules a loop is judged by, in the order an evaluation lists them, each with what it checks and where it comes
 * from: the built-ins and the seed's windows with the policy.yml section that sets their numbers, the entries with
 * their {@code path:line}, and the ones its loop.yml turned off. What {@code loopreg rules} prints. Pure.
 */
public final class EffectiveRules {

    private EffectiveRules() {
    }

    /**
     * One rule of a loop.
     *
     * @param condition what it checks, as people read it
     * @param source    {@code policy.yml promotion.fpr_window}, {@code loops/x/loop.yml:12}, …
     * @param disabled  turned off by the loop's loop.yml
     */
    public record Line(String id, RuleResult.Kind kind, Set<Phase> from, String condition, String missing, String source, boolean disabled) {
    }

    public static List<Line> of(Policy policy, LoopRules own, String policyPath) {
        List<Line> out = new ArrayList<>();
        EnumSet<Phase> leaving = EnumSet.of(Phase.BOOTSTRAP, Phase.STABILIZE);
        List<RuleSpec> seed = SeedRules.of(policy);
        out.add(builtIn(CadenceRules.EXIT_CRITERIA, RuleResult.Kind.PROMOTION, policy.exitCriteriaIn().isEmpty() ? EnumSet.noneOf(Phase.class)
                        : EnumSet.copyOf(policy.exitCriteriaIn()), "every exit task of the workplan done",
                policyPath + " promotion.exit_criteria", own));
        out.add(window(seed.get(0), own, policyPath + " promotion.fpr_window"));
        out.add(window(seed.get(1), own, policyPath + " promotion.rescues_window"));
        out.add(builtIn(CadenceRules.REGULATOR_APPROVAL, RuleResult.Kind.PROMOTION, leaving,
                policy.approvalRequired() ? "a person approved the transition" : "not required", policyPath + " promotion.regulator_approval", own));
        for (RuleSpec e : own.added()) if (e.kind() == RuleResult.Kind.PROMOTION) out.add(entry(e, own));
        out.add(window(seed.get(2), own, policyPath + " demotion.fpr_demotion"));
        out.add(window(seed.get(3), own, policyPath + " demotion.rescues_24h"));
        for (RuleSpec e : own.added()) if (e.kind() == RuleResult.Kind.DEMOTION) out.add(entry(e, own));
        out.add(new Line(CadenceRules.OPERATOR_OVERRIDE, RuleResult.Kind.DEMOTION, EnumSet.allOf(Phase.class),
                "a person demotes (loopreg demote)", "—", "built-in", false));
        return out;
    }

    private static Line builtIn(String id, RuleResult.Kind kind, Set<Phase> from, String condition, String source, LoopRules own) {
        return new Line(id, kind, from, condition, "—", source, own.disabled().contains(id));
    }

    private static Line window(RuleSpec seed, LoopRules own, String section) {
        RuleSpec e = own.replacing().get(seed.id());
        return e != null ? entry(e, own) : new Line(seed.id(), seed.kind(), seed.from(), condition(seed), seed.missing().key(), section,
                own.disabled().contains(seed.id()));
    }

    private static Line entry(RuleSpec e, LoopRules own) {
        return new Line(e.id(), e.kind(), e.from(), condition(e), e.missing().key(), e.source(), own.disabled().contains(e.id()));
    }

    /** "mean agent_success_rate over the last 7 cycles ≥ 0.8", with "held for 2h" for a trigger that waits. */
    public static String condition(RuleSpec e) {
        return WindowRule.describe(e) + " " + e.compare().sign() + " " + Fmt.value(e.threshold())
                + (e.holdFor() == null ? "" : ", held for " + DurationText.format(e.holdFor()));
    }

    /** "bootstrap, stabilize". */
    public static String phases(Set<Phase> from) {
        return EnumSet.copyOf(from.isEmpty() ? EnumSet.noneOf(Phase.class) : from).stream().map(Phase::id).collect(Collectors.joining(", "));
    }
}
