package dev.loopreg.cadence.rules;

import dev.loopreg.cadence.CadenceRules;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.health.Phase;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The registry of rule types: {@code window} (a {@link RuleSpec}, the one engine {@link WindowRule}) and the
 * built-ins that are not windows. Adding a type is one class and one entry here. Pure.
 */
public final class RuleTypes {

    private RuleTypes() {
    }

    /** A window rule: its spec evaluated by {@link WindowRule} over the current phase's records. */
    public record Window(RuleSpec spec) implements Rule {
        public String id() {
            return spec.id();
        }

        public RuleResult.Kind kind() {
            return spec.kind();
        }

        public Set<Phase> from() {
            return spec.from();
        }

        public String source() {
            return spec.source();
        }

        /** The engine's result; an entry written in a file says where, at the end of its evidence. */
        public RuleResult evaluate(Context c) {
            RuleResult r = WindowRule.evaluate(spec, c.window(), c.now());
            if (spec.source().equals(SeedRules.SOURCE)) return r;
            return new RuleResult(r.id(), r.kind(), r.holds(), r.value(), r.threshold(), r.detail() + " [" + spec.source() + "]", r.cycles(), r.sign());
        }
    }

    /** {@code exit_criteria}: the workplan's exit tasks are done (where the policy requires it). */
    public record ExitCriteriaRule() implements Rule {
        public String id() {
            return CadenceRules.EXIT_CRITERIA;
        }

        public RuleResult.Kind kind() {
            return RuleResult.Kind.PROMOTION;
        }

        public Set<Phase> from() {
            return EnumSet.of(Phase.BOOTSTRAP, Phase.STABILIZE);
        }

        public String source() {
            return "built-in";
        }

        public RuleResult evaluate(Context c) {
            return CadenceRules.exitCriteria(c.state(), c.exit(), c.policy());
        }
    }

    /** {@code regulator_approval}: a person approved this transition. */
    public record ApprovalRule() implements Rule {
        public String id() {
            return CadenceRules.REGULATOR_APPROVAL;
        }

        public RuleResult.Kind kind() {
            return RuleResult.Kind.PROMOTION;
        }

        public Set<Phase> from() {
            return EnumSet.of(Phase.BOOTSTRAP, Phase.STABILIZE);
        }

        public String source() {
            return "built-in";
        }

        public RuleResult evaluate(Context c) {
            return CadenceRules.approval(c.loop(), c.state(), c.policy());
        }
    }

    /** {@code operator_override}: watching; a person's demote fires it ({@link CadenceRules#override}). */
    public record OverrideRule() implements Rule {
        public String id() {
            return CadenceRules.OPERATOR_OVERRIDE;
        }

        public RuleResult.Kind kind() {
            return RuleResult.Kind.DEMOTION;
        }

        public Set<Phase> from() {
            return EnumSet.allOf(Phase.class);
        }

        public String source() {
            return "built-in";
        }

        public RuleResult evaluate(Context c) {
            return CadenceRules.noOverride();
        }
    }

    /** The built-in types by name: what {@code type:} may name besides a window. */
    public static final Map<String, Function<String, Rule>> BUILT_IN = Map.of(
            CadenceRules.EXIT_CRITERIA, s -> new ExitCriteriaRule(),
            CadenceRules.REGULATOR_APPROVAL, s -> new ApprovalRule(),
            CadenceRules.OPERATOR_OVERRIDE, s -> new OverrideRule());

    /** The built-in rules, each once. */
    public static List<Rule> builtIns() {
        return List.of(new ExitCriteriaRule(), new ApprovalRule(), new OverrideRule());
    }
}
