package dev.loopreg.cadence.rules;

import dev.loopreg.cadence.CadenceRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loop's rules beyond the seed's code: the policy's {@code rules:} merged with its loop.yml's (an entry with the id
 * of an earlier one replaces it), split into the seed window rules they replace ({@code fpr_window},
 * {@code rescues_window}, {@code fpr_demotion}, {@code rescues_24h}) and the ones they add, and the ids its loop.yml
 * turns off ({@code disable:}). {@link #NONE}: the seed's rules as they are. Pure.
 */
public record LoopRules(Map<String, RuleSpec> replacing, List<RuleSpec> added, Set<String> disabled) {

    public static final LoopRules NONE = new LoopRules(Map.of(), List.of(), Set.of());

    /** The seed's rules that are windows, and so may be replaced by an entry. */
    public static final List<String> SEED_WINDOWS = List.of(CadenceRules.FPR_WINDOW, CadenceRules.RESCUES_WINDOW, CadenceRules.FPR_DEMOTION,
            CadenceRules.RESCUES_24H);

    public LoopRules {
        replacing = Map.copyOf(replacing);
        added = List.copyOf(added);
        disabled = Set.copyOf(disabled);
    }

    public static LoopRules of(List<RuleSpec> policy, List<RuleSpec> loop, Set<String> disable) {
        if (policy.isEmpty() && loop.isEmpty() && disable.isEmpty()) return NONE;
        Map<String, RuleSpec> all = new LinkedHashMap<>();
        for (RuleSpec r : policy) all.put(r.id(), r);
        for (RuleSpec r : loop) all.put(r.id(), r);
        Map<String, RuleSpec> replacing = new LinkedHashMap<>();
        List<RuleSpec> added = new ArrayList<>();
        for (RuleSpec r : all.values()) {
            if (SEED_WINDOWS.contains(r.id())) replacing.put(r.id(), r);
            else added.add(r);
        }
        return new LoopRules(replacing, added, disable);
    }

    /**
     * The loop's rules in the order an evaluation lists them, made by the registry ({@link RuleTypes}): the built-ins,
     * the seed's window rules (as entries with the policy's numbers, or the entries replacing them), the added
     * promotion rules, the triggers, the added triggers, the operator's override; less the disabled ones.
     */
    public List<Rule> rules(dev.loopreg.cadence.Policy policy) {
        List<RuleSpec> seed = SeedRules.of(policy);
        List<Rule> out = new ArrayList<>();
        out.add(new RuleTypes.ExitCriteriaRule());
        out.add(window(seed.get(0)));
        out.add(window(seed.get(1)));
        out.add(new RuleTypes.ApprovalRule());
        for (RuleSpec e : added) if (e.kind() == dev.loopreg.cadence.RuleResult.Kind.PROMOTION) out.add(new RuleTypes.Window(e));
        out.add(window(seed.get(2)));
        out.add(window(seed.get(3)));
        for (RuleSpec e : added) if (e.kind() == dev.loopreg.cadence.RuleResult.Kind.DEMOTION) out.add(new RuleTypes.Window(e));
        out.add(new RuleTypes.OverrideRule());
        out.removeIf(r -> disabled.contains(r.id()) && !r.id().equals(CadenceRules.OPERATOR_OVERRIDE));
        return out;
    }

    private Rule window(RuleSpec seed) {
        return new RuleTypes.Window(replacing.getOrDefault(seed.id(), seed));
    }

    /** Every effective entry, the replacing ones first (in the seed's order), then the added ones. */
    public List<RuleSpec> entries() {
        List<RuleSpec> out = new ArrayList<>();
        for (String id : SEED_WINDOWS) if (replacing.containsKey(id)) out.add(replacing.get(id));
        out.addAll(added);
        return out;
    }
}
