package dev.loopreg.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopreg.health.HealthRange;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Time-series charts as data (pure), drawn twice from the same numbers: by uPlot in the browser (the JSON of
 * {@link #json}) and, for a reader without JavaScript, as a small SVG ({@link ChartSvg}). A {@link Group} is the charts
 * of one page that share a time range, phases and decisions, and whose cursors move together.
 *
 * <p>Long series are downsampled here, on the server ({@link Lttb}), to {@link #MAX_POINTS} points a chart for the
 * browser and {@link #SVG_POINTS} for the SVG, so a year of hourly records weighs what a week does. The y axis is
 * {@link NiceScale}'s: rates on 0 to 1, counts in whole numbers from 0.
 */
public final class TimeChart {

    /** Points a chart sends to the browser (about two per pixel of a 600-pixel chart… at most). */
    public static final int MAX_POINTS = 240;
    /** Points of the SVG drawn without JavaScript. */
    public static final int SVG_POINTS = 120;
    /** Ticks of a y axis at most. */
    public static final int Y_TICKS = 6;

    private TimeChart() {
    }

    /** A shaded span of time: a phase (its id as {@code kind}), or a window ({@code kind} "window"). */
    public record Span(Instant from, Instant to, String label, String kind) {
    }

    /** A decision at an instant: its id (shown on the chart) and what it was (on hover). */
    public record Marker(Instant at, String id, String detail) {
    }

    /**
     * The healthy band of a range: the lower bound is the larger of {@code above} and {@code at_least}, the upper the
     * smaller of {@code below} and {@code at_most}; either may be open (null).
     */
    public record Band(BigDecimal low, BigDecimal high, String text) {
        public static Band of(HealthRange r) {
            if (r == null || !r.checksSomething()) return null;
            BigDecimal low = max(r.above(), r.atLeast());
            BigDecimal high = min(r.below(), r.atMost());
            List<String> parts = new ArrayList<>();
            if (r.above() != null) parts.add("> " + r.above().toPlainString());
            if (r.atLeast() != null) parts.add("≥ " + r.atLeast().toPlainString());
            if (r.below() != null) parts.add("< " + r.below().toPlainString());
            if (r.atMost() != null) parts.add("≤ " + r.atMost().toPlainString());
            if (r.trendNotIncreasing()) {
                parts.add("not increasing over " + r.trendCycles() + " cycles (tolerance " + (r.tolerance() == null ? "0" : r.tolerance().toPlainString()) + ")");
            }
            if (low == null && high == null) return new Band(null, null, "healthy: " + String.join(", ", parts));
            return new Band(low, high, "healthy " + String.join(", ", parts));
        }

        private static BigDecimal max(BigDecimal a, BigDecimal b) {
            return a == null ? b : b == null ? a : a.max(b);
        }

        private static BigDecimal min(BigDecimal a, BigDecimal b) {
            return a == null ? b : b == null ? a : a.min(b);
        }
    }

    /**
     * One chart: a series over time (a null value is an unmeasured cycle, a gap in the line), with an optional threshold
     * (a rule's), healthy band (a metric's) and spans of its own (a repo's plateau windows).
     *
     * @param id    unique on the page (letters, digits, {@code -} and {@code _})
     * @param title what is drawn (the metric or the rule)
     * @param about one line on how to read it, or null
     */
    public record Chart(String id, String title, String about, NiceScale.Unit unit, List<Instant> at, List<BigDecimal> values,
                        BigDecimal threshold, String thresholdText, Band band, List<Span> spans) {
        public Chart {
            if (at.size() != values.size()) throw new IllegalArgumentException("at and values differ in length");
            at = List.copyOf(at);
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
            spans = List.copyOf(spans);
        }
    }

    /**
     * The charts of a page that share one time range ({@code from} to {@code to}), the phases as bands and the decisions
     * as markers; {@code key} names the group (the cursor and zoom are synced within it).
     */
    public record Group(String key, ZoneId zone, Instant from, Instant to, List<Span> phases, List<Marker> markers, List<Chart> charts) {
        public Group {
            if (to.isBefore(from)) throw new IllegalArgumentException("to is before from");
            phases = List.copyOf(phases);
            markers = List.copyOf(markers);
            charts = List.copyOf(charts);
        }
    }

    /** A chart ready to draw: the kept points (NaN: a gap) and the y axis. */
    public record Prepared(Chart chart, long[] x, double[] y, NiceScale.Ticks ticks) {
    }

    /** The chart's points downsampled to at most {@code maxPoints}, and its y axis. */
    public static Prepared prepare(Chart c, int maxPoints) {
        int n = c.at().size();
        double[] xs = new double[n];
        double[] ys = new double[n];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            xs[i] = c.at().get(i).getEpochSecond();
            BigDecimal v = c.values().get(i);
            ys[i] = v == null ? Double.NaN : v.doubleValue();
            if (v != null) {
                lo = Math.min(lo, ys[i]);
                hi = Math.max(hi, ys[i]);
            }
        }
        for (BigDecimal b : new BigDecimal[]{c.threshold(), c.band() == null ? null : c.band().low(), c.band() == null ? null : c.band().high()}) {
            if (b == null) continue;
            lo = Math.min(lo, b.doubleValue());
            hi = Math.max(hi, b.doubleValue());
        }
        if (lo == Double.POSITIVE_INFINITY) {
            lo = 0;
            hi = 1;
        }
        NiceScale.Ticks ticks = NiceScale.axis(lo, hi, c.unit(), Y_TICKS);
        int[] keep = Lttb.indices(xs, ys, maxPoints);
        long[] x = new long[keep.length];
        double[] y = new double[keep.length];
        for (int i = 0; i < keep.length; i++) {
            x[i] = (long) xs[keep[i]];
            y[i] = ys[keep[i]];
        }
        return new Prepared(c, x, y, ticks);
    }

    /**
     * The group as the browser's script reads it: times in seconds since {@code t0} (the range's start), values to four
     * significant digits, null for a gap.
     */
    public static ObjectNode json(Group g) {
        ObjectNode o = Json.object();
        o.put("key", g.key());
        o.put("zone", ianaZone(g.zone()));
        long t0 = g.from().getEpochSecond();
        o.put("t0", t0);
        o.put("from", 0);
        o.put("to", g.to().getEpochSecond() - t0);
        ArrayNode phases = o.putArray("phases");
        for (Span s : g.phases()) phases.add(span(s, t0));
        ArrayNode markers = o.putArray("markers");
        for (Marker m : g.markers()) {
            ArrayNode a = markers.addArray();
            a.add(m.at().getEpochSecond() - t0);
            a.add(m.id());
            a.add(m.detail());
        }
        ArrayNode charts = o.putArray("charts");
        for (Chart c : g.charts()) {
            Prepared p = prepare(c, MAX_POINTS);
            ObjectNode j = charts.addObject();
            j.put("id", c.id());
            j.put("title", c.title());
            j.put("unit", c.unit().word());
            ArrayNode ticks = j.putArray("ticks");
            p.ticks().values().forEach(ticks::add);
            ArrayNode xs = j.putArray("x");
            ArrayNode ys = j.putArray("y");
            for (int i = 0; i < p.x().length; i++) {
                xs.add(p.x()[i] - t0);
                if (Double.isNaN(p.y()[i])) ys.addNull();
                else ys.add(BigDecimal.valueOf(p.y()[i]).round(new MathContext(4)).stripTrailingZeros());
            }
            if (c.threshold() != null) {
                j.put("threshold", c.threshold());
                j.put("threshold_text", c.thresholdText());
            }
            if (c.band() != null && (c.band().low() != null || c.band().high() != null)) {
                ObjectNode b = j.putObject("band");
                if (c.band().low() != null) b.put("low", c.band().low());
                if (c.band().high() != null) b.put("high", c.band().high());
                b.put("text", c.band().text());
            }
            if (!c.spans().isEmpty()) {
                ArrayNode sp = j.putArray("spans");
                for (Span s : c.spans()) sp.add(span(s, t0));
            }
        }
        return o;
    }

    /** The zone as a browser's Intl API names it: UTC for UTC, Etc/GMT-2 for a whole-hour offset +02:00. */
    static String ianaZone(ZoneId zone) {
        ZoneId z = zone.normalized();
        if (z instanceof java.time.ZoneOffset off) {
            int s = off.getTotalSeconds();
            if (s == 0) return "UTC";
            if (s % 3600 == 0) return "Etc/GMT" + (s > 0 ? "-" : "+") + Math.abs(s / 3600);
            return off.getId();
        }
        return z.getId();
    }

    private static ArrayNode span(Span s, long t0) {
        ArrayNode a = dev.loopreg.format.Mappers.JSON.createArrayNode();
        a.add(s.from().getEpochSecond() - t0);
        a.add(s.to().getEpochSecond() - t0);
        a.add(s.label());
        a.add(s.kind());
        return a;
    }

    /** The group's JSON as it goes inside an HTML {@code <script type="application/json">}: no {@code <} left to end it. */
    public static String jsonForHtml(Group g) {
        return Json.line(json(g)).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    /** The time range the charts of a loop span: the data's and the decisions', within the range asked for, padded. */
    public static Instant[] span(List<Instant> data, Instant from, Instant to) {
        if (data.isEmpty()) return new Instant[]{from, to};
        Instant a = data.stream().min(Instant::compareTo).orElseThrow();
        Instant b = data.stream().max(Instant::compareTo).orElseThrow();
        Duration pad = Duration.between(a, b).dividedBy(50).plusMinutes(30);
        Instant s = a.minus(pad).isBefore(from) ? from : a.minus(pad);
        Instant e = b.plus(pad).isAfter(to) ? to : b.plus(pad);
        if (!e.isAfter(s)) e = s.plus(Duration.ofHours(1));
        return new Instant[]{s, e};
    }
}
