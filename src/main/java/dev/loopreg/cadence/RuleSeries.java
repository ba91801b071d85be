package dev.loopreg.cadence;

import dev.loopreg.health.HealthRecord;
import dev.loopreg.health.Phase;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each window rule saw over time: at every health record's cycle, the rule evaluated as it was then — over the
 * records of the phase the loop was in at that cycle, up to that cycle — giving the window's value (the pooled
 * false-positive rate of the last N cycles, the rescues of the last N cycles or of the last 24 hours) and whether the
 * rule held or fired. The loop page draws these against the rules' thresholds. Pure: the same rules as
 * {@link CadenceRules#evaluate}, called per cycle.
 */
public final class RuleSeries {

    private RuleSeries() {
    }

    /** The window rules drawn over time (the others are not windows: exit criteria, the approval, the override). */
    public static final List<String> RULES = List.of(CadenceRules.FPR_WINDOW, CadenceRules.RESCUES_WINDOW, CadenceRules.FPR_DEMOTION,
            CadenceRules.RESCUES_24H);

    /** Longest phase window a cycle is evaluated over (records before it cannot change a window rule of seed size). */
    static final int MAX_WINDOW = 400;

    /** One cycle's view: the window's value (null: no data) and the outcome (null: no data). */
    public record Sample(Instant at, Phase phase, BigDecimal value, Boolean holds) {
    }

    /** One rule over time, with its threshold as people read it ({@code "< 0.2"}, {@code "≥ 2"}). */
    public record Series(String rule, RuleResult.Kind kind, BigDecimal threshold, String thresholdText, List<Sample> samples) {
        public Series {
            samples = List.copyOf(samples);
        }
    }

    /**
     * The series of every window rule over {@code records} (one loop's, oldest first). A promotion rule is not
     * evaluated in a phase without a next one (as in an evaluation), so its series has no sample there.
     */
    public static List<Series> over(List<HealthRecord> records, Policy policy) {
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        Map<String, RuleResult> last = new LinkedHashMap<>();
        RULES.forEach(r -> samples.put(r, new ArrayList<>()));
        int runStart = 0;
        for (int i = 0; i < records.size(); i++) {
            HealthRecord r = records.get(i);
            if (i > 0 && records.get(i - 1).phase() != r.phase()) runStart = i;
            int from = Math.max(runStart, i + 1 - MAX_WINDOW);
            PhaseWindow w = new PhaseWindow(records.subList(from, i + 1), from == runStart);
            List<RuleResult> results = new ArrayList<>();
            if (r.phase().next().isPresent()) {
                results.add(CadenceRules.fprWindow(w, policy));
                results.add(CadenceRules.rescuesWindow(w, policy));
            }
            results.add(CadenceRules.fprDemotion(w, policy));
            results.add(CadenceRules.rescues24h(w, policy, r.cycle()));
            for (RuleResult x : results) {
                samples.get(x.id()).add(new Sample(r.cycle(), r.phase(), decimal(x.value()), x.holds()));
                last.put(x.id(), x);
            }
        }
        List<Series> out = new ArrayList<>();
        for (String id : RULES) {
            RuleResult any = last.get(id);
            RuleResult.Kind kind = CadenceRules.PROMOTION_RULES.contains(id) ? RuleResult.Kind.PROMOTION : RuleResult.Kind.DEMOTION;
            BigDecimal threshold = any == null ? threshold(id, policy) : decimal(any.threshold());
            RuleResult text = new RuleResult(id, kind, null, null, threshold, "", List.of());
            out.add(new Series(id, kind, threshold, text.thresholdText(), samples.get(id)));
        }
        return out;
    }

    private static BigDecimal threshold(String id, Policy policy) {
        return switch (id) {
            case CadenceRules.FPR_WINDOW -> policy.fprWindowBelow();
            case CadenceRules.RESCUES_WINDOW -> BigDecimal.valueOf(policy.rescuesWindowAtMost());
            case CadenceRules.FPR_DEMOTION -> policy.fprDemotionAbove();
            default -> BigDecimal.valueOf(policy.rescuesAtLeast());
        };
    }

    private static BigDecimal decimal(Object v) {
        if (v instanceof BigDecimal b) return b;
        if (v instanceof Number n) return BigDecimal.valueOf(n.longValue());
        return null;
    }
}
