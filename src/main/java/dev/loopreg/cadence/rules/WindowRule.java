package dev.loopreg.cadence.rules;

import dev.loopreg.cadence.PhaseWindow;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.format.Fmt;
import dev.loopreg.health.HealthRecord;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one engine of window rules: a {@link RuleSpec} over the records of the loop's current phase, at an instant —
 * the window picked, its values aggregated, the result compared with the threshold, no data handled as the rule says,
 * and a demotion's {@code for:} checked by evaluating the rule at each cycle back over that span. Pure.
 */
public final class WindowRule {

    private WindowRule() {
    }

    /** The window's aggregate, or why there is none. */
    record Value(BigDecimal value, List<Instant> cycles, String missing) {
    }

    /** Evaluates {@code spec} at {@code now} over {@code phase}, the current phase's records (oldest first, all read). */
    public static RuleResult evaluate(RuleSpec spec, List<HealthRecord> phase, Instant now) {
        return evaluate(spec, new PhaseWindow(phase.stream().filter(r -> !r.cycle().isAfter(now)).toList(), true), now);
    }

    /**
     * Evaluates {@code spec} at {@code now} over the loop's current phase window.
     *
     * @return a promotion rule's holds/fails, or a demotion trigger's fired/watching; null outcome: no data (held)
     */
    public static RuleResult evaluate(RuleSpec spec, PhaseWindow window, Instant now) {
        RuleResult r = core(spec, window, now);
        if (spec.kind() != RuleResult.Kind.DEMOTION || spec.holdFor() == null || !Boolean.TRUE.equals(r.holds()) || r.value() == null) return r;
        // for: the condition must have held at every cycle back over the span
        Instant since = heldSince(spec, window);
        Instant needed = now.minus(spec.holdFor());
        String cut = r.detail();
        if (since == null || since.isAfter(needed)) {
            return new RuleResult(r.id(), r.kind(), false, r.value(), r.threshold(), cut + " since " + (since == null ? "this cycle" : since)
                    + ", not yet for " + DurationText.format(spec.holdFor()), r.cycles(), r.sign());
        }
        return new RuleResult(r.id(), r.kind(), true, r.value(), r.threshold(), cut + " since " + since + " (at least "
                + DurationText.format(spec.holdFor()) + ")", r.cycles(), r.sign());
    }

    /** The rule at one instant, without {@code for:}: the window's shape decides how it is read and worded. */
    private static RuleResult core(RuleSpec spec, PhaseWindow window, Instant now) {
        boolean sum = spec.aggregate() instanceof RuleSpec.Aggregate.Simple a && a.name().equals("sum");
        if (spec.window().duration() != null && sum) return SeedShapes.durationSum(spec, window, now);
        if (spec.window().cycles() != null && spec.aggregate() instanceof RuleSpec.Aggregate.Pooled) return SeedShapes.pooled(spec, window);
        if (spec.window().cycles() != null && sum) return SeedShapes.cycleSum(spec, window);
        List<HealthRecord> known = window.records().stream().filter(r -> !r.cycle().isAfter(now)).toList();
        Value v = value(spec, known, now, window.size());
        if (v.missing() != null) return noData(spec, v.missing(), v.cycles(), null);
        boolean condition = spec.compare().test(v.value(), spec.threshold());
        String what = describe(spec) + " is " + shown(v.value(), spec.threshold());
        return result(spec, condition, v.value(), what + (condition ? ", " : ", not ") + spec.compare().sign() + " " + Fmt.value(spec.threshold()),
                v.cycles());
    }

    /** The earliest cycle from which the condition held at every cycle up to the last one, or null when it does not hold. */
    static Instant heldSince(RuleSpec spec, PhaseWindow window) {
        List<HealthRecord> rs = window.records();
        Instant since = null;
        for (int i = rs.size() - 1; i >= 0; i--) {
            Instant at = rs.get(i).cycle();
            PhaseWindow then = new PhaseWindow(rs.subList(0, i + 1), window.complete(), List.of(), window.older(), window.olderFirst());
            if (!Boolean.TRUE.equals(core(spec, then, at).holds())) break;
            since = at;
        }
        return since;
    }

    /**
     * No data: what the rule's {@code missing} says. The detail names the policy when it is not the default
     * ({@code hold}), so the seed's rules read as they always did.
     *
     * @param value what is known (a partial sum), or null
     */
    static RuleResult noData(RuleSpec spec, String why, List<Instant> cycles, Object value) {
        String detail = spec.missing() == RuleSpec.Missing.HOLD ? why : why + " (missing: " + spec.missing().key() + ")";
        Object threshold = SeedShapes.threshold(spec);
        String sign = spec.compare().sign();
        return switch (spec.missing()) {
            case HOLD -> new RuleResult(spec.id(), spec.kind(), null, value, threshold, detail, cycles, sign);
            case FAIL -> new RuleResult(spec.id(), spec.kind(), spec.kind() == RuleResult.Kind.DEMOTION, value, threshold, detail, cycles, sign);
            case IGNORE -> new RuleResult(spec.id(), spec.kind(), spec.kind() == RuleResult.Kind.PROMOTION, value, threshold, detail, cycles, sign);
        };
    }

    static RuleResult result(RuleSpec spec, boolean outcome, Object value, String detail, List<Instant> cycles) {
        return new RuleResult(spec.id(), spec.kind(), outcome, value, SeedShapes.threshold(spec), detail, cycles, spec.compare().sign());
    }

    /**
     * The value as the evidence shows it: three decimals, more when three would make it look equal to the threshold it
     * is not equal to (0.79998 against 0.8 is never shown as "0.8, not ≥ 0.8").
     */
    static String shown(BigDecimal value, BigDecimal threshold) {
        String s = Fmt.num(value);
        if (value.compareTo(threshold) == 0 || !s.equals(Fmt.num(threshold))) return s;
        for (int digits = 6; digits <= 34; digits += 4) {
            String t = value.round(new MathContext(digits)).stripTrailingZeros().toPlainString();
            if (new BigDecimal(t).compareTo(threshold) != 0) return t;
        }
        return value.toPlainString();
    }

    /** "mean agent_success_rate over the last 7 cycles". */
    static String describe(RuleSpec spec) {
        String of = spec.aggregate() instanceof RuleSpec.Aggregate.Pooled p ? "pooled " + p.numerator() + "/" + p.denominator()
                : spec.aggregate().word() + " " + spec.metric();
        return of + " over " + spec.window().describe();
    }

    /** The window at {@code now} and its aggregate; {@code size} counts the phase's records, read or not. */
    static Value value(RuleSpec spec, List<HealthRecord> known, Instant now, int size) {
        List<HealthRecord> w;
        if (spec.window().cycles() != null) {
            int n = spec.window().cycles();
            if (size < n) {
                return new Value(null, cycles(known), "only " + size + " of " + n + " cycles recorded in the current phase");
            }
            w = known.subList(known.size() - n, known.size());
        } else {
            Instant from = now.minus(spec.window().duration());
            w = known.stream().filter(r -> r.cycle().isAfter(from) && !r.cycle().isAfter(now)).toList();
            if (w.isEmpty()) return new Value(null, List.of(), "no health record in the " + DurationText.format(spec.window().duration()) + " before " + now);
        }
        List<Instant> cs = cycles(w);
        if (spec.aggregate() instanceof RuleSpec.Aggregate.Pooled p) {
            BigDecimal num = BigDecimal.ZERO;
            BigDecimal den = BigDecimal.ZERO;
            for (HealthRecord r : w) {
                BigDecimal a = r.metric(p.numerator());
                BigDecimal b = r.metric(p.denominator());
                if (a == null || b == null) return new Value(null, cs, (a == null ? p.numerator() : p.denominator()) + " not measured in cycle " + r.cycle());
                num = num.add(a);
                den = den.add(b);
            }
            if (den.signum() == 0) return new Value(null, cs, p.denominator() + " sums to 0 over " + spec.window().describe() + ": the rate is undefined");
            return new Value(clean(num.divide(den, MathContext.DECIMAL64)), cs, null);
        }
        String agg = spec.aggregate().word();
        List<BigDecimal> values = new ArrayList<>();
        for (HealthRecord r : w) {
            BigDecimal x = r.metric(spec.metric());
            if (x == null) {
                if (agg.equals("count")) continue;
                return new Value(null, cs, spec.metric() + " not measured in cycle " + r.cycle());
            }
            values.add(x);
        }
        return switch (agg) {
            case "count" -> new Value(BigDecimal.valueOf(values.size()), cs, null);
            case "sum" -> new Value(clean(values.stream().reduce(BigDecimal.ZERO, BigDecimal::add)), cs, null);
            case "mean" -> new Value(clean(values.stream().reduce(BigDecimal.ZERO, BigDecimal::add).divide(BigDecimal.valueOf(values.size()),
                    MathContext.DECIMAL64)), cs, null);
            case "min" -> new Value(clean(values.stream().min(BigDecimal::compareTo).orElseThrow()), cs, null);
            case "max" -> new Value(clean(values.stream().max(BigDecimal::compareTo).orElseThrow()), cs, null);
            default -> values.size() < 2 ? new Value(null, cs, "a slope needs at least 2 measured cycles, " + values.size() + " recorded")
                    : new Value(clean(slope(values)), cs, null);
        };
    }

    /** The least-squares slope of the values against their index (per cycle). */
    static BigDecimal slope(List<BigDecimal> ys) {
        int n = ys.size();
        BigDecimal meanX = BigDecimal.valueOf(n - 1).divide(BigDecimal.valueOf(2), MathContext.DECIMAL64);
        BigDecimal meanY = ys.stream().reduce(BigDecimal.ZERO, BigDecimal::add).divide(BigDecimal.valueOf(n), MathContext.DECIMAL64);
        BigDecimal sxy = BigDecimal.ZERO;
        BigDecimal sxx = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            BigDecimal dx = BigDecimal.valueOf(i).subtract(meanX);
            sxy = sxy.add(dx.multiply(ys.get(i).subtract(meanY)));
            sxx = sxx.add(dx.multiply(dx));
        }
        return sxy.divide(sxx, MathContext.DECIMAL64);
    }

    private static BigDecimal clean(BigDecimal b) {
        BigDecimal s = b.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    private static List<Instant> cycles(List<HealthRecord> w) {
        return w.stream().map(HealthRecord::cycle).toList();
    }
}
