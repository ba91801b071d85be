package dev.loopreg.cadence;

import dev.loopreg.health.Phase;
import dev.loopreg.health.HealthRecord;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The cadence state machine's rules (LOOP-WP-0004 "Promotion rules" and "Demotion triggers") as
 * pure functions. Missing data never passes a rule and never fires a trigger; demotion beats
 * promotion; {@code operate} has no promotion.
 */
public final class CadenceRules {

    public static final String EXIT_CRITERIA = "exit_criteria";
    public static final String FPR_WINDOW = "fpr_window";
    public static final String RESCUES_WINDOW = "rescues_window";
    public static final String REGULATOR_APPROVAL = "regulator_approval";
    public static final String FPR_DEMOTION = "fpr_demotion";
    public static final String RESCUES_24H = "rescues_24h";
    public static final String OPERATOR_OVERRIDE = "operator_override";

    public static final List<String> PROMOTION_RULES = List.of(EXIT_CRITERIA, FPR_WINDOW, RESCUES_WINDOW, REGULATOR_APPROVAL);
    public static final List<String> DEMOTION_TRIGGERS = List.of(FPR_DEMOTION, RESCUES_24H, OPERATOR_OVERRIDE);

    private CadenceRules() {
    }

    /**
     * Evaluates one loop at {@code now}.
     *
     * @param loop   the loop id
     * @param state  its {@code cadence.yml}
     * @param window its current phase's health records
     * @param exit   whether its workplan exit tasks are done
     * @param policy the configured numbers
     * @param now    the instant of evaluation
     */
    public static Recommendation evaluate(String loop, CadenceState state, PhaseWindow window, ExitCriteria exit,
                                          Policy policy, Instant now) {
        return evaluate(loop, state, window, exit, policy, now, null);
    }

    /**
     * Evaluates one loop at {@code now}, knowing how fresh its data is: a stale loop is never promoted (it is held,
     * saying why); a demotion trigger that fires still demotes.
     *
     * @param freshness the loop's {@link Staleness}, or null when unknown
     */
    public static Recommendation evaluate(String loop, CadenceState state, PhaseWindow window, ExitCriteria exit,
                                          Policy policy, Instant now, Staleness freshness) {
        return evaluate(loop, state, window, exit, policy, now, freshness, dev.loopreg.cadence.rules.LoopRules.of(policy.rules(), List.of(), java.util.Set.of()));
    }

    /**
     * Evaluates one loop at {@code now} under its own rules: the policy's and its loop.yml's entries (replacing seed
     * window rules by id, or added) and the ids it disables.
     */
    public static Recommendation evaluate(String loop, CadenceState state, PhaseWindow window, ExitCriteria exit,
                                          Policy policy, Instant now, Staleness freshness, dev.loopreg.cadence.rules.LoopRules own) {
        Recommendation r = evaluateRules(loop, state, window, exit, policy, now, own);
        if (freshness != null && freshness.stale() && !(r instanceof Recommendation.Demote)) {
            List<RuleResult> blocking = r instanceof Recommendation.Hold h ? h.blocking() : List.of();
            return new Recommendation.Hold(loop, state.phase(), now, r.rules(), blocking, freshness.holdSummary(state.phase()));
        }
        return r;
    }

    private static Recommendation evaluateRules(String loop, CadenceState state, PhaseWindow window, ExitCriteria exit,
                                                Policy policy, Instant now, dev.loopreg.cadence.rules.LoopRules own) {
        // every rule through the registry: the built-ins, the seed's window rules as entries, the loop's own entries;
        // only the rules that can apply (the last phase has no promotion, so no promotion rule is listed there)
        List<RuleResult> rules = new ArrayList<>();
        dev.loopreg.cadence.rules.Rule.Context ctx = new dev.loopreg.cadence.rules.Rule.Context(loop, state, window, exit, policy, now);
        for (dev.loopreg.cadence.rules.Rule r : own.rules(policy)) {
            if (r.guards(state.phase())) rules.add(r.evaluate(ctx));
        }
        return decide(loop, state, rules, policy, now);
    }

    /** An operator's override: the evaluation at {@code now} with {@code operator_override} fired. */
    public static Recommendation.Demote override(Recommendation evaluated, String by, String reason, Policy policy) {
        List<RuleResult> rules = new ArrayList<>();
        for (RuleResult r : evaluated.rules()) {
            if (r.id().equals(OPERATOR_OVERRIDE)) {
                rules.add(new RuleResult(OPERATOR_OVERRIDE, RuleResult.Kind.DEMOTION, true, reason, null,
                        "demoted by " + by + ": " + reason, List.of()));
            } else {
                rules.add(r);
            }
        }
        Phase to = demotionTarget(evaluated.phase(), policy);
        String summary = "operator override by " + by + ": " + evaluated.phase() + " → " + to + " (" + reason + ")";
        return new Recommendation.Demote(evaluated.loop(), evaluated.phase(), to, evaluated.at(), rules, summary);
    }

    /** The phase a demotion from {@code from} goes to: the configured target, never above {@code from}. */
    public static Phase demotionTarget(Phase from, Policy policy) {
        return policy.demotionTo().compareTo(from) <= 0 ? policy.demotionTo() : from;
    }

    private static Recommendation decide(String loop, CadenceState state, List<RuleResult> rules, Policy policy,
                                         Instant now) {
        Phase phase = state.phase();
        List<RuleResult> fired = rules.stream().filter(RuleResult::fired).toList();
        if (!fired.isEmpty()) {
            Phase to = demotionTarget(phase, policy);
            String firedIds = fired.stream().map(RuleResult::id).collect(Collectors.joining(", "));
            if (to.compareTo(phase) < 0) {
                return new Recommendation.Demote(loop, phase, to, now, rules,
                        "demote " + phase + " → " + to + ": " + firedIds + " fired");
            }
            return new Recommendation.Hold(loop, phase, now, rules, fired,
                    "hold: " + firedIds + " fired, but " + phase + " is already the demotion target; raise an urgent task");
        }
        List<RuleResult> promotion = rules.stream().filter(r -> r.kind() == RuleResult.Kind.PROMOTION).toList();
        if (phase.next().isEmpty()) {
            return new Recommendation.Hold(loop, phase, now, rules, List.of(),
                    "hold in " + phase + ": there is no promotion from " + phase + "; the demotion triggers are watching");
        }
        List<RuleResult> blocking = promotion.stream().filter(r -> !Boolean.TRUE.equals(r.holds())).toList();
        Phase next = phase.next().get();
        if (blocking.isEmpty()) {
            return new Recommendation.Promote(loop, phase, next, now, rules,
                    "promote " + phase + " → " + next + ": every promotion rule holds");
        }
        String why = blocking.stream().map(r -> r.id() + " " + r.outcomeWord()).collect(Collectors.joining("; "));
        return new Recommendation.Hold(loop, phase, now, rules, blocking, "hold in " + phase + ": " + why);
    }

    public static RuleResult exitCriteria(CadenceState state, ExitCriteria exit, Policy policy) {
        if (!policy.exitCriteriaIn().contains(state.phase())) {
            return promo(EXIT_CRITERIA, true, "not required", null,
                    "not required to leave " + state.phase() + " (policy promotion.exit_criteria.required_in)", List.of());
        }
        String value = exit.notDone().isEmpty() ? null : "not done: " + String.join(", ", exit.notDone());
        if (exit.met() != null && exit.met()) {
            value = "all exit tasks done";
        }
        return promo(EXIT_CRITERIA, exit.met(), value, "every exit task done", exit.detail(), List.of());
    }

    /*
     * The seed's window rules as code: evaluation runs them as entries through the engine (SeedRules, WindowRule); these
     * stay as the reference SeedRulesTest checks the engine against, byte for byte, and as the unit tests' subject.
     */

    public static RuleResult fprWindow(PhaseWindow window, Policy policy) {
        return pooledRateRule(FPR_WINDOW, RuleResult.Kind.PROMOTION, window, policy.fprWindowCycles(), policy.fprWindowBelow(), true);
    }

    public static RuleResult fprDemotion(PhaseWindow window, Policy policy) {
        return pooledRateRule(FPR_DEMOTION, RuleResult.Kind.DEMOTION, window, policy.fprDemotionCycles(), policy.fprDemotionAbove(), false);
    }

    /**
     * A rule on the pooled false-positive rate of the last {@code n} cycles: it holds (or fires) when the
     * rate is strictly below the threshold ({@code below}) or strictly above it.
     */
    private static RuleResult pooledRateRule(String id, RuleResult.Kind kind, PhaseWindow window, int n, BigDecimal threshold,
                                             boolean below) {
        Pooled pooled = pooledRate(window, n);
        if (pooled.missing != null) {
            return new RuleResult(id, kind, null, null, threshold, pooled.missing, pooled.cycles);
        }
        int cmp = pooled.rate.compareTo(threshold);
        boolean holds = below ? cmp < 0 : cmp > 0;
        String side = below ? "below " : "above ";
        return new RuleResult(id, kind, holds, pooled.rate, threshold,
                "pooled false-positive rate " + pooled.describe() + " over the last " + n + " cycles is "
                        + (holds ? side : "not " + side) + threshold.toPlainString(), pooled.cycles);
    }

    public static RuleResult rescuesWindow(PhaseWindow window, Policy policy) {
        int n = policy.rescuesWindowCycles();
        long threshold = policy.rescuesWindowAtMost();
        if (window.size() < n) {
            return promo(RESCUES_WINDOW, null, null, threshold, tooFew(window, n), cycles(window.records()));
        }
        List<HealthRecord> last = window.last(n);
        long sum = 0;
        for (HealthRecord r : last) {
            if (r.manualRescues() == null) {
                return promo(RESCUES_WINDOW, null, null, threshold,
                        "manual_rescues not measured in cycle " + r.cycle(), cycles(last));
            }
            sum += r.manualRescues();
        }
        boolean holds = sum <= threshold;
        return promo(RESCUES_WINDOW, holds, sum, threshold,
                sum + " manual rescue" + (sum == 1 ? "" : "s") + " in the last " + n + " cycles ("
                        + (holds ? "at most " : "more than ") + threshold + ")", cycles(last));
    }

    public static RuleResult approval(String loop, CadenceState state, Policy policy) {
        if (!policy.approvalRequired()) {
            return promo(REGULATOR_APPROVAL, true, state.approval().id(), "approved",
                    "not required (policy promotion.regulator_approval.required: false)", List.of());
        }
        String transition = state.transition();
        String voided = state.approvalVoidReason();
        if (voided != null) {
            return promo(REGULATOR_APPROVAL, false, Approval.PENDING.id(), "approved",
                    "awaiting the regulator's approval of " + transition + " (loopreg approve " + loop + "): " + voided
                            + "; any phase change voids an approval", List.of());
        }
        Approval a = state.approval();
        String who = state.approvalBy() == null ? "" : " by " + state.approvalBy()
                + (state.approvalAt() == null ? "" : " at " + state.approvalAt());
        String detail = switch (a) {
            case APPROVED -> "promotion " + transition + " approved" + who;
            case PENDING -> "awaiting the regulator's approval (loopreg approve " + loop + ")";
            case REJECTED -> "promotion rejected" + who + (state.approvalNote() == null ? "" : ": " + state.approvalNote());
        };
        return promo(REGULATOR_APPROVAL, a == Approval.APPROVED, a.id(), "approved", detail, List.of());
    }

    public static RuleResult rescues24h(PhaseWindow window, Policy policy, Instant now) {
        Duration span = policy.rescuesSpan();
        long threshold = policy.rescuesAtLeast();
        Instant from = now.minus(span);
        List<HealthRecord> inSpan = window.records().stream()
                .filter(r -> r.cycle().isAfter(from) && !r.cycle().isAfter(now)).toList();
        String spanText = span.toHours() + " h";
        long known = 0;
        Instant unmeasured = null;
        for (HealthRecord r : inSpan) {
            if (r.manualRescues() == null) {
                unmeasured = unmeasured == null ? r.cycle() : unmeasured;
            } else {
                known += r.manualRescues();
            }
        }
        boolean cut = !window.complete() && window.first() != null && window.first().isAfter(from);
        long logged = window.unrecordedRescues().stream().filter(t -> t.isAfter(from) && !t.isAfter(now)).count();
        known += logged;
        if (known >= threshold) {
            return trigger(RESCUES_24H, true, known, threshold,
                    known + " manual rescues recorded in the " + spanText + " before " + now + " (at least " + threshold + ")"
                            + (logged == 0 ? "" : "; " + logged + " of them logged after the last health record: "
                            + window.unrecordedRescues().stream().map(Instant::toString).reduce((a, b) -> a + ", " + b).orElse("")),
                    cycles(inSpan));
        }
        if (inSpan.isEmpty()) {
            return trigger(RESCUES_24H, null, null, threshold,
                    "no health record in the " + spanText + " before " + now, List.of());
        }
        if (unmeasured != null) {
            return trigger(RESCUES_24H, null, known, threshold,
                    "manual_rescues not measured in cycle " + unmeasured + " (" + known + " known)", cycles(inSpan));
        }
        if (cut) {
            return trigger(RESCUES_24H, null, known, threshold,
                    "the read bound (evaluation.max_records_read) ends inside the " + spanText + " span; "
                            + known + " rescues known", cycles(inSpan));
        }
        return trigger(RESCUES_24H, false, known, threshold,
                known + " manual rescue" + (known == 1 ? "" : "s") + " recorded in the " + spanText + " before " + now
                        + " (fires at " + threshold + ")", cycles(inSpan));
    }

    public static RuleResult noOverride() {
        return trigger(OPERATOR_OVERRIDE, false, null, null, "no operator override (loopreg demote LOOP --reason ...)", List.of());
    }

    /** The pooled false-positive rate Σduplicate_tasks / Σtasks_created over the last n records. */
    private static Pooled pooledRate(PhaseWindow window, int n) {
        if (window.size() < n) {
            return Pooled.missing(tooFew(window, n), cycles(window.records()));
        }
        List<HealthRecord> last = window.last(n);
        List<Instant> cs = cycles(last);
        BigDecimal dup = BigDecimal.ZERO;
        long created = 0;
        for (HealthRecord r : last) {
            if (r.tasksCreated() == null) {
                return Pooled.missing("tasks_created not measured in cycle " + r.cycle(), cs);
            }
            BigDecimal d;
            if (r.duplicateTasks() != null) {
                d = BigDecimal.valueOf(r.duplicateTasks());
            } else if (r.falsePositiveRate() != null) {
                d = r.falsePositiveRate().multiply(BigDecimal.valueOf(r.tasksCreated()));
            } else {
                return Pooled.missing("neither duplicate_tasks nor false_positive_rate measured in cycle " + r.cycle(), cs);
            }
            dup = dup.add(d);
            created += r.tasksCreated();
        }
        if (created == 0) {
            return Pooled.missing("no tasks created in the last " + n + " cycles: the rate is undefined", cs);
        }
        BigDecimal rate = dup.divide(BigDecimal.valueOf(created), MathContext.DECIMAL64).stripTrailingZeros();
        if (rate.scale() < 0) {
            rate = rate.setScale(0);
        }
        return new Pooled(rate, dup.stripTrailingZeros(), created, null, cs);
    }

    private static String tooFew(PhaseWindow window, int n) {
        return "only " + window.size() + " of " + n + " cycles recorded in the current phase";
    }

    private static List<Instant> cycles(List<HealthRecord> records) {
        return records.stream().map(HealthRecord::cycle).toList();
    }

    private static RuleResult promo(String id, Boolean holds, Object value, Object threshold, String detail, List<Instant> cycles) {
        return new RuleResult(id, RuleResult.Kind.PROMOTION, holds, value, threshold, detail, cycles);
    }

    private static RuleResult trigger(String id, Boolean holds, Object value, Object threshold, String detail, List<Instant> cycles) {
        return new RuleResult(id, RuleResult.Kind.DEMOTION, holds, value, threshold, detail, cycles);
    }

    private record Pooled(BigDecimal rate, BigDecimal duplicates, long created, String missing, List<Instant> cycles) {
        static Pooled missing(String why, List<Instant> cycles) {
            return new Pooled(null, null, 0, why, cycles);
        }

        String describe() {
            BigDecimal shown = rate.scale() > 4 ? rate.setScale(4, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros() : rate;
            return shown.toPlainString() + " (" + duplicates.toPlainString() + "/" + created + ")";
        }
    }
}
