package dev.loopreg.cadence;

import dev.loopreg.health.Phase;
import dev.loopreg.health.HealthModel;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every number the cadence rules use, as configured in {@code loops/regulator/policy.yml}.
 * {@link #defaults()} holds the seed workplan's numbers.
 *
 * @param timeZone        the workspace's time zone: crons and zone-less timestamps are read in it
 * @param phaseCrons      the cron of each phase
 * @param exitCriteriaIn  the phases in which {@code exit_criteria} is required to promote
 * @param fprWindowCycles cycles of {@code fpr_window}
 * @param fprWindowBelow  {@code fpr_window} holds when the pooled rate is strictly below this
 * @param rescuesWindowCycles cycles of {@code rescues_window}
 * @param rescuesWindowAtMost {@code rescues_window} holds when the rescues sum to at most this
 * @param approvalRequired whether {@code regulator_approval} must say approved
 * @param demotionTo      the phase a demotion goes to
 * @param fprDemotionCycles cycles of {@code fpr_demotion}
 * @param fprDemotionAbove {@code fpr_demotion} fires when the pooled rate is strictly above this
 * @param rescuesHours    the span of {@code rescues_24h}
 * @param rescuesAtLeast  {@code rescues_24h} fires when at least this many rescues were recorded
 * @param maxRecordsRead  how many health records an evaluation reads back at most (bounds its cost)
 * @param healthModel     the healthy ranges shown on the dashboard
 * @param staleAfterPeriods a loop whose latest record is older than this many periods of its cron is stale
 * @param rules           the {@code rules:} of policy.yml: window rules added to every loop, or replacing a seed rule of
 *                        the same id (none: the seed's rules as they are)
 * @param extraMetrics    the numbers a collector adds to health.jsonl that rules may name ({@code metrics:})
 */
public record Policy(
        ZoneId timeZone,
        Map<Phase, String> phaseCrons,
        Set<Phase> exitCriteriaIn,
        int fprWindowCycles,
        BigDecimal fprWindowBelow,
        int rescuesWindowCycles,
        long rescuesWindowAtMost,
        boolean approvalRequired,
        Phase demotionTo,
        int fprDemotionCycles,
        BigDecimal fprDemotionAbove,
        Duration rescuesSpan,
        long rescuesAtLeast,
        int maxRecordsRead,
        HealthModel healthModel,
        int staleAfterPeriods,
        java.util.List<dev.loopreg.cadence.rules.RuleSpec> rules,
        Set<String> extraMetrics) {

    /** A policy whose rules name loopreg's own metrics only. */
    public Policy(ZoneId timeZone, Map<Phase, String> phaseCrons, Set<Phase> exitCriteriaIn, int fprWindowCycles,
                  BigDecimal fprWindowBelow, int rescuesWindowCycles, long rescuesWindowAtMost, boolean approvalRequired,
                  Phase demotionTo, int fprDemotionCycles, BigDecimal fprDemotionAbove, Duration rescuesSpan, long rescuesAtLeast,
                  int maxRecordsRead, HealthModel healthModel, int staleAfterPeriods, java.util.List<dev.loopreg.cadence.rules.RuleSpec> rules) {
        this(timeZone, phaseCrons, exitCriteriaIn, fprWindowCycles, fprWindowBelow, rescuesWindowCycles, rescuesWindowAtMost,
                approvalRequired, demotionTo, fprDemotionCycles, fprDemotionAbove, rescuesSpan, rescuesAtLeast, maxRecordsRead,
                healthModel, staleAfterPeriods, rules, Set.of());
    }

    /** The metrics a rule may name: loopreg's own numeric fields and the declared ones. */
    public Set<String> ruleMetrics() {
        Map.Entry<Policy, Set<String>> last = lastMetrics;
        if (last != null && last.getKey() == this) return last.getValue();
        java.util.Set<String> out = new java.util.TreeSet<>(dev.loopreg.health.HealthRecordCodec.NUMERIC_FIELDS);
        out.addAll(extraMetrics);
        Set<String> made = java.util.Collections.unmodifiableSet(out);
        lastMetrics = Map.entry(this, made);
        return made;
    }

    /** The metrics of the last policy asked (an evaluation asks once per loop, of one policy). */
    private static volatile Map.Entry<Policy, Set<String>> lastMetrics;

    /** The default of {@code evaluation.stale_after_periods}. */
    public static final int DEFAULT_STALE_AFTER_PERIODS = 3;

    /** A policy without rules of its own (the seed's rules only). */
    public Policy(ZoneId timeZone, Map<Phase, String> phaseCrons, Set<Phase> exitCriteriaIn, int fprWindowCycles,
                  BigDecimal fprWindowBelow, int rescuesWindowCycles, long rescuesWindowAtMost, boolean approvalRequired,
                  Phase demotionTo, int fprDemotionCycles, BigDecimal fprDemotionAbove, Duration rescuesSpan, long rescuesAtLeast,
                  int maxRecordsRead, HealthModel healthModel, int staleAfterPeriods) {
        this(timeZone, phaseCrons, exitCriteriaIn, fprWindowCycles, fprWindowBelow, rescuesWindowCycles, rescuesWindowAtMost,
                approvalRequired, demotionTo, fprDemotionCycles, fprDemotionAbove, rescuesSpan, rescuesAtLeast, maxRecordsRead,
                healthModel, staleAfterPeriods, java.util.List.of());
    }

    /** A policy with the default staleness bound. */
    public Policy(ZoneId timeZone, Map<Phase, String> phaseCrons, Set<Phase> exitCriteriaIn, int fprWindowCycles,
                  BigDecimal fprWindowBelow, int rescuesWindowCycles, long rescuesWindowAtMost, boolean approvalRequired,
                  Phase demotionTo, int fprDemotionCycles, BigDecimal fprDemotionAbove, Duration rescuesSpan, long rescuesAtLeast,
                  int maxRecordsRead, HealthModel healthModel) {
        this(timeZone, phaseCrons, exitCriteriaIn, fprWindowCycles, fprWindowBelow, rescuesWindowCycles, rescuesWindowAtMost,
                approvalRequired, demotionTo, fprDemotionCycles, fprDemotionAbove, rescuesSpan, rescuesAtLeast, maxRecordsRead,
                healthModel, DEFAULT_STALE_AFTER_PERIODS);
    }

    public static final String DEFAULT_BOOTSTRAP_CRON = "0 * * * *";
    public static final String DEFAULT_STABILIZE_CRON = "0 11 * * *";
    public static final String DEFAULT_OPERATE_CRON = "0 11 * * 1";

    public Policy {
        Objects.requireNonNull(timeZone, "timeZone");
        phaseCrons = Map.copyOf(phaseCrons);
        rules = rules == null ? java.util.List.of() : java.util.List.copyOf(rules);
        extraMetrics = extraMetrics == null ? Set.of() : Set.copyOf(extraMetrics);
        if (staleAfterPeriods < 1) {
            throw new IllegalArgumentException("stale_after_periods must be >= 1, was " + staleAfterPeriods);
        }
        exitCriteriaIn = exitCriteriaIn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(exitCriteriaIn));
        for (Phase p : Phase.values()) {
            if (!phaseCrons.containsKey(p)) {
                throw new IllegalArgumentException("no cron for phase " + p);
            }
        }
    }

    public static Policy defaults() {
        Map<Phase, String> crons = new EnumMap<>(Phase.class);
        crons.put(Phase.BOOTSTRAP, DEFAULT_BOOTSTRAP_CRON);
        crons.put(Phase.STABILIZE, DEFAULT_STABILIZE_CRON);
        crons.put(Phase.OPERATE, DEFAULT_OPERATE_CRON);
        return new Policy(ZoneId.of("UTC"), crons, Set.of(Phase.BOOTSTRAP),
                7, new BigDecimal("0.2"), 3, 0, true,
                Phase.BOOTSTRAP, 3, new BigDecimal("0.4"), Duration.ofHours(24), 2,
                1000, HealthModel.seedDefaults());
    }

    public String cronOf(Phase phase) {
        return phaseCrons.get(phase);
    }

    /** The largest cycle window any rule needs. */
    public int largestWindow() {
        int w = Math.max(fprWindowCycles, Math.max(rescuesWindowCycles, fprDemotionCycles));
        for (dev.loopreg.cadence.rules.RuleSpec r : rules) if (r.window().cycles() != null) w = Math.max(w, r.window().cycles());
        return w;
    }

    /** This policy with {@code rules} as its own. */
    public Policy withRules(java.util.List<dev.loopreg.cadence.rules.RuleSpec> rules) {
        return new Policy(timeZone, phaseCrons, exitCriteriaIn, fprWindowCycles, fprWindowBelow, rescuesWindowCycles, rescuesWindowAtMost,
                approvalRequired, demotionTo, fprDemotionCycles, fprDemotionAbove, rescuesSpan, rescuesAtLeast, maxRecordsRead, healthModel,
                staleAfterPeriods, rules, extraMetrics);
    }
}
