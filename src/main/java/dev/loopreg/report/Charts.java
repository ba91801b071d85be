package dev.loopreg.report;

import dev.loopreg.health.HealthRange;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.text.StringEscapeUtils;

/**
 * Server-rendered SVG line charts (pure): a metric over time with its healthy range as a band, the phase
 * changes (or any other instants) as labelled vertical lines, and each point's value as a hover title (no
 * JavaScript). The same series give the same bytes.
 */
public final class Charts {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Charts() {
    }

    /** One measurement; a null value is an unmeasured cycle (a gap in the line). */
    public record Point(Instant at, BigDecimal value) {
    }

    /** A labelled instant: a phase change, or the start and end of a window. */
    public record Marker(Instant at, String label) {
    }

    /** A shaded span of time (a plateau window). */
    public record Span(Instant from, Instant to, String label) {
    }

    /**
     * The healthy band of a range: the lower bound is the larger of {@code above} and {@code at_least}, the upper
     * the smaller of {@code below} and {@code at_most}; either may be open (null). Trend ranges have no band.
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
                parts.add("not increasing over " + r.trendCycles() + " cycles (tolerance "
                        + (r.tolerance() == null ? "0" : r.tolerance().toPlainString()) + ")");
            }
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
     * A line chart.
     *
     * @param id      a short id unique on the page (the SVG's id and its title's)
     * @param title   the chart's title (the metric)
     * @param points  the series, oldest first
     * @param band    the healthy band, or null
     * @param markers vertical lines (phase changes)
     * @param spans   shaded spans (plateau windows)
     */
    public static String line(String id, String title, List<Point> points, Band band, List<Marker> markers, List<Span> spans,
                              int width, int height) {
        int left = 56;
        int right = 12;
        int top = 22;
        int bottom = 24;
        double plotW = width - left - right;
        double plotH = height - top - bottom;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"").append(esc(id)).append("\" role=\"img\"")
                .append(" aria-labelledby=\"").append(esc(id)).append("-title\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" width=\"").append(width).append("\" height=\"").append(height).append("\">");
        s.append("<title id=\"").append(esc(id)).append("-title\">").append(esc(title))
                .append(band == null ? "" : " (" + esc(band.text()) + ")").append("</title>");
        s.append("<rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height).append("\" fill=\"#fff\"/>");
        s.append("<text x=\"").append(left).append("\" y=\"15\" class=\"chart-title\" font-size=\"12\" font-weight=\"bold\">")
                .append(esc(title)).append("</text>");
        if (band != null) {
            s.append("<text x=\"").append(width - right).append("\" y=\"15\" font-size=\"11\" text-anchor=\"end\" fill=\"#2e7d32\">")
                    .append(esc(band.text())).append("</text>");
        }
        List<Point> measured = points.stream().filter(p -> p.value() != null).toList();
        if (points.isEmpty()) {
            s.append("<text x=\"").append(width / 2).append("\" y=\"").append(height / 2)
                    .append("\" text-anchor=\"middle\" font-size=\"12\" fill=\"#666\">no health records in this range</text></svg>");
            return s.toString();
        }
        long t0 = points.get(0).at().getEpochSecond();
        long t1 = points.get(points.size() - 1).at().getEpochSecond();
        for (Marker m : markers) {
            t0 = Math.min(t0, m.at().getEpochSecond());
            t1 = Math.max(t1, m.at().getEpochSecond());
        }
        if (t1 == t0) {
            t0 -= 1800;
            t1 += 1800;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Point p : measured) {
            lo = Math.min(lo, p.value().doubleValue());
            hi = Math.max(hi, p.value().doubleValue());
        }
        if (band != null) {
            if (band.low() != null) {
                lo = Math.min(lo, band.low().doubleValue());
                hi = Math.max(hi, band.low().doubleValue());
            }
            if (band.high() != null) {
                lo = Math.min(lo, band.high().doubleValue());
                hi = Math.max(hi, band.high().doubleValue());
            }
        }
        if (Double.isInfinite(lo)) {
            lo = 0;
            hi = 1;
        }
        if (hi - lo < 1e-9) {
            double pad = Math.max(Math.abs(hi) * 0.1, 1);
            lo -= pad;
            hi += pad;
        } else {
            double pad = (hi - lo) * 0.08;
            hi += pad;
            lo = lo >= 0 && lo - pad < 0 ? 0 : lo - pad;
        }
        final long ft0 = t0;
        final long ft1 = t1;
        final double flo = lo;
        final double fhi = hi;
        java.util.function.DoubleUnaryOperator y = v -> top + plotH - (v - flo) / (fhi - flo) * plotH;
        java.util.function.ToDoubleFunction<Instant> x = t -> left + (double) (t.getEpochSecond() - ft0) / (ft1 - ft0) * plotW;

        // healthy band
        if (band != null && (band.low() != null || band.high() != null)) {
            double yHigh = band.high() == null ? top : clamp(y.applyAsDouble(band.high().doubleValue()), top, top + plotH);
            double yLow = band.low() == null ? top + plotH : clamp(y.applyAsDouble(band.low().doubleValue()), top, top + plotH);
            s.append("<rect class=\"healthy\" x=\"").append(left).append("\" y=\"").append(f(yHigh)).append("\" width=\"")
                    .append(f(plotW)).append("\" height=\"").append(f(Math.max(0, yLow - yHigh)))
                    .append("\" fill=\"#c8e6c9\" fill-opacity=\"0.6\"><title>").append(esc(band.text())).append("</title></rect>");
        }
        for (Span sp : spans) {
            double a = clamp(x.applyAsDouble(sp.from()), left, left + plotW);
            double b = clamp(x.applyAsDouble(sp.to()), left, left + plotW);
            s.append("<rect class=\"span\" x=\"").append(f(a)).append("\" y=\"").append(top).append("\" width=\"").append(f(Math.max(1, b - a)))
                    .append("\" height=\"").append(f(plotH)).append("\" fill=\"#ffe0b2\" fill-opacity=\"0.5\"><title>").append(esc(sp.label()))
                    .append("</title></rect>");
        }
        // axes and labels
        s.append("<line x1=\"").append(left).append("\" y1=\"").append(f(top + plotH)).append("\" x2=\"").append(f(left + plotW))
                .append("\" y2=\"").append(f(top + plotH)).append("\" stroke=\"#999\"/>");
        s.append("<line x1=\"").append(left).append("\" y1=\"").append(top).append("\" x2=\"").append(left)
                .append("\" y2=\"").append(f(top + plotH)).append("\" stroke=\"#999\"/>");
        for (double v : new double[]{lo, (lo + hi) / 2, hi}) {
            s.append("<text x=\"").append(left - 4).append("\" y=\"").append(f(y.applyAsDouble(v) + 4))
                    .append("\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">").append(num(v)).append("</text>");
        }
        s.append("<text x=\"").append(left).append("\" y=\"").append(height - 6).append("\" font-size=\"10\" fill=\"#555\">")
                .append(DAY.format(Instant.ofEpochSecond(t0))).append("</text>");
        s.append("<text x=\"").append(f(left + plotW)).append("\" y=\"").append(height - 6)
                .append("\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">").append(DAY.format(Instant.ofEpochSecond(t1))).append("</text>");
        // phase changes, their labels in two rows that never overlap or leave the chart (LabelLayout)
        List<LabelLayout.Placed> placed = LabelLayout.place(markers.stream().map(m -> new LabelLayout.Label(x.applyAsDouble(m.at()), m.label())).toList(),
                left, left + plotW, 2, 5.6);
        for (int i = 0; i < markers.size(); i++) {
            Marker m = markers.get(i);
            LabelLayout.Placed pl = placed.get(i);
            double mx = x.applyAsDouble(m.at());
            s.append("<line class=\"marker\" x1=\"").append(f(mx)).append("\" y1=\"").append(top).append("\" x2=\"").append(f(mx))
                    .append("\" y2=\"").append(f(top + plotH)).append("\" stroke=\"#6a1b9a\" stroke-dasharray=\"4 3\"><title>")
                    .append(esc(m.label() + " at " + TIME.format(m.at()))).append("</title></line>");
            if (pl.shown()) {
                s.append("<text class=\"marker-label\" x=\"").append(f(pl.textX())).append("\" y=\"").append(top + 10 + pl.row() * 11)
                        .append("\" font-size=\"10\" fill=\"#6a1b9a\" text-anchor=\"").append(pl.anchor()).append("\">")
                        .append(esc(pl.text())).append("</text>");
            }
        }
        // the series, broken at unmeasured cycles
        StringBuilder path = new StringBuilder();
        boolean pen = false;
        for (Point p : points) {
            if (p.value() == null) {
                pen = false;
                continue;
            }
            path.append(pen ? " L" : (path.length() == 0 ? "M" : " M")).append(f(x.applyAsDouble(p.at()))).append(' ')
                    .append(f(y.applyAsDouble(p.value().doubleValue())));
            pen = true;
        }
        if (path.length() > 0) {
            s.append("<path class=\"series\" d=\"").append(path).append("\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"1.5\"/>");
        }
        if (measured.size() <= 400) {
            for (Point p : measured) {
                s.append("<circle cx=\"").append(f(x.applyAsDouble(p.at()))).append("\" cy=\"").append(f(y.applyAsDouble(p.value().doubleValue())))
                        .append("\" r=\"2.2\" fill=\"#1565c0\"><title>").append(TIME.format(p.at())).append(": ")
                        .append(esc(p.value().stripTrailingZeros().toPlainString())).append("</title></circle>");
            }
        }
        if (measured.isEmpty()) {
            s.append("<text x=\"").append(width / 2).append("\" y=\"").append(height / 2)
                    .append("\" text-anchor=\"middle\" font-size=\"12\" fill=\"#666\">not measured in any of ")
                    .append(points.size()).append(" cycles</text>");
        }
        s.append("</svg>");
        return s.toString();
    }

    static double clamp(double v, double a, double b) {
        return Math.max(a, Math.min(b, v));
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String num(double v) {
        if (Math.abs(v) >= 100 || v == Math.rint(v)) return String.format(Locale.ROOT, "%.0f", v);
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String esc(String s) {
        return StringEscapeUtils.escapeXml10(s);
    }
}
