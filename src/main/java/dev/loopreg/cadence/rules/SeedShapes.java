package dev.loopreg.cadence.rules;

import dev.loopreg.cadence.PhaseWindow;
import dev.loopreg.cadence.RuleResult;
import dev.loopreg.health.HealthRecord;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How the engine reads and words the three window shapes the seed's rules have, for any rule of that shape:
 * <ul>
 *   <li>a <b>pooled rate over cycles</b> ({@code fpr_window}, {@code fpr_demotion}): Σnumerator / Σdenominator; a cycle
 *       whose numerator was not measured counts its rate × denominator when the health model defines one
 *       ({@code duplicate_tasks} = {@code false_positive_rate} × {@code tasks_created});</li>
 *   <li>a <b>sum over cycles</b> ({@code rescues_window});</li>
 *   <li>a <b>sum over a span of time</b> ({@code rescues_24h}): the manual rescues also count those the bootstrap log has
 *       after the last record; a sum that already reaches an {@code at_least}/{@code above} threshold decides even when a
 *       cycle is unmeasured (the missing ones can only add); a span the read bound cuts is no data.</li>
 * </ul>
 * Their evidence reads as the seed's always has ("pooled false-positive rate 0.1515 (5/33) over the last 7 cycles is
 * below 0.2"). Pure.
 */
final class SeedShapes {

    private SeedShapes() {
    }

    /** A numerator's rate in the health model: the numerator is the rate × the denominator. */
    static final Map<String, String> RATE_OF = Map.of("duplicate_tasks", "false_positive_rate");

    /** What a pooled ratio is called in evidence. */
    static final Map<String, String> RATIO_NAMES = Map.of("duplicate_tasks/tasks_created", "false-positive rate");

    /** How a count metric reads in evidence: the singular and the plural. */
    static final Map<String, String[]> COUNT_WORDS = Map.of("manual_rescues", new String[]{"manual rescue", "manual rescues"},
            "tasks_created", new String[]{"task created", "tasks created"});

    /** The threshold as evidence keeps it: a whole number as a long (as the seed's counts), else the decimal. */
    static Object threshold(RuleSpec spec) {
        return whole(spec.threshold());
    }

    private static Object whole(BigDecimal b) {
        BigDecimal s = b.stripTrailingZeros();
        if (s.scale() <= 0) {
            try {
                return s.longValueExact();
            } catch (ArithmeticException e) {
                return b;
            }
        }
        return b;
    }

    static String tooFew(PhaseWindow window, int n) {
        return "only " + window.size() + " of " + n + " cycles recorded in the current phase";
    }

    private static List<Instant> cycles(List<HealthRecord> records) {
        Instant[] out = new Instant[records.size()];
        for (int i = 0; i < out.length; i++) out[i] = records.get(i).cycle();
        return List.of(out);
    }

    /** "below", "not above", "at least", … — the comparison as the evidence states it. */
    private static String relation(RuleSpec.Comparison c, boolean holds) {
        String w = switch (c) {
            case ABOVE -> "above";
            case BELOW -> "below";
            case AT_LEAST -> "at least";
            case AT_MOST -> "at most";
        };
        return holds ? w : "not " + w;
    }

    static RuleResult pooled(RuleSpec spec, PhaseWindow window) {
        RuleSpec.Aggregate.Pooled p = (RuleSpec.Aggregate.Pooled) spec.aggregate();
        int n = spec.window().cycles();
        if (window.size() < n) return WindowRule.noData(spec, tooFew(window, n), cycles(window.records()), null);
        List<HealthRecord> last = window.last(n);
        List<Instant> cs = cycles(last);
        BigDecimal num = BigDecimal.ZERO;
        BigDecimal den = BigDecimal.ZERO;
        String rate = RATE_OF.get(p.numerator());
        for (HealthRecord r : last) {
            BigDecimal d = r.metric(p.denominator());
            if (d == null) return WindowRule.noData(spec, p.denominator() + " not measured in cycle " + r.cycle(), cs, null);
            BigDecimal x = r.metric(p.numerator());
            if (x == null && rate != null && r.metric(rate) != null) x = r.metric(rate).multiply(d);
            if (x == null) {
                return WindowRule.noData(spec, (rate == null ? p.numerator() : "neither " + p.numerator() + " nor " + rate) + " measured in cycle "
                        + r.cycle(), cs, null);
            }
            num = num.add(x);
            den = den.add(d);
        }
        if (den.signum() == 0) {
            String[] words = COUNT_WORDS.get(p.denominator());
            return WindowRule.noData(spec, "no " + (words == null ? p.denominator() : words[1]) + " in the last " + n + " cycles: the rate is undefined",
                    cs, null);
        }
        BigDecimal value = num.divide(den, MathContext.DECIMAL64).stripTrailingZeros();
        if (value.scale() < 0) value = value.setScale(0);
        boolean holds = spec.compare().test(value, spec.threshold());
        BigDecimal shown = value.scale() > 4 ? value.setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros() : value;
        String name = RATIO_NAMES.getOrDefault(p.numerator() + "/" + p.denominator(), p.numerator() + "/" + p.denominator());
        String denText = den.stripTrailingZeros().scale() <= 0 ? den.stripTrailingZeros().toBigInteger().toString() : den.toPlainString();
        return WindowRule.result(spec, holds, value, "pooled " + name + " " + shown.toPlainString() + " (" + num.stripTrailingZeros().toPlainString()
                + "/" + denText + ") over the last " + n + " cycles is " + relation(spec.compare(), holds) + " " + spec.threshold().toPlainString(), cs);
    }

    private static String[] words(String metric) {
        return COUNT_WORDS.getOrDefault(metric, new String[]{metric, metric});
    }

    private static String count(BigDecimal sum, String metric) {
        Object v = whole(sum);
        String[] w = words(metric);
        return v + " " + (v instanceof Long l && l == 1 ? w[0] : w[1]);
    }

    static RuleResult cycleSum(RuleSpec spec, PhaseWindow window) {
        int n = spec.window().cycles();
        if (window.size() < n) return WindowRule.noData(spec, tooFew(window, n), cycles(window.records()), null);
        List<HealthRecord> last = window.last(n);
        BigDecimal sum = BigDecimal.ZERO;
        for (HealthRecord r : last) {
            BigDecimal x = r.metric(spec.metric());
            if (x == null) return WindowRule.noData(spec, spec.metric() + " not measured in cycle " + r.cycle(), cycles(last), null);
            sum = sum.add(x);
        }
        boolean holds = spec.compare().test(sum, spec.threshold());
        String rel = switch (spec.compare()) {
            case AT_MOST -> holds ? "at most " : "more than ";
            case AT_LEAST -> holds ? "at least " : "fewer than ";
            case ABOVE -> holds ? "more than " : "at most ";
            case BELOW -> holds ? "fewer than " : "at least ";
        };
        return WindowRule.result(spec, holds, whole(sum), count(sum, spec.metric()) + " in the last " + n + " cycles (" + rel
                + threshold(spec) + ")", cycles(last));
    }

    static String span(Duration d) {
        return d.toMinutes() % 60 == 0 ? d.toHours() + " h" : d.toMinutes() + " min";
    }

    static RuleResult durationSum(RuleSpec spec, PhaseWindow window, Instant now) {
        Duration span = spec.window().duration();
        Instant from = now.minus(span);
        List<HealthRecord> inSpan = window.records().stream().filter(r -> r.cycle().isAfter(from) && !r.cycle().isAfter(now)).toList();
        String spanText = span(span);
        BigDecimal known = BigDecimal.ZERO;
        Instant unmeasured = null;
        for (HealthRecord r : inSpan) {
            BigDecimal x = r.metric(spec.metric());
            if (x == null) unmeasured = unmeasured == null ? r.cycle() : unmeasured;
            else known = known.add(x);
        }
        boolean cut = !window.complete() && window.first() != null && window.first().isAfter(from);
        // the rescues a person logged after the last health record count at once
        long logged = spec.metric().equals("manual_rescues")
                ? window.unrecordedRescues().stream().filter(t -> t.isAfter(from) && !t.isAfter(now)).count() : 0;
        known = known.add(BigDecimal.valueOf(logged));
        boolean rising = spec.compare() == RuleSpec.Comparison.AT_LEAST || spec.compare() == RuleSpec.Comparison.ABOVE;
        String[] w = words(spec.metric());
        if (rising && spec.compare().test(known, spec.threshold())) {
            // what is known already reaches the threshold: what is missing can only add to it
            return WindowRule.result(spec, true, whole(known), whole(known) + " " + w[1] + " recorded in the " + spanText + " before " + now + " ("
                    + relation(spec.compare(), true) + " " + threshold(spec) + ")"
                    + (logged == 0 ? "" : "; " + logged + " of them logged after the last health record: "
                    + window.unrecordedRescues().stream().map(Instant::toString).reduce((a, b) -> a + ", " + b).orElse("")), cycles(inSpan));
        }
        if (inSpan.isEmpty()) return WindowRule.noData(spec, "no health record in the " + spanText + " before " + now, List.of(), null);
        if (unmeasured != null) {
            return WindowRule.noData(spec, spec.metric() + " not measured in cycle " + unmeasured + " (" + whole(known) + " known)", cycles(inSpan),
                    whole(known));
        }
        if (cut) {
            return WindowRule.noData(spec, "the read bound (evaluation.max_records_read) ends inside the " + spanText + " span; "
                    + whole(known) + " " + (w[1].equals("manual rescues") ? "rescues" : w[1]) + " known", cycles(inSpan), whole(known));
        }
        boolean holds = spec.compare().test(known, spec.threshold());
        String verb = spec.kind() == RuleResult.Kind.DEMOTION ? "fires" : "holds";
        String at = switch (spec.compare()) {
            case AT_LEAST -> " at ";
            case ABOVE -> " above ";
            case AT_MOST -> " at most ";
            case BELOW -> " below ";
        };
        return WindowRule.result(spec, holds, whole(known), count(known, spec.metric()) + " recorded in the " + spanText + " before " + now
                + " (" + (holds ? relation(spec.compare(), true) + " " : verb + at) + threshold(spec) + ")", cycles(inSpan));
    }
}
