package dev.loopreg.health;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * The healthy range of one metric, from the seed's health-model table (configured in
 * {@code policy.yml} under {@code health_model}). Any bound may be absent; {@code trend}
 * ranges compare the latest value with the mean of the values before it.
 *
 * @param metric    the health.jsonl field it checks
 * @param above     healthy when value &gt; above
 * @param below     healthy when value &lt; below
 * @param atLeast   healthy when value &ge; atLeast
 * @param atMost    healthy when value &le; atMost
 * @param trendNotIncreasing healthy when the latest value is at most the mean of the previous
 *                  {@code trendCycles - 1} values times (1 + tolerance)
 * @param tolerance relative tolerance of the trend check
 * @param trendCycles how many cycles the trend check looks at (latest included)
 */
public record HealthRange(
        String metric,
        BigDecimal above,
        BigDecimal below,
        BigDecimal atLeast,
        BigDecimal atMost,
        boolean trendNotIncreasing,
        BigDecimal tolerance,
        int trendCycles) {

    /** Outcome of checking one value. */
    public enum Verdict { IN_RANGE, OUT_OF_RANGE, NO_DATA, NOT_CHECKED }

    public static HealthRange tracked(String metric) {
        return new HealthRange(metric, null, null, null, null, false, null, 0);
    }

    public boolean checksSomething() {
        return above != null || below != null || atLeast != null || atMost != null || trendNotIncreasing;
    }

    /**
     * Checks the latest value of a series (oldest first); nulls in the series are unmeasured cycles.
     */
    public Verdict check(List<BigDecimal> series) {
        if (!checksSomething()) {
            return Verdict.NOT_CHECKED;
        }
        if (series.isEmpty() || series.get(series.size() - 1) == null) {
            return Verdict.NO_DATA;
        }
        BigDecimal v = series.get(series.size() - 1);
        if (above != null && v.compareTo(above) <= 0) return Verdict.OUT_OF_RANGE;
        if (below != null && v.compareTo(below) >= 0) return Verdict.OUT_OF_RANGE;
        if (atLeast != null && v.compareTo(atLeast) < 0) return Verdict.OUT_OF_RANGE;
        if (atMost != null && v.compareTo(atMost) > 0) return Verdict.OUT_OF_RANGE;
        if (trendNotIncreasing) {
            List<BigDecimal> before = series.subList(Math.max(0, series.size() - trendCycles), series.size() - 1)
                    .stream().filter(x -> x != null).toList();
            if (before.isEmpty()) {
                return (above != null || below != null || atLeast != null || atMost != null)
                        ? Verdict.IN_RANGE : Verdict.NO_DATA;
            }
            BigDecimal sum = before.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal mean = sum.divide(BigDecimal.valueOf(before.size()), MathContext.DECIMAL64);
            BigDecimal limit = mean.multiply(BigDecimal.ONE.add(tolerance == null ? BigDecimal.ZERO : tolerance));
            if (v.compareTo(limit) > 0) return Verdict.OUT_OF_RANGE;
        }
        return Verdict.IN_RANGE;
    }

    /** The range as a reader sees it, e.g. "&lt; 0.2", "&ge; 0.8", "not increasing (±20%)". */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (above != null) sb.append("> ").append(above.toPlainString());
        if (below != null) append(sb, "< " + below.toPlainString());
        if (atLeast != null) append(sb, "≥ " + atLeast.toPlainString());
        if (atMost != null) append(sb, "≤ " + atMost.toPlainString());
        if (trendNotIncreasing) {
            String tol = tolerance == null ? "0" : tolerance.movePointRight(2).stripTrailingZeros().toPlainString();
            append(sb, "not increasing (+" + tol + "% over mean of last " + (trendCycles - 1) + ")");
        }
        return sb.length() == 0 ? "tracked, no limit" : sb.toString();
    }

    private static void append(StringBuilder sb, String s) {
        if (sb.length() > 0) sb.append(" and ");
        sb.append(s);
    }
}
