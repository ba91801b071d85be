package dev.loopreg.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Largest-triangle-three-buckets downsampling (Sveinn Steinarsson, 2013; what Grafana and Prometheus UIs use to keep
 * long series light): of a series' points it keeps at most a given number, choosing in each bucket the point that
 * makes the largest triangle with its neighbours, so peaks and dips survive. Gaps (NaN values) are kept: each run of
 * measured points is downsampled on its own, with its share of the budget, and the first unmeasured point after a run
 * is kept so the line still breaks there. Pure.
 */
public final class Lttb {

    private Lttb() {
    }

    /**
     * The indices kept, ascending: all of them when there are at most {@code max}, else at most {@code max} (at least
     * the first and last of each run, when the budget allows).
     */
    public static int[] indices(double[] xs, double[] ys, int max) {
        int n = xs.length;
        if (ys.length != n) throw new IllegalArgumentException("xs and ys differ in length: " + n + " and " + ys.length);
        if (max < 3) throw new IllegalArgumentException("max must be at least 3: " + max);
        if (n <= max) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        // the runs of measured points, and the gap points after them
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < n; ) {
            if (Double.isNaN(ys[i])) {
                i++;
                continue;
            }
            int s = i;
            while (i < n && !Double.isNaN(ys[i])) i++;
            runs.add(new int[]{s, i});
        }
        int gaps = 0;
        for (int[] r : runs) if (r[1] < n) gaps++;
        // each run keeps its ends (or its one point); what is left of the budget goes to the runs by their length
        int base = 0;
        long rest = 0;
        for (int[] r : runs) {
            base += Math.min(2, r[1] - r[0]);
            rest += (r[1] - r[0]) - Math.min(2, r[1] - r[0]);
        }
        int left = max - gaps - base;
        List<Integer> out = new ArrayList<>();
        if (left < 0) return thin(runs, n, max);
        for (int[] r : runs) {
            int len = r[1] - r[0];
            int ends = Math.min(2, len);
            int share = ends + (rest == 0 ? 0 : (int) ((long) left * (len - ends) / rest));
            run(xs, ys, r[0], r[1], Math.min(share, len), out);
            if (r[1] < n) out.add(r[1]);
        }
        int[] res = new int[out.size()];
        for (int i = 0; i < res.length; i++) res[i] = out.get(i);
        return res;
    }

    /**
     * Too many short runs (a value, a gap, a value, …) for the budget: evenly spaced points of the series, with its first
     * and last measured point.
     */
    private static int[] thin(List<int[]> runs, int n, int max) {
        int first = runs.isEmpty() ? 0 : runs.get(0)[0];
        int last = runs.isEmpty() ? n - 1 : runs.get(runs.size() - 1)[1] - 1;
        java.util.TreeSet<Integer> keep = new java.util.TreeSet<>();
        keep.add(first);
        keep.add(last);
        for (int i = 0; keep.size() < max && i < max; i++) keep.add((int) ((long) i * (n - 1) / (max - 1)));
        return keep.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void run(double[] xs, double[] ys, int from, int to, int keep, List<Integer> out) {
        int len = to - from;
        if (keep >= len || keep < 3) {
            if (keep >= len) {
                for (int i = from; i < to; i++) out.add(i);
            } else {
                out.add(from);
                if (keep == 2 && len > 1) out.add(to - 1);
            }
            return;
        }
        double every = (double) (len - 2) / (keep - 2);
        int a = from;
        out.add(a);
        for (int i = 0; i < keep - 2; i++) {
            // the average of the next bucket
            int nextStart = from + 1 + (int) Math.floor((i + 1) * every);
            int nextEnd = Math.min(to, from + 1 + (int) Math.floor((i + 2) * every));
            if (nextEnd <= nextStart) nextEnd = Math.min(to, nextStart + 1);
            double avgX = 0;
            double avgY = 0;
            int cnt = 0;
            for (int j = nextStart; j < nextEnd; j++) {
                avgX += xs[j];
                avgY += ys[j];
                cnt++;
            }
            if (cnt == 0) {
                avgX = xs[to - 1];
                avgY = ys[to - 1];
            } else {
                avgX /= cnt;
                avgY /= cnt;
            }
            int start = from + 1 + (int) Math.floor(i * every);
            int end = Math.min(to - 1, from + 1 + (int) Math.floor((i + 1) * every));
            double best = -1;
            int pick = start;
            for (int j = start; j < end; j++) {
                double area = Math.abs((xs[a] - avgX) * (ys[j] - ys[a]) - (xs[a] - xs[j]) * (avgY - ys[a]));
                if (area > best) {
                    best = area;
                    pick = j;
                }
            }
            out.add(pick);
            a = pick;
        }
        out.add(to - 1);
    }
}
