package dev.loopreg.rotation;

import dev.loopreg.format.Fmt;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * ADR-004's saturation signals and the 3-of-4 vote (pure). Over the last {@code window_cycles} snapshots
 * of a repo and agent versus the {@code window_cycles} before, counting only snapshots after the repo
 * became active and at or before the instant judged:
 * <ul>
 *   <li>{@code quality_plateau}: mean {@code avg_quality} rose by less than {@code min_delta} (needs both windows);</li>
 *   <li>{@code success_stable}: mean success rate at least {@code at_least};</li>
 *   <li>{@code optimizer_stall}: no new actionable recommendation;</li>
 *   <li>{@code no_marginal_gain}: no merged PR and no progress event.</li>
 * </ul>
 * Means are over the snapshots that measured the figure (a cycle in which the agent did not run has no
 * quality). A count signal is false as soon as one measured snapshot has a count, and true only when every
 * snapshot of the window measured zero; otherwise it is "no data".
 */
public final class SaturationRules {

    /** Scale of the means and deltas. */
    public static final int SCALE = 6;
    private static final BigDecimal FOUR = BigDecimal.valueOf(4);

    private SaturationRules() {
    }

    /**
     * @param history     snapshots of this repo (any agents, any order); the judged agent's are used
     * @param activeSince when the repo became active, or null when unknown (then every snapshot counts)
     */
    public static Verdict judge(String repo, Instant activeSince, List<Snapshot> history, RotationPolicy p, Instant now) {
        List<Snapshot> s = relevant(repo, p.agent(), activeSince, history, now);
        int w = p.windowCycles();
        List<Snapshot> window = s.subList(Math.max(0, s.size() - w), s.size());
        List<Snapshot> prior = s.size() >= 2 * w ? s.subList(s.size() - 2 * w, s.size() - w) : List.of();
        List<Signal> signals = List.of(
                plateau(s, window, prior, p),
                successStable(window, p),
                stall(window, p),
                noGain(window, p));
        int fired = (int) signals.stream().filter(x -> Boolean.TRUE.equals(x.fired())).count();
        BigDecimal score = BigDecimal.valueOf(fired).divide(FOUR, 2, RoundingMode.UNNECESSARY).stripTrailingZeros();
        Verdict.Status status;
        String summary;
        long noData = signals.stream().filter(x -> x.fired() == null).count();
        String votes = fired + " of 4 signals fired" + (noData > 0 ? " (" + noData + " no data)" : "");
        if (s.size() < p.warmupCycles()) {
            status = Verdict.Status.WARMING_UP;
            summary = "warming up: " + s.size() + " of " + p.warmupCycles() + " cycles since it became active; " + votes;
        } else if (fired >= p.minSignals()) {
            status = Verdict.Status.CANDIDATE;
            summary = "candidate-saturated: " + votes + " (at least " + p.minSignals() + " needed)";
        } else {
            status = Verdict.Status.NOT_SATURATED;
            summary = "not saturated: " + votes + ", " + p.minSignals() + " needed";
        }
        return new Verdict(repo, p.agent(), activeSince, s.size(), signals, fired, score, status, summary);
    }

    /** The judged agent's snapshots of the repo in (activeSince, now], one per cycle (the last line wins), oldest first. */
    static List<Snapshot> relevant(String repo, String agent, Instant activeSince, List<Snapshot> history, Instant now) {
        TreeMap<Instant, Snapshot> byCycle = new TreeMap<>();
        for (Snapshot x : history) {
            if (!x.repo().equals(repo) || !x.agent().equals(agent) || x.cycle().isAfter(now)) continue;
            if (activeSince != null && !x.cycle().isAfter(activeSince)) continue;
            byCycle.put(x.cycle(), x);
        }
        return new ArrayList<>(byCycle.values());
    }

    /** The snapshots grouped by repo (in their order), so that judging many repos does not scan every repo's lines. */
    public static java.util.Map<String, List<Snapshot>> byRepo(List<Snapshot> all) {
        java.util.Map<String, List<Snapshot>> m = new java.util.HashMap<>();
        for (Snapshot x : all) m.computeIfAbsent(x.repo(), k -> new ArrayList<>()).add(x);
        return m;
    }

    static Signal.Window window(List<Snapshot> s) {
        return s.isEmpty() ? Signal.Window.EMPTY : new Signal.Window(s.size(), s.get(0).cycle(), s.get(s.size() - 1).cycle());
    }

    static Signal.QualityPlateau plateau(List<Snapshot> all, List<Snapshot> window, List<Snapshot> prior, RotationPolicy p) {
        int w = p.windowCycles();
        List<Snapshot> series = all.subList(Math.max(0, all.size() - 2 * w), all.size());
        List<Trend.Point> points = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            if (series.get(i).avgQuality() != null) points.add(new Trend.Point(i, series.get(i).avgQuality().doubleValue()));
        }
        Trend trend = Trend.of(points);
        BigDecimal wm = mean(window, Snapshot::avgQuality);
        BigDecimal pm = mean(prior, Snapshot::avgQuality);
        int mw = measured(window, Snapshot::avgQuality);
        int mp = measured(prior, Snapshot::avgQuality);
        if (prior.isEmpty()) {
            return new Signal.QualityPlateau(null, all.size() + " of " + 2 * w + " snapshots; the plateau compares two full windows",
                    window(window), window(prior), wm, null, null, p.plateauMinDelta(), p.plateauMode(), mw, mp, trend);
        }
        if (wm == null || pm == null) {
            return new Signal.QualityPlateau(null, "no avg_quality measured in the " + (wm == null ? "last" : "prior")
                    + " window (the agent did not run, or its metrics were unreadable)", window(window), window(prior), wm, pm, null,
                    p.plateauMinDelta(), p.plateauMode(), mw, mp, trend);
        }
        BigDecimal delta = wm.subtract(pm);
        if (p.plateauMode().equals("rel")) {
            if (pm.signum() == 0) {
                return new Signal.QualityPlateau(null, "prior mean avg_quality is 0: a relative rise is undefined", window(window),
                        window(prior), wm, pm, null, p.plateauMinDelta(), p.plateauMode(), mw, mp, trend);
            }
            delta = delta.divide(pm, SCALE, RoundingMode.HALF_EVEN);
        }
        delta = delta.stripTrailingZeros();
        boolean fired = delta.compareTo(p.plateauMinDelta()) < 0;
        String detail = "mean avg_quality " + Fmt.value(pm) + " → " + Fmt.value(wm) + ": " + (p.plateauMode().equals("rel") ? "relative " : "")
                + "rise " + Fmt.value(delta) + (fired ? " < " : " ≥ ") + Fmt.value(p.plateauMinDelta()) + trendWords(trend)
                + (fired ? risingNote(trend, w, p) : "");
        return new Signal.QualityPlateau(fired, detail, window(window), window(prior), wm, pm, delta, p.plateauMinDelta(),
                p.plateauMode(), mw, mp, trend);
    }

    /**
     * The explanation a fired plateau owes when the Mann–Kendall test finds a significant rise: quality still rises,
     * but by less than {@code min_delta} between the windows' means — a plateau by the ADR's rule (gains too small to
     * count), not a flat line. The verdict keeps the ADR's rule: a slow, steady rise is what saturation looks like.
     */
    static String risingNote(Trend t, int windowCycles, RotationPolicy p) {
        if (t.mk() == null || t.slope() == null || !t.mk().direction().equals("rising")) return "";
        return "; quality is still rising (significant at p < " + Fmt.value(BigDecimal.valueOf(Trend.ALPHA)) + ", about "
                + Fmt.value(round(t.slope() * windowCycles)) + " per " + windowCycles + "-cycle window by the slope), but the windows' "
                + "means differ by less than min_delta " + Fmt.value(p.plateauMinDelta()) + (p.plateauMode().equals("rel") ? " (relative)" : "")
                + ": a plateau by the rule — gains too small to count, not a flat line";
    }

    private static String trendWords(Trend t) {
        if (t.mk() == null || t.slope() == null) return "";
        return "; Theil–Sen slope " + Fmt.value(round(t.slope())) + "/cycle, Mann–Kendall " + t.mk().direction()
                + " (S " + t.mk().s() + ", p " + pValue(t.mk().pValue()) + ")";
    }

    /** A p-value for display: {@value #SCALE} decimals, or "< 0.000001". */
    public static String pValue(double p) {
        BigDecimal r = round(p);
        return r.signum() == 0 && p > 0 ? "< 0.000001" : Fmt.value(r);
    }

    /** A double for display: {@value #SCALE} decimals, trailing zeros dropped. */
    public static BigDecimal round(double d) {
        return BigDecimal.valueOf(d).setScale(SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    static Signal.SuccessStable successStable(List<Snapshot> window, RotationPolicy p) {
        int w = p.windowCycles();
        BigDecimal m = mean(window, Snapshot::successRate);
        int measured = measured(window, Snapshot::successRate);
        if (window.size() < w) {
            return new Signal.SuccessStable(null, window.size() + " of " + w + " snapshots in the window", window(window), m,
                    p.successAtLeast(), measured);
        }
        if (m == null) {
            return new Signal.SuccessStable(null, "no success rate measured in the window (the agent did not run)", window(window),
                    null, p.successAtLeast(), 0);
        }
        boolean fired = m.compareTo(p.successAtLeast()) >= 0;
        return new Signal.SuccessStable(fired, "mean success rate " + Fmt.value(m) + (fired ? " ≥ " : " < ")
                + Fmt.value(p.successAtLeast()) + " over " + measured + " measured cycles", window(window), m, p.successAtLeast(), measured);
    }

    static Signal.OptimizerStall stall(List<Snapshot> window, RotationPolicy p) {
        int w = p.windowCycles();
        long sum = 0;
        int unmeasured = 0;
        for (Snapshot x : window) {
            if (x.newActionable() == null) unmeasured++; else sum += x.newActionable();
        }
        Boolean fired;
        String detail;
        if (window.size() < w) {
            fired = null;
            detail = window.size() + " of " + w + " snapshots in the window";
        } else if (sum > 0) {
            fired = false;
            detail = sum + " new actionable recommendation" + (sum == 1 ? "" : "s") + " in the window";
        } else if (unmeasured > 0) {
            fired = null;
            detail = "no new actionable recommendation in the measured cycles, but " + unmeasured + " of " + w
                    + " cycles were not measured";
        } else {
            fired = true;
            detail = "no new actionable recommendation in " + w + " cycles";
        }
        return new Signal.OptimizerStall(fired, detail, window(window), sum, unmeasured);
    }

    static Signal.NoMarginalGain noGain(List<Snapshot> window, RotationPolicy p) {
        int w = p.windowCycles();
        boolean configured = window.stream().anyMatch(Snapshot::progressConfigured);
        long merged = 0;
        long progress = 0;
        int unmeasured = 0;
        for (Snapshot x : window) {
            if (x.mergedPrs() == null) unmeasured++; else merged += x.mergedPrs();
            if (x.progressConfigured()) {
                if (x.progressEvents() == null) unmeasured++; else progress += x.progressEvents();
            }
        }
        Long progressOut = configured ? progress : null;
        String counted = merged + " merged PR" + (merged == 1 ? "" : "s")
                + (configured ? ", " + progress + " progress event" + (progress == 1 ? "" : "s") : " (state-hub not configured: merged PRs only)");
        Boolean fired;
        String detail;
        if (window.size() < w) {
            fired = null;
            detail = window.size() + " of " + w + " snapshots in the window";
        } else if (merged + progress > 0) {
            fired = false;
            detail = counted + " in the window";
        } else if (unmeasured > 0) {
            fired = null;
            detail = counted + " in the measured cycles, but " + unmeasured + " figures of the window were not measured";
        } else {
            fired = true;
            detail = counted + " in " + w + " cycles";
        }
        return new Signal.NoMarginalGain(fired, detail, window(window), merged, progressOut, configured, unmeasured);
    }

    private static BigDecimal mean(List<Snapshot> s, Function<Snapshot, BigDecimal> f) {
        BigDecimal sum = BigDecimal.ZERO;
        int n = 0;
        for (Snapshot x : s) {
            BigDecimal v = f.apply(x);
            if (v != null) {
                sum = sum.add(v);
                n++;
            }
        }
        return n == 0 ? null : sum.divide(BigDecimal.valueOf(n), SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    private static int measured(List<Snapshot> s, Function<Snapshot, BigDecimal> f) {
        return (int) s.stream().filter(x -> f.apply(x) != null).count();
    }

    /**
     * The kaizen-stack health record's {@code marginal_gain} for one cycle: merged PRs plus progress events
     * of every active repo in the cycle; null when any of them was not measured.
     */
    public static Long marginalGain(List<Snapshot> cycle) {
        if (cycle.isEmpty()) return null;
        long sum = 0;
        for (Snapshot x : cycle) {
            if (x.mergedPrs() == null || (x.progressConfigured() && x.progressEvents() == null)) return null;
            sum += x.mergedPrs() + (x.progressConfigured() ? x.progressEvents() : 0);
        }
        return sum;
    }

    /** The health record's {@code saturation_score}: the highest score among the active repos (the repo nearest rotation);
     * null when no repo has a single signal with data. */
    public static BigDecimal saturationScore(List<Verdict> verdicts) {
        return verdicts.stream().filter(v -> v.signals().stream().anyMatch(x -> x.fired() != null))
                .map(Verdict::saturationScore).max(BigDecimal::compareTo).orElse(null);
    }
}
