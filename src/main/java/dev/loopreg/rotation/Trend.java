package dev.loopreg.rotation;

import java.util.ArrayList;
import java.util.List;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.stat.descriptive.rank.Median;

/**
 * The trend of a series (pure): the Theil–Sen slope (the median of the slopes between every pair of
 * points, robust to outliers) and the Mann–Kendall test (S, its variance with the tie correction, the
 * continuity-corrected Z and the two-sided p-value), so an operator can tell a real plateau from noise.
 *
 * @param n     points
 * @param slope Theil–Sen slope per cycle; null with fewer than 2 points
 * @param mk    Mann–Kendall; null with fewer than 3 points
 */
public record Trend(int n, Double slope, MannKendall mk) {

    /** Significance level of the trend word. */
    public static final double ALPHA = 0.05;

    /**
     * @param s        Σ sign(y_j − y_i) over i &lt; j
     * @param variance Var(S) = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18, t the size of each group of ties
     * @param z        (S − 1)/√Var for S &gt; 0, (S + 1)/√Var for S &lt; 0, 0 for S = 0
     * @param pValue   2 (1 − Φ(|z|))
     */
    public record MannKendall(long s, double variance, double z, double pValue) {

        /** {@code rising} or {@code falling} when p &lt; {@value Trend#ALPHA}, else {@code no trend}. */
        public String direction() {
            if (pValue < ALPHA && s > 0) return "rising";
            if (pValue < ALPHA && s < 0) return "falling";
            return "no trend";
        }
    }

    /** A point of the series: {@code x} is the cycle's position in the window (0, 1, ...). */
    public record Point(double x, double y) {
    }

    public static Trend of(List<Point> points) {
        int n = points.size();
        Double slope = null;
        if (n >= 2) {
            List<Double> slopes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double dx = points.get(j).x() - points.get(i).x();
                    if (dx != 0) slopes.add((points.get(j).y() - points.get(i).y()) / dx);
                }
            }
            if (!slopes.isEmpty()) {
                slope = new Median().evaluate(slopes.stream().mapToDouble(Double::doubleValue).toArray());
            }
        }
        return new Trend(n, slope, n >= 3 ? mannKendall(points) : null);
    }

    static MannKendall mannKendall(List<Point> points) {
        int n = points.size();
        long s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                s += Double.compare(points.get(j).y(), points.get(i).y()) > 0 ? 1
                        : Double.compare(points.get(j).y(), points.get(i).y()) < 0 ? -1 : 0;
            }
        }
        double ties = 0;
        double[] ys = points.stream().mapToDouble(Point::y).sorted().toArray();
        int i = 0;
        while (i < ys.length) {
            int j = i;
            while (j + 1 < ys.length && ys[j + 1] == ys[i]) j++;
            long t = j - i + 1;
            if (t > 1) ties += t * (t - 1) * (2 * t + 5);
            i = j + 1;
        }
        double variance = ((double) n * (n - 1) * (2 * n + 5) - ties) / 18.0;
        double z = 0;
        if (variance > 0) {
            if (s > 0) z = (s - 1) / Math.sqrt(variance);
            else if (s < 0) z = (s + 1) / Math.sqrt(variance);
        }
        double p = 2 * (1 - new NormalDistribution(0, 1).cumulativeProbability(Math.abs(z)));
        return new MannKendall(s, variance, z, Math.min(1, p));
    }
}
